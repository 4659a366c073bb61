/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What tpctl learn found, and how far the proof went: as text for the
 * person, as JSON for scripts. Unexplained frames are always listed.
 */
#include <stdio.h>

#include "learn.h"

static const char *const tp_field_names[] = {
	[TP_FIELD_BYTE] = "one byte",
	[TP_FIELD_BE16] = "two bytes, big-endian",
	[TP_FIELD_NIBBLES] = "both nibbles of one byte",
	[TP_FIELD_DEC] = "ASCII decimal",
};

static const char *const tp_field_kinds[] = {
	[TP_FIELD_BYTE] = "byte",
	[TP_FIELD_BE16] = "be16",
	[TP_FIELD_NIBBLES] = "nibbles",
	[TP_FIELD_DEC] = "dec",
};

static void tp_print_shape(const TpLearnShape *shape)
{
	if (shape->kind == TP_FIELD_DEC) {
		printf("level frames: text, the level in %s\n",
		       tp_field_names[shape->kind]);
		return;
	}
	printf("level frames: %u bytes; level in byte %u (%s)",
	       shape->is_constant->len, shape->at, tp_field_names[shape->kind]);
	for (guint i = 0; i < shape->copies->len; i++) {
		const TpLearnCopy *c =
		    &g_array_index(shape->copies, TpLearnCopy, i);
		printf(", again in byte %u", c->at);
		if (c->delta)
			printf(" (%+d)", c->delta);
	}
	for (guint i = 0; i < shape->checksums->len; i++) {
		const TpLearnChecksum *c =
		    &g_array_index(shape->checksums, TpLearnChecksum, i);
		printf(", %s of bytes %u..%u in byte %u",
		       c->xor8 ? "xor8" : "sum8", c->from, c->to, c->at);
	}
	printf("\n");
}

static void tp_print_frames(const TpLearnResult *r)
{
	g_autofree char *frame = tp_learn_shape_template(r->shape);

	printf("levels: %u..%u (%s)", r->low, r->high,
	       r->levels ? "as --levels gives them" : "the field's values");
	if (r->shape->add)
		printf(", sent as the level + %d", r->shape->add);
	printf("\nFrame=%s\n", frame);
	if (r->stop) {
		g_autofree char *stop = tp_learn_bytes_template(r->stop);
		printf("Stop=%s (written right after a level %u time%s)\n",
		       stop, r->stop_seen, r->stop_seen == 1 ? "" : "s");
	} else {
		printf("Stop: none captured\n");
	}
	if (r->start) {
		g_autofree char *start = tp_learn_bytes_template(r->start);
		printf("Start=%s (before the first level of every run)\n",
		       start);
	}
	for (guint i = 0; i < r->init->len; i++) {
		g_autofree char *init =
		    tp_learn_bytes_template(r->init->pdata[i]);
		printf("Init=%s%s%s\n", init, r->init_uuid ? " to " : "",
		       r->init_uuid ? r->init_uuid : "");
	}
	if (r->keepalive_ms)
		printf("Keepalive=%u (%u resends)\n", r->keepalive_ms,
		       r->resends);
	else if (r->resends)
		printf("resends: %u, not at a steady period (no keep-alive)\n",
		       r->resends);
}

static void tp_print_unexplained(const TpLearnTrace *trace)
{
	for (guint i = 0; i < trace->writes->len; i++) {
		const TpLearnWrite *w = trace->writes->pdata[i];
		g_autofree char *hex = NULL;
		if (!tp_learn_write_counts(w) || w->reproduced)
			continue;
		hex = tp_learn_hex(w->value);
		printf("  not reproduced: #%u at %.3f s: %s\n", w->record,
		       w->time_us / 1e6, hex);
	}
}

void tp_learn_report_print(const TpLearnRun *run)
{
	const TpLearnTrace *t = run->trace;
	const TpLearnResult *r = &run->result;

	printf("%s: %s, %u records, sha256 %s\n", run->path, run->info->format,
	       run->info->records, run->sha256);
	printf("device: %s (%s), %u connection%s\n",
	       t->name ? t->name : "name not in the capture",
	       t->address ? t->address : "address not in the capture",
	       t->n_connections, t->n_connections == 1 ? "" : "s");
	printf("control: characteristic %s in service %s (handle 0x%04x)\n",
	       t->uuid ? t->uuid : "(not discovered)",
	       t->service ? t->service : "(not discovered)", t->handle);
	if (r->shape) {
		tp_print_shape(r->shape);
		if (!r->problem)
			tp_print_frames(r);
	} else {
		printf("level frames: none found (no shape explains the "
		       "control writes)\n");
	}
	printf("proof: the draft reproduces %u of %u captured control frames "
	       "byte for byte\n",
	       run->draft.reproduced, run->draft.frames);
	tp_print_unexplained(t);
	if (run->written)
		printf("wrote %s: experimental; try it with tpctl test-model "
		       "%s ADDRESS\n",
		       run->written, run->written);
	if (run->written && !t->name)
		printf("The capture holds no name of the device: Names= in %s "
		       "matches nothing until you put the advertised name "
		       "there (bluetoothctl devices shows it), or give "
		       "--name.\n",
		       run->written);
}

/* ---- JSON --------------------------------------------------------------- */

static void tp_insert_hex(GVariantDict *d, const char *key, GBytes *bytes)
{
	g_autofree char *hex = NULL;

	if (!bytes)
		return;
	hex = tp_learn_hex(bytes);
	g_variant_dict_insert(d, key, "s", hex);
}

static void tp_insert_string(GVariantDict *d, const char *key,
			     const char *value)
{
	if (value)
		g_variant_dict_insert(d, key, "s", value);
}

