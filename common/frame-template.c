/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "frame-template.h"

#include <stdio.h>
#include <string.h>

#include "tp-error.h"

typedef enum {
	TP_TOKEN_BYTES,	       /* literal bytes (hex or quoted text) */
	TP_TOKEN_LEVEL,	       /* {level} */
	TP_TOKEN_LEVEL_BE16,   /* {level:be16} */
	TP_TOKEN_LEVEL_DEC,    /* {level:dec} */
	TP_TOKEN_LEVEL_NIBBLE, /* {level:nibbles} */
	TP_TOKEN_SUM8,	       /* {sum8:A..B} */
	TP_TOKEN_XOR8,	       /* {xor8:A..B} */
} TpTokenKind;

/* The most a {level+N} may add: any more would not fit even be16. */
#define TP_LEVEL_OFFSET_MAX 65535

typedef struct {
	guint8 kind;	    /* TpTokenKind */
	guint8 from, to;    /* TP_TOKEN_SUM8, TP_TOKEN_XOR8 */
	guint16 offset;	    /* level tokens: {level+N} puts level + N */
	guint32 start, len; /* TP_TOKEN_BYTES: where in the template's bytes */
} TpToken;

/*
 * One block without pointers: the tokens, then the literal bytes they
 * take, so that a template costs one allocation and copies with memcpy
 * (the catalog packs its models' templates). Consecutive literal tokens
 * are one: `0B FF 04` renders as the three bytes either way.
 */
struct TpFrameTemplate {
	guint32 n_tokens;
	guint32 n_bytes;
	TpToken tokens[];
};

static const guint8 *tp_template_bytes(const TpFrameTemplate *t)
{
	return (const guint8 *)(t->tokens + t->n_tokens);
}

void tp_frame_template_free(TpFrameTemplate *t)
{
	g_free(t);
}

size_t tp_frame_template_size(const TpFrameTemplate *t)
{
	return sizeof(*t) + t->n_tokens * sizeof(TpToken) + t->n_bytes;
}

/* ---- parsing ----------------------------------------------------------- */

static bool tp_parse_range(const char *arg, TpTokenKind kind, TpToken *tok)
{
	unsigned from, to;
	char extra;

	/* Digits and the dots only: sscanf would take "+1" or " 1". */
	if (strspn(arg, "0123456789.") != strlen(arg) ||
	    sscanf(arg, "%u..%u%c", &from, &to, &extra) != 2 || from > to ||
	    to >= TP_FRAME_MAX)
		return false;
	tok->kind = kind;
	tok->from = from;
	tok->to = to;
	return true;
}

/* "+N" after a level placeholder: the device counts from N. */
static bool tp_parse_offset(const char *arg, TpToken *tok)
{
	guint64 n;

	if (!*arg)
		return true;
	if (arg[0] != '+' || !g_ascii_isdigit(arg[1]) ||
	    !g_ascii_string_to_unsigned(arg + 1, 10, 1, TP_LEVEL_OFFSET_MAX, &n,
					NULL))
		return false;
	tok->offset = n;
	return true;
}

static bool tp_parse_placeholder(const char *name, TpToken *tok)
{
	static const struct {
		const char *name;
		TpTokenKind kind;
	} levels[] = {
		{ "level", TP_TOKEN_LEVEL },
		{ "level:be16", TP_TOKEN_LEVEL_BE16 },
		{ "level:dec", TP_TOKEN_LEVEL_DEC },
		{ "level:nibbles", TP_TOKEN_LEVEL_NIBBLE },
	};

	size_t base = strcspn(name, "+");

	for (size_t i = 0; i < G_N_ELEMENTS(levels); i++) {
		if (strlen(levels[i].name) == base &&
		    strncmp(name, levels[i].name, base) == 0) {
			tok->kind = levels[i].kind;
			return tp_parse_offset(name + base, tok);
		}
	}
	if (g_str_has_prefix(name, "sum8:"))
		return tp_parse_range(name + strlen("sum8:"), TP_TOKEN_SUM8,
				      tok);
	return g_str_has_prefix(name, "xor8:") &&
	       tp_parse_range(name + strlen("xor8:"), TP_TOKEN_XOR8, tok);
}

