/* crypto.h: the project's uses of libsodium: randomness, hashes, keyed
 * MACs, password and API-token hashing. */
#ifndef BT_CRYPTO_H
#define BT_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* Length of a hex SHA-256 or token hash, with terminator. */
#define BT_HASH_HEX_LEN 65
/* API tokens: "btk_" + 32 Crockford base32 characters (160 random bits). */
#define BT_TOKEN_LEN	     36
#define BT_TOKEN_PREFIX	     "btk_"
#define BT_PASSWORD_HASH_LEN 128

/* Crockford's base32 digits, in value order (no I, L, O, U). */
#define BT_CROCKFORD "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

/* Initialises libsodium; call once before any other function here. */
enum bt_err bt_crypto_init(void);

void bt_random_bytes(void *buf, size_t len);

/* True when two secrets (tokens as text) are equal and not empty, compared
 * in time that does not depend on where they differ. */
bool bt_same_secret(const char *a, const char *b);

/* Writes 2*len lowercase hex digits and a terminator into out. */
void bt_hex_encode(char *out, const void *in, size_t len);
/* Decodes exactly outlen bytes from hex; BT_EINVAL on any other input. */
enum bt_err bt_hex_decode(void *out, size_t outlen, const char *hex);

void bt_sha256_hex(const void *data, size_t len, char out[BT_HASH_HEX_LEN]);

/* SipHash-2-4 of data under a 16-byte key: a fast keyed PRF for short
 * inputs, used for code serials. */
uint64_t bt_mac64(const uint8_t key[16], const void *data, size_t len);

/* Keyed BLAKE2b of data under a 32-byte key, as 2*outbytes hex digits
 * (outbytes 16 to 32): for personal data kept only to be matched. */
void bt_keyed_hash_hex(const uint8_t key[32], const void *data, size_t len,
		       size_t outbytes, char *out);

/* Sealed boxes for personal data a process must read back (a
 * complainant's contact): XSalsa20-Poly1305 under a subkey derived from
 * key for an 8-character context, so that one key file key serves each
 * purpose with its own key. Sealed bytes are nonce, MAC, ciphertext. */
#define BT_SEAL_OVERHEAD 40
void bt_seal(const uint8_t key[32], const char context[8], const void *in,
	     size_t len, uint8_t *out);
/* Opens len sealed bytes into out (len - BT_SEAL_OVERHEAD bytes);
 * BT_EAUTH if they were not sealed under this key and context. */
enum bt_err bt_unseal(const uint8_t key[32], const char context[8],
		      const uint8_t *in, size_t len, void *out);

/* Makes a new random API token (BT_TOKEN_LEN characters + terminator). */
void bt_token_new(char out[BT_TOKEN_LEN + 1]);
/* The stored form of a token: hex BLAKE2b-256. Tokens carry 160 random
 * bits, so a fast hash is enough and lookups by hash stay cheap. */
void bt_token_hash(const char *token, char out[BT_HASH_HEX_LEN]);
/* A new access code for a record a consumer follows without an account:
 * 128 random bits as 32 hex digits into code, and the hash to store. */
void bt_access_code_new(char code[33], char hash[BT_HASH_HEX_LEN]);

/* Argon2id password hashing (interactive limits). */
enum bt_err bt_password_hash(const char *password,
			     char out[BT_PASSWORD_HASH_LEN]);
/* BT_OK when password matches hash, BT_EAUTH otherwise. */
enum bt_err bt_password_verify(const char *hash, const char *password);

#endif
