/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "datafile-pack.h"

#include <stdalign.h>
#include <stddef.h>
#include <string.h>

/* A block is one malloc: large enough that its header and malloc's are
 * lost in it, small enough that the last one's unused end costs little.
 * Anything over a quarter of a block gets a block of its own. */
#define TP_PACK_BLOCK 8192
#define TP_PACK_LARGE (TP_PACK_BLOCK / 4)

typedef struct TpPackBlock {
	struct TpPackBlock *next;
	size_t size; /* of data */
	max_align_t data[];
} TpPackBlock;

struct TpPack {
	TpPackBlock *blocks; /* the one being filled first */
	size_t used;	     /* bytes of it handed out */
	size_t total;	     /* bytes handed out, all blocks */
};

TpPack *tp_pack_new(void)
{
	return g_new0(TpPack, 1);
}

void tp_pack_free(TpPack *pack)
{
	if (!pack)
		return;
	while (pack->blocks) {
		TpPackBlock *next = pack->blocks->next;
		g_free(pack->blocks);
		pack->blocks = next;
	}
	g_free(pack);
}

static TpPackBlock *tp_pack_block_new(size_t size)
{
	TpPackBlock *b = g_malloc(sizeof(*b) + size);

	b->next = NULL;
	b->size = size;
	return b;
}

/* A large item gets its own block, behind the one being filled, whose
 * free end stays in use. */
static void *tp_pack_large(TpPack *pack, size_t size)
{
	TpPackBlock *b = tp_pack_block_new(size);

	if (pack->blocks) {
		b->next = pack->blocks->next;
		pack->blocks->next = b;
	} else {
		pack->blocks = b;
		pack->used = size;
	}
	return b->data;
}

static void *tp_pack_alloc(TpPack *pack, size_t size, size_t align)
{
	TpPackBlock *b = pack->blocks;
	size_t at = (pack->used + align - 1) & ~(align - 1);

	pack->total += size;
	if (size > TP_PACK_LARGE)
		return tp_pack_large(pack, size);
	if (!b || at + size > b->size) {
		b = tp_pack_block_new(TP_PACK_BLOCK - sizeof(*b));
		b->next = pack->blocks;
		pack->blocks = b;
		at = 0;
	}
	pack->used = at + size;
	return (char *)b->data + at;
}

void *tp_pack_copy(TpPack *pack, const void *data, size_t size)
{
	if (!data)
		return NULL;
	return memcpy(tp_pack_alloc(pack, size, alignof(max_align_t)), data,
		      size);
}

char *tp_pack_str(TpPack *pack, const char *s)
{
	size_t size = s ? strlen(s) + 1 : 0;

	/* Text needs no alignment: strings sit back to back. */
	return s ? memcpy(tp_pack_alloc(pack, size, 1), s, size) : NULL;
}

char **tp_pack_strv(TpPack *pack, char *const *strv)
{
	guint n = strv ? g_strv_length((char **)strv) : 0;
	char **copy;

	if (!strv)
		return NULL;
	copy = tp_pack_alloc(pack, (n + 1) * sizeof(char *), alignof(char *));
	for (guint i = 0; i < n; i++)
		copy[i] = tp_pack_str(pack, strv[i]);
	copy[n] = NULL;
	return copy;
}

void tp_pack_fields(TpPack *pack, const TpField *fields, void *base)
{
	for (const TpField *f = fields; f->key; f++) {
		void *slot = (char *)base + f->offset;
		if (f->type == TP_FIELD_STRING)
			*(char **)slot = tp_pack_str(pack, *(char **)slot);
		else if (f->type == TP_FIELD_STRV)
			*(char ***)slot = tp_pack_strv(pack, *(char ***)slot);
	}
}

size_t tp_pack_size(const TpPack *pack)
{
	return pack->total;
}
