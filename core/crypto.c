/* crypto.c: thin wrappers over libsodium. */
#include "crypto.h"

#include <sodium.h>
#include <string.h>

#include "buf.h"

enum bt_err bt_crypto_init(void)
{
	return sodium_init() < 0 ? BT_EINTERNAL : BT_OK;
}

void bt_random_bytes(void *buf, size_t len)
{
	randombytes_buf(buf, len);
}

void bt_hex_encode(char *out, const void *in, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	const uint8_t *p = in;
	for (size_t i = 0; i < len; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * len] = '\0';
}

enum bt_err bt_hex_decode(void *out, size_t outlen, const char *hex)
{
	if (strlen(hex) != 2 * outlen)
		return BT_EINVAL;
	uint8_t *p = out;
	for (size_t i = 0; i < outlen; i++) {
		int hi = bt_hex_digit(hex[2 * i]);
		int lo = bt_hex_digit(hex[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return BT_EINVAL;
		p[i] = (uint8_t)(hi << 4 | lo);
	}
	return BT_OK;
}

void bt_sha256_hex(const void *data, size_t len, char out[BT_HASH_HEX_LEN])
{
	uint8_t h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, data, len);
	bt_hex_encode(out, h, sizeof(h));
}

uint64_t bt_mac64(const uint8_t key[16], const void *data, size_t len)
{
	uint8_t h[crypto_shorthash_siphash24_BYTES];
	crypto_shorthash_siphash24(h, data, len, key);
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | h[i];
	return v;
}

void bt_keyed_hash_hex(const uint8_t key[32], const void *data, size_t len,
		       size_t outbytes, char *out)
{
	uint8_t h[32];
	if (outbytes < 16)
		outbytes = 16;
	if (outbytes > sizeof(h))
		outbytes = sizeof(h);
	crypto_generichash(h, outbytes, data, len, key, 32);
	bt_hex_encode(out, h, outbytes);
}

void bt_token_new(char out[BT_TOKEN_LEN + 1])
{
	uint8_t r[32];
	randombytes_buf(r, sizeof(r));
	memcpy(out, BT_TOKEN_PREFIX, 4);
	for (int i = 0; i < 32; i++)
		out[4 + i] = BT_CROCKFORD[r[i] & 31];
	out[BT_TOKEN_LEN] = '\0';
	sodium_memzero(r, sizeof(r));
}

void bt_token_hash(const char *token, char out[BT_HASH_HEX_LEN])
{
	uint8_t h[32];
	crypto_generichash(h, sizeof(h), (const uint8_t *)token, strlen(token),
			   NULL, 0);
	bt_hex_encode(out, h, sizeof(h));
}

enum bt_err bt_password_hash(const char *password,
			     char out[BT_PASSWORD_HASH_LEN])
{
	_Static_assert(BT_PASSWORD_HASH_LEN >= crypto_pwhash_STRBYTES,
		       "password hash buffer too small");
	if (crypto_pwhash_str_alg(out, password, strlen(password),
				  crypto_pwhash_OPSLIMIT_INTERACTIVE,
				  crypto_pwhash_MEMLIMIT_INTERACTIVE,
				  crypto_pwhash_ALG_ARGON2ID13) != 0)
		return BT_ENOMEM;
	return BT_OK;
}

enum bt_err bt_password_verify(const char *hash, const char *password)
{
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0
		       ? BT_OK
		       : BT_EAUTH;
}

bool bt_same_secret(const char *a, const char *b)
{
	size_t n = a && b ? strlen(a) : 0;
	return n > 0 && n == strlen(b) && sodium_memcmp(a, b, n) == 0;
}

_Static_assert(BT_SEAL_OVERHEAD ==
		       crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES,
	       "BT_SEAL_OVERHEAD is the nonce and the MAC");
_Static_assert(crypto_kdf_KEYBYTES == 32 && crypto_kdf_CONTEXTBYTES == 8,
	       "keys and contexts as crypto.h says");

static void seal_key(const uint8_t key[32], const char context[8],
		     uint8_t sub[crypto_secretbox_KEYBYTES])
{
	crypto_kdf_derive_from_key(sub, crypto_secretbox_KEYBYTES, 1, context,
				   key);
}

void bt_seal(const uint8_t key[32], const char context[8], const void *in,
	     size_t len, uint8_t *out)
{
	uint8_t sub[crypto_secretbox_KEYBYTES];
	seal_key(key, context, sub);
	randombytes_buf(out, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(out + crypto_secretbox_NONCEBYTES, in, len, out,
			      sub);
	sodium_memzero(sub, sizeof(sub));
}

enum bt_err bt_unseal(const uint8_t key[32], const char context[8],
		      const uint8_t *in, size_t len, void *out)
{
	if (len < BT_SEAL_OVERHEAD)
		return BT_EAUTH;
	uint8_t sub[crypto_secretbox_KEYBYTES];
	seal_key(key, context, sub);
	int rc = crypto_secretbox_open_easy(
		out, in + crypto_secretbox_NONCEBYTES,
		len - crypto_secretbox_NONCEBYTES, in, sub);
	sodium_memzero(sub, sizeof(sub));
	return rc == 0 ? BT_OK : BT_EAUTH;
}

void bt_access_code_new(char code[33], char hash[BT_HASH_HEX_LEN])
{
	uint8_t secret[16];
	bt_random_bytes(secret, sizeof(secret));
	bt_hex_encode(code, secret, sizeof(secret));
	bt_token_hash(code, hash);
}
