/* form.h: request bodies people's browsers and tools send: multipart/
 * form-data (RFC 7578) and application/x-www-form-urlencoded. Pure
 * functions over bytes, so that the fuzzer can reach them. */
#ifndef BT_FORM_H
#define BT_FORM_H

#include <stdbool.h>
#include <stddef.h>

/* Finds the part named field in a multipart body whose Content-Type
 * header is content_type (boundary=...). *data points into body. False
 * when there is no such part or the body is malformed. */
bool bt_multipart_part(const char *body, size_t len, const char *content_type,
		       const char *field, const char **data, size_t *out);

/* Splits a NUL-terminated urlencoded body in place into at most max
 * decoded name/value pairs ('+' is a space, then %XX); pairs that do not
 * decode are skipped. Returns the number of pairs. */
int bt_form_split(char *store, const char **names, const char **values,
		  int max);

#endif
