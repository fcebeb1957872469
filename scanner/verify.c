/* verify.c: print-run verification. */
#include "verify.h"

#include <dirent.h>
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/buf.h"
#include "scanner/decode.h"
#include "scanner/image.h"
#include "trace/code/elements.h"
#include "trace/scan/resolve.h"

extern char **environ;

#define MAX_FILE_BYTES (64u << 20)

struct scan_verify {
	struct trace_batch batch;
	uint32_t from, to;
	uint16_t *seen; /* per index, saturating */
	uint64_t read, foreign;
	json_t *unreadable;
};

enum bt_err scan_verify_new(const struct trace_batch *b, uint32_t from,
			    uint32_t to, struct scan_verify **out)
{
	if (from >= to || to > b->count)
		return BT_EINVAL;
	struct scan_verify *v = calloc(1, sizeof(*v));
	if (v == NULL)
		return BT_ENOMEM;
	v->batch = *b;
	v->from = from;
	v->to = to;
	v->seen = calloc(to - from, sizeof(*v->seen));
	v->unreadable = json_array();
	if (v->seen == NULL) {
		scan_verify_free(v);
		return BT_ENOMEM;
	}
	*out = v;
	return BT_OK;
}

void scan_verify_free(struct scan_verify *v)
{
	if (v == NULL)
		return;
	free(v->seen);
	json_decref(v->unreadable);
	free(v);
}

static void count(struct scan_verify *v, const char *text)
{
	struct trace_dl dl;
	struct trace_resolution res;
	const char *reason;
	v->read++;
	if (trace_elements_parse(text, &dl, &reason) != BT_OK ||
	    trace_resolve_check_dl(&dl, &res, &reason) != BT_OK ||
	    res.code.batch != v->batch.id || res.code.index < v->from ||
	    res.code.index >= v->to) {
		v->foreign++;
		return;
	}
	uint16_t *s = &v->seen[res.code.index - v->from];
	if (*s < UINT16_MAX)
		(*s)++;
}

/* Decodes one image held in memory; name is for the report. */
static enum bt_err image(struct scan_verify *v, const char *name,
			 const void *data, size_t len)
{
	struct scan_gray g;
	const char *reason;
	enum bt_err err = scan_image_load(data, len, &g, &reason);
	if (err != BT_OK) {
		json_array_append_new(v->unreadable,
				      json_pack("{s:s, s:s}", "file", name,
						"reason", reason));
		return BT_OK;
	}
	struct scan_result r;
	err = scan_decode(&g, &r);
	scan_gray_free(&g);
	if (err != BT_OK)
		return err;
	if (r.n == 0)
		json_array_append_new(v->unreadable,
				      json_pack("{s:s, s:s}", "file", name,
						"reason",
						"no code could be read"));
	for (size_t i = 0; i < r.n; i++)
		count(v, r.sym[i].data);
	scan_result_free(&r);
	return BT_OK;
}

/* Runs a program (no shell) and waits; true if it exited 0. */
static bool run(char *const argv[])
{
	pid_t pid;
	if (posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ) != 0)
		return false;
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

static enum bt_err file_bytes(const char *path, struct bt_buf *b,
			      const char **reason)
{
	enum bt_err err = bt_read_file(path, MAX_FILE_BYTES, b);
	if (err != BT_OK)
		*reason = err == BT_ETOOBIG ? "the file is larger than 64 MiB"
					    : "the file cannot be read";
	return err;
}

/* Renders an SVG to PNG with rsvg-convert, then decodes it. */
static enum bt_err svg_file(struct scan_verify *v, const char *name,
			    const char *path, const char *tmpdir)
{
	char png[1100];
	snprintf(png, sizeof(png), "%s/svg.png", tmpdir);
	char *argv[] = {"rsvg-convert", "-w", "400",	    "-b", "white",
			"-o",		png,  (char *)path, NULL};
	if (!run(argv)) {
		json_array_append_new(v->unreadable,
				      json_pack("{s:s, s:s}", "file", name,
						"reason",
						"the SVG cannot be "
						"rendered"));
		return BT_OK;
	}
	struct bt_buf b = BT_BUF_INIT;
	const char *reason;
	enum bt_err err = file_bytes(png, &b, &reason);
	if (err == BT_OK)
		err = image(v, name, b.data, b.len);
	bt_buf_free(&b);
	unlink(png);
	return err;
}

static long octal(const char *s, size_t n)
{
	long v = 0;
	for (size_t i = 0; i < n && s[i] >= '0' && s[i] <= '7'; i++)
		v = v * 8 + (s[i] - '0');
	return v;
}

