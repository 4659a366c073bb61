/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The body map of the "Where does it hurt" page: one view of the app's
 * own drawing of a body, and a button for each zone on it, in a column
 * left or right of the figure and joined to the zone's point by a line,
 * as on an anatomy chart.
 *
 * Layout, left to right: a column of buttons, the figure, a column of
 * buttons. A zone whose point lies left of the figure's middle line has
 * its button in the left column. A column keeps its buttons in the order
 * of their points from head to foot and moves them the least it can so
 * that none overlaps another (the face's zones crowd). When the map is
 * narrow, the figure shrinks first, then the buttons' labels wrap.
 *
 * The figure is decoration: the buttons say everything in words.
 */
#include "tp-body-map.h"

#include <glib/gi18n.h>
#include <math.h>

/* The figure's drawing units: its box is FIGURE_W by FIGURE_H, with
 * x = 0 on the middle line and y = 0 at the top of the head. The zone
 * table's fractions are of this box. */
#define FIGURE_W      300.0
#define FIGURE_H      1000.0
#define FIGURE_ASPECT (FIGURE_W / FIGURE_H)

/* Sizes in pixels. */
#define NATURAL_HEIGHT	   600
#define MIN_FIGURE_HEIGHT  300
#define FIGURE_MARGIN	   8  /* above and below the figure */
#define BUTTON_SPACING	   2  /* between two buttons of a column */
#define MIN_GAP		   16 /* between a column and the figure */
#define NATURAL_GAP	   24
#define MAX_GAP		   56
#define DOT_RADIUS	   3
#define CHOSEN_DOT_RADIUS  5.5
#define CHOSEN_HALO_RADIUS 10

/* Alphas of the text colour: the figure stays in the background. */
#define FIGURE_FILL_ALPHA    0.12
#define FIGURE_OUTLINE_ALPHA 0.35
#define FIGURE_DETAIL_ALPHA  0.22
#define LEADER_ALPHA	     0.45

typedef enum {
	COLUMN_LEFT,
	COLUMN_RIGHT,
	N_COLUMNS,
} Column;

/* One zone's button and where it went. */
typedef struct {
	const TpBodyZone *zone;
	GtkWidget *button;
	Column column;
	graphene_rect_t rect; /* the button's allocation */
} Pin;

struct _TpBodyMap {
	GtkWidget parent_instance;

	TpBodyView view;
	GArray *pins; /* of Pin, in the order of their points' y */
	char *selected;
	graphene_rect_t figure; /* the figure's box, in widget pixels */
};

G_DEFINE_FINAL_TYPE(TpBodyMap, tp_body_map, GTK_TYPE_WIDGET)

/* ---- The figure ---- */

/* A point of a smooth curve; a corner breaks the curve's smoothness
 * there (the armpit, between the legs). */
typedef struct {
	double x, y;
	gboolean corner;
} Knot;

/*
 * The outline of the body's right half as seen on the chart, from the
 * top of the head down the side, round the arm and hand, back up to the
 * armpit, down the side and the leg, round the foot and up the inside
 * of the leg; the left half is its mirror image. Front and back share
 * it: the outline of a body seen from behind is the same.
 */
static const Knot body_half[] = {
	{ 0, 0 },     { 30, 7 },	 { 46, 28 },   { 50, 52 },
	{ 55, 60 },   { 57, 72 },	 { 53, 86 },   { 45, 100 },
	{ 33, 117 },  { 20, 132, TRUE }, { 21, 150 },  { 40, 164 },
	{ 74, 174 },  { 100, 184 },	 { 116, 200 }, { 124, 226 },
	{ 127, 270 }, { 130, 330 },	 { 133, 390 }, { 137, 450 },
	{ 141, 520 }, { 148, 560 },	 { 146, 600 }, { 136, 622 },
	{ 124, 614 }, { 118, 580 },	 { 115, 525 }, { 109, 460 },
	{ 103, 395 }, { 97, 330 },	 { 89, 282 },  { 84, 264, TRUE },
	{ 83, 310 },  { 78, 355 },	 { 71, 405 },  { 79, 450 },
	{ 91, 492 },  { 94, 540 },	 { 90, 605 },  { 79, 665 },
	{ 67, 722 },  { 70, 785 },	 { 62, 852 },  { 47, 915 },
	{ 50, 952 },  { 54, 984 },	 { 42, 1000 }, { 22, 998 },
	{ 14, 982 },  { 16, 930 },	 { 17, 860 },  { 14, 800 },
	{ 16, 730 },  { 12, 650 },	 { 7, 575 },   { 0, 545, TRUE },
};

/* A few quiet lines that tell the front from the back, drawn on both
 * sides: each is a curve of up to DETAIL_KNOTS knots. */
#define DETAIL_KNOTS 4

typedef struct {
	TpBodyView view;
	gboolean closed;
	guint n;
	Knot knots[DETAIL_KNOTS];
} Detail;

static const Detail body_details[] = {
	/* Collarbones. */
	{ TP_BODY_FRONT, FALSE, 3, { { 8, 176 }, { 40, 172 }, { 80, 184 } } },
	/* Spine and the cleft between the buttocks. */
	{ TP_BODY_BACK, FALSE, 2, { { 0, 168 }, { 0, 440 } } },
	{ TP_BODY_BACK, FALSE, 2, { { 0, 482 }, { 0, 540 } } },
	/* Shoulder blades, soft triangles. */
	{ TP_BODY_BACK, TRUE, 3, { { 32, 216 }, { 76, 208 }, { 40, 286 } } },
	/* The folds under the buttocks. */
	{ TP_BODY_BACK, FALSE, 3, { { 8, 562 }, { 40, 572 }, { 78, 560 } } },
};

/* Catmull-Rom: the curve passes through every knot, its tangent at a
 * knot parallel to the line between the knot's neighbours. */
static void control_point(const Knot *prev, const Knot *at, const Knot *next,
			  double sign, double *x, double *y)
{
	*x = at->x;
	*y = at->y;
	if (at->corner)
		return;
	*x += sign * (next->x - prev->x) / 6;
	*y += sign * (next->y - prev->y) / 6;
}

static void append_curve(cairo_t *cr, const Knot *k, guint n, gboolean closed)
{
	cairo_move_to(cr, k[0].x, k[0].y);
	for (guint i = 0; i + 1 < n || (closed && i < n); i++) {
		const Knot *at = &k[i], *next = &k[(i + 1) % n];
		const Knot *prev = &k[i > 0 ? i - 1 : (closed ? n - 1 : 0)];
		const Knot *after =
		    &k[i + 2 < n || closed ? (i + 2) % n : n - 1];
		double x1, y1, x2, y2;

		control_point(prev, at, next, 1, &x1, &y1);
		control_point(at, next, after, -1, &x2, &y2);
		cairo_curve_to(cr, x1, y1, x2, y2, next->x, next->y);
	}
	if (closed)
		cairo_close_path(cr);
}

/* The knot in widget pixels; @mirror: of the left half. */
static Knot to_pixels(const graphene_rect_t *box, const Knot *k,
		      gboolean mirror)
{
	double x = mirror ? -k->x : k->x;

	return (Knot){
		.x = box->origin.x + (x / FIGURE_W + 0.5) * box->size.width,
		.y = box->origin.y + k->y / FIGURE_H * box->size.height,
		.corner = k->corner,
	};
}

static void append_outline(cairo_t *cr, const graphene_rect_t *box)
{
	guint half = G_N_ELEMENTS(body_half);
	/* Both ends of the half are on the middle line: once each. */
	guint n = 2 * half - 2;
	g_autofree Knot *knots = g_new(Knot, n);

	for (guint i = 0; i < half; i++)
		knots[i] = to_pixels(box, &body_half[i], FALSE);
	for (guint i = half; i < n; i++)
		knots[i] = to_pixels(box, &body_half[n - i], TRUE);
	append_curve(cr, knots, n, TRUE);
}

/* A line on the middle line is drawn once: twice would darken it. */
static int detail_sides(const Detail *detail)
{
	for (guint i = 0; i < detail->n; i++)
		if (detail->knots[i].x != 0)
			return 2;
	return 1;
}

static void append_details(cairo_t *cr, const graphene_rect_t *box,
			   TpBodyView view)
{
	for (gsize d = 0; d < G_N_ELEMENTS(body_details); d++) {
		const Detail *detail = &body_details[d];
		Knot knots[DETAIL_KNOTS];

		if (detail->view != view)
			continue;
		for (int side = 0; side < detail_sides(detail); side++) {
			for (guint i = 0; i < detail->n; i++)
				knots[i] =
				    to_pixels(box, &detail->knots[i], side);
			append_curve(cr, knots, detail->n, detail->closed);
		}
	}
}

/* ---- Drawing ---- */

typedef struct {
	GdkRGBA fg;
	GdkRGBA accent;
} Palette;

static void palette_init(GtkWidget *widget, Palette *palette)
{
	GtkStyleContext *context = gtk_widget_get_style_context(widget);

	gtk_style_context_get_color(context, &palette->fg);
	/* libadwaita's accent follows the light or dark style; the
	 * fallback is its light value, for other themes. */
	if (!gtk_style_context_lookup_color(context, "accent_color",
					    &palette->accent))
		gdk_rgba_parse(&palette->accent, "#1c71d8");
}

static void set_color(cairo_t *cr, const GdkRGBA *color, double alpha)
{
	cairo_set_source_rgba(cr, color->red, color->green, color->blue,
			      color->alpha * alpha);
}

static void draw_figure(TpBodyMap *map, cairo_t *cr, const Palette *palette)
{
	append_outline(cr, &map->figure);
	set_color(cr, &palette->fg, FIGURE_FILL_ALPHA);
	cairo_fill_preserve(cr);
	set_color(cr, &palette->fg, FIGURE_OUTLINE_ALPHA);
	cairo_set_line_width(cr, 1.5);
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
	cairo_stroke(cr);

	append_details(cr, &map->figure, map->view);
	set_color(cr, &palette->fg, FIGURE_DETAIL_ALPHA);
	cairo_set_line_width(cr, 1.2);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
	cairo_stroke(cr);
}

static gboolean pin_is_chosen(TpBodyMap *map, const Pin *pin)
{
	return g_strcmp0(map->selected, pin->zone->id) == 0;
}

/* The zone's point on the figure, in widget pixels. */
static void pin_point(TpBodyMap *map, const Pin *pin, double *x, double *y)
{
	*x = map->figure.origin.x + pin->zone->x * map->figure.size.width;
	*y = map->figure.origin.y + pin->zone->y * map->figure.size.height;
}

/* From the side of the button that faces the figure to the point. */
static void draw_leader(TpBodyMap *map, cairo_t *cr, const Pin *pin,
			const Palette *palette)
{
	const graphene_rect_t *r = &pin->rect;
	double x = pin->column == COLUMN_LEFT ? r->origin.x + r->size.width
					      : r->origin.x;
	double y = r->origin.y + r->size.height / 2;
	double px, py;

	pin_point(map, pin, &px, &py);
	cairo_move_to(cr, x, y);
	cairo_line_to(cr, px, py);
	if (pin_is_chosen(map, pin)) {
		set_color(cr, &palette->accent, 1);
		cairo_set_line_width(cr, 1.5);
	} else {
		set_color(cr, &palette->fg, LEADER_ALPHA);
		cairo_set_line_width(cr, 1);
	}
	cairo_stroke(cr);
}

static void draw_dot(TpBodyMap *map, cairo_t *cr, const Pin *pin,
		     const Palette *palette)
{
	double x, y;

	pin_point(map, pin, &x, &y);
	if (pin_is_chosen(map, pin)) {
		/* A halo too, so the chosen one is found at a glance. */
		cairo_arc(cr, x, y, CHOSEN_HALO_RADIUS, 0, 2 * G_PI);
		set_color(cr, &palette->accent, 0.3);
		cairo_fill(cr);
		cairo_arc(cr, x, y, CHOSEN_DOT_RADIUS, 0, 2 * G_PI);
	} else {
		cairo_arc(cr, x, y, DOT_RADIUS, 0, 2 * G_PI);
	}
	set_color(cr, &palette->accent, 1);
	cairo_fill(cr);
}

static void tp_body_map_snapshot(GtkWidget *widget, GtkSnapshot *snapshot)
{
	TpBodyMap *map = TP_BODY_MAP(widget);
	int width = gtk_widget_get_width(widget);
	int height = gtk_widget_get_height(widget);
	Palette palette;
	cairo_t *cr;

	palette_init(widget, &palette);
	cr = gtk_snapshot_append_cairo(
	    snapshot, &GRAPHENE_RECT_INIT(0, 0, width, height));
	draw_figure(map, cr, &palette);
	for (guint i = 0; i < map->pins->len; i++)
		draw_leader(map, cr, &g_array_index(map->pins, Pin, i),
			    &palette);
	for (guint i = 0; i < map->pins->len; i++)
		draw_dot(map, cr, &g_array_index(map->pins, Pin, i), &palette);
	cairo_destroy(cr);

	for (guint i = 0; i < map->pins->len; i++)
		gtk_widget_snapshot_child(
		    widget, g_array_index(map->pins, Pin, i).button, snapshot);
}

/* ---- Layout ---- */

/* The widest minimum and natural widths of a column's buttons. */
static void measure_column(TpBodyMap *map, Column column, int *min, int *nat)
{
	*min = *nat = 0;
	for (guint i = 0; i < map->pins->len; i++) {
		const Pin *pin = &g_array_index(map->pins, Pin, i);
		int m, n;

		if (pin->column != column)
			continue;
		gtk_widget_measure(pin->button, GTK_ORIENTATION_HORIZONTAL, -1,
				   &m, &n, NULL, NULL);
		*min = MAX(*min, m);
		*nat = MAX(*nat, n);
	}
}

static int min_figure_width(void)
{
	return (int)ceil(MIN_FIGURE_HEIGHT * FIGURE_ASPECT);
}

/* The columns' widths in a map @width wide: natural, unless that leaves
 * the figure less than its minimum; then both give up a share of what
 * they could give, down to their minimum. */
static void column_widths(TpBodyMap *map, int width, int widths[N_COLUMNS])
{
	int min[N_COLUMNS], nat[N_COLUMNS];
	int room = width - 2 * MIN_GAP - min_figure_width();
	int slack, lack;

	for (int c = 0; c < N_COLUMNS; c++)
		measure_column(map, c, &min[c], &nat[c]);
	slack = nat[COLUMN_LEFT] - min[COLUMN_LEFT] + nat[COLUMN_RIGHT] -
		min[COLUMN_RIGHT];
	lack = nat[COLUMN_LEFT] + nat[COLUMN_RIGHT] - room;
	for (int c = 0; c < N_COLUMNS; c++) {
		widths[c] = nat[c];
		if (lack > 0 && slack > 0)
			widths[c] -=
			    MIN(lack, slack) * (nat[c] - min[c]) / slack;
	}
}

/* A button's size in a column @width wide. */
static void button_size(GtkWidget *button, int width, int *w, int *h)
{
	int min, nat;

	gtk_widget_measure(button, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat,
			   NULL, NULL);
	*w = CLAMP(width, min, nat);
	gtk_widget_measure(button, GTK_ORIENTATION_VERTICAL, *w, NULL, h, NULL,
			   NULL);
}

/* The height of a column's buttons one on top of the other. */
static int column_height(TpBodyMap *map, Column column, int width)
{
	int height = 0;

	for (guint i = 0; i < map->pins->len; i++) {
		const Pin *pin = &g_array_index(map->pins, Pin, i);
		int w, h;

		if (pin->column != column)
			continue;
		button_size(pin->button, width, &w, &h);
		height += (height > 0 ? BUTTON_SPACING : 0) + h;
	}
	return height;
}

static void measure_width(TpBodyMap *map, int *minimum, int *natural)
{
	int figure =
	    (int)ceil((NATURAL_HEIGHT - 2 * FIGURE_MARGIN) * FIGURE_ASPECT);
	int min[N_COLUMNS], nat[N_COLUMNS];

	for (int c = 0; c < N_COLUMNS; c++)
		measure_column(map, c, &min[c], &nat[c]);
	*minimum = min[COLUMN_LEFT] + min[COLUMN_RIGHT] + 2 * MIN_GAP +
		   min_figure_width();
	*natural =
	    nat[COLUMN_LEFT] + nat[COLUMN_RIGHT] + 2 * NATURAL_GAP + figure;
}

static void measure_height(TpBodyMap *map, int width, int *minimum,
			   int *natural)
{
	int widths[N_COLUMNS];
	int columns = 0, figure;

	column_widths(map, width, widths);
	for (int c = 0; c < N_COLUMNS; c++)
		columns = MAX(columns, column_height(map, c, widths[c]));
	/* No more than the figure that fits the width needs: a narrow
	 * map is no taller than its narrow figure. */
	figure = (int)((width - widths[COLUMN_LEFT] - widths[COLUMN_RIGHT] -
			2 * MIN_GAP) /
		       FIGURE_ASPECT) +
		 2 * FIGURE_MARGIN;
	*minimum = MAX(columns, MIN_FIGURE_HEIGHT + 2 * FIGURE_MARGIN);
	*natural = MAX(*minimum, MIN(figure, NATURAL_HEIGHT));
}

static void tp_body_map_measure(GtkWidget *widget, GtkOrientation orientation,
				int for_size, int *minimum, int *natural,
				int *minimum_baseline, int *natural_baseline)
{
	TpBodyMap *map = TP_BODY_MAP(widget);
	int min_width, width = for_size;

	if (orientation == GTK_ORIENTATION_HORIZONTAL) {
		measure_width(map, minimum, natural);
		return;
	}
	if (width < 0)
		measure_width(map, &min_width, &width);
	measure_height(map, width, minimum, natural);
}

static GtkSizeRequestMode tp_body_map_get_request_mode(GtkWidget *widget)
{
	return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

/* Where the figure goes between the columns: as tall as the map lets
 * it, the whole centred, the columns no further than MAX_GAP from it.
 * Returns the gap between the figure and a column. */
static double place_figure(TpBodyMap *map, int width, int height,
			   const int widths[N_COLUMNS])
{
	int columns = widths[COLUMN_LEFT] + widths[COLUMN_RIGHT];
	double figure_height = height - 2 * FIGURE_MARGIN;
	double figure_width, gap, left;

	figure_width =
	    MIN(figure_height * FIGURE_ASPECT, width - columns - 2 * MIN_GAP);
	figure_width = MAX(figure_width, 1);
	figure_height = figure_width / FIGURE_ASPECT;
	gap = CLAMP((width - columns - figure_width) / 2, MIN_GAP, MAX_GAP);
	left = (width - columns - figure_width - 2 * gap) / 2;

	map->figure = GRAPHENE_RECT_INIT(
	    round(left + widths[COLUMN_LEFT] + gap),
	    round((height - figure_height) / 2), figure_width, figure_height);
	return gap;
}

/* A run of buttons that touch: they move together. */
typedef struct {
	guint first, n;
	double top, height;
	double sum; /* of where each would put the run's top */
} Run;

static void run_place(Run *run, double lo, double hi)
{
	run->top = run->sum / run->n;
	run->top = MIN(run->top, hi - run->height);
	run->top = MAX(run->top, lo);
}

/*
 * Moves the buttons of a column, given from top to bottom with the top
 * each wants in @top, the least it can so that none overlaps another and
 * all stay between @lo and @hi: buttons that would overlap become a run,
 * placed where its buttons want it on average.
 */
static void spread_column(double *top, const double *height, guint n, double lo,
			  double hi)
{
	g_autofree Run *runs = g_new(Run, n);
	guint n_runs = 0;

	for (guint i = 0; i < n; i++) {
		Run run = { i, 1, 0, height[i], top[i] };

		run_place(&run, lo, hi);
		while (n_runs > 0) {
			Run *prev = &runs[n_runs - 1];
			double shift = prev->height + BUTTON_SPACING;

			if (prev->top + shift <= run.top)
				break;
			/* Each button of @run now sits @shift lower in the
			 * merged run than in its own. */
			run.sum = prev->sum + run.sum - run.n * shift;
			run.first = prev->first;
			run.n += prev->n;
			run.height += shift;
			n_runs--;
			run_place(&run, lo, hi);
		}
		runs[n_runs++] = run;
	}

	for (guint r = 0; r < n_runs; r++) {
		double y = runs[r].top;

		for (guint i = runs[r].first; i < runs[r].first + runs[r].n;
		     i++) {
			top[i] = y;
			y += height[i] + BUTTON_SPACING;
		}
	}
}

static void allocate_column(TpBodyMap *map, Column column, int x, int width,
			    int height)
{
	guint n = map->pins->len;
	g_autofree Pin **pins = g_new(Pin *, n);
	g_autofree double *top = g_new(double, n);
	g_autofree double *heights = g_new(double, n);
	guint k = 0;

	for (guint i = 0; i < n; i++) {
		Pin *pin = &g_array_index(map->pins, Pin, i);
		double px, py;
		int w, h;

		if (pin->column != column)
			continue;
		button_size(pin->button, width, &w, &h);
		pin_point(map, pin, &px, &py);
		/* Buttons hug the figure's side of the column. */
		pin->rect = GRAPHENE_RECT_INIT(
		    column == COLUMN_LEFT ? x + width - w : x, 0, w, h);
		pins[k] = pin;
		heights[k] = h;
		top[k++] = py - h / 2.0;
	}
	spread_column(top, heights, k, 0, height);

	for (guint i = 0; i < k; i++) {
		graphene_rect_t *r = &pins[i]->rect;

		r->origin.y = round(top[i]);
		gtk_widget_size_allocate(
		    pins[i]->button,
		    &(GtkAllocation){ (int)r->origin.x, (int)r->origin.y,
				      (int)r->size.width, (int)r->size.height },
		    -1);
	}
}

static void tp_body_map_size_allocate(GtkWidget *widget, int width, int height,
				      int baseline)
{
	TpBodyMap *map = TP_BODY_MAP(widget);
	const graphene_rect_t *figure = &map->figure;
	int widths[N_COLUMNS];
	double gap;

	column_widths(map, width, widths);
	gap = place_figure(map, width, height, widths);
	allocate_column(map, COLUMN_LEFT,
			(int)round(figure->origin.x - gap) -
			    widths[COLUMN_LEFT],
			widths[COLUMN_LEFT], height);
	allocate_column(map, COLUMN_RIGHT,
			(int)round(figure->origin.x + figure->size.width + gap),
			widths[COLUMN_RIGHT], height);
}

/* ---- Buttons ---- */

static void update_button(TpBodyMap *map, const Pin *pin)
{
	/* Flat buttons keep the chart quiet; the chosen one stands out. */
	if (pin_is_chosen(map, pin)) {
		gtk_widget_remove_css_class(pin->button, "flat");
		gtk_widget_add_css_class(pin->button, "suggested-action");
	} else {
		gtk_widget_remove_css_class(pin->button, "suggested-action");
		gtk_widget_add_css_class(pin->button, "flat");
	}
}

static GtkWidget *zone_button_new(const TpBodyZone *zone, Column column)
{
	GtkWidget *label = gtk_label_new(_(zone->label));
	GtkWidget *button = gtk_button_new();

	/* A narrow map wraps long labels rather than dropping the figure;
	 * the lines of a label align on the figure's side. */
	gtk_label_set_wrap(GTK_LABEL(label), TRUE);
	gtk_label_set_wrap_mode(GTK_LABEL(label), PANGO_WRAP_WORD);
	gtk_label_set_justify(GTK_LABEL(label), column == COLUMN_LEFT
						    ? GTK_JUSTIFY_RIGHT
						    : GTK_JUSTIFY_LEFT);
	gtk_label_set_xalign(GTK_LABEL(label), column == COLUMN_LEFT ? 1 : 0);
	gtk_button_set_child(GTK_BUTTON(button), label);
	/* GTK 4.8 names a button after its label only when the button made
	 * the label itself. */
	gtk_accessible_update_property(GTK_ACCESSIBLE(button),
				       GTK_ACCESSIBLE_PROPERTY_LABEL,
				       _(zone->label), -1);

	gtk_actionable_set_action_name(GTK_ACTIONABLE(button),
				       "app.choose-zone");
	gtk_actionable_set_action_target_value(GTK_ACTIONABLE(button),
					       g_variant_new_string(zone->id));
	return button;
}

static void remove_pins(TpBodyMap *map)
{
	for (guint i = 0; i < map->pins->len; i++)
		gtk_widget_unparent(g_array_index(map->pins, Pin, i).button);
	g_array_set_size(map->pins, 0);
}

static gboolean has_pin(TpBodyMap *map, const TpBodyZone *zone)
{
	for (guint i = 0; i < map->pins->len; i++)
		if (g_array_index(map->pins, Pin, i).zone == zone)
			return TRUE;
	return FALSE;
}

static int compare_pin_y(gconstpointer a, gconstpointer b)
{
	const Pin *pa = a, *pb = b;

	return (pa->zone->y > pb->zone->y) - (pa->zone->y < pb->zone->y);
}

void tp_body_map_set_zones(TpBodyMap *map, const char *const *zones)
{
	g_return_if_fail(TP_IS_BODY_MAP(map));

	remove_pins(map);
	for (guint i = 0; zones && zones[i]; i++) {
		const TpBodyZone *zone = tp_body_zone_find(zones[i]);
		Pin pin = { .zone = zone };

		if (!zone || zone->view != map->view || has_pin(map, zone))
			continue;
		pin.column = zone->x < 0.5 ? COLUMN_LEFT : COLUMN_RIGHT;
		g_array_append_val(map->pins, pin);
	}
	/* Head to foot: the order of the columns and of the children. */
	g_array_sort(map->pins, compare_pin_y);

	for (guint i = 0; i < map->pins->len; i++) {
		Pin *pin = &g_array_index(map->pins, Pin, i);

		pin->button = zone_button_new(pin->zone, pin->column);
		gtk_widget_set_parent(pin->button, GTK_WIDGET(map));
		update_button(map, pin);
	}
	gtk_widget_queue_resize(GTK_WIDGET(map));
}

void tp_body_map_set_selected(TpBodyMap *map, const char *zone)
{
	g_return_if_fail(TP_IS_BODY_MAP(map));

	if (g_strcmp0(map->selected, zone) == 0)
		return;
	g_free(map->selected);
	map->selected = g_strdup(zone);
	for (guint i = 0; i < map->pins->len; i++)
		update_button(map, &g_array_index(map->pins, Pin, i));
	gtk_widget_queue_draw(GTK_WIDGET(map));
}

/* ---- Object ---- */

GtkWidget *tp_body_map_new(TpBodyView view)
{
	TpBodyMap *map = g_object_new(TP_TYPE_BODY_MAP, NULL);

	map->view = view;
	gtk_accessible_update_property(
	    GTK_ACCESSIBLE(map), GTK_ACCESSIBLE_PROPERTY_LABEL,
	    view == TP_BODY_BACK ? _("Back of the body")
				 : _("Front of the body"),
	    -1);
	return GTK_WIDGET(map);
}

static void tp_body_map_dispose(GObject *object)
{
	remove_pins(TP_BODY_MAP(object));
	G_OBJECT_CLASS(tp_body_map_parent_class)->dispose(object);
}

static void tp_body_map_finalize(GObject *object)
{
	TpBodyMap *map = TP_BODY_MAP(object);

	g_array_unref(map->pins);
	g_free(map->selected);
	G_OBJECT_CLASS(tp_body_map_parent_class)->finalize(object);
}

static void tp_body_map_class_init(TpBodyMapClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);
	GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

	object_class->dispose = tp_body_map_dispose;
	object_class->finalize = tp_body_map_finalize;
	widget_class->get_request_mode = tp_body_map_get_request_mode;
	widget_class->measure = tp_body_map_measure;
	widget_class->size_allocate = tp_body_map_size_allocate;
	widget_class->snapshot = tp_body_map_snapshot;
	gtk_widget_class_set_css_name(widget_class, "tp-body-map");
	gtk_widget_class_set_accessible_role(widget_class,
					     GTK_ACCESSIBLE_ROLE_GROUP);
}

static void tp_body_map_init(TpBodyMap *map)
{
	map->pins = g_array_new(FALSE, TRUE, sizeof(Pin));
}
