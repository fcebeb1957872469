/* buf.c: growable byte buffer and small string helpers. */
#include "buf.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum bt_err bt_buf_reserve(struct bt_buf *b, size_t extra)
{
	if (extra > SIZE_MAX / 2 - b->len)
		return BT_ENOMEM;
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return BT_OK;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	char *p = realloc(b->data, cap);
	if (p == NULL)
		return BT_ENOMEM;
	b->data = p;
	b->cap = cap;
	return BT_OK;
}

enum bt_err bt_buf_append(struct bt_buf *b, const void *data, size_t len)
{
	enum bt_err err = bt_buf_reserve(b, len);
	if (err != BT_OK)
		return err;
	if (len > 0)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
	return BT_OK;
}

enum bt_err bt_buf_puts(struct bt_buf *b, const char *s)
{
	return bt_buf_append(b, s, strlen(s));
}

enum bt_err bt_buf_printf(struct bt_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char small[256];
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return BT_EINTERNAL;
	if ((size_t)n < sizeof(small))
		return bt_buf_append(b, small, (size_t)n);
	enum bt_err err = bt_buf_reserve(b, (size_t)n);
	if (err != BT_OK)
		return err;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return BT_OK;
}

void bt_vfmt(char *out, size_t size, const char *fmt, va_list ap)
{
	if (size == 0)
		return;
	if (vsnprintf(out, size, fmt, ap) < 0)
		out[0] = '\0';
}

void bt_fmt(char *out, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	bt_vfmt(out, size, fmt, ap);
	va_end(ap);
}

void bt_buf_clear(struct bt_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void bt_buf_free(struct bt_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}

char *bt_buf_steal(struct bt_buf *b)
{
	char *p = b->data;
	if (p == NULL)
		p = calloc(1, 1);
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	return p;
}

size_t bt_strlcpy(char *dst, const char *src, size_t size)
{
	size_t n = strlen(src);
	if (size > 0) {
		size_t c = n < size - 1 ? n : size - 1;
		memcpy(dst, src, c);
		dst[c] = '\0';
	}
	return n;
}

static bool text_ok(const char *s, size_t min_chars, size_t max_chars,
		    bool lines);

bool bt_text_ok(const char *s, size_t min_chars, size_t max_chars)
{
	return text_ok(s, min_chars, max_chars, false);
}

bool bt_text_block_ok(const char *s, size_t min_chars, size_t max_chars)
{
	return text_ok(s, min_chars, max_chars, true);
}

static bool text_ok(const char *s, size_t min_chars, size_t max_chars,
		    bool lines)
{
	if (s == NULL)
		return false;
	size_t chars = 0;
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		unsigned c = *p;
		int extra;
		unsigned cp;
		if (c < 0x80) {
			if ((c < 0x20 || c == 0x7f) &&
			    !(lines && (c == '\n' || c == '\r' || c == '\t')))
				return false;
			extra = 0;
			cp = c;
		} else if ((c & 0xe0) == 0xc0) {
			extra = 1;
			cp = c & 0x1f;
		} else if ((c & 0xf0) == 0xe0) {
			extra = 2;
			cp = c & 0x0f;
		} else if ((c & 0xf8) == 0xf0) {
			extra = 3;
			cp = c & 0x07;
		} else {
			return false;
		}
		p++;
		for (int i = 0; i < extra; i++, p++) {
			if ((*p & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (*p & 0x3fu);
		}
		/* overlong forms, surrogates and beyond U+10FFFF */
		if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) ||
		    (extra == 3 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp < 0xa0))
			return false;
		chars++;
	}
	return chars >= min_chars && chars <= max_chars;
}

bool bt_path_join(char *out, size_t size, const char *a, const char *b)
{
	int n = snprintf(out, size, "%s/%s", a, b);
	if (n < 0 || (size_t)n >= size) {
		if (size > 0)
			out[0] = '\0';
		return false;
	}
	return true;
}

int bt_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool bt_pct_decode(char *s)
{
	char *w = s;
	for (const char *r = s; *r; r++) {
		if (*r != '%') {
			*w++ = *r;
			continue;
		}
		int hi = bt_hex_digit(r[1]);
		int lo = hi < 0 ? -1 : bt_hex_digit(r[2]);
		if (lo < 0 || (hi == 0 && lo == 0))
			return false;
		*w++ = (char)(hi << 4 | lo);
		r += 2;
	}
	*w = '\0';
	return true;
}

enum bt_err bt_read_stream(FILE *f, size_t limit, struct bt_buf *out)
{
	char chunk[8192];
	size_t n, total = 0;
	enum bt_err err = BT_OK;
	while (err == BT_OK && (n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		total += n;
		err = total > limit ? BT_ETOOBIG : bt_buf_append(out, chunk, n);
	}
	if (err == BT_OK && ferror(f))
		err = BT_EIO;
	if (err == BT_OK)
		err = bt_buf_append(out, "", 0);
	return err;
}

enum bt_err bt_read_file(const char *path, size_t limit, struct bt_buf *out)
{
	FILE *f = fopen(path, "rbe");
	if (f == NULL)
		return errno == ENOENT ? BT_ENOTFOUND : BT_EIO;
	enum bt_err err = bt_read_stream(f, limit, out);
	fclose(f);
	return err;
}

const char *bt_memfind(const char *hay, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	for (size_t i = 0; k > 0 && i + k <= n; i++)
		if (hay[i] == needle[0] && memcmp(hay + i, needle, k) == 0)
			return hay + i;
	return NULL;
}

bool bt_parse_ll(const char *s, long long min, long long max, long long *out)
{
	if (s == NULL || *s == '\0')
		return false;
	long long v = 0;
	bool neg = *s == '-';
	const char *p = s + (neg ? 1 : 0);
	if (*p == '\0')
		return false;
	for (; *p; p++) {
		if (*p < '0' || *p > '9' || v > (LLONG_MAX - 9) / 10)
			return false;
		v = v * 10 + (*p - '0');
	}
	if (neg)
		v = -v;
	if (v < min || v > max)
		return false;
	*out = v;
	return true;
}

bool bt_one_of(const char *v, const char *const *values)
{
	for (; v && *values; values++)
		if (strcmp(*values, v) == 0)
			return true;
	return false;
}

bool bt_phone_ok(const char *p)
{
	size_t digits = 0;
	for (const char *c = p; *c; c++) {
		if (*c >= '0' && *c <= '9')
			digits++;
		else if (!(*c == ' ' || *c == '-' || (*c == '+' && c == p)))
			return false;
	}
	return digits >= 5 && digits <= 20;
}
