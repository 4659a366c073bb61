/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tpctl learn CAPTURE: offline, no daemon and no device. Reads a capture
 * of the vendor's app (capture.c), follows its ATT traffic (att-log.c),
 * infers the device's frames (learn.h) and writes a draft model file, but
 * only when the draft reproduces every captured control frame byte for
 * byte (or --force says to anyway). --list only lists the traffic.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "att-log.h"
#include "capture.h"
#include "common/tp-error.h"
#include "json.h"
#include "learn.h"
#include "tpctl.h"

typedef struct {
	gboolean list, force;
	char *levels, *output, *name, *kind, *service, *characteristic;
} TpLearnOptions;

static void tp_learn_options_clear(TpLearnOptions *o)
{
	g_free(o->levels);
	g_free(o->output);
	g_free(o->name);
	g_free(o->kind);
	g_free(o->service);
	g_free(o->characteristic);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(TpLearnOptions, tp_learn_options_clear)

/* "1,2,3": levels from 1 up, in the order the person set them. */
static GArray *tp_parse_levels(const char *text, GError **error)
{
	g_auto(GStrv) parts = g_strsplit(text, ",", -1);
	g_autoptr(GArray) levels = g_array_new(FALSE, FALSE, sizeof(unsigned));

	for (guint i = 0; parts[i]; i++) {
		guint64 level;
		if (!g_ascii_string_to_unsigned(g_strstrip(parts[i]), 10, 1,
						65535, &level, NULL)) {
			g_set_error(error, TP_ERROR, TP_ERROR_INVALID,
				    "--levels: '%s' is not a level from 1 to "
				    "65535 (give them as 1,2,3)",
				    parts[i]);
			return NULL;
		}
		g_array_append_val(levels, (unsigned){ (unsigned)level });
	}
	return g_steal_pointer(&levels);
}

static bool tp_check_options(TpLearnOptions *o, TpLearnResult *result,
			     GError **error)
{
	static const char *const kinds[] = { "gun", "roller", "wand", NULL };

	if (!o->kind)
		o->kind = g_strdup("gun");
	if (!g_strv_contains(kinds, o->kind)) {
		g_set_error(error, TP_ERROR, TP_ERROR_INVALID,
			    "--kind: '%s' is none of gun, roller, wand",
			    o->kind);
		return false;
	}
	if (o->levels && !(result->levels = tp_parse_levels(o->levels, error)))
		return false;
	return true;
}

/* The person knows what the capture may not say. */
static void tp_apply_overrides(const TpLearnOptions *o, TpLearnTrace *trace)
{
	if (o->name) {
		g_free(trace->name);
		trace->name = g_strdup(o->name);
	}
	if (o->service) {
		g_free(trace->service);
		trace->service = g_strdup(o->service);
	}
	if (o->characteristic) {
		g_free(trace->uuid);
		trace->uuid = g_strdup(o->characteristic);
	}
}

/* A model id from the device's name: lower case, '-' for the rest. */
static char *tp_default_output(const TpLearnTrace *trace)
{
	GString *id = g_string_new(NULL);

	for (const char *c = trace->name ? trace->name : ""; *c; c++) {
		bool word = g_ascii_isalnum(*c);
		if (word)
			g_string_append_c(id, g_ascii_tolower(*c));
		else if (id->len && id->str[id->len - 1] != '-')
			g_string_append_c(id, '-');
	}
	while (id->len && id->str[id->len - 1] == '-')
		g_string_truncate(id, id->len - 1);
	if (!id->len)
		g_string_append(id, "learned");
	g_string_append(id, ".model");
	return g_string_free(id, FALSE);
}

static bool tp_write_model(const TpLearnOptions *o, const char *path,
			   const char *text, GError **error)
{
	if (!o->output && g_file_test(path, G_FILE_TEST_EXISTS)) {
		g_set_error(error, TP_ERROR, TP_ERROR_FAILED,
			    "%s exists: give --output to replace it or to "
			    "write elsewhere",
			    path);
		return false;
	}
	return g_file_set_contents(path, text, -1, error);
}

/* Infer, prove, write. False only when nothing could be learned. */
static bool tp_learn_run(TpLearnRun *run, const TpLearnOptions *o,
			 GError **error)
{
	g_autofree char *text = NULL;
	g_autofree char *path = NULL;
	g_autoptr(GError) local = NULL;
	TpLearnSource source = { NULL, run->sha256, o->kind };
	g_autofree char *base = g_path_get_basename(run->path);

	source.capture = base;
	if (!tp_learn_infer(run->trace, &run->result, &run->draft, error))
		return false;
	if (run->result.problem)
		return true;
	text = tp_learn_model_text(run->trace, &run->result, &source, &local);
	path = o->output ? g_strdup(o->output) : tp_default_output(run->trace);
	if (!text)
		run->why_not = g_strdup(local->message);
	else if (run->draft.reproduced < run->draft.frames && !o->force)
		run->why_not = g_strdup_printf(
		    "the draft reproduces %u of %u captured control frames; "
		    "--force writes it anyway",
		    run->draft.reproduced, run->draft.frames);
	else if (!tp_write_model(o, path, text, &local))
		run->why_not = g_strdup(local->message);
	else
		run->written = g_steal_pointer(&path);
	return true;
}

static void tp_learn_run_clear(TpLearnRun *run)
{
	g_free(run->sha256);
	tp_learn_trace_free(run->trace);
	tp_learn_result_clear(&run->result);
	g_free(run->written);
	g_free(run->why_not);
}

static int tp_learn_capture(const char *path, const TpCaptureInfo *info,
			    TpAttLog *log, TpLearnOptions *o, GBytes *data)
{
	g_autoptr(GError) error = NULL;
	TpLearnRun run = { path, info };
	int status;

	run.sha256 = g_compute_checksum_for_bytes(G_CHECKSUM_SHA256, data);
	run.trace = tp_learn_trace_new(log, &error);
	if (!run.trace || !tp_check_options(o, &run.result, &error)) {
		fprintf(stderr, "tpctl: %s: %s\n", path, error->message);
		tp_learn_run_clear(&run);
		return error->code == TP_ERROR_INVALID ? TP_EXIT_USAGE
						       : TP_EXIT_FAILURE;
	}
	tp_apply_overrides(o, run.trace);
	if (!tp_learn_run(&run, o, &error)) {
		fprintf(stderr, "tpctl: %s: %s\n", path, error->message);
		tp_learn_run_clear(&run);
		return TP_EXIT_FAILURE;
	}
	if (tpctl_json) {
		g_autoptr(GVariant) v = tp_learn_report_variant(&run);
		tp_json_print(v);
	} else {
		tp_learn_report_print(&run);
	}
	if (!run.written)
		fprintf(stderr, "tpctl: %s: no model file written: %s\n", path,
			run.result.problem ? run.result.problem
			: run.why_not	   ? run.why_not
					   : "no level frames were found");
	status = run.written ? TP_EXIT_OK : TP_EXIT_FAILURE;
	tp_learn_run_clear(&run);
	return status;
}

int tpctl_cmd_learn(int argc, char **argv)
{
	g_auto(TpLearnOptions) o = { 0 };
	const GOptionEntry entries[] = {
		{ "list", 0, 0, G_OPTION_ARG_NONE, &o.list,
		  "Only list the writes and notifications, per characteristic",
		  NULL },
		{ "levels", 0, 0, G_OPTION_ARG_STRING, &o.levels,
		  "The levels set in the app, in order", "1,2,3,…" },
		{ "output", 'o', 0, G_OPTION_ARG_FILENAME, &o.output,
		  "Where to write the draft model (default: NAME.model here)",
		  "FILE" },
		{ "force", 0, 0, G_OPTION_ARG_NONE, &o.force,
		  "Write the draft even if it does not reproduce every frame",
		  NULL },
		{ "name", 0, 0, G_OPTION_ARG_STRING, &o.name,
		  "The device's advertised name, if the capture lacks it",
		  "NAME" },
		{ "kind", 0, 0, G_OPTION_ARG_STRING, &o.kind,
		  "gun (default), roller or wand", "KIND" },
		{ "service", 0, 0, G_OPTION_ARG_STRING, &o.service,
		  "The control service's UUID, if the capture lacks it",
		  "UUID" },
		{ "characteristic", 0, 0, G_OPTION_ARG_STRING,
		  &o.characteristic,
		  "The control characteristic's UUID, if the capture lacks it",
		  "UUID" },
		TPCTL_JSON_ENTRY,
		{ NULL },
	};
	g_autoptr(GError) error = NULL;
	g_autoptr(GMappedFile) file = NULL;
	g_autoptr(TpAttLog) log = tp_att_log_new();
	g_autoptr(GBytes) data = NULL;
	TpCaptureInfo info;

	if (!tpctl_parse(
		&argc, &argv, "CAPTURE",
		"Learn a device from a Bluetooth capture of its app (btsnoop, "
		"as Android's HCI snoop log or btmon -w write it, or "
		"pcap/pcapng): infer its frames, prove them by rendering, "
		"write a draft model file. Offline: needs no tpd.",
		entries))
		return TP_EXIT_USAGE;
	if (argc != 2)
		return tpctl_usage_error("learn", "give one capture file");
	file = g_mapped_file_new(argv[1], FALSE, &error);
	if (file)
		data = g_mapped_file_get_bytes(file);
	if (!file || !tp_capture_read(g_bytes_get_data(data, NULL),
				      g_bytes_get_size(data), tp_att_log_add,
				      log, &info, &error)) {
		fprintf(stderr, "tpctl: %s: %s\n", argv[1], error->message);
		return TP_EXIT_FAILURE;
	}
	if (o.list) {
		g_autoptr(GVariant) v = NULL;
		if (!tpctl_json) {
			tp_learn_list_print(argv[1], &info, log);
			return TP_EXIT_OK;
		}
		v = tp_learn_list_variant(argv[1], &info, log);
		tp_json_print(v);
		return TP_EXIT_OK;
	}
	return tp_learn_capture(argv[1], &info, log, &o, data);
}