/* One token at *p; advances past it. Literal bytes are appended to
 * @bytes, and @tok says where. */
static bool tp_parse_token(const char **p, TpToken *tok, GByteArray *bytes,
			   GError **error)
{
	const char *s = *p;
	const char *end;

	*tok = (TpToken){ .kind = TP_TOKEN_BYTES, .start = bytes->len };
	if (*s == '"') {
		end = strchr(s + 1, '"');
		if (!end || end == s + 1)
			goto bad;
		tok->len = end - s - 1;
		g_byte_array_append(bytes, (const guint8 *)s + 1, tok->len);
		*p = end + 1;
		return true;
	}
	if (*s == '{') {
		end = strchr(s, '}');
		g_autofree char *name =
		    end ? g_strndup(s + 1, end - s - 1) : NULL;
		if (!name || !tp_parse_placeholder(name, tok))
			goto bad;
		*p = end + 1;
		return true;
	}
	if (g_ascii_isxdigit(s[0]) && g_ascii_isxdigit(s[1]) &&
	    (s[2] == '\0' || g_ascii_isspace(s[2]))) {
		guint8 b = g_ascii_xdigit_value(s[0]) << 4 |
			   g_ascii_xdigit_value(s[1]);
		tok->len = 1;
		g_byte_array_append(bytes, &b, 1);
		*p = s + 2;
		return true;
	}
bad:
	end = s;
	while (*end && !g_ascii_isspace(*end))
		end++;
	g_set_error(error, TP_ERROR, TP_ERROR_INVALID,
		    "'%.*s' is not a hex byte, a \"quoted text\" or one of "
		    "{level}, {level:be16}, {level:dec}, {level:nibbles} "
		    "(each may add +N), {sum8:A..B}, {xor8:A..B}",
		    (int)(end - s), s);
	return false;
}

/* Append @tok, or grow the literal token before it by @tok's bytes. */
static void tp_add_token(GArray *tokens, const TpToken *tok)
{
	TpToken *last = tokens->len
			    ? &g_array_index(tokens, TpToken, tokens->len - 1)
			    : NULL;

	if (last && last->kind == TP_TOKEN_BYTES &&
	    tok->kind == TP_TOKEN_BYTES) {
		last->len += tok->len;
		return;
	}
	g_array_append_val(tokens, *tok);
}

static TpFrameTemplate *tp_template_new(GArray *tokens, GByteArray *bytes)
{
	size_t tokens_size = tokens->len * sizeof(TpToken);
	TpFrameTemplate *t = g_malloc(sizeof(*t) + tokens_size + bytes->len);

	t->n_tokens = tokens->len;
	t->n_bytes = bytes->len;
	memcpy(t->tokens, tokens->data, tokens_size);
	/* A template of levels and checksums only has no bytes (and
	 * bytes->data is NULL then). */
	if (bytes->len > 0)
		memcpy(t->tokens + t->n_tokens, bytes->data, bytes->len);
	return t;
}

TpFrameTemplate *tp_frame_template_parse(const char *text, GError **error)
{
	g_autoptr(GArray) tokens = g_array_new(FALSE, FALSE, sizeof(TpToken));
	g_autoptr(GByteArray) bytes = g_byte_array_new();
	const char *p = text;

	for (;;) {
		while (g_ascii_isspace(*p))
			p++;
		if (!*p)
			break;
		TpToken tok;
		if (!tp_parse_token(&p, &tok, bytes, error))
			return NULL;
		tp_add_token(tokens, &tok);
		if (*p && !g_ascii_isspace(*p)) {
			g_set_error(error, TP_ERROR, TP_ERROR_INVALID,
				    "tokens must be separated by spaces at "
				    "'%s'",
				    p);
			return NULL;
		}
	}
	if (tokens->len == 0) {
		g_set_error_literal(error, TP_ERROR, TP_ERROR_INVALID,
				    "an empty frame");
		return NULL;
	}
	return tp_template_new(tokens, bytes);
}

