/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The pain chart of the History page: one muscle's sessions along a time
 * axis, the pain before and after each as two lines, drawn with cairo.
 *
 * Layout, top to bottom: the legend (wrapping onto more rows when narrow),
 * the plot (pain 10 at its top, 0 on the time axis) and the dates under
 * it. A session with no rating at all is a short tick up from the time
 * axis, so the chart still shows that the person had it; up, not down,
 * so that it is not taken for the tick of a date.
 */
#include "tp-pain-chart.h"

#include <glib/gi18n.h>
#include <math.h>

#define PAIN_MAX  10
#define NO_RATING (-1)

/* Fewer seconds than this between the first and the last session are
 * drawn over this span, centred, so that one session sits in the middle
 * and the sessions of one day stay close together. */
#define MIN_SPAN_SECONDS (2 * 24 * 60 * 60)

/* Sizes in pixels. */
#define PADDING	      6 /* around the whole chart */
#define LABEL_GAP     6 /* between an axis and its labels */
#define MARKER_RADIUS 4.5
#define MARKER_INSET  10 /* keeps markers off the plot's side edges */
#define SESSION_GAP   9	 /* at least this between two sessions along x */
#define TICK_LENGTH   8	 /* an unrated session, up from the time axis */
#define LINE_WIDTH    2
#define DATE_GAP      10 /* at least this between two date labels */
#define SAMPLE_WIDTH  24 /* a legend entry's line */
#define LEGEND_GAP    16 /* between legend entries */

enum { SERIES_BEFORE, SERIES_AFTER, N_SERIES };

typedef enum { SYMBOL_CIRCLE, SYMBOL_DIAMOND, SYMBOL_TICK } Symbol;

typedef struct {
	gint64 start;	    /* Unix time, seconds */
	int pain[N_SERIES]; /* 0 to PAIN_MAX, or NO_RATING */
} ChartSession;

/* Shape and dash tell the series apart for those who cannot tell the
 * colours apart, and in print. */
static const struct {
	Symbol symbol;
	gboolean dashed;
	const char *label;
} series_style[N_SERIES] = {
	[SERIES_BEFORE] = { SYMBOL_CIRCLE, TRUE, N_("Pain before") },
	[SERIES_AFTER] = { SYMBOL_DIAMOND, FALSE, N_("Pain after") },
};

typedef struct {
	GdkRGBA fg;
	GdkRGBA series[N_SERIES];
} Palette;

/* Where the chart draws, in widget pixels. */
typedef struct {
	double left, right;   /* the plot */
	double top, bottom;   /* pain PAIN_MAX and 0 */
	double *x;	      /* of each session */
	double marker_radius; /* smaller when sessions crowd */
} Plot;

typedef struct {
	Symbol symbol;
	gboolean dashed;
	const GdkRGBA *color;
	PangoLayout *layout;
	double x, y; /* top left, once placed */
} LegendEntry;

struct _TpPainChart {
	GtkWidget parent_instance;

	GArray *sessions; /* of ChartSession, oldest first */
};

G_DEFINE_FINAL_TYPE(TpPainChart, tp_pain_chart, GTK_TYPE_WIDGET)

static const ChartSession *session_at(GArray *sessions, guint i)
{
	return &g_array_index(sessions, ChartSession, i);
}

static gboolean session_is_rated(const ChartSession *s)
{
	return s->pain[SERIES_BEFORE] != NO_RATING ||
	       s->pain[SERIES_AFTER] != NO_RATING;
}

static guint count_unrated(GArray *sessions)
{
	guint n = 0;

	for (guint i = 0; i < sessions->len; i++)
		if (!session_is_rated(session_at(sessions, i)))
			n++;
	return n;
}

/* ---- Reading GetHistory ---- */

static int read_pain(GVariant *dict, const char *key)
{
	guint32 pain;

	/* Above PAIN_MAX is not a rating tpd gives: better not drawn than
	 * drawn off the chart. */
	if (!g_variant_lookup(dict, key, "u", &pain) || pain > PAIN_MAX)
		return NO_RATING;
	return (int)pain;
}

