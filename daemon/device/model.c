/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "model.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "uuid.h"

#define TP_MODEL_GROUP	"Model"
#define TP_MATCH_GROUP	"Match"
#define TP_GATT_GROUP	"GATT"
#define TP_FRAME_GROUP	"Frame"
#define TP_NOTIFY_GROUP "Notify"

static const char *const tp_write_types[] = { "request", "command", NULL };

const char *const tp_tool_kinds[] = { "gun", "roller", "wand", NULL };

const char *const tp_model_evidence[] = { "tests", "code", "capture", NULL };

static const TpField tp_model_fields[] = {
	{ "Name", TP_FIELD_STRING, offsetof(TpModel, name), true },
	{ "Kind", TP_FIELD_ENUM, offsetof(TpModel, kind), true,
	  .choices = tp_tool_kinds },
	{ "Protocol", TP_FIELD_STRING, offsetof(TpModel, protocol), true },
	{ "Speed", TP_FIELD_RANGE, offsetof(TpModel, speed), false, 1, 20000 },
	{ "Levels", TP_FIELD_RANGE, offsetof(TpModel, levels), false, 1,
	  65535 },
	{ "MaxIntensity", TP_FIELD_UINT, offsetof(TpModel, max_intensity),
	  false, 1, 100 },
	{ "Experimental", TP_FIELD_BOOL, offsetof(TpModel, experimental),
	  true },
	{ "Simulated", TP_FIELD_BOOL, offsetof(TpModel, simulated) },
	{ "Evidence", TP_FIELD_ENUM, offsetof(TpModel, evidence), false,
	  .choices = tp_model_evidence },
	{ "Sources", TP_FIELD_STRV, offsetof(TpModel, sources), true },
	{ NULL },
};

static const TpField tp_match_fields[] = {
	{ "Names", TP_FIELD_STRV, offsetof(TpModel, names), true },
	{ "Services", TP_FIELD_STRV, offsetof(TpModel, services), true },
	{ "ManufacturerData", TP_FIELD_STRING, offsetof(TpModel, mfr_text) },
	{ NULL },
};

static const TpField tp_gatt_fields[] = {
	{ "Service", TP_FIELD_STRING, offsetof(TpModel, gatt_service), true },
	{ "Write", TP_FIELD_STRING, offsetof(TpModel, write_char), true },
	{ "Notify", TP_FIELD_STRING, offsetof(TpModel, notify_char) },
	{ "InitCharacteristic", TP_FIELD_STRING, offsetof(TpModel, init_char) },
	{ "FrameCharacteristic", TP_FIELD_STRING,
	  offsetof(TpModel, frame_char) },
	{ "StopCharacteristic", TP_FIELD_STRING, offsetof(TpModel, stop_char) },
	{ "StartCharacteristic", TP_FIELD_STRING,
	  offsetof(TpModel, start_char) },
	{ NULL },
};

static const TpField tp_frame_fields[] = {
	{ "Frame", TP_FIELD_STRING, offsetof(TpModel, frame_text), true },
	{ "Stop", TP_FIELD_STRING, offsetof(TpModel, stop_text), true },
	{ "Write", TP_FIELD_ENUM, offsetof(TpModel, params.write), true,
	  .choices = tp_write_types },
	{ "Init", TP_FIELD_STRING, offsetof(TpModel, init_text) },
	{ "Start", TP_FIELD_STRING, offsetof(TpModel, start_text) },
	{ "InitWrite", TP_FIELD_ENUM, offsetof(TpModel, params.init_write),
	  false, .choices = tp_write_types },
	/* Resends every 93 ms (mysteryvibe) to 3 s (Satisfyer) are known;
	 * faster would crowd out a stop, slower keeps nothing alive. */
	{ "Keepalive", TP_FIELD_UINT, offsetof(TpModel, keepalive_ms), false,
	  50, 60000 },
	{ NULL },
};

static const TpField tp_notify_fields[] = {
	{ "Prefix", TP_FIELD_STRING, offsetof(TpModel, notify_prefix), true },
	{ "Running", TP_FIELD_STRING, offsetof(TpModel, notify_running) },
	{ "Battery", TP_FIELD_UINT, offsetof(TpModel, notify_battery), false, 0,
	  TP_FRAME_MAX - 1 },
	{ "Level", TP_FIELD_UINT, offsetof(TpModel, notify_level), false, 0,
	  TP_FRAME_MAX - 1 },
	{ NULL },
};

