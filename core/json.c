/* json.c: checks on JSON values that need no request. */
#include "json.h"

#include <stdbool.h>
#include <string.h>

const char *bt_json_unknown_key(const json_t *obj, const char *const *allowed)
{
	const char *key;
	const json_t *v;
	json_object_foreach ((json_t *)obj, key, v) {
		bool known = false;
		for (const char *const *a = allowed; *a && !known; a++)
			known = strcmp(*a, key) == 0;
		if (!known)
			return key;
	}
	return NULL;
}

json_t *bt_json_strings(const char *const *values)
{
	json_t *list = json_array();
	for (; *values; values++)
		json_array_append_new(list, json_string(*values));
	return list;
}
