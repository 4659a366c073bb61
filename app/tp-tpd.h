/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * tpd as the app sees it: whether io.tpd.Tpd1 is on the bus, its catalog
 * (zones, muscles, programs, read once each time tpd appears), its device
 * and session objects through org.freedesktop.DBus.ObjectManager, and
 * calls to it. Only tpd's public API, through GDBus.
 *
 * Signals:
 *   "presence" (): tpd appeared (catalog and objects loaded) or left
 *   "objects-changed" (): a device or session came, went or changed
 *   "session-finished" (const char *path, const char *reason)
 */
#define TP_TYPE_TPD (tp_tpd_get_type())
G_DECLARE_FINAL_TYPE(TpTpd, tp_tpd, TP, TPD, GObject)

#define TP_TPD_NAME	"io.tpd.Tpd1"
#define TP_TPD_PATH	"/io/tpd/Tpd1"
#define TP_TPD_MANAGER	"io.tpd.Tpd1.Manager"
#define TP_TPD_DEVICE	"io.tpd.Tpd1.Device"
#define TP_TPD_SESSION	"io.tpd.Tpd1.Session"
#define TP_TPD_ERROR(e) "io.tpd.Tpd1.Error." e

TpTpd *tp_tpd_new(GBusType bus_type);
gboolean tp_tpd_is_present(TpTpd *tpd);
const char *tp_tpd_get_version(TpTpd *tpd);

/* The catalog while tpd is present, else NULL: ListZones' zones (as),
 * ListMuscles (aa{sv}) and ListPrograms (aa{sv}). */
GVariant *tp_tpd_get_zones(TpTpd *tpd);
GVariant *tp_tpd_get_muscles(TpTpd *tpd);
GVariant *tp_tpd_get_programs(TpTpd *tpd);
/* One muscle's dictionary of ListMuscles (a new reference), or NULL. */
GVariant *tp_tpd_lookup_muscle(TpTpd *tpd, const char *id);

/* The proxies of every object with @interface, sorted by path (free the
 * list with g_list_free_full(l, g_object_unref)). */
GList *tp_tpd_list_proxies(TpTpd *tpd, const char *interface);
/* The proxy of @interface at @path, or NULL (a new reference). */
GDBusProxy *tp_tpd_get_proxy(TpTpd *tpd, const char *path,
			     const char *interface);

/* A method call to tpd; the reply's type checked against @reply_type.
 * Calls that may need polkit allow interactive authorization: the
 * desktop's agent may ask the person. */
void tp_tpd_call(TpTpd *tpd, const char *path, const char *interface,
		 const char *method, GVariant *args,
		 const GVariantType *reply_type, GCancellable *cancellable,
		 GAsyncReadyCallback callback, gpointer user_data);
GVariant *tp_tpd_call_finish(TpTpd *tpd, GAsyncResult *result, GError **error);
/* @error's message without the D-Bus error name GDBus puts before it
 * (g_free it). */
char *tp_tpd_error_text(const GError *error);
/* Whether @error is tpd's io.tpd.Tpd1.Error.@name. */
gboolean tp_tpd_error_is(const GError *error, const char *name);

/* Typed reads of a{sv} dictionaries and proxies' cached properties, with
 * a default when absent or of another type. */
const char *tp_dict_str(GVariant *dict, const char *key);
guint32 tp_dict_u32(GVariant *dict, const char *key, guint32 fallback);
const char *tp_proxy_str(GDBusProxy *proxy, const char *name);
guint32 tp_proxy_u32(GDBusProxy *proxy, const char *name);
gboolean tp_proxy_bool(GDBusProxy *proxy, const char *name);

G_END_DECLS
