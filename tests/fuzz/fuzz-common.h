/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Shared by the libFuzzer targets of this directory. */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The entry points libFuzzer calls, declared for -Wmissing-prototypes. */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * A broken promise of the code under test: print where and abort, so that
 * libFuzzer keeps the input as a crash. The check stays in every build
 * type (unlike assert()), and it is what makes a wrong result visible:
 * sanitizers only see memory and undefined behaviour.
 */
#define TP_FUZZ_CHECK(cond)                                      \
	do {                                                     \
		if (!(cond))                                     \
			tp_fuzz_fail(__FILE__, __LINE__, #cond); \
	} while (0)

G_NORETURN void tp_fuzz_fail(const char *file, int line, const char *what);

/*
 * tpd's log messages are dropped (they would only slow the fuzzer down),
 * but criticals abort: a g_return_if_fail() or g_critical() reached from
 * input means tpd broke a rule of its own or of GLib. fuzz-common.c sets
 * this up before the first input.
 */

/* What a parser returned, with its problems: NULL must come with at least
 * one (a reason for the log). True when there is something to use. */
bool tp_fuzz_parsed(const void *result, GPtrArray *problems);

/*
 * A path that reads back as @data, for loaders that take a file name:
 * a memfd, seen through /proc/self/fd. Nothing can be created next to
 * it, so code that rewrites the file fails at once instead of writing
 * to the disk. Valid until the next call.
 */
const char *tp_fuzz_file(const uint8_t *data, size_t size);

/* The input as a string: a copy up to its first NUL, NUL-terminated. */
char *tp_fuzz_string(const uint8_t *data, size_t size);