static int compare_start(gconstpointer a, gconstpointer b)
{
	const ChartSession *sa = a, *sb = b;

	return (sa->start > sb->start) - (sa->start < sb->start);
}

static void read_sessions(GArray *array, GVariant *sessions)
{
	GVariantIter iter;
	GVariant *dict;

	g_variant_iter_init(&iter, sessions);
	while (g_variant_iter_loop(&iter, "@a{sv}", &dict)) {
		ChartSession s;

		if (!g_variant_lookup(dict, "Start", "x", &s.start))
			continue;
		s.pain[SERIES_BEFORE] = read_pain(dict, "PainBefore");
		s.pain[SERIES_AFTER] = read_pain(dict, "PainAfter");
		g_array_append_val(array, s);
	}
	/* GetHistory gives them oldest first already; the drawing relies
	 * on it, and g_array_sort() is stable. */
	g_array_sort(array, compare_start);
}

/* ---- Dates ---- */

/* Days in local time, comparable: the same for two times on one day. */
static int local_day(gint64 t)
{
	g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local(t);

	if (!dt)
		return 0;
	return g_date_time_get_year(dt) * 1000 +
	       g_date_time_get_day_of_year(dt);
}

/* The year is left out when every session was this year. */
static gboolean needs_year(GArray *sessions)
{
	int first = local_day(session_at(sessions, 0)->start) / 1000;
	int last = local_day(session_at(sessions, sessions->len - 1)->start);
	int now = local_day(g_get_real_time() / G_USEC_PER_SEC) / 1000;

	return first != now || last / 1000 != now;
}

static char *format_day(gint64 t, gboolean with_year)
{
	g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local(t);
	/* TRANSLATORS: a date on the pain chart, as g_date_time_format()
	 * takes it: "5 Dec 2025"; "%-d" is the day without a leading zero.
	 * xgettext:no-c-format */
	const char *long_format = C_("chart date", "%-d %b %Y");
	/* TRANSLATORS: the same without the year: "5 Dec".
	 * xgettext:no-c-format */
	const char *short_format = C_("chart date", "%-d %b");

	if (!dt)
		return g_strdup("?");
	return g_date_time_format(dt, with_year ? long_format : short_format);
}

/* ---- Accessible description ---- */

static void describe_series(GString *text, GArray *sessions, int series)
{
	int first = NO_RATING, last = NO_RATING;

	for (guint i = 0; i < sessions->len; i++) {
		int pain = session_at(sessions, i)->pain[series];

		if (pain == NO_RATING)
			continue;
		if (first == NO_RATING)
			first = pain;
		last = pain;
	}
	if (first == NO_RATING)
		return;

	g_string_append_c(text, ' ');
	if (series == SERIES_BEFORE && first == last)
		g_string_append_printf(text, _("Pain before: %d."), last);
	else if (series == SERIES_BEFORE)
		g_string_append_printf(
		    text, _("Pain before went from %d to %d."), first, last);
	else if (first == last)
		g_string_append_printf(text, _("Pain after: %d."), last);
	else
		g_string_append_printf(
		    text, _("Pain after went from %d to %d."), first, last);
}

/* Says in words what the chart shows: "4 sessions from 1 Dec to 5 Dec.
 * Pain before went from 7 to 4. Pain after went from 5 to 2." */
static char *describe(GArray *sessions)
{
	guint n = sessions->len;
	gint64 first, last;
	gboolean with_year;
	g_autofree char *from = NULL;
	g_autofree char *to = NULL;
	guint unrated = count_unrated(sessions);
	GString *text;

	if (n == 0)
		return g_strdup(_("No sessions yet"));

	first = session_at(sessions, 0)->start;
	last = session_at(sessions, n - 1)->start;
	with_year = needs_year(sessions);
	from = format_day(first, with_year);
	to = format_day(last, with_year);

	text = g_string_new(NULL);
	if (local_day(first) == local_day(last))
		g_string_append_printf(
		    text,
		    ngettext("%u session on %s.", "%u sessions on %s.", n), n,
		    from);
	else
		g_string_append_printf(text,
				       ngettext("%u session from %s to %s.",
						"%u sessions from %s to %s.",
						n),
				       n, from, to);
	describe_series(text, sessions, SERIES_BEFORE);
	describe_series(text, sessions, SERIES_AFTER);

	if (unrated > 0)
		g_string_append_c(text, ' ');
	if (unrated == n)
		g_string_append(text, _("None rated."));
	else if (unrated > 0)
		g_string_append_printf(
		    text, ngettext("%u not rated.", "%u not rated.", unrated),
		    unrated);
	return g_string_free(text, FALSE);
}

