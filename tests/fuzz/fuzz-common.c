/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "fuzz-common.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

void tp_fuzz_fail(const char *file, int line, const char *what)
{
	fprintf(stderr, "%s:%d: check failed: %s\n", file, line, what);
	abort();
}

static GLogWriterOutput tp_fuzz_log_writer(GLogLevelFlags level,
					   const GLogField *fields,
					   gsize n_fields, gpointer data)
{
	(void)data;
	if (!(level & (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR)))
		return G_LOG_WRITER_HANDLED;
	g_log_writer_standard_streams(level, fields, n_fields, NULL);
	abort();
}

/* Before libFuzzer's first input, in every target. */
__attribute__((constructor)) static void tp_fuzz_setup_logging(void)
{
	g_log_set_writer_func(tp_fuzz_log_writer, NULL, NULL);
}

bool tp_fuzz_parsed(const void *result, GPtrArray *problems)
{
	TP_FUZZ_CHECK(result != NULL || problems->len > 0);
	return result != NULL;
}

static int tp_fuzz_memfd(char *path, size_t path_size)
{
	int fd = memfd_create("tp-fuzz", MFD_CLOEXEC);

	if (fd < 0) {
		perror("memfd_create");
		abort();
	}
	snprintf(path, path_size, "/proc/self/fd/%d", fd);
	return fd;
}

const char *tp_fuzz_file(const uint8_t *data, size_t size)
{
	static char path[64];
	static int fd = -1;
	size_t done = 0;

	if (fd < 0)
		fd = tp_fuzz_memfd(path, sizeof(path));
	if (ftruncate(fd, 0) != 0)
		abort();
	while (done < size) {
		ssize_t n = pwrite(fd, data + done, size - done, (off_t)done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			abort();
		done += (size_t)n;
	}
	return path;
}

char *tp_fuzz_string(const uint8_t *data, size_t size)
{
	return g_strndup((const char *)data, size);
}
