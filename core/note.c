/* note.c: C2SP signed notes with Ed25519 signatures and cosignatures. */
#include "note.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* U+2014 EM DASH and a space open every signature line. */
static const char dash[] = "\xe2\x80\x94 ";
#define DASH_LEN 4
#define BLOB_MAX (4 + 8 + 64)

bool bt_note_name_ok(const char *name)
{
	size_t n = strlen(name);
	if (n == 0 || n >= BT_NOTE_NAME_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)name[i] <= ' ' || name[i] == '+' ||
		    name[i] == 0x7f)
			return false;
	return true;
}

static uint32_t key_id(const char *name, uint8_t type, const uint8_t pub[32])
{
	crypto_hash_sha256_state st;
	uint8_t sum[32];
	static const uint8_t lf = '\n';
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const uint8_t *)name, strlen(name));
	crypto_hash_sha256_update(&st, &lf, 1);
	crypto_hash_sha256_update(&st, &type, 1);
	crypto_hash_sha256_update(&st, pub, 32);
	crypto_hash_sha256_final(&st, sum);
	return (uint32_t)sum[0] << 24 | (uint32_t)sum[1] << 16 |
	       (uint32_t)sum[2] << 8 | sum[3];
}

enum bt_err bt_note_key_from_seed(struct bt_note_key *out, const char *name,
				  uint8_t type, const uint8_t seed[32])
{
	memset(out, 0, sizeof(*out));
	if (!bt_note_name_ok(name) ||
	    (type != BT_NOTE_ED25519 && type != BT_NOTE_COSIGNATURE))
		return BT_EINVAL;
	if (crypto_sign_seed_keypair(out->pub, out->secret, seed) != 0)
		return BT_EINTERNAL;
	memcpy(out->name, name, strlen(name) + 1);
	out->type = type;
	out->id = key_id(name, type, out->pub);
	out->can_sign = true;
	return BT_OK;
}

void bt_note_vkey(char out[BT_NOTE_VKEY_MAX], const struct bt_note_key *k)
{
	uint8_t raw[33];
	char b64[sizeof(raw) * 4 / 3 + 4];
	raw[0] = k->type;
	memcpy(raw + 1, k->pub, 32);
	sodium_bin2base64(b64, sizeof(b64), raw, sizeof(raw),
			  sodium_base64_VARIANT_ORIGINAL);
	snprintf(out, BT_NOTE_VKEY_MAX, "%s+%08x+%s", k->name, k->id, b64);
}