/* ---- Drawing helpers ---- */

static void palette_init(GtkWidget *widget, Palette *palette)
{
	GtkStyleContext *context = gtk_widget_get_style_context(widget);

	gtk_style_context_get_color(context, &palette->fg);
	/* libadwaita's named colours follow the light or dark style; the
	 * fallbacks are its light values, for other themes. */
	if (!gtk_style_context_lookup_color(context, "warning_color",
					    &palette->series[SERIES_BEFORE]))
		gdk_rgba_parse(&palette->series[SERIES_BEFORE], "#9c6e03");
	if (!gtk_style_context_lookup_color(context, "accent_color",
					    &palette->series[SERIES_AFTER]))
		gdk_rgba_parse(&palette->series[SERIES_AFTER], "#1c71d8");
}

static void set_color(cairo_t *cr, const GdkRGBA *color, double alpha)
{
	cairo_set_source_rgba(cr, color->red, color->green, color->blue,
			      color->alpha * alpha);
}

/* Axis labels are a little smaller than the legend, as in .caption. */
static PangoLayout *small_layout(GtkWidget *widget, const char *text)
{
	PangoLayout *layout = gtk_widget_create_pango_layout(widget, text);
	PangoAttrList *attrs = pango_attr_list_new();

	pango_attr_list_insert(attrs, pango_attr_scale_new(PANGO_SCALE_SMALL));
	pango_layout_set_attributes(layout, attrs);
	pango_attr_list_unref(attrs);
	return layout;
}

static void draw_layout(cairo_t *cr, PangoLayout *layout, double x, double y)
{
	cairo_move_to(cr, round(x), round(y));
	pango_cairo_show_layout(cr, layout);
}

/* Centred on @x, @y. @r: the radius of a marker; a tick is always
 * TICK_LENGTH long. */
static void draw_symbol(cairo_t *cr, Symbol symbol, double x, double y,
			double r)
{
	cairo_set_dash(cr, NULL, 0, 0);
	switch (symbol) {
	case SYMBOL_CIRCLE:
		cairo_new_sub_path(cr);
		cairo_arc(cr, x, y, r, 0, 2 * G_PI);
		cairo_fill(cr);
		break;
	case SYMBOL_DIAMOND:
		/* As wide as the circle looks: a diamond of the same
		 * radius looks smaller. */
		r *= 1.3;
		cairo_move_to(cr, x, y - r);
		cairo_line_to(cr, x + r, y);
		cairo_line_to(cr, x, y + r);
		cairo_line_to(cr, x - r, y);
		cairo_close_path(cr);
		cairo_fill(cr);
		break;
	case SYMBOL_TICK:
		cairo_set_line_width(cr, 2);
		cairo_move_to(cr, round(x), y - TICK_LENGTH / 2.0);
		cairo_line_to(cr, round(x), y + TICK_LENGTH / 2.0);
		cairo_stroke(cr);
		break;
	}
}

static void set_line_style(cairo_t *cr, gboolean dashed)
{
	static const double dash[] = { 5, 3 };

	cairo_set_line_width(cr, LINE_WIDTH);
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
	cairo_set_dash(cr, dash, dashed ? G_N_ELEMENTS(dash) : 0, 0);
}

/* ---- Legend ---- */