/* A ustar archive of PNG or SVG files, as `batch export` writes. */
static enum bt_err tar_file(struct scan_verify *v, const char *data, size_t len,
			    const char *tmpdir)
{
	size_t at = 0;
	enum bt_err err = BT_OK;
	while (err == BT_OK && at + 512 <= len && data[at] != '\0') {
		char name[101];
		memcpy(name, data + at, 100);
		name[100] = '\0';
		long size = octal(data + at + 124, 12);
		at += 512;
		if (size < 0 || (size_t)size > len - at)
			return BT_EINVAL;
		if (ends_with(name, ".svg")) {
			char path[1100];
			snprintf(path, sizeof(path), "%s/entry.svg", tmpdir);
			FILE *f = fopen(path, "wbe");
			if (f == NULL)
				return BT_EIO;
			fwrite(data + at, 1, (size_t)size, f);
			fclose(f);
			err = svg_file(v, name, path, tmpdir);
			unlink(path);
		} else {
			err = image(v, name, data + at, (size_t)size);
		}
		at += ((size_t)size + 511) / 512 * 512;
	}
	return err;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* PDF sheets: poppler renders each page (150 dpi, gray, no
 * anti-aliasing) and each page is decoded. */
static enum bt_err pdf_file(struct scan_verify *v, const char *path,
			    const char *tmpdir)
{
	char prefix[1100];
	snprintf(prefix, sizeof(prefix), "%s/page", tmpdir);
	char *argv[] = {"pdftoppm",   "-r",	   "150", "-aa",
			"no",	      "-aaVector", "no",  "-gray",
			(char *)path, prefix,	   NULL};
	if (!run(argv))
		return BT_EINVAL;
	DIR *d = opendir(tmpdir);
	if (d == NULL)
		return BT_EIO;
	size_t cap = 10000, n = 0;
	char **names = calloc(cap, sizeof(*names));
	struct dirent *e;
	while (names && (e = readdir(d)) != NULL && n < cap)
		if (strncmp(e->d_name, "page-", 5) == 0 &&
		    (names[n] = strdup(e->d_name)) != NULL)
			n++;
	closedir(d);
	if (names == NULL)
		return BT_ENOMEM;
	qsort(names, n, sizeof(*names), by_name);

	enum bt_err err = BT_OK;
	for (size_t i = 0; i < n; i++) {
		char page[1200];
		snprintf(page, sizeof(page), "%s/%s", tmpdir, names[i]);
		struct bt_buf b = BT_BUF_INIT;
		const char *reason;
		if (err == BT_OK && file_bytes(page, &b, &reason) == BT_OK) {
			char label[160];
			snprintf(label, sizeof(label), "%s page %zu", path,
				 i + 1);
			err = image(v, label, b.data, b.len);
		}
		bt_buf_free(&b);
		unlink(page);
		free(names[i]);
	}
	free(names);
	return err;
}

enum bt_err scan_verify_file(struct scan_verify *v, const char *path,
			     const char **reason)
{
	char tmpdir[] = "/tmp/bt-verify-XXXXXX";
	if (mkdtemp(tmpdir) == NULL) {
		*reason = "cannot make a temporary folder";
		return BT_EIO;
	}
	enum bt_err err;
	if (ends_with(path, ".pdf")) {
		err = pdf_file(v, path, tmpdir);
		if (err == BT_EINVAL)
			*reason = "poppler (pdftoppm) cannot render the PDF";
	} else if (ends_with(path, ".svg")) {
		err = svg_file(v, path, path, tmpdir);
	} else {
		struct bt_buf b = BT_BUF_INIT;
		err = file_bytes(path, &b, reason);
		if (err == BT_OK && ends_with(path, ".tar")) {
			err = tar_file(v, b.data, b.len, tmpdir);
			if (err == BT_EINVAL)
				*reason = "the tar archive is truncated";
		} else if (err == BT_OK) {
			err = image(v, path, b.data, b.len);
		}
		bt_buf_free(&b);
	}
	rmdir(tmpdir);
	return err;
}

json_t *scan_verify_report(const struct scan_verify *v)
{
	json_t *missing = json_array(), *twice = json_array();
	uint64_t nmissing = 0, ntwice = 0;
	for (uint32_t i = 0; i < v->to - v->from; i++) {
		if (v->seen[i] == 0 && nmissing++ < 20)
			json_array_append_new(missing,
					      json_integer(v->from + i));
		if (v->seen[i] > 1 && ntwice++ < 20)
			json_array_append_new(twice, json_integer(v->from + i));
	}
	return json_pack(
		"{s:I, s:I, s:I, s:o, s:I, s:o, s:I, s:O, s:b}", "expected",
		(json_int_t)(v->to - v->from), "read", (json_int_t)v->read,
		"missing", (json_int_t)nmissing, "missing_first", missing,
		"twice", (json_int_t)ntwice, "twice_first", twice, "foreign",
		(json_int_t)v->foreign, "unreadable", v->unreadable, "clean",
		nmissing == 0 && ntwice == 0 && v->foreign == 0 &&
			json_array_size(v->unreadable) == 0);
}