void tp_model_free(TpModel *model)
{
	if (!model)
		return;
	tp_fields_clear(tp_model_fields, model);
	tp_fields_clear(tp_match_fields, model);
	tp_fields_clear(tp_gatt_fields, model);
	tp_fields_clear(tp_frame_fields, model);
	tp_fields_clear(tp_notify_fields, model);
	tp_frame_template_free(model->params.frame);
	tp_frame_template_free(model->params.stop);
	tp_frame_template_free(model->params.start);
	for (size_t i = 0; i < model->params.n_init; i++)
		tp_frame_template_free(model->params.init[i].frame);
	g_free(model->params.init);
	g_free(model->write_chars);
	g_free(model->id);
	g_free(model);
}

static bool tp_model_problem(TpDataFile *file, TpProblems *problems,
			     const char *group, const char *key,
			     const char *what)
{
	tp_data_file_problem(file, problems, group, key, "%s", what);
	return false;
}

/* Normalize one UUID field in place. */
static bool tp_model_uuid(TpDataFile *file, TpProblems *problems,
			  const char *group, const char *key, char **uuid)
{
	char normal[TP_UUID_LEN + 1];

	if (!*uuid)
		return true;
	if (g_str_equal(*uuid, TP_GATT_BY_FLAGS) &&
	    (g_str_equal(key, "Write") || g_str_equal(key, "Notify")))
		return true;
	if (!tp_uuid_normalize(*uuid, normal)) {
		tp_data_file_problem(file, problems, group, key,
				     "'%s' is not a UUID (e.g. ffe0 or "
				     "0000ffe0-0000-1000-8000-00805f9b34fb)",
				     *uuid);
		return false;
	}
	g_free(*uuid);
	*uuid = g_strdup(normal);
	return true;
}

/* Hex bytes, space-separated, into @out; their number, or -1. */
static int tp_model_hex_bytes(const char *text, uint8_t *out, size_t max)
{
	g_auto(GStrv) words = g_strsplit_set(text, " \t", -1);
	size_t n = 0;

	for (guint i = 0; words[i]; i++) {
		const char *w = words[i];
		if (!*w)
			continue;
		if (n == max || strlen(w) != 2 || !g_ascii_isxdigit(w[0]) ||
		    !g_ascii_isxdigit(w[1]))
			return -1;
		out[n++] = g_ascii_xdigit_value(w[0]) << 4 |
			   g_ascii_xdigit_value(w[1]);
	}
	return n;
}

/* "0x005D" or "0x005D 01 02": the company id as the Bluetooth SIG's
 * assigned numbers write it, and the bytes its data starts with (at most
 * what an advertisement can hold). */
static bool tp_model_parse_mfr(TpModel *m)
{
	const char *text = m->mfr_text + strspn(m->mfr_text, " \t");
	size_t len = strcspn(text, " \t");
	unsigned company = 0;
	int n;

	if (len != 6 || text[0] != '0' || text[1] != 'x')
		return false;
	for (size_t i = 2; i < len; i++) {
		if (!g_ascii_isxdigit(text[i]))
			return false;
		company = company << 4 | g_ascii_xdigit_value(text[i]);
	}
	n = tp_model_hex_bytes(text + len, m->mfr_prefix,
			       sizeof(m->mfr_prefix));
	if (n < 0)
		return false;
	m->has_mfr = true;
	m->mfr_company = company;
	m->mfr_prefix_len = n;
	return true;
}

