/* contact.c: sealed contact data (see contact.h). */
#include "contact.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/crypto.h"
#include "core/keys.h"
#include "trace/trace.h"

/* The sealing context: this key serves contact data only. */
static const char context[8] = {'c', 'o', 'n', 't', 'a', 'c', 't', '1'};

char *cmpl_contact_seal(const char *name, const char *phone)
{
	json_t *j = json_pack("{s:s, s:s}", "name", name ? name : "", "phone",
			      phone ? phone : "");
	char *plain = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	if (plain == NULL)
		return NULL;
	size_t len = strlen(plain), n = len + BT_SEAL_OVERHEAD;
	uint8_t *sealed = malloc(n);
	char *hex = malloc(2 * n + 3);
	if (sealed != NULL && hex != NULL) {
		bt_seal(bt_keys_pii(trace_keys()), context, plain, len, sealed);
		hex[0] = '\\';
		hex[1] = 'x';
		bt_hex_encode(hex + 2, sealed, n);
	} else {
		free(hex);
		hex = NULL;
	}
	free(sealed);
	free(plain);
	return hex;
}

enum bt_err cmpl_contact_open(const uint8_t *sealed, size_t n, char *plain)
{
	if (n < BT_SEAL_OVERHEAD)
		return BT_EAUTH;
	enum bt_err err =
		bt_unseal(bt_keys_pii(trace_keys()), context, sealed, n, plain);
	if (err == BT_OK)
		plain[n - BT_SEAL_OVERHEAD] = '\0';
	return err;
}