enum bt_err bt_note_vkey_parse(const char *vkey, struct bt_note_key *out,
			       const char **why)
{
	memset(out, 0, sizeof(*out));
	*why = "verifier key: not name+keyid+base64(type || key)";
	const char *p1 = strchr(vkey, '+');
	const char *p2 = p1 == NULL ? NULL : strchr(p1 + 1, '+');
	if (p1 == NULL || p2 == NULL || p2 - p1 != 9 ||
	    (size_t)(p1 - vkey) >= BT_NOTE_NAME_MAX)
		return BT_EINVAL;
	memcpy(out->name, vkey, (size_t)(p1 - vkey));
	out->name[p1 - vkey] = '\0';
	if (!bt_note_name_ok(out->name))
		return BT_EINVAL;
	uint32_t id = 0;
	for (int i = 1; i <= 8; i++) {
		char c = p1[i];
		unsigned v;
		if (c >= '0' && c <= '9')
			v = (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v = (unsigned)(c - 'a' + 10);
		else
			return BT_EINVAL;
		id = id << 4 | v;
	}
	uint8_t raw[34];
	size_t got = 0;
	const char *end = NULL;
	size_t b64len = strlen(p2 + 1);
	if (sodium_base642bin(raw, sizeof(raw), p2 + 1, b64len, NULL, &got,
			      &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    got != 33 || end != p2 + 1 + b64len)
		return BT_EINVAL;
	if (raw[0] != BT_NOTE_ED25519 && raw[0] != BT_NOTE_COSIGNATURE) {
		*why = "verifier key: the key type is not Ed25519 (1) or an "
		       "Ed25519 cosignature (4)";
		return BT_EINVAL;
	}
	out->type = raw[0];
	memcpy(out->pub, raw + 1, 32);
	out->id = key_id(out->name, out->type, out->pub);
	if (out->id != id) {
		*why = "verifier key: the key id does not match the key";
		return BT_EINVAL;
	}
	/* One spelling per key: no stray bytes or padding bits. */
	char again[BT_NOTE_VKEY_MAX];
	bt_note_vkey(again, out);
	if (strcmp(again, vkey) != 0) {
		*why = "verifier key: not name+keyid+base64(type || key)";
		return BT_EINVAL;
	}
	*why = NULL;
	return BT_OK;
}

/* The message a key signs: the text, or for a cosignature the
 * cosignature/v1 header and time line before it. */
static void message_head(const struct bt_note_key *k, uint64_t ts,
			 char head[64], size_t *head_len)
{
	*head_len = 0;
	if (k->type == BT_NOTE_COSIGNATURE) {
		int n = snprintf(head, 64, "cosignature/v1\ntime %llu\n",
				 (unsigned long long)ts);
		*head_len = (size_t)n;
	}
}

/* head || text in one buffer (Ed25519 hashes its message twice, so it
 * takes it whole); free() it. */
static uint8_t *joined(const char *head, size_t head_len, const char *text,
		       size_t len)
{
	uint8_t *m = malloc(head_len + len + 1);
	if (m == NULL)
		return NULL;
	memcpy(m, head, head_len);
	memcpy(m + head_len, text, len);
	return m;
}

enum bt_err bt_note_sign(char out[BT_NOTE_LINE_MAX],
			 const struct bt_note_key *k, const char *text,
			 size_t len, uint64_t timestamp)
{
	if (!k->can_sign)
		return BT_EINVAL;
	char head[64];
	size_t head_len;
	message_head(k, timestamp, head, &head_len);
	uint8_t *m = joined(head, head_len, text, len);
	if (m == NULL)
		return BT_ENOMEM;
	uint8_t blob[BLOB_MAX];
	size_t blob_len = 4;
	blob[0] = (uint8_t)(k->id >> 24);
	blob[1] = (uint8_t)(k->id >> 16);
	blob[2] = (uint8_t)(k->id >> 8);
	blob[3] = (uint8_t)k->id;
	if (k->type == BT_NOTE_COSIGNATURE) {
		for (int i = 0; i < 8; i++)
			blob[4 + i] = (uint8_t)(timestamp >> (56 - 8 * i));
		blob_len += 8;
	}
	crypto_sign_detached(blob + blob_len, NULL, m, head_len + len,
			     k->secret);
	free(m);
	blob_len += 64;
	char b64[BLOB_MAX * 4 / 3 + 4];
	sodium_bin2base64(b64, sizeof(b64), blob, blob_len,
			  sodium_base64_VARIANT_ORIGINAL);
	snprintf(out, BT_NOTE_LINE_MAX, "%s%s %s\n", dash, k->name, b64);
	return BT_OK;
}

enum bt_err bt_note_split(const char *msg, size_t len, size_t *text_len,
			  const char **why)
{
	*why = "note: no blank line before the signatures";
	if (len < 2 || msg[len - 1] != '\n')
		return BT_EINVAL;
	/* The text ends at the last blank line. */
	for (size_t i = len - 1; i > 0; i--) {
		if (msg[i] == '\n' && msg[i - 1] == '\n') {
			*text_len = i;
			*why = NULL;
			return BT_OK;
		}
	}
	return BT_EINVAL;
}

static bool verify_blob(const struct bt_note_key *k, const uint8_t *blob,
			size_t blob_len, const char *text, size_t len,
			uint64_t *ts)
{
	size_t want = k->type == BT_NOTE_COSIGNATURE ? 76 : 68;
	if (blob_len != want)
		return false;
	*ts = 0;
	const uint8_t *sig = blob + 4;
	if (k->type == BT_NOTE_COSIGNATURE) {
		for (int i = 0; i < 8; i++)
			*ts = *ts << 8 | blob[4 + i];
		if (*ts > (uint64_t)INT64_MAX)
			return false;
		sig += 8;
	}
	char head[64];
	size_t head_len;
	message_head(k, *ts, head, &head_len);
	uint8_t *m = joined(head, head_len, text, len);
	if (m == NULL)
		return false;
	bool ok = crypto_sign_verify_detached(sig, m, head_len + len, k->pub) ==
		  0;
	free(m);
	return ok;
}

enum bt_err bt_note_open(const char *msg, size_t len,
			 const struct bt_note_key *keys, size_t nkeys,
			 bool *verified, uint64_t *times, size_t *text_len,
			 const char **why)
{
	for (size_t i = 0; i < nkeys; i++) {
		verified[i] = false;
		times[i] = 0;
	}
	enum bt_err err = bt_note_split(msg, len, text_len, why);
	if (err != BT_OK)
		return err;
	const char *p = msg + *text_len + 1, *end = msg + len;
	size_t sigs = 0, matched = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (++sigs > BT_NOTE_SIGS_MAX) {
			*why = "note: too many signatures";
			return BT_ETOOBIG;
		}
		const char *sp = NULL;
		if (nl == NULL || (size_t)(nl - p) <= DASH_LEN ||
		    memcmp(p, dash, DASH_LEN) != 0 ||
		    (sp = memchr(p + DASH_LEN, ' ',
				 (size_t)(nl - p - DASH_LEN))) == NULL) {
			*why = "note: a signature line is not \"— name "
			       "signature\"";
			return BT_EINVAL;
		}
		size_t name_len = (size_t)(sp - p - DASH_LEN);
		uint8_t blob[BLOB_MAX + 2];
		size_t blob_len = 0;
		const char *b64end = NULL;
		if (sodium_base642bin(blob, sizeof(blob), sp + 1,
				      (size_t)(nl - sp - 1), NULL, &blob_len,
				      &b64end,
				      sodium_base64_VARIANT_ORIGINAL) != 0 ||
		    b64end != nl || blob_len < 5) {
			*why = "note: a signature is not base64";
			return BT_EINVAL;
		}
		uint32_t id = (uint32_t)blob[0] << 24 |
			      (uint32_t)blob[1] << 16 | (uint32_t)blob[2] << 8 |
			      blob[3];
		for (size_t i = 0; i < nkeys; i++) {
			if (keys[i].id != id ||
			    strlen(keys[i].name) != name_len ||
			    memcmp(keys[i].name, p + DASH_LEN, name_len) != 0)
				continue;
			if (!verify_blob(&keys[i], blob, blob_len, msg,
					 *text_len, &times[i])) {
				*why = "note: a signature does not verify";
				return BT_EAUTH;
			}
			if (!verified[i])
				matched++;
			verified[i] = true;
		}
		p = nl + 1;
	}
	if (matched == 0) {
		*why = "note: no signature by a known key";
		return BT_ENOTFOUND;
	}
	*why = NULL;
	return BT_OK;
}
