/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "dbus-gvariant.h"

#include <string.h>

static GVariant *tp_basic_to_gvariant(DBusMessageIter *iter, int type)
{
	DBusBasicValue v;

	/* GVariant has no file descriptors, and reading one from libdbus
	 * would dup it: refused before it is read, or every Unix fd a client
	 * sent would stay open in tpd. */
	if (type == DBUS_TYPE_UNIX_FD)
		return NULL;
	dbus_message_iter_get_basic(iter, &v);
	switch (type) {
	case DBUS_TYPE_BYTE:
		return g_variant_new_byte(v.byt);
	case DBUS_TYPE_BOOLEAN:
		return g_variant_new_boolean(v.bool_val);
	case DBUS_TYPE_INT16:
		return g_variant_new_int16(v.i16);
	case DBUS_TYPE_UINT16:
		return g_variant_new_uint16(v.u16);
	case DBUS_TYPE_INT32:
		return g_variant_new_int32(v.i32);
	case DBUS_TYPE_UINT32:
		return g_variant_new_uint32(v.u32);
	case DBUS_TYPE_INT64:
		return g_variant_new_int64(v.i64);
	case DBUS_TYPE_UINT64:
		return g_variant_new_uint64(v.u64);
	case DBUS_TYPE_DOUBLE:
		return g_variant_new_double(v.dbl);
	/* libdbus has validated strings, paths and signatures already. */
	case DBUS_TYPE_STRING:
		return g_variant_new_string(v.str);
	case DBUS_TYPE_OBJECT_PATH:
		return g_variant_new_object_path(v.str);
	case DBUS_TYPE_SIGNATURE:
		return g_variant_new_signature(v.str);
	default:
		return NULL;
	}
}

static GVariant *tp_container_to_gvariant(DBusMessageIter *iter, int type)
{
	g_autofree char *sig = dbus_message_iter_get_signature(iter);
	DBusMessageIter sub;
	GVariantBuilder builder;

	dbus_message_iter_recurse(iter, &sub);
	if (type == DBUS_TYPE_VARIANT) {
		g_autoptr(GVariant) inner = tp_dbus_iter_get_gvariant(&sub);
		/* The new variant takes its own reference to @inner. */
		return inner ? g_variant_new_variant(inner) : NULL;
	}
	if (!g_variant_type_string_is_valid(sig))
		return NULL;
	g_variant_builder_init(&builder, G_VARIANT_TYPE(sig));
	while (dbus_message_iter_get_arg_type(&sub) != DBUS_TYPE_INVALID) {
		GVariant *child = tp_dbus_iter_get_gvariant(&sub);
		if (!child) {
			g_variant_builder_clear(&builder);
			return NULL;
		}
		g_variant_builder_add_value(&builder, child);
		g_variant_unref(child);
		dbus_message_iter_next(&sub);
	}
	return g_variant_builder_end(&builder);
}

GVariant *tp_dbus_iter_get_gvariant(DBusMessageIter *iter)
{
	int type = dbus_message_iter_get_arg_type(iter);
	GVariant *value;

	if (dbus_type_is_basic(type))
		value = tp_basic_to_gvariant(iter, type);
	else
		value = tp_container_to_gvariant(iter, type);
	return value ? g_variant_ref_sink(value) : NULL;
}

GVariant *tp_dbus_message_get_gvariant(DBusMessage *msg)
{
	DBusMessageIter iter;
	GVariantBuilder builder;

	g_variant_builder_init(&builder, G_VARIANT_TYPE_TUPLE);
	if (dbus_message_iter_init(msg, &iter)) {
		do {
			GVariant *child = tp_dbus_iter_get_gvariant(&iter);
			if (!child) {
				g_variant_builder_clear(&builder);
				return NULL;
			}
			g_variant_builder_add_value(&builder, child);
			g_variant_unref(child);
		} while (dbus_message_iter_next(&iter));
	}
	return g_variant_ref_sink(g_variant_builder_end(&builder));
}

