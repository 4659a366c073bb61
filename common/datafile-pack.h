/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "datafile.h"

/*
 * Where parsed data that never changes again lives: the catalog's muscles,
 * programs and models. Parsing leaves a struct pointing to a dozen small
 * allocations (names, lists, each item of a list), each with malloc's
 * header and rounding, scattered among the parser's own garbage. Packed,
 * the same data sits back to back in a few large blocks, and is freed all
 * at once with the pack. Packed data is read-only and is never freed item
 * by item.
 */
typedef struct TpPack TpPack;

TpPack *tp_pack_new(void);
void tp_pack_free(TpPack *pack);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(TpPack, tp_pack_free)

/* A copy of @size bytes at @data in @pack (aligned for any type); NULL
 * for NULL @data. */
void *tp_pack_copy(TpPack *pack, const void *data, size_t size);
/* NULL stays NULL. */
char *tp_pack_str(TpPack *pack, const char *s);
char **tp_pack_strv(TpPack *pack, char *const *strv);
/* Replace every string and list @fields name in @base by a copy in
 * @pack; what they pointed to is left to its owner. */
void tp_pack_fields(TpPack *pack, const TpField *fields, void *base);

/* Bytes the pack holds, for logs and tests. */
size_t tp_pack_size(const TpPack *pack);
