/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The BlueZ GATT link: Device1.Connect, wait for ServicesResolved, find the
 * characteristics of its GATT layout by UUID, StartNotify, and WriteValue with
 * the write type of each frame (type=request or type=command).
 */
#include "bluez-link.h"

#include <errno.h>
#include <string.h>

#include "device/uuid.h"
#include "write-value.h"

#define TP_CONNECT_TIMEOUT_MS 30000 /* BlueZ gives up on LE about then */
#define TP_RESOLVE_TIMEOUT_MS 20000 /* ServicesResolved after Connected */
/* Services resolved but a characteristic of the model missing: how long
 * more objects under the device may still come. Right after pairing,
 * bluetoothd 5.66 may say ServicesResolved before it has exported the
 * characteristics it found anew over the encrypted link (seen in
 * tools/e2e-system); a device that lacks one is given up after this. */
#define TP_MISSING_GRACE_MS   3000
#define TP_NOTIFY_TIMEOUT_MS  10000
#define TP_WRITE_TIMEOUT_MS   5000
#define TP_READ_TIMEOUT_MS    5000

/* Standard GATT battery level (Battery Service 0x180F). */
#define TP_BATTERY_SERVICE "0000180f-0000-1000-8000-00805f9b34fb"
#define TP_BATTERY_LEVEL   "00002a19-0000-1000-8000-00805f9b34fb"

typedef enum {
	TP_LINK_DOWN,
	TP_LINK_CONNECTING, /* Device1.Connect in flight */
	TP_LINK_RESOLVING,  /* waiting for ServicesResolved */
	TP_LINK_SUBSCRIBING,
	TP_LINK_UP,
} TpLinkState;

typedef struct TpBluezLink TpBluezLink;

typedef struct {
	TpBluezLink *link;
	TpDbusCall *call;
	TpLinkWriteDone done;
	void *user_data;
} TpBzWrite;

struct TpBluezLink {
	TpLink base;
	TpBluez *bz;
	char *device;
	TpGattLayout layout;
	TpLinkState state;
	TpDbusCall *call; /* Connect, StartNotify or the battery read */
	guint resolve_timeout_id;
	bool in_grace;	     /* resolved, waiting for what is missing */
	const char *missing; /* the first of it */
	char **write_paths;  /* one per layout.writes, once resolved */
	char *notify_path;
	GQueue writes; /* TpBzWrite* in flight */
	TpWriteValues *write_values;
};

static const TpBzDevice *tp_link_device(TpBluezLink *l)
{
	const TpBzObject *o = tp_bluez_lookup(l->bz, l->device);

	return o && o->kind == TP_BZ_DEVICE ? (const TpBzDevice *)o : NULL;
}

static const TpLinkListener *tp_link_listener(TpBluezLink *l)
{
	return l->base.listener;
}

static void tp_link_fail_writes(TpBluezLink *l)
{
	TpBzWrite *w;

	while ((w = g_queue_pop_head(&l->writes))) {
		tp_dbus_call_cancel(w->call);
		w->done(-ENOTCONN, w->user_data);
		g_free(w);
	}
}

/* The link is gone (or never came up): tell the massager once. */
static void tp_link_down(TpBluezLink *l, int error)
{
	const TpLinkListener *listener = tp_link_listener(l);

	if (l->state == TP_LINK_DOWN)
		return;
	l->state = TP_LINK_DOWN;
	tp_dbus_call_cancel(l->call);
	l->call = NULL;
	g_clear_handle_id(&l->resolve_timeout_id, g_source_remove);
	l->in_grace = false;
	g_clear_pointer(&l->write_paths, g_strfreev);
	g_clear_pointer(&l->notify_path, g_free);
	tp_link_fail_writes(l);
	if (listener && listener->disconnected)
		listener->disconnected(error, l->base.listener_data);
}

static void tp_link_report_battery(TpBluezLink *l, int percent)
{
	const TpLinkListener *listener = tp_link_listener(l);

	if (listener && listener->battery)
		listener->battery(percent, l->base.listener_data);
}

/* ---- coming up --------------------------------------------------------- */

static void tp_link_up(TpBluezLink *l)
{
	const TpLinkListener *listener = tp_link_listener(l);
	const TpBzDevice *d = tp_link_device(l);

	l->state = TP_LINK_UP;
	if (listener && listener->connected)
		listener->connected(l->base.listener_data);
	if (l->state == TP_LINK_UP && d && d->battery >= 0)
		tp_link_report_battery(l, d->battery);
}

