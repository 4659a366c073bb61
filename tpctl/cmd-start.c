/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tpctl start --muscle MUSCLE [--program PROGRAM] [--device D] [--side S]
 *             [--scale X] [--pain N] [--detach] */
#include <math.h>
#include <stdio.h>
#include <unistd.h>

#include "color.h"
#include "follow.h"
#include "format.h"
#include "tpctl.h"
#include "tpd/tpd-dbus.h"

/* Outside any value a person could type for --pain. */
#define TP_PAIN_NOT_GIVEN G_MININT

typedef struct {
	char *muscle;
	char *program;
	char *device;
	char *side;
	double scale;
	gint pain; /* TP_PAIN_NOT_GIVEN: not given */
	gboolean detach;
} TpStartOptions;

/* The muscle's entry from ListMuscles, or NULL if tpd does not know it
 * (tpd then explains, with a suggestion, when the session is started). */
static GVariant *tp_find_muscle(TpClient *c, const char *id, GError **error)
{
	g_autoptr(GVariant) list =
	    tp_client_manager_list(c, "ListMuscles", NULL, error);
	GVariantIter it;
	GVariant *m;

	if (!list)
		return NULL;
	g_variant_iter_init(&it, list);
	while ((m = g_variant_iter_next_value(&it))) {
		if (g_str_equal(tp_dict_str(m, "Id", ""), id))
			return m;
		g_variant_unref(m);
	}
	return NULL;
}

static char *tp_start_session(TpClient *c, const TpStartOptions *o,
			      const char *program, GError **error)
{
	g_autofree char *device = NULL;
	g_autoptr(GVariant) reply = NULL;
	GVariantBuilder opts;

	if (o->device &&
	    !(device = tp_client_resolve_device(c, o->device, error)))
		return NULL;
	g_variant_builder_init(&opts, G_VARIANT_TYPE_VARDICT);
	if (o->side)
		g_variant_builder_add(&opts, "{sv}", "Side",
				      g_variant_new_string(o->side));
	if (!isnan(o->scale))
		g_variant_builder_add(&opts, "{sv}", "Scale",
				      g_variant_new_double(o->scale));
	if (o->pain != TP_PAIN_NOT_GIVEN)
		g_variant_builder_add(&opts, "{sv}", "PainBefore",
				      g_variant_new_uint32((guint32)o->pain));
	if (o->detach)
		g_variant_builder_add(&opts, "{sv}", "Detach",
				      g_variant_new_boolean(TRUE));
	reply = tp_client_call(
	    c, TPD_MANAGER_PATH, TPD_MANAGER_INTERFACE, "StartSession",
	    g_variant_new("(ossa{sv})", device ? device : TPD_AUTO_DEVICE_PATH,
			  o->muscle, program, &opts),
	    "(o)", error);
	if (!reply)
		return NULL;
	char *path;
	g_variant_get(reply, "(o)", &path);
	return path;
}

/* Before the motor starts: what is about to be treated, and how to stay
 * safe. The cautions come from the catalog, so they are known before
 * StartSession; the session repeats them. */
static void tp_print_cautions(GVariant *muscle)
{
	printf("%s%s%s: %s\n", tp_style(stdout, TP_STYLE_BOLD),
	       tp_dict_str(muscle, "Name", "?"), tp_style_end(stdout),
	       tp_dict_str(muscle, "Region", ""));
	printf("%sCaution:%s %s\n", tp_style(stdout, TP_STYLE_WARN),
	       tp_style_end(stdout), tp_dict_str(muscle, "Cautions", ""));
	fflush(stdout);
}

static void tp_print_header(TpClient *c, GVariant *session, GVariant *muscle,
			    bool followed)
{
	g_autoptr(GVariant) device = tp_client_get_all(
	    c, tp_dict_str(session, "Device", "/"), TPD_DEVICE_INTERFACE, NULL);
	g_autofree char *duration =
	    tp_format_duration(tp_dict_u32(session, "Duration", 0));
	const char *side = tp_dict_str(session, "Side", "");

	printf("%s \"%s\" (%s)\n", tp_dict_str(device, "Model", "device"),
	       tp_dict_str(device, "Name", "?"),
	       tp_dict_str(device, "Address", "?"));
	if (tp_dict_bool(device, "Experimental", false))
		printf("Note: experimental model: its protocol rests on one "
		       "unverified public source and may not behave as "
		       "described.\n");
	printf("%s, %s, program %s, %s\n",
	       tp_dict_str(muscle, "Name", tp_dict_str(session, "Muscle", "?")),
	       g_str_equal(side, "both")     ? "both sides (left first)"
	       : g_str_equal(side, "center") ? "center"
	       : g_str_equal(side, "left")   ? "left side"
					     : "right side",
	       tp_dict_str(session, "Program", "?"), duration);
	if (followed)
		printf("Ctrl-C stops the motor.\n\n");
}

