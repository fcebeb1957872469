/* fuzz_tlog.c: libFuzzer target for the public log's parsers and proof
 * checks: signed notes (opened against an Ed25519 key and a cosignature
 * key), checkpoints, verifier keys, tile paths, and inclusion and
 * consistency proofs read from the bytes. Any input is parsed or refused
 * * with a reason, and a proof of noise is checked, without a crash or
 * undefined behaviour. Built and run by scripts/fuzz.sh. */
#include <sodium.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/note.h"
#include "core/tlog.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct bt_note_key keys[2];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (sodium_init() < 0)
		abort();
	const char *why = NULL;
	if (bt_note_vkey_parse("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBf"
			       "sVkmqq/LDE4izWy10TW",
			       &keys[0], &why) != BT_OK)
		abort();
	uint8_t seed[32] = {1};
	if (bt_note_key_from_seed(&keys[1], "witness.example.com/w1",
				  BT_NOTE_COSIGNATURE, seed) != BT_OK)
		abort();
	return 0;
}

static uint64_t u64(const uint8_t *p)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	const char *why = NULL;

	bool ok[2];
	uint64_t times[2];
	size_t text_len = 0;
	enum bt_err err =
		bt_note_open(s, size, keys, 2, ok, times, &text_len, &why);
	if (err != BT_OK && why == NULL)
		abort();
	if (err == BT_OK && (text_len >= size || !(ok[0] || ok[1])))
		abort();

	struct bt_tlog_checkpoint c;
	if (bt_tlog_checkpoint_parse(s, size, &c, &why) == BT_OK) {
		char again[BT_TLOG_ORIGIN_MAX + 96];
		if (bt_tlog_checkpoint_format(again, sizeof(again), &c) == 0)
			abort();
	} else if (why == NULL) {
		abort();
	}

	struct bt_note_key k;
	if (bt_note_vkey_parse(s, &k, &why) == BT_OK) {
		char vkey[BT_NOTE_VKEY_MAX];
		bt_note_vkey(vkey, &k);
		if (strcmp(vkey, s) != 0)
			abort(); /* one spelling per key */
	} else if (why == NULL) {
		abort();
	}

	struct bt_tlog_tile t;
	if (bt_tlog_tile_parse(s, &t, &why) == BT_OK) {
		char path[96];
		if (bt_tlog_tile_path(path, sizeof(path), &t) == 0 ||
		    strcmp(path, s) != 0)
			abort();
	} else if (why == NULL) {
		abort();
	}

	/* Canonical JSON is its own canonical form. */
	struct bt_buf canon = BT_BUF_INIT, again = BT_BUF_INIT;
	if (bt_tlog_canonical(s, size, &canon) == BT_OK) {
		if (bt_tlog_canonical(canon.data, canon.len, &again) != BT_OK ||
		    again.len != canon.len ||
		    memcmp(again.data, canon.data, canon.len) != 0)
			abort();
	} else if (canon.len != 0) {
		abort();
	}
	bt_buf_free(&canon);
	bt_buf_free(&again);

	/* index, size and old size, then hashes: a proof made of noise. */
	if (size >= 24 + 2 * BT_TLOG_HASH_LEN) {
		uint64_t index = u64(data), tree = u64(data + 8),
			 old = u64(data + 16);
		const uint8_t *h = data + 24;
		size_t n = (size - 24) / BT_TLOG_HASH_LEN - 2;
		if (n > BT_TLOG_PROOF_MAX)
			n = BT_TLOG_PROOF_MAX;
		bt_tlog_hash leaf, root, proof[BT_TLOG_PROOF_MAX];
		memcpy(leaf, h, BT_TLOG_HASH_LEN);
		memcpy(root, h + BT_TLOG_HASH_LEN, BT_TLOG_HASH_LEN);
		memcpy(proof, h + 2 * BT_TLOG_HASH_LEN, n * BT_TLOG_HASH_LEN);
		(void)bt_tlog_check_inclusion(index, tree, leaf,
					      (const bt_tlog_hash *)proof, n,
					      root);
		(void)bt_tlog_check_consistency(old, tree, leaf, root,
						(const bt_tlog_hash *)proof, n);
	}
	free(s);
	return 0;
}