static guint legend_entries(TpPainChart *chart, const Palette *palette,
			    LegendEntry *entries)
{
	GtkWidget *widget = GTK_WIDGET(chart);
	guint n = 0;

	for (int s = 0; s < N_SERIES; s++)
		entries[n++] = (LegendEntry){
			.symbol = series_style[s].symbol,
			.dashed = series_style[s].dashed,
			.color = &palette->series[s],
			.layout = gtk_widget_create_pango_layout(
			    widget, _(series_style[s].label)),
		};
	if (count_unrated(chart->sessions) > 0)
		entries[n++] = (LegendEntry){
			.symbol = SYMBOL_TICK,
			.color = &palette->fg,
			.layout = gtk_widget_create_pango_layout(
			    widget, _("Not rated")),
		};
	return n;
}

/* Places the entries in rows from @left, wrapping before @right, and
 * returns the height they take. */
static double legend_place(LegendEntry *entries, guint n, double left,
			   double right, double top)
{
	double x = left, y = top;
	int row_height = 0;

	for (guint i = 0; i < n; i++) {
		int width, height;

		pango_layout_get_pixel_size(entries[i].layout, &width, &height);
		width += SAMPLE_WIDTH + LABEL_GAP;
		if (x > left && x + width > right) {
			x = left;
			y += row_height;
		}
		entries[i].x = x;
		entries[i].y = y;
		row_height = MAX(row_height, height);
		x += width + LEGEND_GAP;
	}
	return y + row_height - top;
}

static void draw_legend_entry(cairo_t *cr, const LegendEntry *entry,
			      const Palette *palette)
{
	int height;
	double mid;

	pango_layout_get_pixel_size(entry->layout, NULL, &height);
	mid = entry->y + height / 2.0;

	set_color(cr, entry->color, 1);
	if (entry->symbol == SYMBOL_TICK) {
		draw_symbol(cr, SYMBOL_TICK, entry->x + SAMPLE_WIDTH / 2.0, mid,
			    0);
	} else {
		set_line_style(cr, entry->dashed);
		cairo_move_to(cr, entry->x, mid);
		cairo_line_to(cr, entry->x + SAMPLE_WIDTH, mid);
		cairo_stroke(cr);
		draw_symbol(cr, entry->symbol, entry->x + SAMPLE_WIDTH / 2.0,
			    mid, MARKER_RADIUS);
	}
	set_color(cr, &palette->fg, 1);
	draw_layout(cr, entry->layout, entry->x + SAMPLE_WIDTH + LABEL_GAP,
		    entry->y);
}

/* ---- The plot ---- */

static double pain_y(const Plot *plot, int pain)
{
	return plot->bottom - (plot->bottom - plot->top) * pain / PAIN_MAX;
}

/* Each session at its time, then pushed apart where sessions close in
 * time (the same day, say) would hide each other's markers. */
static void place_sessions(Plot *plot, GArray *sessions)
{
	guint n = sessions->len;
	gint64 first = session_at(sessions, 0)->start;
	gint64 last = session_at(sessions, n - 1)->start;
	double left = plot->left + MARKER_INSET;
	double right = plot->right - MARKER_INSET;
	double from = first, span = last - first;
	double gap = SESSION_GAP;

	if (span < MIN_SPAN_SECONDS) {
		from -= (MIN_SPAN_SECONDS - span) / 2;
		span = MIN_SPAN_SECONDS;
	}
	if (n > 1)
		gap = MIN(gap, (right - left) / (n - 1));
	plot->marker_radius = CLAMP(gap * 0.6, 2.5, MARKER_RADIUS);

	for (guint i = 0; i < n; i++) {
		gint64 t = session_at(sessions, i)->start;

		plot->x[i] = left + (right - left) * (t - from) / span;
		if (i > 0)
			plot->x[i] = MAX(plot->x[i], plot->x[i - 1] + gap);
	}
	/* Pushed past the right edge: pull back, the gap kept. */
	for (guint i = n; i-- > 0;)
		plot->x[i] =
		    MIN(plot->x[i], i + 1 < n ? plot->x[i + 1] - gap : right);
}