/* The last line: how it ended, and what to do next. */
static void tp_print_finish(const char *reason)
{
	bool completed = g_str_equal(reason, TPD_FINISH_COMPLETED);

	printf("Session finished: %s%s%s\n",
	       tp_style(stdout, completed ? TP_STYLE_GOOD : TP_STYLE_WARN),
	       reason, tp_style_end(stdout));
}

static int tp_start_run(TpClient *c, const TpStartOptions *o)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GVariant) muscle = NULL;
	g_autoptr(GVariant) props = NULL;
	g_autofree char *path = NULL;
	g_autofree char *reason = NULL;
	const char *program = o->program;
	g_autoptr(TpFollow) follow = tp_follow_new(c, &error);

	if (!follow)
		return tp_client_fail(error);
	muscle = tp_find_muscle(c, o->muscle, &error);
	if (error)
		return tp_client_fail(error);
	if (muscle)
		tp_print_cautions(muscle);
	/* Without --program, the muscle's suggested one. */
	if (!program)
		program = tp_dict_str(muscle, "Program", "release");
	path = tp_start_session(c, o, program, &error);
	if (!path)
		return tp_client_fail(error);
	props = tp_client_get_all(c, path, TPD_SESSION_INTERFACE, &error);
	if (!props) {
		/* It ended already (a very short one, or tpd stopping). */
		g_clear_error(&error);
		props = g_variant_ref_sink(g_variant_new("a{sv}", NULL));
	} else {
		tp_print_header(c, props, muscle, !o->detach);
	}
	if (o->detach) {
		printf("Detached: %s runs on without tpctl; tpctl status "
		       "shows it, tpctl stop ends it.\n",
		       path);
		return TP_EXIT_OK;
	}

	TpProgress *progress = tp_progress_new(stdout, isatty(STDOUT_FILENO));
	reason = tp_follow_run(follow, path, props, progress, &error);
	tp_progress_free(progress);
	if (!reason)
		return tp_client_fail(error);
	tp_print_finish(reason);
	return g_str_equal(reason, TPD_FINISH_COMPLETED) ? TP_EXIT_OK
							 : TP_EXIT_FAILURE;
}

int tpctl_cmd_start(int argc, char **argv)
{
	TpStartOptions o = { .scale = NAN, .pain = TP_PAIN_NOT_GIVEN };
	const GOptionEntry entries[] = {
		{ "muscle", 'm', 0, G_OPTION_ARG_STRING, &o.muscle,
		  "The muscle to treat (see tpctl list muscles)", "MUSCLE" },
		{ "program", 'p', 0, G_OPTION_ARG_STRING, &o.program,
		  "The program (default: the muscle's suggested one)",
		  "PROGRAM" },
		{ "device", 'd', 0, G_OPTION_ARG_STRING, &o.device,
		  "The device (default: the only connected one)", "DEVICE" },
		{ "side", 's', 0, G_OPTION_ARG_STRING, &o.side,
		  "left, right or both (default: both, left first)", "SIDE" },
		{ "scale", 0, 0, G_OPTION_ARG_DOUBLE, &o.scale,
		  "Scale the program's intensity, 0.1 to 1.5 (default 1)",
		  "X" },
		{ "pain", 0, 0, G_OPTION_ARG_INT, &o.pain,
		  "How much it hurts now, 0 to 10, for tpctl history", "N" },
		{ "detach", 0, 0, G_OPTION_ARG_NONE, &o.detach,
		  "Start it and return: the session runs on without tpctl",
		  NULL },
		{ NULL },
	};
	TpClient client = { 0 };
	int rc;

	if (!tpctl_parse(&argc, &argv, "",
			 "Run a program on a muscle with a massager and follow "
			 "it until it ends.\nExit status 0 only when the "
			 "session completed.",
			 entries))
		rc = TP_EXIT_USAGE;
	else if (argc != 1)
		rc = tpctl_usage_error("start", "unexpected argument '%s'",
				       argv[1]);
	else if (!o.muscle)
		rc = tpctl_usage_error("start", "say which muscle: --muscle "
						"MUSCLE (see tpctl list "
						"muscles)");
	else if (o.pain != TP_PAIN_NOT_GIVEN && (o.pain < 0 || o.pain > 10))
		rc = tpctl_usage_error("start", "--pain takes 0 to 10");
	else if (!tpctl_connect(&client))
		rc = TP_EXIT_FAILURE;
	else
		rc = tp_start_run(&client, &o);
	tp_client_close(&client);
	g_free(o.muscle);
	g_free(o.program);
	g_free(o.device);
	g_free(o.side);
	return rc;
}
