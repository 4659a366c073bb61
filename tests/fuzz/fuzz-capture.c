/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Capture files for tpctl learn (tpctl/capture.c, tpctl/att-log.c): a
 * person's btsnoop file, damaged or not. Reading either succeeds or fails
 * with a message; whatever was followed is well-formed: every frame
 * belongs to a connection, and handle names come from the discovery.
 * Then learn's inference runs on it: the proof never counts more frames
 * reproduced than there are, a reproduced level frame has a level within
 * the range found, and a draft is written only with a stop.
 */
#include "fuzz-common.h"
#include "tpctl/att-log.h"
#include "tpctl/capture.h"
#include "tpctl/learn.h"

static void tp_fuzz_check_log(TpAttLog *log, const TpCaptureInfo *info)
{
	GPtrArray *conns = tp_att_log_connections(log);

	for (guint i = 0; i < conns->len; i++) {
		const TpAttConnection *c = g_ptr_array_index(conns, i);
		TP_FUZZ_CHECK(c->number == i + 1);
		TP_FUZZ_CHECK(c->hci_handle <= 0x0FFF);
		for (guint j = 0; j < c->ops->len; j++) {
			const TpAttOp *op = g_ptr_array_index(c->ops, j);
			TP_FUZZ_CHECK(op->record >= 1 &&
				      op->record <= info->records);
			TP_FUZZ_CHECK(op->value != NULL);
			/* Named or not, looking it up is safe. */
			tp_att_connection_uuid(c, op->handle);
			tp_att_connection_service(c, op->handle);
		}
	}
}

static void tp_fuzz_check_learn(TpAttLog *log)
{
	g_autoptr(TpLearnTrace) trace = tp_learn_trace_new(log, NULL);
	TpLearnResult result = { 0 };
	TpLearnSource source = { "fuzz", "0", "gun" };
	TpLearnDraft draft;
	g_autofree char *text = NULL;

	if (!trace)
		return;
	if (!trace->name)
		trace->name = g_strdup("fuzz");
	if (tp_learn_infer(trace, &result, &draft, NULL) && !result.problem) {
		TP_FUZZ_CHECK(draft.reproduced <= draft.frames);
		for (guint i = 0; i < trace->writes->len; i++) {
			const TpLearnWrite *w = trace->writes->pdata[i];
			if (w->reproduced && w->role == TP_ROLE_LEVEL)
				TP_FUZZ_CHECK(w->level >= result.low &&
					      w->level <= result.high);
		}
		text = tp_learn_model_text(trace, &result, &source, NULL);
		TP_FUZZ_CHECK(!text || result.stop);
	}
	tp_learn_result_clear(&result);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autoptr(TpAttLog) log = tp_att_log_new();
	g_autoptr(GError) error = NULL;
	TpCaptureInfo info;

	if (!tp_capture_read(data, size, tp_att_log_add, log, &info, &error)) {
		TP_FUZZ_CHECK(error != NULL && error->message[0] != '\0');
		return 0;
	}
	TP_FUZZ_CHECK(error == NULL);
	tp_fuzz_check_log(log, &info);
	tp_fuzz_check_learn(log);
	return 0;
}
