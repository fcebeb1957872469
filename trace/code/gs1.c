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

/* Decodes one percent-encoded segment [s, e) into out. Lengths are the
 * decoded ones: "%2F" is one character of a lot, not three. */
static bool decode_segment(const char *s, const char *e, char *out, size_t size)
{
	size_t n = (size_t)(e - s);
	if (n >= size)
		return false;
	memcpy(out, s, n);
	out[n] = '\0';
	return bt_pct_decode(out);
}

/* The qualifiers of AI 01 in the order a URI path must give them (GS1
 * Digital Link 1.2, section 4.5: 22, then 10, then 21). */
static const struct {
	const char *ai;
	const char *name;
	size_t max;
} qualifiers[] = {
	{"22", "the consumer product variant (AI 22)", TRACE_CPV_MAX},
	{"10", "the lot (AI 10)", TRACE_AI_MAX},
	{"21", "the serial (AI 21)", TRACE_AI_MAX},
};
#define NQUAL (sizeof(qualifiers) / sizeof(qualifiers[0]))

static char *qualifier_field(struct trace_dl *dl, size_t q)
{
	return q == 0 ? dl->cpv : q == 1 ? dl->lot : dl->serial;
}

enum bt_err trace_dl_parse_path(const char *path, struct trace_dl *out,
				const char **reason)
{
	memset(out, 0, sizeof(*out));
	if (*path != '/') {
		*reason = "the path must start with '/'";
		return BT_EINVAL;
	}
	const char *seg[2 + 2 * NQUAL + 1];
	const char *end[2 + 2 * NQUAL + 1];
	size_t n = 0;
	for (const char *p = path + 1; n < sizeof(seg) / sizeof(seg[0]);) {
		const char *slash = strchr(p, '/');
		seg[n] = p;
		end[n] = slash ? slash : p + strlen(p);
		n++;
		if (slash == NULL)
			break;
		p = slash + 1;
	}
	char value[3 * TRACE_CPV_MAX + 1];
	if (n < 2 || end[0] - seg[0] != 2 || strncmp(seg[0], "01", 2) != 0 ||
	    !decode_segment(seg[1], end[1], value, sizeof(value))) {
		*reason = "a code's path starts with /01/ and a GTIN";
		return BT_EINVAL;
	}
	if (trace_gtin_normalize(value, out->gtin, reason) != BT_OK)
		return BT_EINVAL;
	if (n > 2 + 2 * NQUAL) {
		*reason = "the path has more parts than /01/GTIN/22/CPV/10/LOT/"
			  "21/SERIAL";
		return BT_EINVAL;
	}
	size_t next = 0; /* the first qualifier still allowed */
	for (size_t i = 2; i < n; i += 2) {
		size_t q = 0;
		while (q < NQUAL &&
		       ((size_t)(end[i] - seg[i]) != strlen(qualifiers[q].ai) ||
			strncmp(seg[i], qualifiers[q].ai, 2) != 0))
			q++;
		if (q == NQUAL) {
			*reason = "after the GTIN only /22/, /10/ and /21/ may "
				  "follow, in that order";
			return BT_EINVAL;
		}
		if (q < next) {
			*reason =
				"the qualifiers are out of order: a path gives "
				"/22/ (variant), then /10/ (lot), then /21/ "
				"(serial)";
			return BT_EINVAL;
		}
		next = q + 1;
		if (i + 1 >= n || end[i + 1] == seg[i + 1]) {
			*reason = q == 2   ? "the serial (AI 21) is empty"
				  : q == 1 ? "the lot (AI 10) is empty"
					   : "the consumer product variant "
					     "(AI 22) is empty";
			return BT_EINVAL;
		}
		char *field = qualifier_field(out, q);
		if (!decode_segment(seg[i + 1], end[i + 1], value,
				    sizeof(value)) ||
		    !trace_cset82_valid(value, qualifiers[q].max)) {
			*reason =
				q == 2 ? "the serial must be 1 to 20 "
					 "characters of GS1 character set 82"
				: q == 1
					? "the lot must be 1 to 20 characters "
					  "of GS1 character set 82"
					: "the consumer product variant must "
					  "be "
					  "1 to 20 characters of GS1 character "
					  "set 82";
			return BT_EINVAL;
		}
		memcpy(field, value, strlen(value) + 1);
	}
	return BT_OK;
}