static bool tp_model_check_match(TpDataFile *file, TpModel *m,
				 TpProblems *problems)
{
	bool ok = true;

	if (g_strv_length(m->names) == 0)
		ok = tp_model_problem(file, problems, TP_MATCH_GROUP, "Names",
				      "list at least one name pattern");
	if (g_strv_length(m->services) == 0)
		ok =
		    tp_model_problem(file, problems, TP_MATCH_GROUP, "Services",
				     "list at least one service UUID");
	for (guint i = 0; m->services && m->services[i]; i++)
		ok &= tp_model_uuid(file, problems, TP_MATCH_GROUP, "Services",
				    &m->services[i]);
	if (m->mfr_text && !tp_model_parse_mfr(m))
		ok = tp_model_problem(
		    file, problems, TP_MATCH_GROUP, "ManufacturerData",
		    "give the company id as 0x and four hex digits, then the "
		    "hex bytes its data starts with, if any (e.g. 0x005D or "
		    "0x005D 01 02)");
	ok &= tp_model_uuid(file, problems, TP_GATT_GROUP, "Service",
			    &m->gatt_service);
	ok &= tp_model_uuid(file, problems, TP_GATT_GROUP, "Write",
			    &m->write_char);
	ok &= tp_model_uuid(file, problems, TP_GATT_GROUP, "Notify",
			    &m->notify_char);
	ok &= tp_model_uuid(file, problems, TP_GATT_GROUP, "InitCharacteristic",
			    &m->init_char);
	ok &= tp_model_uuid(file, problems, TP_GATT_GROUP,
			    "FrameCharacteristic", &m->frame_char);
	ok &= tp_model_uuid(file, problems, TP_GATT_GROUP, "StopCharacteristic",
			    &m->stop_char);
	ok &= tp_model_uuid(file, problems, TP_GATT_GROUP,
			    "StartCharacteristic", &m->start_char);
	return ok;
}

/* The channel (index into write_chars) of @uuid, added when new. The
 * strings stay owned by their fields. */
static unsigned tp_model_channel(GPtrArray *chars, const char *uuid)
{
	for (guint i = 0; i < chars->len; i++)
		if (g_str_equal(chars->pdata[i], uuid))
			return i;
	g_ptr_array_add(chars, (char *)uuid);
	return chars->len - 1;
}

/* Each kind of frame goes to its own characteristic or to Write. */
static void tp_model_assign_channels(TpModel *m)
{
	GPtrArray *chars = g_ptr_array_new();
	TpProtocolParams *p = &m->params;

	g_ptr_array_add(chars, m->write_char);
	if (m->frame_char)
		p->frame_channel = tp_model_channel(chars, m->frame_char);
	if (m->stop_char)
		p->stop_channel = tp_model_channel(chars, m->stop_char);
	if (m->init_char)
		p->init_channel = tp_model_channel(chars, m->init_char);
	if (m->start_char)
		p->start_channel = tp_model_channel(chars, m->start_char);
	g_ptr_array_add(chars, NULL);
	m->write_chars = (char **)g_ptr_array_free(chars, FALSE);
}

/* Speed or Levels, not both: the one the protocol is driven by. */
static bool tp_model_check_range(TpDataFile *file, TpModel *m,
				 TpProblems *problems)
{
	bool has_speed = tp_data_file_line(file, TP_MODEL_GROUP, "Speed");
	bool has_levels = tp_data_file_line(file, TP_MODEL_GROUP, "Levels");
	const TpProtocol *p = tp_protocol_lookup(m->protocol);

	if (has_speed == has_levels)
		return tp_model_problem(file, problems, TP_MODEL_GROUP, NULL,
					"give either Speed (per minute) or "
					"Levels, not both");
	if (has_levels != p->levels) {
		tp_data_file_problem(file, problems, TP_MODEL_GROUP,
				     has_levels ? "Levels" : "Speed",
				     "protocol %s is driven by %s", p->name,
				     p->levels ? "Levels" : "Speed");
		return false;
	}
	m->discrete = has_levels;
	return true;
}

/* Parse a template and render every level it will be given (lengths and
 * checksums vary with {level:dec}), so that nothing fails at run time.
 * @high 0 is a stop or init frame, which sets no level. */
static TpFrameTemplate *tp_model_template(TpDataFile *file, const char *key,
					  const char *label, const char *text,
					  unsigned low, unsigned high,
					  TpProblems *problems)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TpFrameTemplate) t = tp_frame_template_parse(text, &error);
	const char *why = NULL;
	TpFrame frame;

	if (!t) {
		tp_data_file_problem(file, problems, TP_FRAME_GROUP, key,
				     "%s%s", label, error->message);
		return NULL;
	}
	if (high == 0 && tp_frame_template_has_level(t)) {
		tp_data_file_problem(file, problems, TP_FRAME_GROUP, key,
				     "%sa frame that sets no level takes no "
				     "{level} placeholder",
				     label);
		return NULL;
	}
	for (unsigned level = low; level <= high; level++) {
		if (tp_frame_template_render(t, level, frame.data, &frame.len,
					     &why))
			continue;
		tp_data_file_problem(file, problems, TP_FRAME_GROUP, key,
				     "%scannot render level %u: %s", label,
				     level, why);
		return NULL;
	}
	return g_steal_pointer(&t);
}

