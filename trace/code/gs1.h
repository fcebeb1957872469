/* gs1.h: GS1 syntax: GTIN check digits, character set 82, and parsing of
 * GS1 Digital Link URIs (/01/{gtin}[/22/{cpv}][/10/{lot}][/21/{serial}]
 * with data attributes in the query). */
#ifndef TRACE_GS1_H
#define TRACE_GS1_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

#define TRACE_GTIN_LEN 14
#define TRACE_AI_MAX   20 /* longest AI 10 (lot) or AI 21 (serial) value */
#define TRACE_CPV_MAX  20 /* longest AI 22 (consumer product variant) */

/* The mod-10 check digit of n digits (weights 3,1,3,... from the right). */
int trace_gtin_check_digit(const char *digits, size_t n);

/* Validates a GTIN-8, -12, -13 or -14 and writes it left-padded to 14
 * digits. On BT_EINVAL, *reason says why in plain words. */
enum bt_err trace_gtin_normalize(const char *in, char out[TRACE_GTIN_LEN + 1],
				 const char **reason);

/* True if s is 1..maxlen characters of GS1 character set 82. */
bool trace_cset82_valid(const char *s, size_t maxlen);

struct trace_dl {
	char gtin[TRACE_GTIN_LEN + 1];
	char cpv[TRACE_CPV_MAX + 1];   /* "" when the URI has no AI 22 */
	char lot[TRACE_AI_MAX + 1];    /* "" when the URI has no AI 10 */
	char serial[TRACE_AI_MAX + 1]; /* "" when it names no one item */
};

/* Parses a raw (still percent-encoded) path by the GS1 Digital Link rules:
 * /01/ and a GTIN, then any of /22/, /10/, /21/ in that order, each with a
 * non-empty value of set 82 no longer than its AI allows once decoded.
 * BT_EINVAL with *reason naming the fault. A path without /21/ is valid
 * GS1 but names a product or lot, not an item: callers that need an item
 * check out->serial. */
enum bt_err trace_dl_parse_path(const char *path, struct trace_dl *out,
				const char **reason);

/* Checks the data attributes of a raw query string ("17=261231&x=y"):
 * each known AI's value must have that AI's format; other keys (linkType,
 * lang, ...) pass. BT_EINVAL with *reason. */
enum bt_err trace_dl_check_query(const char *query, const char **reason);

/* trace_dl_parse_path and trace_dl_check_query over a request target
 * ("/01/...?17=261231"). */
enum bt_err trace_dl_parse_target(const char *target, struct trace_dl *out,
				  const char **reason);

/* Writes the Digital Link of a code: base + "/01/gtin[/10/lot]/21/serial",
 * percent-encoding the lot where needed. Returns the length written
 * (excluding the terminator), or 0 if it does not fit in size. */
size_t trace_dl_format(char *buf, size_t size, const char *base,
		       const char *gtin, const char *lot, const char *serial);

#endif