static bool tp_append_basic(DBusMessageIter *iter, GVariant *value)
{
	DBusBasicValue v;
	int type = *g_variant_get_type_string(value);

	switch (type) {
	case 'y':
		v.byt = g_variant_get_byte(value);
		break;
	case 'b':
		v.bool_val = g_variant_get_boolean(value);
		break;
	case 'n':
		v.i16 = g_variant_get_int16(value);
		break;
	case 'q':
		v.u16 = g_variant_get_uint16(value);
		break;
	case 'i':
		v.i32 = g_variant_get_int32(value);
		break;
	case 'u':
		v.u32 = g_variant_get_uint32(value);
		break;
	case 'x':
		v.i64 = g_variant_get_int64(value);
		break;
	case 't':
		v.u64 = g_variant_get_uint64(value);
		break;
	case 'd':
		v.dbl = g_variant_get_double(value);
		break;
	case 's':
	case 'o':
	case 'g':
		v.str = (char *)g_variant_get_string(value, NULL);
		break;
	default:
		return false;
	}
	return dbus_message_iter_append_basic(iter, type, &v);
}

static bool tp_append_children(DBusMessageIter *sub, GVariant *value)
{
	GVariantIter it;
	GVariant *child;

	g_variant_iter_init(&it, value);
	while ((child = g_variant_iter_next_value(&it))) {
		bool ok = tp_dbus_iter_append_gvariant(sub, child);
		g_variant_unref(child);
		if (!ok)
			return false;
	}
	return true;
}

static bool tp_append_container(DBusMessageIter *iter, GVariant *value)
{
	const GVariantType *type = g_variant_get_type(value);
	g_autofree char *contained = NULL;
	DBusMessageIter sub;
	int dbus_type;

	if (g_variant_type_is_variant(type)) {
		g_autoptr(GVariant) inner = g_variant_get_variant(value);
		dbus_type = DBUS_TYPE_VARIANT;
		contained = g_strdup(g_variant_get_type_string(inner));
	} else if (g_variant_type_is_array(type)) {
		const GVariantType *elem = g_variant_type_element(type);
		dbus_type = DBUS_TYPE_ARRAY;
		contained = g_variant_type_dup_string(elem);
	} else if (g_variant_type_is_dict_entry(type)) {
		dbus_type = DBUS_TYPE_DICT_ENTRY;
	} else if (g_variant_type_is_tuple(type)) {
		dbus_type = DBUS_TYPE_STRUCT;
	} else {
		return false;
	}

	if (!dbus_message_iter_open_container(iter, dbus_type, contained, &sub))
		return false;
	if (!tp_append_children(&sub, value)) {
		dbus_message_iter_abandon_container(iter, &sub);
		return false;
	}
	return dbus_message_iter_close_container(iter, &sub);
}

bool tp_dbus_iter_append_gvariant(DBusMessageIter *iter, GVariant *value)
{
	bool ok;

	g_variant_ref_sink(value);
	if (g_variant_type_is_basic(g_variant_get_type(value)))
		ok = tp_append_basic(iter, value);
	else
		ok = tp_append_container(iter, value);
	g_variant_unref(value);
	return ok;
}

bool tp_dbus_message_append_gvariant(DBusMessage *msg, GVariant *args)
{
	DBusMessageIter iter;
	bool ok;

	g_variant_ref_sink(args);
	dbus_message_iter_init_append(msg, &iter);
	ok = tp_append_children(&iter, args);
	g_variant_unref(args);
	return ok;
}

bool tp_vardict_foreach(GVariant *dict, TpVardictEntryFunc one, void *data,
			GError **error)
{
	GVariantIter it;
	const char *key;
	GVariant *value;

	g_variant_iter_init(&it, dict);
	while (g_variant_iter_next(&it, "{&sv}", &key, &value)) {
		g_autoptr(GVariant) owned = value;
		if (!one(key, owned, data, error))
			return false;
	}
	return true;
}