/* Data attributes a query string may carry, with their AI's format (GS1
 * General Specifications, section 3.2): dates are YYMMDD, the rest digits
 * or set 82 of bounded length. */
enum ai_format { AI_DATE, AI_DIGITS, AI_CSET82 };
static const struct {
	const char *ai;
	enum ai_format format;
	size_t min, max;
} attributes[] = {
	{"11", AI_DATE, 6, 6},	   {"12", AI_DATE, 6, 6},
	{"13", AI_DATE, 6, 6},	   {"15", AI_DATE, 6, 6},
	{"16", AI_DATE, 6, 6},	   {"17", AI_DATE, 6, 6},
	{"30", AI_DIGITS, 1, 8},   {"37", AI_DIGITS, 1, 8},
	{"240", AI_CSET82, 1, 30}, {"241", AI_CSET82, 1, 30},
	{"242", AI_DIGITS, 1, 6},  {"243", AI_CSET82, 1, 20},
	{"254", AI_CSET82, 1, 20}, {"7003", AI_DIGITS, 10, 10},
	{"4326", AI_DATE, 6, 6},   {"7006", AI_DATE, 6, 6},
};

static bool ai_value_ok(enum ai_format f, const char *v, size_t min, size_t max)
{
	size_t n = strlen(v);
	if (n < min || n > max)
		return false;
	if (f == AI_CSET82)
		return trace_cset82_valid(v, max);
	for (size_t i = 0; i < n; i++)
		if (v[i] < '0' || v[i] > '9')
			return false;
	if (f != AI_DATE)
		return true;
	int mm = (v[2] - '0') * 10 + (v[3] - '0');
	int dd = (v[4] - '0') * 10 + (v[5] - '0');
	return mm >= 1 && mm <= 12 && dd <= 31; /* day 00: the month's end */
}

enum bt_err trace_dl_check_query(const char *query, const char **reason)
{
	for (const char *p = query; p && *p;) {
		const char *amp = strchr(p, '&');
		const char *e = amp ? amp : p + strlen(p);
		const char *eq = memchr(p, '=', (size_t)(e - p));
		size_t klen = (size_t)((eq ? eq : e) - p);
		for (size_t a = 0;
		     a < sizeof(attributes) / sizeof(attributes[0]); a++) {
			const char *ai = attributes[a].ai;
			if (klen != strlen(ai) || strncmp(p, ai, klen) != 0)
				continue;
			char v[3 * 30 + 1] = "";
			if (eq == NULL ||
			    !decode_segment(eq + 1, e, v, sizeof(v)) ||
			    !ai_value_ok(attributes[a].format, v,
					 attributes[a].min,
					 attributes[a].max)) {
				*reason = attributes[a].format == AI_DATE
						  ? "a date attribute in the "
						    "query (AI 11-17) must be "
						    "YYMMDD"
						  : "a data attribute in the "
						    "query does not have its "
						    "AI's format";
				return BT_EINVAL;
			}
		}
		p = amp ? amp + 1 : NULL;
	}
	return BT_OK;
}

enum bt_err trace_dl_parse_target(const char *target, struct trace_dl *out,
				  const char **reason)
{
	char path[512];
	size_t plen = strcspn(target, "?#");
	if (plen >= sizeof(path)) {
		*reason = "the path is too long for a product code";
		return BT_EINVAL;
	}
	memcpy(path, target, plen);
	path[plen] = '\0';
	enum bt_err err = trace_dl_parse_path(path, out, reason);
	if (err == BT_OK && target[plen] == '?') {
		char query[1024];
		size_t qlen = strcspn(target + plen + 1, "#");
		if (qlen >= sizeof(query)) {
			*reason = "the query is too long";
			return BT_EINVAL;
		}
		memcpy(query, target + plen + 1, qlen);
		query[qlen] = '\0';
		err = trace_dl_check_query(query, reason);
	}
	return err;
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