/* Split Init= at the ';' that are not inside quoted text. */
static GPtrArray *tp_model_split_init(const char *text)
{
	GPtrArray *items = g_ptr_array_new_with_free_func(g_free);
	const char *start = text;
	bool quoted = false;

	for (const char *p = text;; p++) {
		if (*p == '"')
			quoted = !quoted;
		if (*p && (*p != ';' || quoted))
			continue;
		g_ptr_array_add(items, g_strstrip(g_strndup(start, p - start)));
		if (!*p)
			break;
		start = p + 1;
	}
	return items;
}

/* "FRAME" or "FRAME wait=MS": the template, and the wait in @wait_ms. */
static bool tp_model_init_wait(char *item, unsigned *wait_ms, const char **why)
{
	char *last = strrchr(item, ' ');
	const char *arg = last ? last + 1 : item;
	guint64 ms;

	*wait_ms = 0;
	if (!g_str_has_prefix(arg, "wait="))
		return true;
	*why = "wait= takes milliseconds from 0 to 10000 and follows a frame";
	if (!last || !g_ascii_isdigit(arg[5]) ||
	    !g_ascii_string_to_unsigned(arg + 5, 10, 0, 10000, &ms, NULL))
		return false;
	*wait_ms = ms;
	*last = '\0';
	return true;
}

static bool tp_model_parse_init_item(TpDataFile *file, TpModel *m, char *item,
				     size_t n, TpProblems *problems)
{
	TpInitFrame *init = &m->params.init[n];
	const char *why = NULL;
	g_autofree char *label = g_strdup_printf("frame %zu: ", n + 1);

	if (!*item) {
		tp_data_file_problem(file, problems, TP_FRAME_GROUP, "Init",
				     "%san empty frame (two ';' in a row, or "
				     "one at an end)",
				     label);
		return false;
	}
	if (!tp_model_init_wait(item, &init->wait_ms, &why)) {
		tp_data_file_problem(file, problems, TP_FRAME_GROUP, "Init",
				     "%s%s", label, why);
		return false;
	}
	init->frame =
	    tp_model_template(file, "Init", label, item, 0, 0, problems);
	return init->frame != NULL;
}

/* Init=: frames written once after connecting, before the first stop. */
static bool tp_model_parse_init(TpDataFile *file, TpModel *m,
				TpProblems *problems)
{
	g_autoptr(GPtrArray) items = NULL;
	bool ok = true;

	if (!m->init_text)
		return true;
	items = tp_model_split_init(m->init_text);
	m->params.init = g_new0(TpInitFrame, items->len);
	m->params.n_init = items->len;
	for (guint i = 0; i < items->len; i++)
		ok &= tp_model_parse_init_item(file, m, items->pdata[i], i,
					       problems);
	return ok;
}

static bool tp_model_check_frames(TpDataFile *file, TpModel *m,
				  TpProblems *problems)
{
	bool has_frames = tp_data_file_line(file, TP_FRAME_GROUP, NULL);
	bool is_frame = g_str_equal(m->protocol, "frame");

	if (has_frames != is_frame)
		return tp_model_problem(file, problems, TP_MODEL_GROUP,
					"Protocol",
					is_frame ? "protocol frame needs a "
						   "[Frame] group"
						 : "only protocol frame takes "
						   "a [Frame] group");
	if (!is_frame)
		return true;
	if (!tp_data_file_parse_group(file, TP_FRAME_GROUP, tp_frame_fields, m,
				      problems))
		return false;
	if (!tp_data_file_line(file, TP_FRAME_GROUP, "InitWrite"))
		m->params.init_write = m->params.write;
	m->params.frame =
	    tp_model_template(file, "Frame", "", m->frame_text, m->levels.low,
			      m->levels.high, problems);
	m->params.stop =
	    tp_model_template(file, "Stop", "", m->stop_text, 0, 0, problems);
	if (m->start_text)
		m->params.start = tp_model_template(
		    file, "Start", "", m->start_text, 0, 0, problems);
	return m->params.frame && m->params.stop &&
	       (!m->start_text || m->params.start) &&
	       tp_model_parse_init(file, m, problems);
}

