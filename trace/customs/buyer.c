/* buyer.c: what is kept of a buyer: keyed hashes (the key file's PII key)
 * of the ID number and phone, normalised so that the same person written
 * two ways hashes the same; enough to match a claimant to an order, and
 * nothing to read back. */
#include "buyer.h"

#include <string.h>

#include "core/crypto.h"
#include "trace/trace.h"

static void hash_text(const char *text, char out[33])
{
	bt_keyed_hash_hex(bt_keys_pii(trace_keys()), text, strlen(text), 16,
			  out);
}

void trace_hash_person_id(const char *id_number, char out[33])
{
	char norm[64];
	size_t n = 0;
	for (const char *p = id_number; *p && n + 1 < sizeof(norm); p++)
		if (*p != ' ') {
			char c = *p;
			if (c >= 'a' && c <= 'z')
				c = (char)(c - 'a' + 'A');
			norm[n++] = c;
		}
	norm[n] = '\0';
	hash_text(norm, out);
}

void trace_hash_phone(const char *phone, char out[33])
{
	char norm[64];
	size_t n = 0;
	for (const char *p = phone; *p && n + 1 < sizeof(norm); p++)
		if (*p >= '0' && *p <= '9')
			norm[n++] = *p;
	norm[n] = '\0';
	hash_text(norm, out);
}
