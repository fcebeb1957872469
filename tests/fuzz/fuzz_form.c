/* fuzz_form.c: libFuzzer target for request bodies: multipart/form-data
 * (the first line of the input is the Content-Type, the rest the body)
 * and urlencoded forms, then JSON bodies as the API reads them. Built and
 * run by scripts/fuzz.sh. */
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/form.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *d = (const char *)data;
	const char *nl = memchr(d, '\n', size);
	if (nl != NULL) {
		size_t tl = (size_t)(nl - d);
		char *type = malloc(tl + 1);
		if (type == NULL)
			return 0;
		memcpy(type, d, tl);
		type[tl] = '\0';
		const char *body = nl + 1;
		size_t blen = size - tl - 1;
		const char *part = NULL;
		size_t plen = 0;
		if (bt_multipart_part(body, blen, type, "image", &part,
				      &plen) &&
		    (part < body || part + plen > body + blen))
			abort(); /* the part must lie inside the body */
		free(type);
	}
	char *store = malloc(size + 1);
	if (store == NULL)
		return 0;
	memcpy(store, data, size);
	store[size] = '\0';
	const char *names[16], *values[16];
	int n = bt_form_split(store, names, values, 16);
	for (int i = 0; i < n; i++)
		if (strlen(names[i]) > size || strlen(values[i]) > size)
			abort();
	free(store);
	json_error_t jerr;
	json_t *j = json_loadb(d, size, JSON_REJECT_DUPLICATES, &jerr);
	if (j != NULL) {
		char *again = json_dumps(j, JSON_COMPACT | JSON_ENSURE_ASCII);
		free(again);
		json_decref(j);
	}
	return 0;
}