static void tp_link_battery_read(const char *error, const char *message,
				 GVariant *reply, void *data)
{
	TpBluezLink *l = data;
	g_autoptr(GVariant) value = NULL;

	l->call = NULL;
	if (error) {
		g_debug("%s: cannot read the battery level: %s", l->device,
			message);
		return;
	}
	if (!g_variant_is_of_type(reply, G_VARIANT_TYPE("(ay)"))) {
		g_debug("%s: the battery level came as type %s; ignored",
			l->device, g_variant_get_type_string(reply));
		return;
	}
	value = g_variant_get_child_value(reply, 0);
	if (g_variant_n_children(value) == 1) {
		guint8 pct;
		g_variant_get_child(value, 0, "y", &pct);
		tp_link_report_battery(l, pct);
	}
}

/* Battery1 is reported as it changes; without it, the standard battery
 * level characteristic is read once. */
static void tp_link_read_battery(TpBluezLink *l)
{
	const TpBzDevice *d = tp_link_device(l);
	const TpBzCharacteristic *c;

	if (!d || d->battery >= 0)
		return;
	c = tp_bluez_find_characteristic(l->bz, l->device, TP_BATTERY_SERVICE,
					 TP_BATTERY_LEVEL);
	if (c)
		l->call = tp_bluez_call(
		    l->bz, c->base.path, BLUEZ_GATT_CHARACTERISTIC, "ReadValue",
		    g_variant_new("(a{sv})", NULL), TP_READ_TIMEOUT_MS,
		    tp_link_battery_read, l);
}

static void tp_link_notify_started(const char *error, const char *message,
				   GVariant *reply, void *data)
{
	TpBluezLink *l = data;

	l->call = NULL;
	if (error) {
		g_warning("%s: cannot subscribe to notifications: %s (%s)",
			  l->device, message, error);
		tp_link_down(l, -EIO);
		return;
	}
	tp_link_up(l);
	if (l->state == TP_LINK_UP)
		tp_link_read_battery(l);
}

/* @uuid of the layout's service, or for TP_GATT_BY_FLAGS the one
 * characteristic there with one of @flags. */
static const TpBzCharacteristic *tp_link_find(TpBluezLink *l, const char *uuid,
					      const char *const *flags)
{
	const TpGattLayout *m = &l->layout;

	if (g_str_equal(uuid, TP_GATT_BY_FLAGS))
		return tp_bluez_find_characteristic_by_flags(l->bz, l->device,
							     m->service, flags);
	return tp_bluez_find_characteristic(l->bz, l->device, m->service, uuid);
}

static const char *const tp_write_flags[] = { "write", "write-without-response",
					      NULL };
static const char *const tp_notify_flags[] = { "notify", "indicate", NULL };

/* The object paths of the characteristics written to; NULL, naming the
 * missing one in @missing, unless all are there. */
static char **tp_link_find_writes(TpBluezLink *l, const char **missing)
{
	const TpGattLayout *m = &l->layout;
	guint n = g_strv_length((char **)m->writes);
	g_auto(GStrv) paths = g_new0(char *, n + 1);

	for (guint i = 0; i < n; i++) {
		const TpBzCharacteristic *c =
		    tp_link_find(l, m->writes[i], tp_write_flags);
		if (!c) {
			*missing = m->writes[i];
			return NULL;
		}
		paths[i] = g_strdup(c->base.path);
	}
	return g_steal_pointer(&paths);
}

static void tp_link_missing(TpBluezLink *l)
{
	const TpGattLayout *m = &l->layout;
	const char *missing = l->missing;

	if (g_str_equal(missing, TP_GATT_BY_FLAGS))
		missing = l->write_paths ? "that alone notifies"
					 : "that alone can be written";
	g_warning("%s: no characteristic %s in service %s, as model %s "
		  "expects; not driving it",
		  l->device, missing, m->service, m->model_id);
	tp_link_down(l, -ENODEV);
}

static gboolean tp_link_grace_over(gpointer data)
{
	TpBluezLink *l = data;

	l->resolve_timeout_id = 0;
	tp_link_missing(l);
	return G_SOURCE_REMOVE;
}

/* Services are resolved: find what the model writes to and hears from.
 * What is missing may still come (TP_MISSING_GRACE_MS): BlueZ tells of
 * each object added under the device. */
