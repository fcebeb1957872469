/* cmd_log.c: `bondtrace log ...`: the public log's checkpoints, the
 * monitor's full check, self-contained proofs, and a witness's cosigning
 * (docs/log.md). */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/commands.h"
#include "core/buf.h"
#include "core/crypto.h"
#include "core/keys.h"
#include "tlog/monitor.h"
#include "tlog/sequencer.h"
#include "tlog/store.h"

#define NOTE_FILE_MAX ((size_t)64 * 1024)

/* The log's configuration from the key file and settings, bound to the
 * origin stored with the log. */
static bool need_config(struct bt_cli *cli, struct tlog_config *cfg, int *rc)
{
	struct bt_db *db = app_need_db(cli, rc);
	if (db == NULL)
		return false;
	char url[256];
	if (!app_setup_trace(cli, url, sizeof(url), rc))
		return false;
	const struct bt_keys *keys = NULL;
	if (bt_cli_keys(cli, &keys) != BT_OK)
		return false;
	const char *why = NULL;
	if (tlog_config_init(cfg, keys, cli->cfg.log_origin, url,
			     cli->cfg.log_witnesses, &why) != BT_OK) {
		*rc = bt_cli_fail(cli, BT_EINVAL, "%s", why);
		return false;
	}
	enum bt_err err =
		tlog_config_bind(db, cfg, cli->cfg.log_origin[0] != '\0', &why);
	if (err != BT_OK) {
		*rc = bt_cli_fail(cli, err, "%s", why);
		return false;
	}
	return true;
}

int cmd_log_checkpoint(struct bt_cli *cli)
{
	int rc = 0;
	struct tlog_config cfg;
	struct bt_db *db = app_need_db(cli, &rc);
	if (db == NULL || !need_config(cli, &cfg, &rc))
		return rc;
	bool made = false;
	uint64_t size = 0;
	char *note = NULL;
	uint64_t moved = 0;
	enum bt_err err = tlog_sequence_all(db, &moved);
	if (err != BT_OK)
		return bt_cli_fail(cli, err,
				   "cannot append the queued entries");
	err = tlog_checkpoint_make(db, &cfg, &made, &size);
	if (err == BT_OK)
		err = tlog_checkpoint_latest(db, NULL, NULL, &note);
	if (err != BT_OK)
		return bt_cli_fail(cli, err, "cannot sign a checkpoint");
	fputs(note, stdout);
	free(note);
	return 0;
}

int cmd_log_verifier_key(struct bt_cli *cli)
{
	int rc = 0;
	struct tlog_config cfg;
	if (!need_config(cli, &cfg, &rc))
		return rc;
	char vkey[BT_NOTE_VKEY_MAX];
	bt_note_vkey(vkey, &cfg.key);
	printf("%s\n", vkey);
	return 0;
}

/* Opens a checkpoint note with key; 0 or an exit code after one line. */
static int open_checkpoint(struct bt_cli *cli, const char *note, size_t len,
			   const struct bt_note_key *key,
			   struct bt_tlog_checkpoint *c, const char *what)
{
	bool ok = false;
	uint64_t ts = 0;
	size_t text_len = 0;
	const char *why = NULL;
	enum bt_err err =
		bt_note_open(note, len, key, 1, &ok, &ts, &text_len, &why);
	if (err == BT_ENOTFOUND)
		why = "it is not signed by the log's key";
	if (err == BT_OK)
		err = bt_tlog_checkpoint_parse(note, text_len, c, &why);
	if (err == BT_OK && strcmp(c->origin, key->name) != 0) {
		err = BT_EAUTH;
		why = "its origin is not the key's name";
	}
	if (err != BT_OK)
		return bt_cli_fail(cli, err == BT_ENOTFOUND ? BT_EAUTH : err,
				   "%s: %s", what, why);
	return 0;
}

