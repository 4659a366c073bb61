/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "bluez-objects.h"

#include <string.h>

static const char *const tp_bz_interfaces[] = {
	[TP_BZ_ADAPTER] = BLUEZ_ADAPTER,
	[TP_BZ_DEVICE] = BLUEZ_DEVICE,
	[TP_BZ_SERVICE] = BLUEZ_GATT_SERVICE,
	[TP_BZ_CHARACTERISTIC] = BLUEZ_GATT_CHARACTERISTIC,
};

const char *tp_bz_kind_interface(TpBzKind kind)
{
	return tp_bz_interfaces[kind];
}

TpBzObject *tp_bz_object_new(const char *iface, const char *path)
{
	static const size_t sizes[] = {
		[TP_BZ_ADAPTER] = sizeof(TpBzAdapter),
		[TP_BZ_DEVICE] = sizeof(TpBzDevice),
		[TP_BZ_SERVICE] = sizeof(TpBzService),
		[TP_BZ_CHARACTERISTIC] = sizeof(TpBzCharacteristic),
	};

	for (size_t k = 0; k < G_N_ELEMENTS(tp_bz_interfaces); k++) {
		if (strcmp(iface, tp_bz_interfaces[k]) != 0)
			continue;
		TpBzObject *o = g_malloc0(sizes[k]);
		o->kind = (TpBzKind)k;
		o->path = g_strdup(path);
		if (o->kind == TP_BZ_DEVICE) {
			((TpBzDevice *)o)->battery = -1;
			((TpBzDevice *)o)->battery_level = -1;
		}
		return o;
	}
	return NULL;
}

void tp_bz_object_free(TpBzObject *o)
{
	if (!o)
		return;
	switch (o->kind) {
	case TP_BZ_ADAPTER:
		g_free(((TpBzAdapter *)o)->address);
		break;
	case TP_BZ_DEVICE: {
		TpBzDevice *d = (TpBzDevice *)o;
		g_free(d->adapter);
		g_free(d->address);
		g_free(d->name);
		g_strfreev(d->uuids);
		g_clear_pointer(&d->mfr, g_array_unref);
		break;
	}
	case TP_BZ_SERVICE:
		g_free(((TpBzService *)o)->device);
		g_free(((TpBzService *)o)->uuid);
		break;
	case TP_BZ_CHARACTERISTIC: {
		TpBzCharacteristic *c = (TpBzCharacteristic *)o;
		g_free(c->service);
		g_free(c->uuid);
		g_strfreev(c->flags);
		if (c->value)
			g_bytes_unref(c->value);
		break;
	}
	}
	g_free(o->path);
	g_free(o);
}

/* ---- typed setters: each returns whether the field changed ------------ */

static bool tp_set_bool(bool *field, GVariant *props, const char *key)
{
	gboolean v;

	if (!g_variant_lookup(props, key, "b", &v) || *field == (bool)v)
		return false;
	*field = v;
	return true;
}

/* @type is "&s" or "&o"; UUIDs are folded to lower case to compare. */
static bool tp_set_string(char **field, GVariant *props, const char *key,
			  const char *type, bool lower)
{
	const char *v;
	g_autofree char *folded = NULL;

	if (!g_variant_lookup(props, key, type, &v))
		return false;
	if (lower)
		v = folded = g_ascii_strdown(v, -1);
	if (g_strcmp0(*field, v) == 0)
		return false;
	g_free(*field);
	*field = g_strdup(v);
	return true;
}

static bool tp_set_strv(char ***field, GVariant *props, const char *key,
			bool lower)
{
	g_autofree const char **v = NULL;
	char **copy;

	if (!g_variant_lookup(props, key, "^a&s", &v))
		return false;
	copy = g_new0(char *, g_strv_length((char **)v) + 1);
	for (guint i = 0; v[i]; i++)
		copy[i] = lower ? g_ascii_strdown(v[i], -1) : g_strdup(v[i]);
	if (*field && g_strv_equal((const char *const *)*field,
				   (const char *const *)copy)) {
		g_strfreev(copy);
		return false;
	}
	g_strfreev(*field);
	*field = copy;
	return true;
}

static void tp_mfr_clear(gpointer data)
{
	g_bytes_unref(((TpMfrData *)data)->data);
}

static bool tp_mfr_equal(const GArray *a, const GArray *b)
{
	if (!a || a->len != b->len)
		return false;
	for (guint i = 0; i < a->len; i++) {
		const TpMfrData *x = &g_array_index(a, TpMfrData, i);
		const TpMfrData *y = &g_array_index(b, TpMfrData, i);
		if (x->company != y->company ||
		    !g_bytes_equal(x->data, y->data))
			return false;
	}
	return true;
}

/* ManufacturerData, a{qv} with each value an ay. */
static bool tp_set_mfr(GArray **field, GVariant *props)
{
	g_autoptr(GVariant) dict =
	    g_variant_lookup_value(props, "ManufacturerData", NULL);
	g_autoptr(GArray) mfr = NULL;
	GVariantIter iter;
	GVariant *value;
	guint16 company;

	if (!dict || !g_variant_is_of_type(dict, G_VARIANT_TYPE("a{qv}")))
		return false;
	mfr = g_array_new(FALSE, FALSE, sizeof(TpMfrData));
	g_array_set_clear_func(mfr, tp_mfr_clear);
	g_variant_iter_init(&iter, dict);
	while (g_variant_iter_next(&iter, "{qv}", &company, &value)) {
		if (g_variant_is_of_type(value, G_VARIANT_TYPE_BYTESTRING)) {
			TpMfrData d = { company,
					g_variant_get_data_as_bytes(value) };
			g_array_append_val(mfr, d);
		}
		g_variant_unref(value);
	}
	if (tp_mfr_equal(*field, mfr))
		return false;
	g_clear_pointer(field, g_array_unref);
	*field = g_steal_pointer(&mfr);
	return true;
}

