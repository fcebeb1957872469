/* api.c: the public log over HTTP, and its checkpoint signer (see api.h). */
#include "api.h"

#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/worker.h"
#include "tlog/sequencer.h"

static struct tlog_config config;
static char portal[256];

void tlog_api_init(const struct tlog_config *cfg, const char *public_url)
{
	config = *cfg;
	bt_strlcpy(portal, public_url, sizeof(portal));
}

/* A page's view with the portal's address for its command examples. */
static json_t *with_portal(struct bt_req *req, json_t *view)
{
	if (view != NULL)
		json_object_set_new(view, "portal_url", json_string(portal));
	return bt_page_view(req, view);
}

/* The latest checkpoint, or false after a reply (503 if none is signed
 * yet). */
static bool latest(struct bt_req *req, struct bt_db *db, uint64_t *size,
		   bt_tlog_hash root, char **note)
{
	enum bt_err err = tlog_checkpoint_recent(db, size, root, note);
	if (err == BT_ENOTFOUND)
		bt_reply_error(req, BT_EUNAVAIL,
			       "the log has no signed checkpoint yet; try "
			       "again in a few seconds");
	else if (err != BT_OK)
		bt_reply_error(req, err, NULL);
	return err == BT_OK;
}

void tlog_api_checkpoint(struct bt_req *req)
{
	struct bt_db *db = bt_req_db(req);
	char *note = NULL;
	if (db == NULL || !latest(req, db, NULL, NULL, &note))
		return;
	bt_reply_header(req, "Cache-Control", "public, max-age=2");
	bt_reply_take(req, 200, "text/plain; charset=utf-8", note,
		      strlen(note));
}

/* Tiles served, kept in memory: a tile of a given width never changes, so
 * one read from the database serves every later request for it. Slots
 * are direct-mapped by address; the bytes kept are bounded. */
#define TILE_SLOTS     4096
#define TILE_STRIPES   64
#define TILE_BYTES_MAX ((size_t)256 << 20)

static struct tile_slot {
	struct bt_tlog_tile t;
	char *data;
	size_t len;
} tile_slots[TILE_SLOTS];
static pthread_mutex_t tile_locks[TILE_STRIPES] = {
	[0 ... TILE_STRIPES - 1] = PTHREAD_MUTEX_INITIALIZER};
static _Atomic size_t tile_bytes;

static size_t tile_slot_of(const struct bt_tlog_tile *t)
{
	uint64_t h = (t->index + 1) * 0x9e3779b97f4a7c15u ^
		     (uint64_t)(t->level + 2) << 56 ^ t->width;
	return (size_t)(h ^ h >> 29) % TILE_SLOTS;
}

static bool same_tile(const struct bt_tlog_tile *a,
		      const struct bt_tlog_tile *b)
{
	return a->level == b->level && a->index == b->index &&
	       a->width == b->width;
}

/* A copy of the kept tile (the caller frees it), or NULL. */
static char *tile_kept(const struct bt_tlog_tile *t, size_t *len)
{
	size_t i = tile_slot_of(t);
	pthread_mutex_t *m = &tile_locks[i % TILE_STRIPES];
	char *copy = NULL;
	pthread_mutex_lock(m);
	struct tile_slot *s = &tile_slots[i];
	if (s->data != NULL && same_tile(&s->t, t)) {
		copy = malloc(s->len ? s->len : 1);
		if (copy != NULL) {
			memcpy(copy, s->data, s->len);
			*len = s->len;
		}
	}
	pthread_mutex_unlock(m);
	return copy;
}

static void tile_keep(const struct bt_tlog_tile *t, const char *data,
		      size_t len)
{
	if (atomic_load(&tile_bytes) + len > TILE_BYTES_MAX)
		return;
	char *own = malloc(len ? len : 1);
	if (own == NULL)
		return;
	memcpy(own, data, len);
	size_t i = tile_slot_of(t);
	pthread_mutex_t *m = &tile_locks[i % TILE_STRIPES];
	pthread_mutex_lock(m);
	struct tile_slot *s = &tile_slots[i];
	char *old = s->data;
	atomic_fetch_sub(&tile_bytes, old ? s->len : 0);
	atomic_fetch_add(&tile_bytes, len);
	*s = (struct tile_slot){.t = *t, .data = own, .len = len};
	pthread_mutex_unlock(m);
	free(old);
}

static void reply_tile(struct bt_req *req, char *data, size_t len,
		       const char *cached)
{
	bt_reply_header(req, "Cache-Control",
			"public, max-age=31536000, immutable");
	bt_reply_header(req, "X-Cache", cached);
	bt_reply_take(req, 200, "application/octet-stream", data, len);
}