static int write_file(struct bt_cli *cli, const char *path, const char *text)
{
	char tmp[PATH_MAX];
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	FILE *f = fopen(tmp, "we");
	if (f == NULL || fputs(text, f) < 0 || fflush(f) != 0 ||
	    fsync(fileno(f)) != 0 || fclose(f) != 0 || rename(tmp, path) != 0)
		return bt_cli_fail(cli, BT_EIO, "cannot write %s: %s", path,
				   strerror(errno));
	return 0;
}

int cmd_log_verify(struct bt_cli *cli)
{
	int rc = 0;
	struct tlog_config cfg;
	struct bt_db *db = app_need_db(cli, &rc);
	if (db == NULL || !need_config(cli, &cfg, &rc))
		return rc;
	char *note = NULL;
	uint64_t size = 0;
	enum bt_err err = tlog_checkpoint_latest(db, &size, NULL, &note);
	if (err != BT_OK)
		return bt_cli_fail(cli, err,
				   "the log has no checkpoint to "
				   "verify against");
	struct bt_tlog_checkpoint c = {.size = 0};
	rc = open_checkpoint(cli, note, strlen(note), &cfg.key, &c,
			     "the latest checkpoint");
	bt_tlog_hash root;
	uint64_t tiles = 0;
	char why[160] = "";
	if (rc == 0) {
		err = tlog_rebuild(db, c.size, root, &tiles, why, sizeof(why));
		if (err != BT_OK)
			rc = bt_cli_fail(cli, err,
					 "the log does not verify: %s",
					 why[0] ? why : bt_strerror(err));
		else if (sodium_memcmp(root, c.root, BT_TLOG_HASH_LEN) != 0)
			rc = bt_cli_fail(
				cli, BT_ECONFLICT,
				"the checkpoint's root is not the root "
				"of the tree rebuilt from the entries");
	}
	const char *since = bt_cli_get(cli, "--since");
	if (rc == 0 && since != NULL) {
		struct bt_buf old = BT_BUF_INIT;
		struct bt_tlog_checkpoint oc = {.size = 0};
		err = bt_read_file(since, NOTE_FILE_MAX, &old);
		if (err != BT_OK)
			rc = bt_cli_fail(cli, err, "cannot read %s", since);
		else
			rc = open_checkpoint(cli, old.data, old.len, &cfg.key,
					     &oc, since);
		bt_buf_free(&old);
		bt_tlog_hash proof[BT_TLOG_PROOF_MAX];
		size_t n = 0;
		if (rc == 0 && oc.size > c.size)
			rc = bt_cli_fail(cli, BT_ECONFLICT,
					 "the log shrank: %s has %" PRIu64
					 " entries, the log now %" PRIu64,
					 since, oc.size, c.size);
		if (rc == 0 &&
		    (err = tlog_prove_consistency(db, oc.size, c.size, proof,
						  &n)) != BT_OK)
			rc = bt_cli_fail(cli, err,
					 "cannot make a consistency proof");
		if (rc == 0 &&
		    !bt_tlog_check_consistency(oc.size, c.size, oc.root, c.root,
					       (const bt_tlog_hash *)proof, n))
			rc = bt_cli_fail(cli, BT_ECONFLICT,
					 "the log is not an extension of %s: "
					 "entries were changed or removed",
					 since);
		if (rc == 0)
			printf("consistent with %s (%" PRIu64
			       " entries then)\n",
			       since, oc.size);
	}
	const char *save = bt_cli_get(cli, "--save");
	if (rc == 0 && save != NULL)
		rc = write_file(cli, save, note);
	if (rc == 0) {
		char r64[45];
		bt_tlog_hash_base64(r64, root);
		printf("log verified: %" PRIu64 " entries, %" PRIu64
		       " tiles, root %s, signed by %s\n",
		       c.size, tiles, r64, c.origin);
	}
	free(note);
	return rc;
}