/* Gridlines at 0, 5 and 10, labelled on the left. */
static void draw_grid(GtkWidget *widget, cairo_t *cr, const Plot *plot,
		      const Palette *palette)
{
	static const int levels[] = { 0, PAIN_MAX / 2, PAIN_MAX };

	for (guint i = 0; i < G_N_ELEMENTS(levels); i++) {
		char text[8];
		g_autoptr(PangoLayout) layout = NULL;
		double y = round(pain_y(plot, levels[i])) + 0.5;
		int width, height;

		/* The time axis stronger than the other lines. */
		set_color(cr, &palette->fg, levels[i] == 0 ? 0.5 : 0.15);
		cairo_set_line_width(cr, 1);
		cairo_set_dash(cr, NULL, 0, 0);
		cairo_move_to(cr, plot->left, y);
		cairo_line_to(cr, plot->right, y);
		cairo_stroke(cr);

		g_snprintf(text, sizeof(text), "%d", levels[i]);
		layout = small_layout(widget, text);
		pango_layout_get_pixel_size(layout, &width, &height);
		set_color(cr, &palette->fg, 0.7);
		draw_layout(cr, layout, plot->left - LABEL_GAP - width,
			    y - height / 2.0);
	}
}

static void draw_unrated_ticks(cairo_t *cr, const Plot *plot, GArray *sessions,
			       const Palette *palette)
{
	set_color(cr, &palette->fg, 1);
	for (guint i = 0; i < sessions->len; i++)
		if (!session_is_rated(session_at(sessions, i)))
			draw_symbol(cr, SYMBOL_TICK, plot->x[i],
				    round(plot->bottom) - TICK_LENGTH / 2.0, 0);
}

/* A faint line from before to after: how much one session changed. */
static void draw_changes(cairo_t *cr, const Plot *plot, GArray *sessions,
			 const Palette *palette)
{
	set_color(cr, &palette->fg, 0.25);
	cairo_set_line_width(cr, 1);
	cairo_set_dash(cr, NULL, 0, 0);
	for (guint i = 0; i < sessions->len; i++) {
		const ChartSession *s = session_at(sessions, i);
		double x = round(plot->x[i]) + 0.5;

		if (s->pain[SERIES_BEFORE] == NO_RATING ||
		    s->pain[SERIES_AFTER] == NO_RATING)
			continue;
		cairo_move_to(cr, x, pain_y(plot, s->pain[SERIES_BEFORE]));
		cairo_line_to(cr, x, pain_y(plot, s->pain[SERIES_AFTER]));
		cairo_stroke(cr);
	}
}

/* The line joins the rated sessions of the series, over unrated ones. */
static void draw_series(cairo_t *cr, const Plot *plot, GArray *sessions,
			int series, const Palette *palette)
{
	gboolean started = FALSE;

	set_color(cr, &palette->series[series], 1);
	set_line_style(cr, series_style[series].dashed);
	for (guint i = 0; i < sessions->len; i++) {
		int pain = session_at(sessions, i)->pain[series];

		if (pain == NO_RATING)
			continue;
		if (started)
			cairo_line_to(cr, plot->x[i], pain_y(plot, pain));
		else
			cairo_move_to(cr, plot->x[i], pain_y(plot, pain));
		started = TRUE;
	}
	cairo_stroke(cr);

	for (guint i = 0; i < sessions->len; i++) {
		int pain = session_at(sessions, i)->pain[series];

		if (pain != NO_RATING)
			draw_symbol(cr, series_style[series].symbol, plot->x[i],
				    pain_y(plot, pain), plot->marker_radius);
	}
}

typedef struct {
	PangoLayout *layout;
	double left, width;
} DateLabel;

static void date_label_clear(gpointer data)
{
	DateLabel *label = data;

	g_object_unref(label->layout);
}

/* A label for a day with sessions, under its first session, kept inside
 * the widget. */
static DateLabel date_label(GtkWidget *widget, gint64 t, double x,
			    gboolean with_year)
{
	g_autofree char *text = format_day(t, with_year);
	DateLabel label = { .layout = small_layout(widget, text) };
	int width;

	pango_layout_get_pixel_size(label.layout, &width, NULL);
	label.width = width;
	label.left = CLAMP(x - width / 2.0, PADDING,
			   gtk_widget_get_width(widget) - PADDING - width);
	return label;
}

