/* note.h: C2SP signed notes (note.c): Ed25519 signatures (type 0x01) and
 * timestamped cosignatures (C2SP tlog-cosignature, type 0x04), verifier
 * key strings, and opening a note against known keys. */
#ifndef BT_NOTE_H
#define BT_NOTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define BT_NOTE_ED25519	    0x01
#define BT_NOTE_COSIGNATURE 0x04
#define BT_NOTE_NAME_MAX    256
/* A verifier key string: name, "+", 8 hex, "+", base64 of 33 bytes. */
#define BT_NOTE_VKEY_MAX (BT_NOTE_NAME_MAX + 64)
/* A signature line: "— ", name, " ", base64 of at most 4+8+64 bytes, LF. */
#define BT_NOTE_LINE_MAX (BT_NOTE_NAME_MAX + 112)
/* Notes with more signatures than this are refused. */
#define BT_NOTE_SIGS_MAX 100

struct bt_note_key {
	char name[BT_NOTE_NAME_MAX];
	uint8_t type; /* BT_NOTE_ED25519 or BT_NOTE_COSIGNATURE */
	uint32_t id;
	uint8_t pub[32];
	uint8_t secret[64]; /* all zero in a verifier */
	bool can_sign;
};

/* A key name is non-empty UTF-8 without spaces, "+" or newlines. */
bool bt_note_name_ok(const char *name);
/* The key from a 32-byte seed; BT_EINVAL if the name is not one. */
enum bt_err bt_note_key_from_seed(struct bt_note_key *out, const char *name,
				  uint8_t type, const uint8_t seed[32]);
/* The verifier key string "name+hex(id)+base64(type || public key)". */
void bt_note_vkey(char out[BT_NOTE_VKEY_MAX], const struct bt_note_key *k);
/* Reads a verifier key string, checking its id; BT_EINVAL with *why. */
enum bt_err bt_note_vkey_parse(const char *vkey, struct bt_note_key *out,
			       const char **why);

/* The signature line of key over text (the note body, final newline
 * included): "— name base64(id || sig)\n". A cosignature key signs the
 * cosignature/v1 message at time timestamp (seconds); others ignore it. */
enum bt_err bt_note_sign(char out[BT_NOTE_LINE_MAX],
			 const struct bt_note_key *k, const char *text,
			 size_t len, uint64_t timestamp);

/* A note split at its blank line: text is msg[0..text_len), the signature
 * block follows. BT_EINVAL with *why when the note is malformed. */
enum bt_err bt_note_split(const char *msg, size_t len, size_t *text_len,
			  const char **why);
/* Opens a note: each signature line whose name and id match one of keys
 * must verify (BT_EAUTH otherwise), and at least one must match
 * (BT_ENOTFOUND otherwise); verified[i] says whether keys[i] signed, and
 * times[i] is a cosignature's time. Unknown signatures are skipped. */
enum bt_err bt_note_open(const char *msg, size_t len,
			 const struct bt_note_key *keys, size_t nkeys,
			 bool *verified, uint64_t *times, size_t *text_len,
			 const char **why);

#endif
