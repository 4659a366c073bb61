/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "progress.h"

#include "client.h"
#include "format.h"

#define TP_BAR_WIDTH   20
/* Without a terminal, a status line this often (session seconds). */
#define TP_PLAIN_EVERY 10

struct TpProgress {
	FILE *out;
	bool tty;
	bool utf8;
	bool line_open; /* a status line is on screen without its newline */
	guint32 step;
	guint32 last_plain;
	bool started;
};

TpProgress *tp_progress_new(FILE *out, bool tty)
{
	TpProgress *p = g_new0(TpProgress, 1);

	p->out = out;
	p->tty = tty;
	p->utf8 = g_get_charset(NULL);
	return p;
}

void tp_progress_free(TpProgress *p)
{
	g_free(p);
}

void tp_progress_end(TpProgress *p)
{
	if (p->line_open)
		fputc('\n', p->out);
	p->line_open = false;
	fflush(p->out);
}

static char *tp_progress_bar(const TpProgress *p, guint32 intensity)
{
	GString *bar = g_string_new(NULL);
	guint32 filled = (MIN(intensity, 100u) * TP_BAR_WIDTH + 50) / 100;

	for (guint32 i = 0; i < TP_BAR_WIDTH; i++) {
		if (p->utf8)
			g_string_append(bar, i < filled ? "█" : "░");
		else
			g_string_append_c(bar, i < filled ? '#' : '-');
	}
	return g_string_free(bar, FALSE);
}

static void tp_progress_status(TpProgress *p, GVariant *props)
{
	guint32 intensity = tp_dict_u32(props, "Intensity", 0);
	guint32 elapsed = tp_dict_u32(props, "Elapsed", 0);
	guint32 duration = tp_dict_u32(props, "Duration", 0);
	g_autofree char *bar = tp_progress_bar(p, intensity);
	g_autofree char *done = tp_format_duration(elapsed);
	g_autofree char *left =
	    tp_format_duration(duration > elapsed ? duration - elapsed : 0);
	const char *paused =
	    g_str_equal(tp_dict_str(props, "State", ""), "paused")
		? "  (paused)"
		: "";

	if (p->tty)
		fputs("\r\033[K", p->out);
	fprintf(p->out, "  %s %3u%%  %s elapsed, %s left%s", bar, intensity,
		done, left, paused);
	if (p->tty) {
		p->line_open = true;
	} else {
		fputc('\n', p->out);
		p->last_plain = elapsed;
	}
}

void tp_progress_update(TpProgress *p, GVariant *props)
{
	guint32 step = tp_dict_u32(props, "Step", 0);
	guint32 elapsed = tp_dict_u32(props, "Elapsed", 0);
	bool new_step = !p->started || step != p->step;

	if (new_step) {
		if (p->tty && p->line_open)
			fputs("\r\033[K", p->out);
		p->line_open = false;
		fprintf(p->out, "[%u/%u] %s\n      %s\n", step + 1,
			tp_dict_u32(props, "StepCount", 0),
			tp_dict_str(props, "StepName", ""),
			tp_dict_str(props, "Cue", ""));
		p->step = step;
		p->started = true;
	}
	if (p->tty || new_step || elapsed >= p->last_plain + TP_PLAIN_EVERY)
		tp_progress_status(p, props);
	fflush(p->out);
}
