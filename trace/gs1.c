/* gs1.c: GTIN, character set 82 and Digital Link path handling. */
#include "gs1.h"

#include <stdio.h>
#include <string.h>

#include "core/buf.h"

int trace_gtin_check_digit(const char *digits, size_t n)
{
	int sum = 0;
	for (size_t i = 0; i < n; i++) {
		int d = digits[n - 1 - i] - '0';
		sum += (i % 2 == 0) ? 3 * d : d;
	}
	return (10 - sum % 10) % 10;
}

enum bt_err trace_gtin_normalize(const char *in, char out[TRACE_GTIN_LEN + 1],
				 const char **reason)
{
	size_t n = strlen(in);
	if (n != 8 && n != 12 && n != 13 && n != 14) {
		*reason = "a GTIN has 8, 12, 13 or 14 digits";
		return BT_EINVAL;
	}
	for (size_t i = 0; i < n; i++) {
		if (in[i] < '0' || in[i] > '9') {
			*reason = "a GTIN holds digits only";
			return BT_EINVAL;
		}
	}
	if (trace_gtin_check_digit(in, n - 1) != in[n - 1] - '0') {
		*reason = "the GTIN check digit is wrong";
		return BT_EINVAL;
	}
	memset(out, '0', TRACE_GTIN_LEN - n);
	memcpy(out + TRACE_GTIN_LEN - n, in, n);
	out[TRACE_GTIN_LEN] = '\0';
	return BT_OK;
}

/* GS1 General Specifications, figure 7.11-1: character set 82. */
static bool cset82(unsigned char c)
{
	if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9'))
		return true;
	return c != '\0' && strchr("!\"%&'()*+,-./:;<=>?_", c) != NULL;
}

bool trace_cset82_valid(const char *s, size_t maxlen)
{
	size_t n = strlen(s);
	if (n == 0 || n > maxlen)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!cset82((unsigned char)s[i]))
			return false;
	return true;
}

/* Copies one percent-encoded path segment [s, e) decoded into out. */
static bool decode_segment(const char *s, const char *e, char *out, size_t size)
{
	size_t n = (size_t)(e - s);
	if (n >= size)
		return false;
	memcpy(out, s, n);
	out[n] = '\0';
	return bt_pct_decode(out);
}

enum bt_err trace_dl_parse_path(const char *path, struct trace_dl *out,
				const char **reason)
{
	memset(out, 0, sizeof(*out));
	const char *seg[8];
	const char *end[8];
	int n = 0;
	const char *p = path;
	if (*p != '/') {
		*reason = "the path must start with '/'";
		return BT_EINVAL;
	}
	p++;
	while (n < 8) {
		const char *slash = strchr(p, '/');
		seg[n] = p;
		end[n] = slash ? slash : p + strlen(p);
		n++;
		if (slash == NULL)
			break;
		p = slash + 1;
	}
	if (n != 4 && n != 6) {
		*reason = "a code's path is /01/GTIN/21/SERIAL or "
			  "/01/GTIN/10/LOT/21/SERIAL";
		return BT_EINVAL;
	}
	char gtin[32];
	if (end[0] - seg[0] != 2 || strncmp(seg[0], "01", 2) != 0 ||
	    !decode_segment(seg[1], end[1], gtin, sizeof(gtin))) {
		*reason = "a code's path starts with /01/ and a GTIN";
		return BT_EINVAL;
	}
	if (trace_gtin_normalize(gtin, out->gtin, reason) != BT_OK)
		return BT_EINVAL;
	int s = 2;
	if (n == 6) {
		if (end[2] - seg[2] != 2 || strncmp(seg[2], "10", 2) != 0) {
			*reason = "after the GTIN comes /10/LOT or /21/SERIAL";
			return BT_EINVAL;
		}
		if (!decode_segment(seg[3], end[3], out->lot,
				    sizeof(out->lot)) ||
		    !trace_cset82_valid(out->lot, TRACE_AI_MAX)) {
			*reason = "the lot must be 1 to 20 characters of GS1 "
				  "character set 82";
			return BT_EINVAL;
		}
		s = 4;
	}
	if (end[s] - seg[s] != 2 || strncmp(seg[s], "21", 2) != 0) {
		*reason = "the path needs /21/ and a serial";
		return BT_EINVAL;
	}
	if (!decode_segment(seg[s + 1], end[s + 1], out->serial,
			    sizeof(out->serial)) ||
	    !trace_cset82_valid(out->serial, TRACE_AI_MAX)) {
		*reason = "the serial must be 1 to 20 characters of GS1 "
			  "character set 82";
		return BT_EINVAL;
	}
	return BT_OK;
}

/* RFC 3986 unreserved characters pass; the rest of set 82 is escaped. */
static bool unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	       c == '~';
}

static size_t put_encoded(char *buf, size_t size, size_t at, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (unreserved(c)) {
			if (at + 1 >= size)
				return 0;
			buf[at++] = (char)c;
		} else {
			if (at + 3 >= size)
				return 0;
			buf[at++] = '%';
			buf[at++] = hex[c >> 4];
			buf[at++] = hex[c & 15];
		}
	}
	return at;
}

size_t trace_dl_format(char *buf, size_t size, const char *base,
		       const char *gtin, const char *lot, const char *serial)
{
	int n = snprintf(buf, size, "%s/01/%s", base, gtin);
	if (n < 0 || (size_t)n >= size)
		return 0;
	size_t at = (size_t)n;
	if (lot && *lot) {
		if (at + 4 >= size)
			return 0;
		memcpy(buf + at, "/10/", 4);
		at = put_encoded(buf, size, at + 4, lot);
		if (at == 0)
			return 0;
	}
	if (at + 4 >= size)
		return 0;
	memcpy(buf + at, "/21/", 4);
	at = put_encoded(buf, size, at + 4, serial);
	if (at == 0)
		return 0;
	buf[at] = '\0';
	return at;
}