/* Running=B:VV: byte B (decimal) is hex VV while the motor runs. */
static bool tp_model_notify_running(TpModel *m, TpNotifyLayout *n)
{
	unsigned byte, value;
	char extra;

	if (sscanf(m->notify_running, "%u:%2x%c", &byte, &value, &extra) != 2 ||
	    byte >= TP_FRAME_MAX || !g_ascii_isdigit(m->notify_running[0]))
		return false;
	n->running_byte = byte;
	n->running_value = value;
	return true;
}

static int tp_model_notify_byte(TpDataFile *file, const char *key,
				unsigned value)
{
	return tp_data_file_line(file, TP_NOTIFY_GROUP, key) ? (int)value : -1;
}

/* [Notify]: how status notifications of a frame model are laid out. */
static bool tp_model_check_notify(TpDataFile *file, TpModel *m,
				  TpProblems *problems)
{
	TpNotifyLayout *n = &m->params.notify;
	int len;

	if (!tp_data_file_line(file, TP_NOTIFY_GROUP, NULL))
		return true;
	if (!g_str_equal(m->protocol, "frame") || !m->notify_char)
		return tp_model_problem(file, problems, TP_NOTIFY_GROUP, NULL,
					"only protocol frame with a [GATT] "
					"Notify characteristic takes a "
					"[Notify] group");
	if (!tp_data_file_parse_group(file, TP_NOTIFY_GROUP, tp_notify_fields,
				      m, problems))
		return false;
	len = tp_model_hex_bytes(m->notify_prefix, n->prefix, TP_FRAME_MAX);
	if (len <= 0)
		return tp_model_problem(
		    file, problems, TP_NOTIFY_GROUP, "Prefix",
		    "give the hex bytes status notifications start with");
	n->prefix_len = len;
	n->running_byte = -1;
	if (m->notify_running && !tp_model_notify_running(m, n))
		return tp_model_problem(
		    file, problems, TP_NOTIFY_GROUP, "Running",
		    "give the byte (0-31) and the hex value it has while the "
		    "motor runs, e.g. 2:01");
	n->battery_byte =
	    tp_model_notify_byte(file, "Battery", m->notify_battery);
	n->level_byte = tp_model_notify_byte(file, "Level", m->notify_level);
	n->min_len = n->prefix_len;
	n->min_len = MAX(n->min_len, (size_t)(n->running_byte + 1));
	n->min_len = MAX(n->min_len, (size_t)(n->battery_byte + 1));
	n->min_len = MAX(n->min_len, (size_t)(n->level_byte + 1));
	n->present = true;
	return true;
}

static bool tp_model_parse_groups(TpDataFile *file, TpModel *m,
				  TpProblems *problems)
{
	bool ok = tp_data_file_parse_group(file, TP_MODEL_GROUP,
					   tp_model_fields, m, problems);

	ok &= tp_data_file_parse_group(file, TP_MATCH_GROUP, tp_match_fields, m,
				       problems);
	ok &= tp_data_file_parse_group(file, TP_GATT_GROUP, tp_gatt_fields, m,
				       problems);
	return ok;
}

TpModel *tp_model_parse(TpDataFile *file, const char *id, TpProblems *problems)
{
	static const char *const groups[] = { TP_MODEL_GROUP,  TP_MATCH_GROUP,
					      TP_GATT_GROUP,   TP_FRAME_GROUP,
					      TP_NOTIFY_GROUP, NULL };
	static const char *const required[] = { TP_MODEL_GROUP, TP_MATCH_GROUP,
						TP_GATT_GROUP };
	g_autoptr(TpModel) m = g_new0(TpModel, 1);
	bool ok = tp_data_file_check_groups(file, groups, problems);

	for (size_t i = 0; i < G_N_ELEMENTS(required); i++)
		ok &= tp_data_file_require_group(file, required[i], problems);
	if (!ok)
		return NULL;
	m->id = g_strdup(id);
	m->params.model_id = m->id;
	m->max_intensity = 100;
	m->evidence = -1;
	if (!tp_model_parse_groups(file, m, problems))
		return NULL;
	if (!tp_protocol_lookup(m->protocol)) {
		tp_data_file_problem(file, problems, TP_MODEL_GROUP, "Protocol",
				     "unknown protocol '%s'; known: theragun, "
				     "frame",
				     m->protocol);
		return NULL;
	}
	if (g_strv_length(m->sources) == 0) {
		tp_model_problem(file, problems, TP_MODEL_GROUP, "Sources",
				 "list at least one source");
		return NULL;
	}
	if (!tp_model_check_range(file, m, problems) ||
	    !tp_model_check_match(file, m, problems) ||
	    !tp_model_check_frames(file, m, problems) ||
	    !tp_model_check_notify(file, m, problems))
		return NULL;
	tp_model_assign_channels(m);
	return g_steal_pointer(&m);
}