static GVariant *tp_level_variant(const TpLearnResult *r)
{
	const TpLearnShape *s = r->shape;
	GVariantBuilder copies;
	GVariantDict d;

	g_variant_builder_init(&copies, G_VARIANT_TYPE("au"));
	for (guint i = 0; s->copies && i < s->copies->len; i++)
		g_variant_builder_add(
		    &copies, "u", g_array_index(s->copies, TpLearnCopy, i).at);
	g_variant_dict_init(&d, NULL);
	g_variant_dict_insert(&d, "kind", "s", tp_field_kinds[s->kind]);
	if (s->kind != TP_FIELD_DEC)
		g_variant_dict_insert(&d, "at", "u", s->at);
	g_variant_dict_insert_value(&d, "copies",
				    g_variant_builder_end(&copies));
	g_variant_dict_insert(&d, "add", "i", s->add);
	g_variant_dict_insert(&d, "low", "u", r->low);
	g_variant_dict_insert(&d, "high", "u", r->high);
	return g_variant_dict_end(&d);
}

static GVariant *tp_checksums_variant(const TpLearnShape *s)
{
	GVariantBuilder b;

	g_variant_builder_init(&b, G_VARIANT_TYPE("aa{sv}"));
	for (guint i = 0; s->checksums && i < s->checksums->len; i++) {
		const TpLearnChecksum *c =
		    &g_array_index(s->checksums, TpLearnChecksum, i);
		GVariantDict d;
		g_variant_dict_init(&d, NULL);
		g_variant_dict_insert(&d, "kind", "s",
				      c->xor8 ? "xor8" : "sum8");
		g_variant_dict_insert(&d, "at", "u", c->at);
		g_variant_dict_insert(&d, "from", "u", c->from);
		g_variant_dict_insert(&d, "to", "u", c->to);
		g_variant_builder_add_value(&b, g_variant_dict_end(&d));
	}
	return g_variant_builder_end(&b);
}

static void tp_insert_frames(GVariantDict *d, const TpLearnResult *r)
{
	g_autofree char *frame = tp_learn_shape_template(r->shape);
	GVariantBuilder init;

	g_variant_dict_insert(d, "template", "s", frame);
	g_variant_dict_insert_value(d, "level", tp_level_variant(r));
	g_variant_dict_insert_value(d, "checksums",
				    tp_checksums_variant(r->shape));
	g_variant_dict_insert(d, "write", "s",
			      r->write_request ? "request" : "command");
	tp_insert_hex(d, "stop", r->stop);
	tp_insert_hex(d, "start", r->start);
	g_variant_builder_init(&init, G_VARIANT_TYPE("as"));
	for (guint i = 0; i < r->init->len; i++) {
		g_autofree char *hex = tp_learn_hex(r->init->pdata[i]);
		g_variant_builder_add(&init, "s", hex);
	}
	g_variant_dict_insert_value(d, "init", g_variant_builder_end(&init));
	tp_insert_string(d, "init-characteristic", r->init_uuid);
	if (r->init->len)
		g_variant_dict_insert(d, "init-write", "s",
				      r->init_request ? "request" : "command");
	if (r->keepalive_ms)
		g_variant_dict_insert(d, "keepalive-ms", "u", r->keepalive_ms);
}

static GVariant *tp_unexplained_variant(const TpLearnTrace *trace)
{
	GVariantBuilder b;

	g_variant_builder_init(&b, G_VARIANT_TYPE("aa{sv}"));
	for (guint i = 0; i < trace->writes->len; i++) {
		const TpLearnWrite *w = trace->writes->pdata[i];
		g_autofree char *hex = NULL;
		GVariantDict d;
		if (!tp_learn_write_counts(w) || w->reproduced)
			continue;
		hex = tp_learn_hex(w->value);
		g_variant_dict_init(&d, NULL);
		g_variant_dict_insert(&d, "record", "u", w->record);
		g_variant_dict_insert(&d, "time", "d", w->time_us / 1e6);
		g_variant_dict_insert(&d, "value", "s", hex);
		g_variant_builder_add_value(&b, g_variant_dict_end(&d));
	}
	return g_variant_builder_end(&b);
}

static GVariant *tp_characteristic_variant(const TpLearnTrace *t)
{
	GVariantDict d;

	g_variant_dict_init(&d, NULL);
	g_variant_dict_insert(&d, "handle", "q", t->handle);
	tp_insert_string(&d, "uuid", t->uuid);
	tp_insert_string(&d, "service", t->service);
	return g_variant_dict_end(&d);
}

GVariant *tp_learn_report_variant(const TpLearnRun *run)
{
	const TpLearnTrace *t = run->trace;
	GVariantDict d;

	g_variant_dict_init(&d, NULL);
	g_variant_dict_insert(&d, "capture", "s", run->path);
	g_variant_dict_insert(&d, "format", "s", run->info->format);
	g_variant_dict_insert(&d, "sha256", "s", run->sha256);
	tp_insert_string(&d, "name", t->name);
	tp_insert_string(&d, "address", t->address);
	g_variant_dict_insert(&d, "connections", "u", t->n_connections);
	g_variant_dict_insert_value(&d, "characteristic",
				    tp_characteristic_variant(t));
	if (run->result.shape && !run->result.problem)
		tp_insert_frames(&d, &run->result);
	g_variant_dict_insert(&d, "frames", "u", run->draft.frames);
	g_variant_dict_insert(&d, "reproduced", "u", run->draft.reproduced);
	g_variant_dict_insert_value(&d, "unexplained",
				    tp_unexplained_variant(t));
	tp_insert_string(&d, "model", run->written);
	tp_insert_string(&d, "problem",
			 run->result.problem ? run->result.problem
					     : run->why_not);
	return g_variant_ref_sink(g_variant_dict_end(&d));
}