static void tp_link_resolve(TpBluezLink *l)
{
	const TpGattLayout *m = &l->layout;
	const TpBzCharacteristic *n = NULL;

	g_clear_pointer(&l->write_paths, g_strfreev);
	l->missing = m->notify;
	l->write_paths = tp_link_find_writes(l, &l->missing);
	if (m->notify)
		n = tp_link_find(l, m->notify, tp_notify_flags);
	if (!l->write_paths || (m->notify && !n)) {
		if (!l->in_grace) {
			g_clear_handle_id(&l->resolve_timeout_id,
					  g_source_remove);
			l->in_grace = true;
			l->resolve_timeout_id = g_timeout_add(
			    TP_MISSING_GRACE_MS, tp_link_grace_over, l);
		}
		return;
	}
	g_clear_handle_id(&l->resolve_timeout_id, g_source_remove);
	l->in_grace = false;
	if (!n) {
		tp_link_up(l);
		if (l->state == TP_LINK_UP)
			tp_link_read_battery(l);
		return;
	}
	l->notify_path = g_strdup(n->base.path);
	l->state = TP_LINK_SUBSCRIBING;
	l->call = tp_bluez_call(l->bz, n->base.path, BLUEZ_GATT_CHARACTERISTIC,
				"StartNotify", NULL, TP_NOTIFY_TIMEOUT_MS,
				tp_link_notify_started, l);
}

static gboolean tp_link_resolve_timeout(gpointer data)
{
	TpBluezLink *l = data;

	l->resolve_timeout_id = 0;
	g_warning("%s: services were not resolved within %d s", l->device,
		  TP_RESOLVE_TIMEOUT_MS / 1000);
	tp_link_down(l, -ETIMEDOUT);
	return G_SOURCE_REMOVE;
}

static void tp_link_wait_resolved(TpBluezLink *l)
{
	const TpBzDevice *d = tp_link_device(l);

	l->state = TP_LINK_RESOLVING;
	if (d && d->connected && d->services_resolved) {
		tp_link_resolve(l);
		return;
	}
	l->resolve_timeout_id =
	    g_timeout_add(TP_RESOLVE_TIMEOUT_MS, tp_link_resolve_timeout, l);
}

static int tp_link_errno(const char *error)
{
	if (!error)
		return 0;
	if (strcmp(error, DBUS_ERROR_NO_REPLY) == 0)
		return -ETIMEDOUT;
	if (strcmp(error, "org.bluez.Error.NotConnected") == 0)
		return -ENOTCONN;
	if (strcmp(error, "org.bluez.Error.InProgress") == 0)
		return -EBUSY;
	if (strcmp(error, "org.bluez.Error.NotPermitted") == 0 ||
	    strcmp(error, "org.bluez.Error.NotAuthorized") == 0)
		return -EPERM;
	return -EIO;
}

static void tp_link_connect_done(const char *error, const char *message,
				 GVariant *reply, void *data)
{
	TpBluezLink *l = data;

	l->call = NULL;
	/* Already connected, or connecting for someone else: either way
	 * ServicesResolved will tell. */
	if (error && strcmp(error, "org.bluez.Error.AlreadyConnected") != 0 &&
	    strcmp(error, "org.bluez.Error.InProgress") != 0) {
		g_info("%s: connecting failed: %s (%s)", l->device, message,
		       error);
		tp_link_down(l, strcmp(error, DBUS_ERROR_NO_REPLY) == 0
				    ? -ETIMEDOUT
				    : -EHOSTDOWN);
		return;
	}
	tp_link_wait_resolved(l);
}

/* ---- link operations --------------------------------------------------- */

static int tp_link_connect(TpLink *link)
{
	TpBluezLink *l = (TpBluezLink *)link;
	const TpBzDevice *d = tp_link_device(l);

	if (l->state != TP_LINK_DOWN)
		return 0;
	if (!d)
		return -ENODEV;
	l->state = TP_LINK_CONNECTING;
	l->call = tp_bluez_call(l->bz, l->device, BLUEZ_DEVICE, "Connect", NULL,
				TP_CONNECT_TIMEOUT_MS, tp_link_connect_done, l);
	return 0;
}

static void tp_link_disconnect_done(const char *error, const char *message,
				    GVariant *reply, void *data)
{
	if (error)
		g_debug("%s: Disconnect: %s (%s)", (char *)data, message,
			error);
}

static void tp_link_disconnect(TpLink *link)
{
	TpBluezLink *l = (TpBluezLink *)link;

	if (l->state == TP_LINK_DOWN)
		return;
	/* Nobody waits for the answer, and tpd may exit before it. */
	tp_bluez_call_full(l->bz, l->device, BLUEZ_DEVICE, "Disconnect", NULL,
			   TP_CONNECT_TIMEOUT_MS, tp_link_disconnect_done,
			   g_strdup(l->device), g_free);
	tp_link_down(l, 0);
}

static void tp_link_write_done(const char *error, const char *message,
			       GVariant *reply, void *data)
{
	TpBzWrite *w = data;
	TpBluezLink *l = w->link;
	const TpBzDevice *d = tp_link_device(l);
	int err = tp_link_errno(error);

	g_queue_remove(&l->writes, w);
	/* NotConnected from a device BlueZ still shows connected is a failed
	 * write, not the link going down: no disconnect would follow. */
	if (err == -ENOTCONN && d && d->connected)
		err = -EIO;
	if (error)
		g_debug("%s: WriteValue: %s (%s)", l->device, message, error);
	w->done(err, w->user_data);
	g_free(w);
}