static TpFrameTemplate *tp_model_pack_template(const TpFrameTemplate *t,
					       TpPack *pack)
{
	return t ? tp_pack_copy(pack, t, tp_frame_template_size(t)) : NULL;
}

/* The templates, and the list of write characteristics, which points at
 * the model's own (packed) UUID strings. */
static void tp_model_pack_params(TpModel *m, const TpModel *model, TpPack *pack)
{
	TpProtocolParams *p = &m->params;
	g_autofree char **chars = NULL;

	p->model_id = m->id;
	p->frame = tp_model_pack_template(model->params.frame, pack);
	p->stop = tp_model_pack_template(model->params.stop, pack);
	p->start = tp_model_pack_template(model->params.start, pack);
	p->init = tp_pack_copy(pack, model->params.init,
			       p->n_init * sizeof(*p->init));
	for (size_t i = 0; i < p->n_init; i++)
		p->init[i].frame =
		    tp_model_pack_template(model->params.init[i].frame, pack);
	tp_model_assign_channels(m);
	chars = m->write_chars;
	m->write_chars = tp_pack_copy(
	    pack, chars, (g_strv_length(chars) + 1) * sizeof(*chars));
}

TpModel *tp_model_pack(const TpModel *model, TpPack *pack)
{
	const TpField *const tables[] = { tp_model_fields, tp_match_fields,
					  tp_gatt_fields, tp_frame_fields,
					  tp_notify_fields };
	TpModel *m = tp_pack_copy(pack, model, sizeof(*model));

	for (size_t i = 0; i < G_N_ELEMENTS(tables); i++)
		tp_pack_fields(pack, tables[i], m);
	m->id = tp_pack_str(pack, model->id);
	tp_model_pack_params(m, model, pack);
	return m;
}

const char *tp_model_kind(const TpModel *model)
{
	return tp_tool_kinds[model->kind];
}

const TpRange *tp_model_range(const TpModel *model)
{
	return model->discrete ? &model->levels : &model->speed;
}

unsigned tp_model_speed_for(const TpModel *model, unsigned intensity)
{
	const TpRange *r = tp_model_range(model);
	unsigned span = r->high - r->low;

	if (intensity == 0)
		return 0;
	intensity = MIN(intensity, 100u);
	/* 1 % is the bottom of the range, 100 % the top. */
	return r->low + (span * (intensity - 1) + 49) / 99;
}

static bool tp_model_mfr_matches(const TpModel *model, const TpAdvert *ad)
{
	gsize want_len = model->mfr_prefix_len, len;
	const guint8 *want = model->mfr_prefix;

	for (size_t i = 0; i < ad->n_mfr; i++) {
		const guint8 *data;
		if (ad->mfr[i].company != model->mfr_company)
			continue;
		if (want_len == 0)
			return true; /* any data of that company */
		data = g_bytes_get_data(ad->mfr[i].data, &len);
		if (len >= want_len && memcmp(data, want, want_len) == 0)
			return true;
	}
	return false;
}

bool tp_model_matches_advert(const TpModel *model, const TpAdvert *ad)
{
	bool named = false;

	/* A simulated device's frames never go over a radio. */
	if (model->simulated || !ad->name || !ad->uuids)
		return false;
	for (guint i = 0; model->names[i] && !named; i++)
		named = g_pattern_match_simple(model->names[i], ad->name);
	if (!named)
		return false;
	for (guint i = 0; model->services[i]; i++)
		if (!g_strv_contains(ad->uuids, model->services[i]))
			return false;
	return !model->has_mfr || tp_model_mfr_matches(model, ad);
}

bool tp_model_matches(const TpModel *model, const char *name,
		      const char *const *uuids)
{
	const TpAdvert ad = { name, uuids, NULL, 0 };

	return tp_model_matches_advert(model, &ad);
}
