/* buf.h: a growable byte buffer, always NUL-terminated when non-empty. */
#ifndef BT_BUF_H
#define BT_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "err.h"

struct bt_buf {
	char *data; /* NULL until the first append; owned by the buffer */
	size_t len;
	size_t cap;
};

#define BT_BUF_INIT                                                            \
	{                                                                      \
		NULL, 0, 0                                                     \
	}

/* Makes room for `extra` more bytes plus a terminator. */
enum bt_err bt_buf_reserve(struct bt_buf *b, size_t extra);
enum bt_err bt_buf_append(struct bt_buf *b, const void *data, size_t len);
enum bt_err bt_buf_puts(struct bt_buf *b, const char *s);
enum bt_err bt_buf_printf(struct bt_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Empties the buffer but keeps its memory. */
void bt_buf_clear(struct bt_buf *b);
/* Frees the memory; the buffer is empty and reusable afterwards. */
void bt_buf_free(struct bt_buf *b);
/* Hands the memory to the caller (free() it); the buffer is left empty.
 * Returns an allocated "" for an empty buffer, NULL on out of memory. */
char *bt_buf_steal(struct bt_buf *b);

/* snprintf for messages and element paths, where cutting the text at
 * size is acceptable: out is always terminated. */
void bt_fmt(char *out, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void bt_vfmt(char *out, size_t size, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

/* Copies at most size-1 bytes of src and terminates; returns strlen(src),
 * so a result >= size means truncation (like strlcpy). */
size_t bt_strlcpy(char *dst, const char *src, size_t size);

/* True if s is valid UTF-8 of min_chars..max_chars code points with no
 * control characters: what a name or label field accepts. */
bool bt_text_ok(const char *s, size_t min_chars, size_t max_chars);
/* Whether v (may be NULL: false) is one of values (NULL-ended). */
bool bt_one_of(const char *v, const char *const *values);
/* Phones: 5 to 20 digits, spaces and dashes allowed, and a leading +. */
bool bt_phone_ok(const char *p);
/* As bt_text_ok, also allowing line breaks and tabs: descriptions. */
bool bt_text_block_ok(const char *s, size_t min_chars, size_t max_chars);

/* Writes "a/b" into out; false (and out empty) if it does not fit. */
bool bt_path_join(char *out, size_t size, const char *a, const char *b);

/* The value of a hex digit, or -1. */
int bt_hex_digit(char c);

/* Percent-decodes s in place; false on a malformed escape or an escaped
 * NUL (s is then unspecified). */
bool bt_pct_decode(char *s);

/* Appends the contents of path to out. BT_ENOTFOUND if it does not exist,
 * BT_ETOOBIG past limit bytes, BT_EIO otherwise. out ends NUL-terminated
 * (and allocated) even for an empty file. */
enum bt_err bt_read_file(const char *path, size_t limit, struct bt_buf *out);
/* The same for an open stream (stdin, a pipe or socket), read to its end. */
enum bt_err bt_read_stream(FILE *f, size_t limit, struct bt_buf *out);

/* The first place needle occurs in the n bytes at hay, or NULL. */
const char *bt_memfind(const char *hay, size_t n, const char *needle);

/* Parses a decimal whole number in [min, max]; false otherwise. */
bool bt_parse_ll(const char *s, long long min, long long max, long long *out);

#endif
