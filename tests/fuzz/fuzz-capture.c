/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Capture files for tpctl learn (tpctl/capture.c, tpctl/att-log.c): a
 * person's btsnoop file, damaged or not. Reading either succeeds or fails
 * with a message; whatever was followed is well-formed: every frame
 * belongs to a connection, and handle names come from the discovery.
 */
#include "fuzz-common.h"
#include "tpctl/att-log.h"
#include "tpctl/capture.h"

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
	return 0;
}