bool tp_frame_template_has_level(const TpFrameTemplate *t)
{
	for (guint i = 0; i < t->n_tokens; i++) {
		TpTokenKind kind = t->tokens[i].kind;
		if (kind != TP_TOKEN_BYTES && kind != TP_TOKEN_SUM8 &&
		    kind != TP_TOKEN_XOR8)
			return true;
	}
	return false;
}

/* ---- rendering --------------------------------------------------------- */

/* The frame being rendered. */
typedef struct {
	uint8_t *data; /* TP_FRAME_MAX bytes */
	size_t len;
} TpRendering;

static bool tp_put(TpRendering *out, const void *data, size_t n)
{
	if (out->len + n > TP_FRAME_MAX)
		return false;
	memcpy(out->data + out->len, data, n);
	out->len += n;
	return true;
}

static bool tp_render_level(const TpToken *tok, unsigned level,
			    TpRendering *out, const char **why)
{
	char digits[16];
	guint8 b[2];
	size_t n = 1;

	level += tok->offset;
	switch (tok->kind) {
	case TP_TOKEN_LEVEL:
		*why = "level above 255 for {level}";
		if (level > 0xFF)
			return false;
		b[0] = level;
		break;
	case TP_TOKEN_LEVEL_BE16:
		*why = "level above 65535 for {level:be16}";
		if (level > 0xFFFF)
			return false;
		b[0] = level >> 8;
		b[1] = level & 0xFF;
		n = 2;
		break;
	case TP_TOKEN_LEVEL_NIBBLE:
		*why = "level above 15 for {level:nibbles}";
		if (level > 0xF)
			return false;
		b[0] = (guint8)(level << 4 | level);
		break;
	default:
		snprintf(digits, sizeof(digits), "%u", level);
		*why = "frame longer than the limit";
		return tp_put(out, digits, strlen(digits));
	}
	*why = "frame longer than the limit";
	return tp_put(out, b, n);
}

/* Bytes from..to of @out, added modulo 256 or XORed. */
static guint8 tp_checksum(const TpToken *tok, const TpRendering *out)
{
	guint8 sum = 0;

	for (unsigned b = tok->from; b <= tok->to; b++) {
		if (tok->kind == TP_TOKEN_SUM8)
			sum += out->data[b];
		else
			sum ^= out->data[b];
	}
	return sum;
}

bool tp_frame_template_render(const TpFrameTemplate *t, unsigned level,
			      uint8_t *data, size_t *len, const char **why)
{
	TpRendering rendering = { data, 0 };
	TpRendering *out = &rendering;
	/* Checksums cover bytes placed anywhere in the frame: fill them in
	 * once everything else is there. */
	size_t sums[TP_FRAME_MAX];
	const TpToken *sum_tokens[TP_FRAME_MAX];
	size_t n_sums = 0;

	for (guint i = 0; i < t->n_tokens; i++) {
		const TpToken *tok = &t->tokens[i];
		guint8 zero = 0;
		switch (tok->kind) {
		case TP_TOKEN_BYTES:
			*why = "frame longer than the limit";
			if (!tp_put(out, tp_template_bytes(t) + tok->start,
				    tok->len))
				return false;
			break;
		case TP_TOKEN_SUM8:
		case TP_TOKEN_XOR8:
			/* The byte first: a frame full of sums ends here,
			 * before the tables below overflow. */
			*why = "frame longer than the limit";
			if (!tp_put(out, &zero, 1))
				return false;
			sums[n_sums] = out->len - 1;
			sum_tokens[n_sums++] = tok;
			break;
		default:
			if (!tp_render_level(tok, level, out, why))
				return false;
		}
	}
	for (size_t i = 0; i < n_sums; i++) {
		const TpToken *tok = sum_tokens[i];
		if (tok->to >= out->len ||
		    (sums[i] >= tok->from && sums[i] <= tok->to)) {
			*why = tok->kind == TP_TOKEN_SUM8
				   ? "{sum8:A..B} covers bytes outside the "
				     "frame or itself"
				   : "{xor8:A..B} covers bytes outside the "
				     "frame or itself";
			return false;
		}
		out->data[sums[i]] = tp_checksum(tok, out);
	}
	*len = out->len;
	return true;
}