void tlog_api_tile(struct bt_req *req)
{
	struct bt_tlog_tile t;
	const char *why = NULL;
	const char *path = bt_req_param(req, "path");
	if (bt_tlog_tile_parse(path ? path : "", &t, &why) != BT_OK) {
		bt_reply_error(req, BT_EINVAL, why);
		return;
	}
	size_t len = 0;
	char *data = tile_kept(&t, &len);
	if (data != NULL) {
		reply_tile(req, data, len, "hit");
		return;
	}
	struct bt_db *db = bt_req_db(req);
	uint64_t size = 0;
	if (db == NULL || !latest(req, db, &size, NULL, NULL))
		return;
	struct bt_buf out = BT_BUF_INIT;
	enum bt_err err = tlog_tile_read(db, &t, size, &out);
	if (err == BT_ENOTFOUND) {
		bt_buf_free(&out);
		bt_reply_header(req, "Cache-Control", "public, max-age=2");
		bt_reply_error(req, err,
			       "the log's latest checkpoint has no such tile "
			       "(not yet, or not at this width)");
		return;
	}
	if (err != BT_OK) {
		bt_buf_free(&out);
		bt_reply_error(req, err, NULL);
		return;
	}
	tile_keep(&t, out.data, out.len);
	len = out.len;
	reply_tile(req, bt_buf_steal(&out), len, "miss");
}

void tlog_api_verifier_key(struct bt_req *req)
{
	char vkey[BT_NOTE_VKEY_MAX], text[BT_NOTE_VKEY_MAX + 2];
	bt_note_vkey(vkey, &config.key);
	snprintf(text, sizeof(text), "%s\n", vkey);
	bt_reply_header(req, "Cache-Control", "public, max-age=3600");
	bt_reply_text(req, 200, "text/plain; charset=utf-8", text);
}

/* Query parameter name as a whole number from 0 to max; false after a
 * 400 reply naming it. */
static bool query_u64(struct bt_req *req, const char *name, long long max,
		      uint64_t *out)
{
	const char *s = bt_req_query(req, name);
	long long v = 0;
	if (s == NULL || !bt_parse_ll(s, 0, max, &v)) {
		char msg[96];
		snprintf(msg, sizeof(msg), "%s: a whole number is needed",
			 name);
		bt_reply_error(req, BT_EINVAL, msg);
		return false;
	}
	*out = (uint64_t)v;
	return true;
}

void tlog_api_entry(struct bt_req *req)
{
	long long index = 0;
	if (!bt_parse_ll(bt_req_param(req, "index"), 0, LLONG_MAX, &index)) {
		bt_reply_error(req, BT_EINVAL,
			       "index: a whole number is needed");
		return;
	}
	struct bt_db *db = bt_req_db(req);
	if (db == NULL)
		return;
	json_t *view = NULL;
	enum bt_err err = tlog_entry_view(db, &config, (uint64_t)index, &view);
	bt_reply_view_or_error(req, err, "log_entry", with_portal(req, view),
			       "the log has no entry at this index");
}

void tlog_api_home(struct bt_req *req)
{
	struct bt_db *db = bt_req_db(req);
	if (db == NULL)
		return;
	json_t *view = NULL;
	enum bt_err err = tlog_home_view(db, &config, &view);
	bt_reply_view_or_error(req, err, "log", with_portal(req, view), NULL);
}

void tlog_api_find(struct bt_req *req)
{
	static const char *const kinds[] = {
		"declaration",
		"binding",
		"status_range",
		"inspection",
		"penalty",
		"penalty_revision",
		"repair",
		"rating",
		"rating_rules",
		"draw",
		"commitment",
		"commendation",
		"objection",
		"customs_class",
		"complaint_event",
		"claim_event",
		NULL,
	};
	const char *kind = bt_req_query(req, "kind");
	bool known = false;
	for (size_t i = 0; kind != NULL && kinds[i] != NULL; i++)
		known = known || strcmp(kinds[i], kind) == 0;
	long long id = 0;
	const char *ids = bt_req_query(req, "id");
	const char *about = bt_req_query(req, "enterprise");
	if (!known) {
		bt_reply_error(req, BT_EINVAL,
			       "kind: not a kind of fact the log records");
		return;
	}
	if (ids == NULL && about != NULL) {
		if (strcmp(kind, "rating") != 0 &&
		    strcmp(kind, "customs_class") != 0) {
			bt_reply_error(req, BT_EINVAL,
				       "enterprise: only a rating or a customs "
				       "class is found by enterprise; give the "
				       "record's id");
			return;
		}
		if (!bt_parse_ll(about, 1, LLONG_MAX, &id)) {
			bt_reply_error(
				req, BT_EINVAL,
				"enterprise: a positive number is needed");
			return;
		}
	} else if (ids == NULL || !bt_parse_ll(ids, 1, LLONG_MAX, &id)) {
		bt_reply_error(req, BT_EINVAL,
			       "id: a positive number is needed");
		return;
	}
	struct bt_db *db = bt_req_db(req);
	if (db == NULL)
		return;
	uint64_t index = 0;
	enum bt_err err = tlog_entry_find(db, kind, id,
					  ids == NULL && about != NULL, &index);
	if (err != BT_OK) {
		bt_reply_error(req, err,
			       err == BT_ENOTFOUND
				       ? "the log has no entry for this record "
					 "yet: a fact enters it within a "
					 "second of being recorded"
				       : NULL);
		return;
	}
	char to[64];
	snprintf(to, sizeof(to), "/log/entries/%" PRIu64, index);
	bt_reply_redirect(req, 303, to);
}