static gboolean date_fits(GArray *kept, const DateLabel *label)
{
	const DateLabel *before =
	    kept->len ? &g_array_index(kept, DateLabel, kept->len - 1) : NULL;

	return !before ||
	       before->left + before->width + DATE_GAP <= label->left;
}

/* Keeps @label if it does not overlap the one kept before it. The last
 * day's label is always kept, in place of those it overlaps: where the
 * history ends matters more than a day in between. */
static void keep_date(GArray *kept, DateLabel label, gboolean last)
{
	while (last && !date_fits(kept, &label))
		g_array_remove_index(kept, kept->len - 1);
	if (date_fits(kept, &label))
		g_array_append_val(kept, label);
	else
		g_object_unref(label.layout);
}

static void draw_dates(GtkWidget *widget, cairo_t *cr, const Plot *plot,
		       GArray *sessions, const Palette *palette)
{
	gboolean with_year = needs_year(sessions);
	g_autoptr(GArray) kept = g_array_new(FALSE, FALSE, sizeof(DateLabel));
	int last_day =
	    local_day(session_at(sessions, sessions->len - 1)->start);
	int day = 0;

	g_array_set_clear_func(kept, date_label_clear);
	for (guint i = 0; i < sessions->len; i++) {
		gint64 t = session_at(sessions, i)->start;

		if (local_day(t) == day)
			continue;
		day = local_day(t);
		keep_date(kept, date_label(widget, t, plot->x[i], with_year),
			  day == last_day);
	}

	set_color(cr, &palette->fg, 0.7);
	for (guint i = 0; i < kept->len; i++) {
		const DateLabel *label = &g_array_index(kept, DateLabel, i);

		draw_layout(cr, label->layout, label->left,
			    plot->bottom + LABEL_GAP);
	}
}

/* The plot's box: room left for the pain labels, below for the dates,
 * above for the legend and half a label. */
static void plot_init(GtkWidget *widget, Plot *plot, double legend_bottom)
{
	g_autoptr(PangoLayout) sample = small_layout(widget, "10");
	int label_width, label_height;

	pango_layout_get_pixel_size(sample, &label_width, &label_height);
	plot->left = PADDING + label_width + LABEL_GAP;
	plot->right = gtk_widget_get_width(widget) - PADDING;
	plot->top = legend_bottom + LABEL_GAP + label_height / 2.0;
	plot->bottom =
	    gtk_widget_get_height(widget) - PADDING - label_height - LABEL_GAP;
}

static void draw_chart(TpPainChart *chart, cairo_t *cr, const Palette *palette)
{
	GtkWidget *widget = GTK_WIDGET(chart);
	GArray *sessions = chart->sessions;
	LegendEntry legend[N_SERIES + 1];
	guint n_legend = legend_entries(chart, palette, legend);
	double legend_height;
	Plot plot;

	legend_height =
	    legend_place(legend, n_legend, PADDING,
			 gtk_widget_get_width(widget) - PADDING, PADDING);
	plot_init(widget, &plot, PADDING + legend_height);

	if (plot.right - plot.left > 2 * MARKER_INSET &&
	    plot.bottom > plot.top) {
		plot.x = g_new(double, sessions->len);
		place_sessions(&plot, sessions);
		draw_grid(widget, cr, &plot, palette);
		draw_unrated_ticks(cr, &plot, sessions, palette);
		draw_changes(cr, &plot, sessions, palette);
		for (int s = 0; s < N_SERIES; s++)
			draw_series(cr, &plot, sessions, s, palette);
		draw_dates(widget, cr, &plot, sessions, palette);
		g_free(plot.x);
	}

	for (guint i = 0; i < n_legend; i++) {
		draw_legend_entry(cr, &legend[i], palette);
		g_object_unref(legend[i].layout);
	}
}

