/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/*
 * Giving freed heap back. glibc keeps what is freed for reuse: it returns
 * only a free top of the heap, and only past 128 KiB, never the free pages
 * below something still in use. A daemon that idles for days after a peak
 * (start-up: the catalog parsed, every device published; a large reply
 * such as GetManagedObjects with many devices) would keep the peak
 * resident. Call this after one: once the default main context has
 * nothing else to do, every wholly free page of the heap goes back.
 * Calls until then are one; each costs some 10 µs when it runs, so not
 * after every message.
 */
void tp_memory_trim_soon(void);
