/* json.h: checks on JSON values that need no request, for modules that
 * validate documents (rule sets, stored bodies) outside a handler. The
 * handler helpers that reply 400 themselves are in http.h. */
#ifndef BT_JSON_H
#define BT_JSON_H

#include <jansson.h>

/* The first key of object obj that is not in the NULL-ended allowed list,
 * or NULL if every key is allowed (or obj is not an object). The key is
 * obj's: it lives as long as obj is unchanged. */
const char *bt_json_unknown_key(const json_t *obj, const char *const *allowed);

/* The NULL-ended strings as a JSON array (a page's choices). */
json_t *bt_json_strings(const char *const *values);

#endif
