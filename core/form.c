/* form.c: multipart/form-data and urlencoded bodies. */
#include "form.h"

#include <stdio.h>
#include <string.h>

#include "buf.h"

/* The boundary parameter of a multipart Content-Type, quoted or not (RFC
 * 2046: 1 to 70 characters). */
static bool boundary_of(const char *type, char out[72])
{
	const char *b = strstr(type, "boundary=");
	if (b == NULL)
		return false;
	b += 9;
	size_t n;
	if (*b == '"') {
		b++;
		n = strcspn(b, "\"");
	} else {
		n = strcspn(b, "; \t");
	}
	if (n == 0 || n > 70)
		return false;
	memcpy(out, b, n);
	out[n] = '\0';
	return true;
}

/* True when a part's header block [h, e) names it field: a name="field"
 * parameter, not the tail of filename="field". */
static bool names_field(const char *h, const char *e, const char *want)
{
	size_t wl = strlen(want);
	for (const char *p = h; p && p < e;) {
		p = bt_memfind(p, (size_t)(e - p), want);
		if (p == NULL)
			return false;
		if (p == h || p[-1] == ';' || p[-1] == ' ' || p[-1] == '\t')
			return true;
		p += wl;
	}
	return false;
}

bool bt_multipart_part(const char *body, size_t len, const char *content_type,
		       const char *field, const char **data, size_t *out)
{
	char boundary[72], delim[80], want[120];
	if (!boundary_of(content_type, boundary))
		return false;
	int n = snprintf(delim, sizeof(delim), "--%s", boundary);
	int w = snprintf(want, sizeof(want), "name=\"%s\"", field);
	if (n < 3 || (size_t)n >= sizeof(delim) || w < 0 ||
	    (size_t)w >= sizeof(want))
		return false;
	const char *end = body + len;
	const char *p = bt_memfind(body, len, delim);
	while (p) {
		p += n;
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			return false; /* the closing delimiter */
		const char *head_end =
			bt_memfind(p, (size_t)(end - p), "\r\n\r\n");
		if (head_end == NULL)
			return false;
		const char *content = head_end + 4;
		const char *next =
			bt_memfind(content, (size_t)(end - content), delim);
		if (next == NULL)
			return false;
		if (names_field(p, head_end, want)) {
			*data = content;
			*out = (size_t)(next - content);
			if (*out >= 2 && next[-2] == '\r' && next[-1] == '\n')
				*out -= 2;
			return true;
		}
		p = next;
	}
	return false;
}

/* Decodes a form value in place: '+' is a space, then %XX. */
static bool form_decode(char *s)
{
	for (char *p = s; *p; p++)
		if (*p == '+')
			*p = ' ';
	return bt_pct_decode(s);
}

int bt_form_split(char *store, const char **names, const char **values, int max)
{
	int n = 0;
	for (char *p = store; p && *p && n < max;) {
		char *amp = strchr(p, '&');
		if (amp)
			*amp = '\0';
		char *eq = strchr(p, '=');
		if (eq) {
			*eq = '\0';
			if (form_decode(p) && form_decode(eq + 1)) {
				names[n] = p;
				values[n++] = eq + 1;
			}
		}
		p = amp ? amp + 1 : NULL;
	}
	return n;
}
