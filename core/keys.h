/* keys.h: the key file. Secrets that must never sit in the database (the
 * serial MAC keys, by version, the personal-data hashing key and the
 * log's signing key) live in
 * one text file readable by the owner only. */
#ifndef BT_KEYS_H
#define BT_KEYS_H

#include <stdbool.h>
#include <stdint.h>

#include "err.h"

/* Serial key versions are 1..BT_KEYS_MAX_VERSION (one base32 digit). */
#define BT_KEYS_MAX_VERSION 31
#define BT_KEYS_SERIAL_LEN  16
#define BT_KEYS_PII_LEN	    32
#define BT_KEYS_LOG_LEN	    32

struct bt_keys;

/* Creates path with mode 0600 holding serial key version 1 and a
 * personal-data key. BT_ECONFLICT if the file already exists. */
enum bt_err bt_keys_init(const char *path);

/* Appends the next serial key version; new codes use it, codes made with
 * older versions keep verifying. */
enum bt_err bt_keys_rotate(const char *path, unsigned *new_version);

/* Adds the key kinds a file made by an older version lacks (the log's
 * signing key); *added says whether it did. */
enum bt_err bt_keys_upgrade(const char *path, bool *added);

/* Reads path. The caller frees *out with bt_keys_free(). Errors are logged
 * with the line that failed. */
enum bt_err bt_keys_load(const char *path, struct bt_keys **out);
void bt_keys_free(struct bt_keys *keys);

/* The serial key of a version, or NULL if the file has none. */
const uint8_t *bt_keys_serial(const struct bt_keys *keys, unsigned version);
/* The newest serial key version. */
unsigned bt_keys_serial_current(const struct bt_keys *keys);
/* The key for hashing personal data (BT_KEYS_PII_LEN bytes). */
const uint8_t *bt_keys_pii(const struct bt_keys *keys);
/* The Ed25519 seed that signs the public log's checkpoints
 * (BT_KEYS_LOG_LEN bytes), or NULL if the file has none. */
const uint8_t *bt_keys_log_seed(const struct bt_keys *keys);

#endif