void tlog_api_consistency(struct bt_req *req)
{
	uint64_t from = 0, to = 0;
	if (!query_u64(req, "from", LLONG_MAX, &from) ||
	    !query_u64(req, "to", LLONG_MAX, &to))
		return;
	struct bt_db *db = bt_req_db(req);
	uint64_t size = 0;
	if (db == NULL || !latest(req, db, &size, NULL, NULL))
		return;
	if (from > to || to > size) {
		bt_reply_error(req, BT_EINVAL,
			       "from and to: sizes with from <= to <= the "
			       "latest checkpoint's size are needed");
		return;
	}
	bt_tlog_hash proof[BT_TLOG_PROOF_MAX];
	size_t n = 0;
	enum bt_err err = tlog_prove_consistency(db, from, to, proof, &n);
	if (err != BT_OK) {
		bt_reply_error(req, err, NULL);
		return;
	}
	bt_reply_json(
		req, 200,
		json_pack("{s:I, s:I, s:o}", "from", (json_int_t)from, "to",
			  (json_int_t)to, "proof",
			  tlog_proof_json((const bt_tlog_hash *)proof, n)));
}

void tlog_api_witness_request(struct bt_req *req)
{
	uint64_t old = 0;
	if (!query_u64(req, "old", LLONG_MAX, &old))
		return;
	struct bt_db *db = bt_req_db(req);
	uint64_t size = 0;
	char *note = NULL;
	if (db == NULL || !latest(req, db, &size, NULL, &note))
		return;
	bt_tlog_hash proof[BT_TLOG_PROOF_MAX];
	size_t n = 0;
	enum bt_err err =
		old > size ? BT_EINVAL
			   : tlog_prove_consistency(db, old, size, proof, &n);
	struct bt_buf out = BT_BUF_INIT;
	if (err == BT_OK)
		err = bt_buf_printf(&out, "old %" PRIu64 "\n", old);
	for (size_t i = 0; i < n && err == BT_OK; i++) {
		char b64[45];
		bt_tlog_hash_base64(b64, proof[i]);
		err = bt_buf_printf(&out, "%s\n", b64);
	}
	if (err == BT_OK)
		err = bt_buf_printf(&out, "\n%s", note);
	free(note);
	if (err != BT_OK) {
		bt_buf_free(&out);
		bt_reply_error(req, err,
			       err == BT_EINVAL ? "old: larger than the log"
						: NULL);
		return;
	}
	size_t len = out.len;
	bt_reply_take(req, 200, "text/plain; charset=utf-8", bt_buf_steal(&out),
		      len);
}

void tlog_api_cosignature(struct bt_req *req)
{
	size_t len = 0;
	const char *body = bt_req_body(req, &len);
	struct bt_db *db = bt_req_db(req);
	if (db == NULL)
		return;
	const char *why = NULL;
	enum bt_err err = tlog_cosignature_add(db, &config, body ? body : "",
					       body ? len : 0, &why);
	if (err != BT_OK) {
		bt_reply_error(req, err, why);
		return;
	}
	bt_reply_json(req, 200, json_pack("{s:s}", "status", "stored"));
}

/* The log's worker: sequences what the facts queued every SEQUENCE_MS,
 * and signs a checkpoint at most every signer_ms when the tree grew. */

#define SEQUENCE_MS 100

static struct bt_worker signer = BT_WORKER_INIT;
static char *signer_conninfo;
static unsigned signer_ms;

static void sign_loop(struct bt_worker *w)
{
	struct bt_db *db = NULL;
	long long next_sign = 0;
	do {
		if (db == NULL &&
		    bt_db_open(signer_conninfo, 10000, &db) != BT_OK) {
			db = NULL;
			continue;
		}
		uint64_t moved = 0;
		enum bt_err err = tlog_sequence_all(db, &moved);
		if (err != BT_OK)
			bt_log_warn("log entries not sequenced", "error",
				    bt_strerror(err));
		if (err == BT_OK && signer_ms > 0 &&
		    bt_clock_mono_ms() >= next_sign) {
			bool made = false;
			uint64_t size = 0;
			err = tlog_checkpoint_make(db, &config, &made, &size);
			next_sign = bt_clock_mono_ms() + signer_ms;
			if (err != BT_OK)
				bt_log_warn("log checkpoint not signed",
					    "error", bt_strerror(err));
		}
		if (err != BT_OK) {
			bt_db_free(db);
			db = NULL;
		}
	} while (bt_worker_sleep(w, SEQUENCE_MS));
	bt_db_free(db);
}

enum bt_err tlog_signer_start(const char *conninfo, unsigned interval)
{
	signer_conninfo = strdup(conninfo ? conninfo : "");
	if (signer_conninfo == NULL)
		return BT_ENOMEM;
	signer_ms = interval * 1000u;
	enum bt_err err = bt_worker_start(&signer, sign_loop, NULL);
	if (err != BT_OK) {
		free(signer_conninfo);
		signer_conninfo = NULL;
	}
	return err;
}

void tlog_signer_stop(void)
{
	bt_worker_stop(&signer);
	free(signer_conninfo);
	signer_conninfo = NULL;
}
