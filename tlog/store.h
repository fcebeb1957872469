/* store.h: the public log in PostgreSQL (store.c): its signing key and
 * witnesses, checkpoints, tiles, entries and proofs. The facts' own
 * transactions queue the entries (sql/migrations/0024_log.sql) and the
 * sequencer (sequencer.h) appends them to the tree; this module reads the
 * tree and signs checkpoints. */
#ifndef TLOG_STORE_H
#define TLOG_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/buf.h"
#include "core/db.h"
#include "core/note.h"
#include "core/tlog.h"

#define TLOG_WITNESSES_MAX 8

struct bt_keys;

struct tlog_config {
	struct bt_note_key key; /* signs checkpoints; its name is the origin */
	struct bt_note_key witnesses[TLOG_WITNESSES_MAX];
	size_t nwitnesses;
};

/* The log's key from the key file and its origin (configured, or the
 * public URL's host and path + "/log"), and the witnesses' verifier keys
 * (space-separated vkeys). BT_EINVAL with *why. */
enum bt_err tlog_config_init(struct tlog_config *out,
			     const struct bt_keys *keys, const char *origin,
			     const char *public_url, const char *witnesses,
			     const char **why);

/* Holds cfg to the origin stored with the log: the first server or
 * command to run stores its own; later ones take the stored one unless
 * the origin was configured explicitly (then a different one is
 * BT_ECONFLICT), so a log keeps one name whatever address serves it. */
enum bt_err tlog_config_bind(struct bt_db *db, struct tlog_config *cfg,
			     bool explicit_origin, const char **why);

/* The right edge of the stored tree of size leaves. */
enum bt_err tlog_edge_read(struct bt_db *db, uint64_t size,
			   struct bt_tlog_edge *edge);

/* Signs a checkpoint for the tree as it is now, if it grew since the
 * latest (or there is none); *size is the tree size signed or current. */
enum bt_err tlog_checkpoint_make(struct bt_db *db,
				 const struct tlog_config *cfg, bool *made,
				 uint64_t *size);

/* The latest checkpoint: its size and root, and the signed note with the
 * cosignatures it has appended (the caller frees *note). BT_ENOTFOUND if
 * none was signed yet. */
enum bt_err tlog_checkpoint_latest(struct bt_db *db, uint64_t *size,
				   bt_tlog_hash root, char **note);
/* tlog_checkpoint_latest for the pages and endpoints: the checkpoint may
 * be up to half a second old unless this process signed or cosigned one
 * since. */
enum bt_err tlog_checkpoint_recent(struct bt_db *db, uint64_t *size,
				   bt_tlog_hash root, char **note);
/* The checkpoint of a size signed earlier (BT_ENOTFOUND if none). */
enum bt_err tlog_checkpoint_at(struct bt_db *db, uint64_t size,
			       bt_tlog_hash root, char **note);

/* A hash tile or an entry bundle as C2SP tlog-tiles defines them, of the
 * tree of size leaves. BT_ENOTFOUND if that tree does not have the tile
 * at that width. */
enum bt_err tlog_tile_read(struct bt_db *db, const struct bt_tlog_tile *t,
			   uint64_t size, struct bt_buf *out);

/* Entry index: its text (the caller frees *body), kind and record id. */
enum bt_err tlog_entry_read(struct bt_db *db, uint64_t index, char **body,
			    char kind[32], long long *ref);
/* The index of the newest entry of kind for the record ref, or with
 * about_enterprise, about the enterprise ref (its rating, say). */
enum bt_err tlog_entry_find(struct bt_db *db, const char *kind, long long ref,
			    bool about_enterprise, uint64_t *index);

/* Proofs in the tree of size leaves, from the stored hashes (one query
 * each). BT_EINVAL if index >= size or old > size. */
enum bt_err tlog_prove_inclusion(struct bt_db *db, uint64_t index,
				 uint64_t size,
				 bt_tlog_hash proof[BT_TLOG_PROOF_MAX],
				 size_t *n);
enum bt_err tlog_prove_consistency(struct bt_db *db, uint64_t old,
				   uint64_t size,
				   bt_tlog_hash proof[BT_TLOG_PROOF_MAX],
				   size_t *n);
/* The root of the first size leaves from the stored hashes. */
enum bt_err tlog_root(struct bt_db *db, uint64_t size, bt_tlog_hash out);

/* Stores a witness's cosignature: note is the checkpoint as the witness
 * signed it, with its signature line (and ours). It must be a checkpoint
 * we signed, and the line must verify with a configured witness key.
 * BT_EINVAL / BT_EAUTH / BT_ENOTFOUND with *why. */
enum bt_err tlog_cosignature_add(struct bt_db *db,
				 const struct tlog_config *cfg,
				 const char *note, size_t len,
				 const char **why);

/* Base64 hashes as a JSON array. */
json_t *tlog_proof_json(const bt_tlog_hash *proof, size_t n);
/* Entry index as the log serves it: its text and fields, leaf hash, and
 * (unless it is newer than the latest checkpoint: "pending") the
 * checkpoint and the inclusion proof against it, with the verifier key.
 * Self-contained: `bondtrace log check-proof` verifies it offline. */
enum bt_err tlog_entry_view(struct bt_db *db, const struct tlog_config *cfg,
			    uint64_t index, json_t **out);
/* The log's front page: the latest checkpoint, the verifier key and the
 * 20 newest entries. */
enum bt_err tlog_home_view(struct bt_db *db, const struct tlog_config *cfg,
			   json_t **out);

#endif