/* ---- per kind ---------------------------------------------------------- */

static unsigned tp_update_adapter(TpBzAdapter *a, GVariant *props)
{
	unsigned changes = 0;

	tp_set_string(&a->address, props, "Address", "&s", false);
	if (tp_set_bool(&a->powered, props, "Powered"))
		changes |= TP_BZ_CHANGED_POWERED;
	if (tp_set_bool(&a->discovering, props, "Discovering"))
		changes |= TP_BZ_CHANGED_DISCOVERING;
	return changes;
}

static unsigned tp_update_device(TpBzDevice *d, GVariant *props)
{
	unsigned changes = 0;
	const char *alias;

	tp_set_string(&d->adapter, props, "Adapter", "&o", false);
	tp_set_string(&d->address, props, "Address", "&s", false);
	if (tp_set_string(&d->name, props, "Name", "&s", false))
		changes |= TP_BZ_CHANGED_NAME;
	/* Alias stands in for a device that advertises no Name. */
	if (!d->name && g_variant_lookup(props, "Alias", "&s", &alias)) {
		d->name = g_strdup(alias);
		changes |= TP_BZ_CHANGED_NAME;
	}
	if (tp_set_strv(&d->uuids, props, "UUIDs", true))
		changes |= TP_BZ_CHANGED_UUIDS;
	if (tp_set_mfr(&d->mfr, props))
		changes |= TP_BZ_CHANGED_MFR;
	if (tp_set_bool(&d->paired, props, "Paired"))
		changes |= TP_BZ_CHANGED_PAIRED;
	if (tp_set_bool(&d->connected, props, "Connected"))
		changes |= TP_BZ_CHANGED_CONNECTED;
	if (tp_set_bool(&d->services_resolved, props, "ServicesResolved"))
		changes |= TP_BZ_CHANGED_RESOLVED;
	/* Resolved services mean a link, whether or not Connected said so:
	 * bluetoothd 5.66 does not announce Connected for an LE link it
	 * opened itself, and its going (Connected false) must be a change. */
	if (d->services_resolved && !d->connected) {
		d->connected = true;
		changes |= TP_BZ_CHANGED_CONNECTED;
	}
	return changes;
}

/* Source comes with the interface (it never changes); Percentage also
 * alone, in PropertiesChanged. */
static unsigned tp_update_battery(TpBzDevice *d, GVariant *props)
{
	const int before = d->battery;
	const char *source;
	guint8 pct;

	if (g_variant_lookup(props, "Source", "&s", &source))
		d->battery_is_tpds = strcmp(source, TP_BATTERY_SOURCE) == 0;
	if (g_variant_lookup(props, "Percentage", "y", &pct))
		d->battery_level = pct;
	d->battery = d->battery_is_tpds ? -1 : d->battery_level;
	return d->battery != before ? TP_BZ_CHANGED_BATTERY : 0;
}

static unsigned tp_update_characteristic(TpBzCharacteristic *c, GVariant *props)
{
	g_autoptr(GVariant) value = NULL;
	unsigned changes = 0;

	tp_set_string(&c->service, props, "Service", "&o", false);
	tp_set_string(&c->uuid, props, "UUID", "&s", true);
	tp_set_strv(&c->flags, props, "Flags", false);
	if (tp_set_bool(&c->notifying, props, "Notifying"))
		changes |= TP_BZ_CHANGED_NOTIFYING;
	value =
	    g_variant_lookup_value(props, "Value", G_VARIANT_TYPE_BYTESTRING);
	if (value)
		changes |= tp_bz_characteristic_set_value(
		    c, g_variant_get_data(value), g_variant_get_size(value));
	return changes;
}

unsigned tp_bz_characteristic_set_value(TpBzCharacteristic *c, const void *data,
					size_t len)
{
	if (c->value)
		g_bytes_unref(c->value);
	c->value = g_bytes_new(data, len);
	/* Every Value announced is a notification, even a repeated one. */
	return TP_BZ_CHANGED_VALUE;
}

unsigned tp_bz_object_update(TpBzObject *o, const char *iface, GVariant *props)
{
	if (o->kind == TP_BZ_DEVICE && strcmp(iface, BLUEZ_BATTERY) == 0)
		return tp_update_battery((TpBzDevice *)o, props);
	if (strcmp(iface, tp_bz_kind_interface(o->kind)) != 0)
		return 0;
	switch (o->kind) {
	case TP_BZ_ADAPTER:
		return tp_update_adapter((TpBzAdapter *)o, props);
	case TP_BZ_DEVICE:
		return tp_update_device((TpBzDevice *)o, props);
	case TP_BZ_SERVICE:
		tp_set_string(&((TpBzService *)o)->device, props, "Device",
			      "&o", false);
		tp_set_string(&((TpBzService *)o)->uuid, props, "UUID", "&s",
			      true);
		return 0;
	case TP_BZ_CHARACTERISTIC:
		return tp_update_characteristic((TpBzCharacteristic *)o, props);
	}
	return 0;
}

unsigned tp_bz_object_forget(TpBzObject *o, const char *iface)
{
	TpBzDevice *d = (TpBzDevice *)o;
	int before;

	/* Only Battery1 comes and goes on an object that stays. */
	if (o->kind != TP_BZ_DEVICE || strcmp(iface, BLUEZ_BATTERY) != 0)
		return 0;
	before = d->battery;
	d->battery = -1;
	d->battery_level = -1;
	d->battery_is_tpds = false;
	return before >= 0 ? TP_BZ_CHANGED_BATTERY : 0;
}