int cmd_log_prove(struct bt_cli *cli)
{
	long long index = 0;
	if (cli->nargs != 1 || !bt_parse_ll(cli->args[0], 0, LLONG_MAX, &index))
		return bt_cli_usage_error(cli, "the entry's index");
	int rc = 0;
	struct tlog_config cfg;
	struct bt_db *db = app_need_db(cli, &rc);
	if (db == NULL || !need_config(cli, &cfg, &rc))
		return rc;
	json_t *view = NULL;
	enum bt_err err = tlog_entry_view(db, &cfg, (uint64_t)index, &view);
	if (err != BT_OK)
		return bt_cli_fail(cli, err, "no entry %lld", index);
	if (json_is_true(json_object_get(view, "pending"))) {
		json_decref(view);
		return bt_cli_fail(cli, BT_EUNAVAIL,
				   "entry %lld is newer than the latest "
				   "checkpoint; run `bondtrace log checkpoint`",
				   index);
	}
	app_print_json(view);
	return 0;
}

int cmd_log_check_proof(struct bt_cli *cli)
{
	if (cli->nargs != 1)
		return bt_cli_usage_error(cli, "the proof file");
	struct bt_buf file = BT_BUF_INIT;
	enum bt_err err = bt_read_file(cli->args[0], NOTE_FILE_MAX * 4, &file);
	if (err != BT_OK)
		return bt_cli_fail(cli, err, "cannot read %s", cli->args[0]);
	json_error_t jerr;
	json_t *p = json_loadb(file.data, file.len, 0, &jerr);
	bt_buf_free(&file);
	const char *entry = NULL, *note = NULL, *vkey = NULL;
	json_int_t index = -1, size = -1;
	json_t *proof = NULL;
	if (p == NULL ||
	    json_unpack(p, "{s:s, s:I, s:I, s:s, s:o, s:s}", "entry", &entry,
			"index", &index, "tree_size", &size, "checkpoint",
			&note, "inclusion_proof", &proof, "verifier_key",
			&vkey) != 0 ||
	    !json_is_array(proof) || index < 0 || size < 0) {
		json_decref(p);
		return bt_cli_fail(cli, BT_EINVAL,
				   "%s is not a proof from `bondtrace log "
				   "prove` or /api/v1/log/entries/INDEX",
				   cli->args[0]);
	}
	const char *given = bt_cli_get(cli, "--vkey");
	struct bt_note_key key;
	const char *why = NULL;
	int rc = 0;
	if (bt_note_vkey_parse(given ? given : vkey, &key, &why) != BT_OK)
		rc = bt_cli_fail(cli, BT_EINVAL, "%s", why);
	struct bt_tlog_checkpoint c = {.size = 0};
	if (rc == 0)
		rc = open_checkpoint(cli, note, strlen(note), &key, &c,
				     "the checkpoint");
	bt_tlog_hash hashes[BT_TLOG_PROOF_MAX], leaf;
	size_t n = json_array_size(proof);
	if (rc == 0 && (c.size != (uint64_t)size || n > BT_TLOG_PROOF_MAX))
		rc = bt_cli_fail(cli, BT_EINVAL,
				 "the proof's tree size is not the "
				 "checkpoint's");
	for (size_t i = 0; rc == 0 && i < n; i++) {
		const char *h = json_string_value(json_array_get(proof, i));
		if (h == NULL ||
		    bt_tlog_hash_from_base64(hashes[i], h, strlen(h)) != BT_OK)
			rc = bt_cli_fail(cli, BT_EINVAL,
					 "inclusion_proof[%zu] is not a base64 "
					 "hash",
					 i);
	}
	if (rc == 0) {
		bt_tlog_leaf_hash(leaf, entry, strlen(entry));
		if (!bt_tlog_check_inclusion((uint64_t)index, c.size, leaf,
					     (const bt_tlog_hash *)hashes, n,
					     c.root))
			rc = bt_cli_fail(cli, BT_ECONFLICT,
					 "the entry is not in the log at index "
					 "%lld of the checkpoint's tree",
					 (long long)index);
	}
	if (rc == 0)
		printf("proof verified: entry %lld is in %s (%" PRIu64
		       " entries)%s\n",
		       (long long)index, c.origin, c.size,
		       given ? ""
			     : "; the key came from the file itself: pass "
			       "--vkey with one you got elsewhere");
	json_decref(p);
	return rc;
}

