/* elements.c: element strings and URIs to Digital Link parts. */
#include "elements.h"

#include <string.h>

#include "core/buf.h"

#define GS '\x1d'

struct ai {
	const char *code;
	int fixed; /* length of a fixed-length value, 0 for variable */
	int max;
	bool digits;
};

/* The AIs a consumer product's code carries. */
static const struct ai ais[] = {
	{"01", 14, 14, true}, {"10", 0, 20, false}, {"21", 0, 20, false},
	{"22", 0, 20, false}, {"11", 6, 6, true},   {"13", 6, 6, true},
	{"15", 6, 6, true},   {"16", 6, 6, true},   {"17", 6, 6, true},
};

static const struct ai *find_ai(const char *p)
{
	for (size_t i = 0; i < sizeof(ais) / sizeof(ais[0]); i++)
		if (strncmp(p, ais[i].code, 2) == 0)
			return &ais[i];
	return NULL;
}

static enum bt_err store(const struct ai *ai, const char *v, size_t n,
			 struct trace_dl *out, bool *have_gtin,
			 const char **reason)
{
	char value[TRACE_AI_MAX + 1];
	if (n == 0 || n > (size_t)ai->max ||
	    (ai->fixed && n != (size_t)ai->fixed)) {
		*reason = "an element has the wrong length";
		return BT_EINVAL;
	}
	memcpy(value, v, n);
	value[n] = '\0';
	if (ai->digits) {
		for (size_t i = 0; i < n; i++)
			if (value[i] < '0' || value[i] > '9') {
				*reason = "a numeric element holds other "
					  "characters";
				return BT_EINVAL;
			}
	} else if (!trace_cset82_valid(value, TRACE_AI_MAX)) {
		*reason = "a lot or serial holds characters outside GS1 "
			  "character set 82";
		return BT_EINVAL;
	}
	if (strcmp(ai->code, "01") == 0) {
		if (trace_gtin_normalize(value, out->gtin, reason) != BT_OK)
			return BT_EINVAL;
		*have_gtin = true;
	} else if (strcmp(ai->code, "10") == 0) {
		bt_strlcpy(out->lot, value, sizeof(out->lot));
	} else if (strcmp(ai->code, "21") == 0) {
		bt_strlcpy(out->serial, value, sizeof(out->serial));
	}
	return BT_OK;
}

static enum bt_err parse_bracketed(const char *p, struct trace_dl *out,
				   bool *have_gtin, const char **reason)
{
	while (*p) {
		if (p[0] != '(' || p[1] == '\0' || p[2] == '\0' ||
		    p[3] != ')') {
			*reason = "bracketed element strings look like "
				  "(01)...(21)...";
			return BT_EINVAL;
		}
		const struct ai *ai = find_ai(p + 1);
		if (ai == NULL) {
			*reason = "an element string holds an AI other than "
				  "01, 10, 11, 13, 15, 16, 17, 21 or 22";
			return BT_EINVAL;
		}
		const char *v = p + 4;
		size_t n = strcspn(v, "(");
		enum bt_err err = store(ai, v, n, out, have_gtin, reason);
		if (err != BT_OK)
			return err;
		p = v + n;
	}
	return BT_OK;
}

static enum bt_err parse_raw(const char *p, struct trace_dl *out,
			     bool *have_gtin, const char **reason)
{
	while (*p) {
		if (*p == GS) {
			p++;
			continue;
		}
		const struct ai *ai = find_ai(p);
		if (ai == NULL || strlen(p) < 3) {
			*reason = "the element string holds an AI other than "
				  "01, 10, 11, 13, 15, 16, 17, 21 or 22";
			return BT_EINVAL;
		}
		const char *v = p + 2;
		size_t n = ai->fixed ? (size_t)ai->fixed : strcspn(v, "\x1d");
		if (strlen(v) < n) {
			*reason = "an element is cut short";
			return BT_EINVAL;
		}
		enum bt_err err = store(ai, v, n, out, have_gtin, reason);
		if (err != BT_OK)
			return err;
		p = v + n;
	}
	return BT_OK;
}

enum bt_err trace_elements_parse(const char *data, struct trace_dl *out,
				 const char **reason)
{
	memset(out, 0, sizeof(*out));
	if (strlen(data) > 512) {
		*reason = "the data is too long for a product code";
		return BT_EINVAL;
	}
	if (strncmp(data, "http://", 7) == 0 ||
	    strncmp(data, "https://", 8) == 0 ||
	    strncmp(data, "HTTP://", 7) == 0 ||
	    strncmp(data, "HTTPS://", 8) == 0) {
		const char *path = strchr(strstr(data, "//") + 2, '/');
		if (path == NULL) {
			*reason = "the URI has no path";
			return BT_EINVAL;
		}
		enum bt_err err = trace_dl_parse_target(path, out, reason);
		if (err == BT_OK && out->serial[0] == '\0') {
			*reason =
				"the code needs a GTIN (01) and a serial (21)";
			err = BT_EINVAL;
		}
		return err;
	}
	const char *p = data;
	if (p[0] == ']' && p[1] && p[2]) /* symbology identifier */
		p += 3;
	bool have_gtin = false;
	enum bt_err err = p[0] == '('
				  ? parse_bracketed(p, out, &have_gtin, reason)
				  : parse_raw(p, out, &have_gtin, reason);
	if (err != BT_OK)
		return err;
	if (!have_gtin || out->serial[0] == '\0') {
		*reason = "the code needs a GTIN (01) and a serial (21)";
		return BT_EINVAL;
	}
	return BT_OK;
}