static void draw_empty(GtkWidget *widget, cairo_t *cr, const Palette *palette)
{
	g_autoptr(PangoLayout) layout =
	    gtk_widget_create_pango_layout(widget, _("No sessions yet"));
	int width, height;

	pango_layout_get_pixel_size(layout, &width, &height);
	/* As .dim-label does. */
	set_color(cr, &palette->fg, 0.55);
	draw_layout(cr, layout, (gtk_widget_get_width(widget) - width) / 2.0,
		    (gtk_widget_get_height(widget) - height) / 2.0);
}

/* ---- GtkWidget ---- */

static void tp_pain_chart_snapshot(GtkWidget *widget, GtkSnapshot *snapshot)
{
	TpPainChart *chart = TP_PAIN_CHART(widget);
	int width = gtk_widget_get_width(widget);
	int height = gtk_widget_get_height(widget);
	Palette palette;
	cairo_t *cr;

	if (width <= 0 || height <= 0)
		return;

	palette_init(widget, &palette);
	cr = gtk_snapshot_append_cairo(
	    snapshot, &GRAPHENE_RECT_INIT(0, 0, width, height));
	if (chart->sessions->len == 0)
		draw_empty(widget, cr, &palette);
	else
		draw_chart(chart, cr, &palette);
	cairo_destroy(cr);
}

static void tp_pain_chart_measure(GtkWidget *widget, GtkOrientation orientation,
				  int for_size, int *minimum, int *natural,
				  int *minimum_baseline, int *natural_baseline)
{
	gboolean across = orientation == GTK_ORIENTATION_HORIZONTAL;

	*minimum = across ? 240 : 160;
	*natural = across ? 480 : 240;
}

/* The colours are looked up while drawing: draw again when the style
 * changes (light to dark), even if no CSS property of the widget did. */
static void tp_pain_chart_css_changed(GtkWidget *widget,
				      GtkCssStyleChange *change)
{
	GTK_WIDGET_CLASS(tp_pain_chart_parent_class)
	    ->css_changed(widget, change);
	gtk_widget_queue_draw(widget);
}

static void tp_pain_chart_finalize(GObject *object)
{
	TpPainChart *chart = TP_PAIN_CHART(object);

	g_array_unref(chart->sessions);
	G_OBJECT_CLASS(tp_pain_chart_parent_class)->finalize(object);
}

static void tp_pain_chart_class_init(TpPainChartClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);
	GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

	object_class->finalize = tp_pain_chart_finalize;
	widget_class->measure = tp_pain_chart_measure;
	widget_class->snapshot = tp_pain_chart_snapshot;
	widget_class->css_changed = tp_pain_chart_css_changed;
	gtk_widget_class_set_css_name(widget_class, "tp-pain-chart");
	gtk_widget_class_set_accessible_role(widget_class,
					     GTK_ACCESSIBLE_ROLE_IMG);
}

static void update_description(TpPainChart *chart)
{
	g_autofree char *text = describe(chart->sessions);

	gtk_accessible_update_property(GTK_ACCESSIBLE(chart),
				       GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
				       text, -1);
}

static void tp_pain_chart_init(TpPainChart *chart)
{
	chart->sessions = g_array_new(FALSE, FALSE, sizeof(ChartSession));
	gtk_accessible_update_property(GTK_ACCESSIBLE(chart),
				       GTK_ACCESSIBLE_PROPERTY_LABEL,
				       _("Pain over time"), -1);
	update_description(chart);
}

GtkWidget *tp_pain_chart_new(void)
{
	return g_object_new(TP_TYPE_PAIN_CHART, NULL);
}

void tp_pain_chart_set_sessions(TpPainChart *chart, GVariant *sessions)
{
	g_return_if_fail(TP_IS_PAIN_CHART(chart));
	g_return_if_fail(
	    sessions == NULL ||
	    g_variant_is_of_type(sessions, G_VARIANT_TYPE("aa{sv}")));

	g_array_set_size(chart->sessions, 0);
	if (sessions) {
		/* The chart keeps the three numbers it draws, not the
		 * variant: sunk so that a floating one is not leaked. */
		g_variant_ref_sink(sessions);
		read_sessions(chart->sessions, sessions);
		g_variant_unref(sessions);
	}
	update_description(chart);
	gtk_widget_queue_draw(GTK_WIDGET(chart));
}