/* A witness key file: "PRIVATE+KEY+name+id+base64(0x04 || seed)". */
int cmd_log_witness_key(struct bt_cli *cli)
{
	const char *name = NULL, *out = NULL;
	if (!bt_cli_need(cli, "--name", &name) ||
	    !bt_cli_need(cli, "--out", &out))
		return BT_EXIT_USAGE;
	uint8_t raw[33];
	raw[0] = BT_NOTE_COSIGNATURE;
	bt_random_bytes(raw + 1, 32);
	struct bt_note_key k;
	if (bt_note_key_from_seed(&k, name, BT_NOTE_COSIGNATURE, raw + 1) !=
	    BT_OK)
		return bt_cli_fail(cli, BT_EINVAL,
				   "--name: a key name has no spaces or \"+\"");
	char b64[64], line[BT_NOTE_NAME_MAX + 96];
	sodium_bin2base64(b64, sizeof(b64), raw, sizeof(raw),
			  sodium_base64_VARIANT_ORIGINAL);
	snprintf(line, sizeof(line), "PRIVATE+KEY+%s+%08x+%s\n", name, k.id,
		 b64);
	sodium_memzero(raw, sizeof(raw));
	int fd = open(out, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	ssize_t len = (ssize_t)strlen(line);
	bool ok = fd >= 0 && write(fd, line, (size_t)len) == len &&
		  fsync(fd) == 0;
	if (fd >= 0)
		close(fd);
	sodium_memzero(line, sizeof(line));
	if (!ok)
		return bt_cli_fail(cli, BT_EIO,
				   "cannot create %s (it must not exist yet)",
				   out);
	char vkey[BT_NOTE_VKEY_MAX];
	bt_note_vkey(vkey, &k);
	printf("%s\n", vkey);
	return 0;
}

static enum bt_err load_witness_key(const char *path, struct bt_note_key *k)
{
	struct bt_buf b = BT_BUF_INIT;
	enum bt_err err = bt_read_file(path, 1024, &b);
	if (err != BT_OK)
		return err;
	err = BT_EINVAL;
	char *s = b.data, *name = NULL, *id = NULL, *key = NULL;
	if (s != NULL && strncmp(s, "PRIVATE+KEY+", 12) == 0) {
		name = s + 12;
		id = strchr(name, '+');
	}
	if (id != NULL) {
		*id++ = '\0';
		key = strchr(id, '+');
	}
	uint8_t raw[34];
	size_t got = 0;
	if (key != NULL) {
		*key++ = '\0';
		key[strcspn(key, "\n")] = '\0';
		if (sodium_base642bin(raw, sizeof(raw), key, strlen(key), NULL,
				      &got, NULL,
				      sodium_base64_VARIANT_ORIGINAL) == 0 &&
		    got == 33 && raw[0] == BT_NOTE_COSIGNATURE &&
		    bt_note_key_from_seed(k, name, BT_NOTE_COSIGNATURE,
					  raw + 1) == BT_OK) {
			char hex[9];
			snprintf(hex, sizeof(hex), "%08x", k->id);
			err = strcmp(hex, id) == 0 ? BT_OK : BT_EINVAL;
		}
	}
	sodium_memzero(raw, sizeof(raw));
	sodium_memzero(b.data, b.len);
	bt_buf_free(&b);
	return err;
}

/* Reads a witness request ("old N", proof lines, a blank line, the
 * checkpoint note); *note points into text. */
static bool parse_request(char *text, uint64_t *old, bt_tlog_hash *proof,
			  size_t *n, const char **note)
{
	*n = 0;
	char *nl = strchr(text, '\n');
	long long o = 0;
	if (strncmp(text, "old ", 4) != 0 || nl == NULL)
		return false;
	*nl = '\0';
	if (!bt_parse_ll(text + 4, 0, LLONG_MAX, &o))
		return false;
	*old = (uint64_t)o;
	char *p = nl + 1;
	while (*p != '\n') {
		nl = strchr(p, '\n');
		if (nl == NULL || *n == BT_TLOG_PROOF_MAX ||
		    bt_tlog_hash_from_base64(proof[*n], p, (size_t)(nl - p)) !=
			    BT_OK)
			return false;
		(*n)++;
		p = nl + 1;
	}
	*note = p + 1;
	return true;
}

int cmd_log_witness(struct bt_cli *cli)
{
	const char *key_path = NULL, *state = NULL, *log_vkey = NULL;
	if (!bt_cli_need(cli, "--key", &key_path) ||
	    !bt_cli_need(cli, "--state", &state) ||
	    !bt_cli_need(cli, "--log-key", &log_vkey))
		return BT_EXIT_USAGE;
	struct bt_note_key me, logk;
	const char *why = NULL;
	if (load_witness_key(key_path, &me) != BT_OK)
		return bt_cli_fail(
			cli, BT_EINVAL,
			"%s is not a witness key from `bondtrace log "
			"witness-key`",
			key_path);
	if (bt_note_vkey_parse(log_vkey, &logk, &why) != BT_OK)
		return bt_cli_fail(cli, BT_EINVAL, "--log-key: %s", why);
	struct bt_buf in = BT_BUF_INIT;
	const char *in_path = bt_cli_get(cli, "--in");
	enum bt_err err = in_path ? bt_read_file(in_path, NOTE_FILE_MAX, &in)
				  : bt_read_stream(stdin, NOTE_FILE_MAX, &in);
	uint64_t old = 0;
	bt_tlog_hash proof[BT_TLOG_PROOF_MAX];
	size_t n = 0;
	const char *note = NULL;
	if (err != BT_OK || in.data == NULL ||
	    !parse_request(in.data, &old, proof, &n, &note) || note == NULL) {
		bt_buf_free(&in);
		return bt_cli_fail(cli, BT_EINVAL,
				   "the request is not \"old N\", proof lines, "
				   "a blank line and a checkpoint (GET "
				   "/log/witness?old=N)");
	}
	struct bt_tlog_checkpoint c = {.size = 0}, prev = {.size = 0};
	int rc = open_checkpoint(cli, note, strlen(note), &logk, &c,
				 "the checkpoint");
	/* The last checkpoint this witness cosigned; none on first use. */
	struct bt_buf last = BT_BUF_INIT;
	bool have_last = false;
	if (rc == 0 && access(state, F_OK) == 0) {
		if (bt_read_file(state, NOTE_FILE_MAX, &last) != BT_OK)
			rc = bt_cli_fail(cli, BT_EIO, "cannot read %s", state);
		else
			rc = open_checkpoint(cli, last.data, last.len, &logk,
					     &prev, state);
		have_last = rc == 0;
	}
	if (rc == 0 && old != prev.size)
		rc = bt_cli_fail(
			cli, BT_ECONFLICT,
			"the request proves from %" PRIu64
			" entries, but this witness last cosigned %" PRIu64
			" (ask for /log/witness?old=%" PRIu64 ")",
			old, prev.size, prev.size);
	if (rc == 0 && c.size < prev.size)
		rc = bt_cli_fail(cli, BT_ECONFLICT,
				 "the log shrank from %" PRIu64 " to %" PRIu64
				 " entries; not cosigning",
				 prev.size, c.size);
	if (rc == 0 && have_last &&
	    !bt_tlog_check_consistency(prev.size, c.size, prev.root, c.root,
				       (const bt_tlog_hash *)proof, n))
		rc = bt_cli_fail(
			cli, BT_ECONFLICT,
			"the checkpoint is not consistent with the one "
			"this witness cosigned last; not cosigning");
	bt_buf_free(&last);
	char line[BT_NOTE_LINE_MAX];
	if (rc == 0) {
		size_t text_len = 0;
		bt_note_split(note, strlen(note), &text_len, &why);
		err = bt_note_sign(line, &me, note, text_len,
				   (uint64_t)time(NULL));
		if (err != BT_OK)
			rc = bt_cli_fail(cli, err, "cannot cosign");
	}
	if (rc == 0)
		rc = write_file(cli, state, note);
	if (rc == 0)
		printf("%s%s", note, line);
	sodium_memzero(&me, sizeof(me));
	bt_buf_free(&in);
	return rc;
}