static int tp_link_write(TpLink *link, const TpFrame *frame,
			 TpLinkWriteDone done, void *user_data)
{
	TpBluezLink *l = (TpBluezLink *)link;
	TpBzWrite *w;

	if (l->state != TP_LINK_UP)
		return -ENOTCONN;
	/* Channels come from the model the layout was made from. */
	g_return_val_if_fail(frame->channel < g_strv_length(l->write_paths),
			     -EINVAL);
	w = g_new0(TpBzWrite, 1);
	*w = (TpBzWrite){ l, NULL, done, user_data };
	g_queue_push_tail(&l->writes, w);
	w->call = tp_bluez_call_message(
	    l->bz,
	    tp_write_values_call(l->write_values,
				 l->write_paths[frame->channel], frame),
	    TP_WRITE_TIMEOUT_MS, tp_link_write_done, w);
	return 0;
}

/* ---- what BlueZ reports ------------------------------------------------ */

static void tp_link_device_event(TpBluezLink *l, const TpBzEvent *ev)
{
	const TpBzDevice *d = (const TpBzDevice *)ev->object;

	if (ev->type == TP_BZ_REMOVED) {
		tp_link_down(l, -ENODEV);
		return;
	}
	if ((ev->changes & TP_BZ_CHANGED_CONNECTED) && !d->connected)
		tp_link_down(l, -ECONNRESET);
	else if ((ev->changes & TP_BZ_CHANGED_RESOLVED) &&
		 d->services_resolved && l->state == TP_LINK_RESOLVING)
		tp_link_resolve(l);
	if ((ev->changes & TP_BZ_CHANGED_BATTERY) && l->state == TP_LINK_UP)
		tp_link_report_battery(l, d->battery);
}

static void tp_link_bluez_event(TpBluez *bz, const TpBzEvent *ev, void *data)
{
	TpBluezLink *l = data;
	const TpLinkListener *listener = tp_link_listener(l);
	(void)bz;

	if (!ev->object)
		return;
	if (strcmp(ev->object->path, l->device) == 0) {
		tp_link_device_event(l, ev);
	} else if (l->in_grace && ev->type == TP_BZ_ADDED &&
		   g_str_has_prefix(ev->object->path, l->device) &&
		   ev->object->path[strlen(l->device)] == '/') {
		/* One of the device's objects, late: maybe the one missing. */
		tp_link_resolve(l);
	} else if (l->notify_path &&
		   strcmp(ev->object->path, l->notify_path) == 0 &&
		   ev->type == TP_BZ_CHANGED &&
		   (ev->changes & TP_BZ_CHANGED_VALUE) &&
		   l->state == TP_LINK_UP && listener &&
		   listener->notification) {
		const TpBzCharacteristic *c =
		    (const TpBzCharacteristic *)ev->object;
		gsize len;
		const uint8_t *bytes = g_bytes_get_data(c->value, &len);
		listener->notification(bytes, len, l->base.listener_data);
	}
}

static void tp_link_free(TpLink *link)
{
	TpBluezLink *l = (TpBluezLink *)link;
	TpBzWrite *w;

	tp_bluez_remove_listener(l->bz, tp_link_bluez_event, l);
	tp_dbus_call_cancel(l->call);
	g_clear_handle_id(&l->resolve_timeout_id, g_source_remove);
	/* Freed with its owner: nobody is left to call back. */
	while ((w = g_queue_pop_head(&l->writes))) {
		tp_dbus_call_cancel(w->call);
		g_free(w);
	}
	g_strfreev(l->write_paths);
	tp_write_values_free(l->write_values);
	g_free(l->notify_path);
	g_free(l->device);
	g_free(l);
}

static const TpLinkOps tp_bluez_link_ops = {
	.connect = tp_link_connect,
	.disconnect = tp_link_disconnect,
	.write = tp_link_write,
	.free = tp_link_free,
};

TpLink *tp_bluez_link_new(TpBluez *bz, const char *device,
			  const TpGattLayout *layout)
{
	TpBluezLink *l = g_new0(TpBluezLink, 1);

	l->base.ops = &tp_bluez_link_ops;
	l->bz = bz;
	l->device = g_strdup(device);
	l->layout = *layout;
	g_queue_init(&l->writes);
	l->write_values = tp_write_values_new();
	tp_bluez_add_listener(bz, tp_link_bluez_event, l);
	return &l->base;
}
