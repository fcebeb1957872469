/* store.c: reading the public log from PostgreSQL and signing its
 * checkpoints (see store.h). */
#include "store.h"

#include <inttypes.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/keys.h"
#include "core/log.h"

enum {
	ST_HEAD,
	ST_LATEST_SIZE,
	ST_INSERT_CHECKPOINT,
	ST_LATEST,
	ST_AT,
	ST_HASHES,
	ST_TILE,
	ST_BUNDLE,
	ST_ENTRY,
	ST_FIND,
	ST_COSIGN,
	ST_RECENT,
	ST_ORIGIN,
	ST_FIND_ABOUT,
};

static const struct bt_stmt stmts[] = {
	[ST_HEAD] = {"tlog.head", "SELECT size FROM log_head"},
	[ST_LATEST_SIZE] = {"tlog.latest_size",
			    "SELECT coalesce(max(size), -1) FROM "
			    "log_checkpoint"},
	[ST_INSERT_CHECKPOINT] = {"tlog.insert_checkpoint",
				  "INSERT INTO log_checkpoint (size, root, "
				  "note) VALUES ($1, decode($2, 'hex'), $3) "
				  "ON CONFLICT (size) DO NOTHING"},
	[ST_LATEST] = {"tlog.latest",
		       "SELECT c.size, encode(c.root, 'hex'), c.note || "
		       "coalesce((SELECT string_agg(s.line, '' ORDER BY "
		       "s.witness) FROM log_cosignature s WHERE s.size = "
		       "c.size), '') FROM log_checkpoint c ORDER BY c.size "
		       "DESC LIMIT 1"},
	[ST_AT] = {"tlog.at",
		   "SELECT c.size, encode(c.root, 'hex'), c.note || "
		   "coalesce((SELECT string_agg(s.line, '' ORDER BY "
		   "s.witness) FROM log_cosignature s WHERE s.size = c.size), "
		   "'') FROM log_checkpoint c WHERE c.size = $1"},
	[ST_HASHES] = {"tlog.hashes",
		       "SELECT h.level, h.idx, encode(h.hash, 'hex') FROM "
		       "log_hash h JOIN unnest($1::smallint[], $2::bigint[]) "
		       "u(l, i) ON h.level = u.l AND h.idx = u.i"},
	[ST_TILE] =
		{"tlog.tile",
		 "SELECT count(*), coalesce(string_agg(encode(hash, 'hex'), "
		 "'' ORDER BY idx), '') FROM log_hash WHERE level = $1 AND "
		 "idx >= $2 AND idx < $3"},
	[ST_BUNDLE] = {"tlog.bundle",
		       "SELECT body FROM log_entry WHERE idx >= $1 AND idx < "
		       "$2 ORDER BY idx"},
	[ST_ENTRY] = {"tlog.entry",
		      "SELECT body, kind, ref FROM log_entry WHERE idx = $1"},
	[ST_FIND] = {"tlog.find",
		     "SELECT idx FROM log_entry WHERE kind = $1 AND ref = $2 "
		     "ORDER BY idx DESC LIMIT 1"},
	[ST_COSIGN] = {"tlog.cosign",
		       "INSERT INTO log_cosignature (size, witness, line) "
		       "VALUES ($1, $2, $3) ON CONFLICT (size, witness) DO "
		       "UPDATE SET line = EXCLUDED.line, signed_at = now() "
		       "WHERE log_cosignature.line <> EXCLUDED.line"},
	[ST_FIND_ABOUT] =
		{"tlog.find_about",
		 "SELECT idx FROM log_entry WHERE enterprise = $2 AND "
		 "kind = $1 AND kind IN ('rating', 'customs_class') ORDER BY "
		 "idx DESC LIMIT 1"},
	[ST_ORIGIN] = {"tlog.origin",
		       "UPDATE log_head SET origin = coalesce(origin, $1) "
		       "RETURNING origin"},
	[ST_RECENT] =
		{"tlog.recent",
		 "SELECT coalesce(json_agg(json_build_object('index', idx, "
		 "'kind', kind, 'id', ref, 'at', at) ORDER BY idx DESC), "
		 "'[]') FROM (SELECT idx, kind, ref, at FROM log_entry "
		 "ORDER BY idx DESC LIMIT 20) e"},
};

/* Configuration. */

static void derive_origin(char *out, size_t cap, const char *public_url)
{
	const char *p = strstr(public_url, "://");
	p = p ? p + 3 : public_url;
	size_t n = strlen(p);
	while (n > 0 && p[n - 1] == '/')
		n--;
	snprintf(out, cap, "%.*s/log", (int)n, p);
}

enum bt_err tlog_config_init(struct tlog_config *out,
			     const struct bt_keys *keys, const char *origin,
			     const char *public_url, const char *witnesses,
			     const char **why)
{
	memset(out, 0, sizeof(*out));
	const uint8_t *seed = bt_keys_log_seed(keys);
	if (seed == NULL) {
		*why = "the key file has no log key (run `bondtrace keys "
		       "upgrade`)";
		return BT_EINVAL;
	}
	char name[BT_NOTE_NAME_MAX];
	if (origin != NULL && origin[0])
		bt_strlcpy(name, origin, sizeof(name));
	else
		derive_origin(name, sizeof(name), public_url);
	if (bt_note_key_from_seed(&out->key, name, BT_NOTE_ED25519, seed) !=
	    BT_OK) {
		*why = "the log origin is empty, too long or holds a space or "
		       "\"+\"";
		return BT_EINVAL;
	}
	const char *p = witnesses ? witnesses : "";
	while (*p) {
		while (*p == ' ' || *p == ',')
			p++;
		size_t n = strcspn(p, " ,");
		if (n == 0)
			break;
		char vkey[BT_NOTE_VKEY_MAX];
		if (n >= sizeof(vkey) ||
		    out->nwitnesses == TLOG_WITNESSES_MAX) {
			*why = "too many or too long witness keys";
			return BT_EINVAL;
		}
		memcpy(vkey, p, n);
		vkey[n] = '\0';
		struct bt_note_key *w = &out->witnesses[out->nwitnesses];
		enum bt_err err = bt_note_vkey_parse(vkey, w, why);
		if (err != BT_OK)
			return err;
		if (w->type != BT_NOTE_COSIGNATURE) {
			*why = "a witness key is not a cosignature key (type "
			       "4)";
			return BT_EINVAL;
		}
		out->nwitnesses++;
		p += n;
	}
	*why = NULL;
	return BT_OK;
}

enum bt_err tlog_config_bind(struct bt_db *db, struct tlog_config *cfg,
			     bool explicit_origin, const char **why)
{
	const char *p[] = {cfg->key.name};
	PGresult *r = NULL;
	enum bt_err err = bt_db_query_take(db, &stmts[ST_ORIGIN], 1, p, &r);
	if (err != BT_OK) {
		*why = "cannot read the log's origin (are the migrations "
		       "applied?)";
		return err;
	}
	char stored[BT_NOTE_NAME_MAX];
	bt_strlcpy(stored, PQntuples(r) == 1 ? bt_db_text(r, 0, 0) : "",
		   sizeof(stored));
	PQclear(r);
	if (strcmp(stored, cfg->key.name) == 0)
		return BT_OK;
	if (explicit_origin) {
		*why = "BONDTRACE_LOG_ORIGIN differs from the origin this log "
		       "has signed its checkpoints with";
		return BT_ECONFLICT;
	}
	/* The secret key begins with the seed. */
	uint8_t seed[32];
	memcpy(seed, cfg->key.secret, sizeof(seed));
	err = bt_note_key_from_seed(&cfg->key, stored, BT_NOTE_ED25519, seed);
	sodium_memzero(seed, sizeof(seed));
	if (err != BT_OK)
		*why = "the log's stored origin is not a key name";
	return err;
}

/* Stored hashes, fetched in one query per proof: the tree algorithm runs
 * once to learn which hashes it reads, then again on the fetched ones. */

struct wanted {
	unsigned level;
	uint64_t index;
	bt_tlog_hash hash;
	bool found;
};

struct batch {
	struct wanted *w;
	size_t n, cap;
	bool collecting;
};

static enum bt_err batch_read(void *ctx, unsigned level, uint64_t index,
			      bt_tlog_hash out)
{
	struct batch *b = ctx;
	for (size_t i = 0; i < b->n; i++)
		if (b->w[i].level == level && b->w[i].index == index) {
			memcpy(out, b->w[i].hash, BT_TLOG_HASH_LEN);
			return b->collecting || b->w[i].found ? BT_OK
							      : BT_EINTERNAL;
		}
	if (!b->collecting)
		return BT_EINTERNAL;
	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 64;
		struct wanted *w = realloc(b->w, cap * sizeof(*w));
		if (w == NULL)
			return BT_ENOMEM;
		b->w = w;
		b->cap = cap;
	}
	b->w[b->n++] = (struct wanted){.level = level, .index = index};
	memset(out, 0, BT_TLOG_HASH_LEN);
	return BT_OK;
}

static enum bt_err batch_fetch(struct bt_db *db, struct batch *b)
{
	if (b->n == 0)
		return BT_OK;
	struct bt_buf levels = BT_BUF_INIT, idx = BT_BUF_INIT;
	enum bt_err err = BT_OK;
	for (size_t i = 0; i < b->n && err == BT_OK; i++) {
		err = bt_buf_printf(&levels, "%s%u", i ? "," : "{",
				    b->w[i].level);
		if (err == BT_OK)
			err = bt_buf_printf(&idx, "%s%" PRIu64, i ? "," : "{",
					    b->w[i].index);
	}
	if (err == BT_OK)
		err = bt_buf_puts(&levels, "}");
	if (err == BT_OK)
		err = bt_buf_puts(&idx, "}");
	PGresult *r = NULL;
	if (err == BT_OK) {
		const char *p[] = {levels.data, idx.data};
		err = bt_db_query_take(db, &stmts[ST_HASHES], 2, p, &r);
	}
	bt_buf_free(&levels);
	bt_buf_free(&idx);
	if (err != BT_OK)
		return err;
	for (int row = 0; row < PQntuples(r); row++) {
		unsigned level = (unsigned)bt_db_int(r, row, 0);
		uint64_t index = (uint64_t)bt_db_int(r, row, 1);
		for (size_t i = 0; i < b->n; i++)
			if (b->w[i].level == level && b->w[i].index == index &&
			    bt_hex_decode(b->w[i].hash, BT_TLOG_HASH_LEN,
					  bt_db_text(r, row, 2)) == BT_OK)
				b->w[i].found = true;
	}
	PQclear(r);
	return BT_OK;
}

enum tree_op { OP_ROOT, OP_INCLUSION, OP_CONSISTENCY, OP_EDGE };

struct tree_call {
	enum tree_op op;
	uint64_t a, b;
	uint8_t *root;
	bt_tlog_hash *proof;
	size_t *n;
	struct bt_tlog_edge *edge;
};

static enum bt_err tree_run(struct tree_call *c, struct batch *b)
{
	switch (c->op) {
	case OP_ROOT: return bt_tlog_root(batch_read, b, c->a, c->root);
	case OP_INCLUSION:
		return bt_tlog_prove_inclusion(batch_read, b, c->a, c->b,
					       c->proof, c->n);
	case OP_CONSISTENCY:
		return bt_tlog_prove_consistency(batch_read, b, c->a, c->b,
						 c->proof, c->n);
	case OP_EDGE: return bt_tlog_edge_load(c->edge, batch_read, b, c->a);
	}
	return BT_EINTERNAL;
}

static enum bt_err tree_call(struct bt_db *db, struct tree_call *c)
{
	struct batch b = {.collecting = true};
	enum bt_err err = tree_run(c, &b);
	if (err == BT_OK)
		err = batch_fetch(db, &b);
	if (err == BT_OK) {
		b.collecting = false;
		err = tree_run(c, &b);
		if (err == BT_EINTERNAL)
			bt_log_error("the log lacks a stored hash it needs");
	}
	free(b.w);
	return err;
}

enum bt_err tlog_edge_read(struct bt_db *db, uint64_t size,
			   struct bt_tlog_edge *edge)
{
	struct tree_call c = {.op = OP_EDGE, .a = size, .edge = edge};
	return tree_call(db, &c);
}

enum bt_err tlog_root(struct bt_db *db, uint64_t size, bt_tlog_hash out)
{
	struct tree_call c = {.op = OP_ROOT, .a = size, .root = out};
	return tree_call(db, &c);
}

enum bt_err tlog_prove_inclusion(struct bt_db *db, uint64_t index,
				 uint64_t size,
				 bt_tlog_hash proof[BT_TLOG_PROOF_MAX],
				 size_t *n)
{
	*n = 0;
	if (index >= size)
		return BT_EINVAL;
	struct tree_call c = {.op = OP_INCLUSION,
			      .a = index,
			      .b = size,
			      .proof = proof,
			      .n = n};
	return tree_call(db, &c);
}

enum bt_err tlog_prove_consistency(struct bt_db *db, uint64_t old,
				   uint64_t size,
				   bt_tlog_hash proof[BT_TLOG_PROOF_MAX],
				   size_t *n)
{
	*n = 0;
	if (old > size)
		return BT_EINVAL;
	struct tree_call c = {.op = OP_CONSISTENCY,
			      .a = old,
			      .b = size,
			      .proof = proof,
			      .n = n};
	return tree_call(db, &c);
}

/* Checkpoints. */

static enum bt_err query_int(struct bt_db *db, int st, int np,
			     const char *const *p, long long *out)
{
	PGresult *r = NULL;
	enum bt_err err = bt_db_query_take(db, &stmts[st], np, p, &r);
	if (err != BT_OK)
		return err;
	if (PQntuples(r) == 1)
		*out = bt_db_int(r, 0, 0);
	else
		err = BT_ENOTFOUND;
	PQclear(r);
	return err;
}

/* The latest checkpoint as this process last read it, for readers that
 * may see one up to RECENT_MS old; what this process signs or cosigns
 * drops it at once. */
#define RECENT_MS 500

static pthread_mutex_t kept_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
	long long at_ms;
	uint64_t size;
	bt_tlog_hash root;
	char *note;
} kept_cp;

static void recent_drop(void)
{
	pthread_mutex_lock(&kept_lock);
	free(kept_cp.note);
	kept_cp.note = NULL;
	pthread_mutex_unlock(&kept_lock);
}

/* Copies the kept checkpoint out if it is young enough. */
static bool recent_copy(uint64_t *size, bt_tlog_hash root, char **note,
			enum bt_err *err)
{
	bool kept = false;
	pthread_mutex_lock(&kept_lock);
	if (kept_cp.note != NULL &&
	    bt_clock_mono_ms() - kept_cp.at_ms < RECENT_MS) {
		kept = true;
		*err = BT_OK;
		if (size)
			*size = kept_cp.size;
		if (root)
			memcpy(root, kept_cp.root, BT_TLOG_HASH_LEN);
		if (note && (*note = strdup(kept_cp.note)) == NULL)
			*err = BT_ENOMEM;
	}
	pthread_mutex_unlock(&kept_lock);
	return kept;
}

enum bt_err tlog_checkpoint_make(struct bt_db *db,
				 const struct tlog_config *cfg, bool *made,
				 uint64_t *size)
{
	*made = false;
	long long head = 0, latest = 0;
	/* The head first: every hash of a tree that size is committed. */
	enum bt_err err = query_int(db, ST_HEAD, 0, NULL, &head);
	if (err == BT_OK)
		err = query_int(db, ST_LATEST_SIZE, 0, NULL, &latest);
	if (err != BT_OK)
		return err;
	*size = (uint64_t)head;
	if (head <= latest)
		return BT_OK;
	struct bt_tlog_checkpoint c = {.size = (uint64_t)head};
	bt_strlcpy(c.origin, cfg->key.name, sizeof(c.origin));
	err = tlog_root(db, c.size, c.root);
	if (err != BT_OK)
		return err;
	char body[BT_TLOG_ORIGIN_MAX + 96], line[BT_NOTE_LINE_MAX];
	char note[sizeof(body) + sizeof(line) + 2];
	size_t blen = bt_tlog_checkpoint_format(body, sizeof(body), &c);
	if (blen == 0)
		return BT_EINTERNAL;
	err = bt_note_sign(line, &cfg->key, body, blen, 0);
	if (err != BT_OK)
		return err;
	snprintf(note, sizeof(note), "%s\n%s", body, line);
	char sz[24], root[2 * BT_TLOG_HASH_LEN + 1];
	snprintf(sz, sizeof(sz), "%lld", head);
	bt_hex_encode(root, c.root, BT_TLOG_HASH_LEN);
	const char *p[] = {sz, root, note};
	unsigned long n = 0;
	err = bt_db_run(db, &stmts[ST_INSERT_CHECKPOINT], 3, p, &n);
	*made = err == BT_OK && n == 1;
	if (*made)
		recent_drop();
	return err;
}

static enum bt_err read_checkpoint(PGresult *r, uint64_t *size,
				   bt_tlog_hash root, char **note)
{
	if (PQntuples(r) != 1)
		return BT_ENOTFOUND;
	if (size)
		*size = (uint64_t)bt_db_int(r, 0, 0);
	if (root &&
	    bt_hex_decode(root, BT_TLOG_HASH_LEN, bt_db_text(r, 0, 1)) != BT_OK)
		return BT_EINTERNAL;
	if (note) {
		*note = strdup(bt_db_text(r, 0, 2));
		if (*note == NULL)
			return BT_ENOMEM;
	}
	return BT_OK;
}

enum bt_err tlog_checkpoint_latest(struct bt_db *db, uint64_t *size,
				   bt_tlog_hash root, char **note)
{
	PGresult *r = NULL;
	enum bt_err err = bt_db_query_take(db, &stmts[ST_LATEST], 0, NULL, &r);
	if (err != BT_OK)
		return err;
	err = read_checkpoint(r, size, root, note);
	PQclear(r);
	return err;
}

enum bt_err tlog_checkpoint_recent(struct bt_db *db, uint64_t *size,
				   bt_tlog_hash root, char **note)
{
	enum bt_err err = BT_OK;
	if (recent_copy(size, root, note, &err))
		return err;
	uint64_t sz = 0;
	bt_tlog_hash r;
	char *n = NULL;
	err = tlog_checkpoint_latest(db, &sz, r, &n);
	if (err != BT_OK)
		return err;
	char *keep = strdup(n);
	pthread_mutex_lock(&kept_lock);
	if (keep != NULL) {
		free(kept_cp.note);
		kept_cp.note = keep;
		kept_cp.size = sz;
		memcpy(kept_cp.root, r, BT_TLOG_HASH_LEN);
		kept_cp.at_ms = bt_clock_mono_ms();
	}
	pthread_mutex_unlock(&kept_lock);
	if (size)
		*size = sz;
	if (root)
		memcpy(root, r, BT_TLOG_HASH_LEN);
	if (note)
		*note = n;
	else
		free(n);
	return BT_OK;
}

enum bt_err tlog_checkpoint_at(struct bt_db *db, uint64_t size,
			       bt_tlog_hash root, char **note)
{
	char sz[24];
	snprintf(sz, sizeof(sz), "%" PRIu64, size);
	const char *p[] = {sz};
	PGresult *r = NULL;
	enum bt_err err = bt_db_query_take(db, &stmts[ST_AT], 1, p, &r);
	if (err != BT_OK)
		return err;
	err = read_checkpoint(r, NULL, root, note);
	PQclear(r);
	return err;
}

/* Tiles and entries. */

enum bt_err tlog_tile_read(struct bt_db *db, const struct bt_tlog_tile *t,
			   uint64_t size, struct bt_buf *out)
{
	uint64_t first = t->index * BT_TLOG_TILE_WIDTH;
	uint64_t end = first + t->width;
	char a[24], b[24], l[8];
	snprintf(a, sizeof(a), "%" PRIu64, first);
	snprintf(b, sizeof(b), "%" PRIu64, end);
	PGresult *r = NULL;
	enum bt_err err;
	if (t->level < 0) {
		if (end > size)
			return BT_ENOTFOUND;
		const char *p[] = {a, b};
		err = bt_db_query_take(db, &stmts[ST_BUNDLE], 2, p, &r);
		if (err != BT_OK)
			return err;
		if ((uint64_t)PQntuples(r) != t->width)
			err = BT_ENOTFOUND;
		for (int i = 0; err == BT_OK && i < PQntuples(r); i++) {
			size_t n = (size_t)PQgetlength(r, i, 0);
			uint8_t len[2] = {(uint8_t)(n >> 8), (uint8_t)n};
			err = bt_buf_append(out, len, 2);
			if (err == BT_OK)
				err = bt_buf_append(out, bt_db_text(r, i, 0),
						    n);
		}
		PQclear(r);
		return err;
	}
	/* Hashes at tree level 8L: the tile exists once its last one is a
	 * complete subtree of the tree. */
	unsigned level = (unsigned)t->level * BT_TLOG_TILE_HEIGHT;
	if (end > (size >> level))
		return BT_ENOTFOUND;
	snprintf(l, sizeof(l), "%u", level);
	const char *p[] = {l, a, b};
	err = bt_db_query_take(db, &stmts[ST_TILE], 3, p, &r);
	if (err != BT_OK)
		return err;
	uint8_t hashes[BT_TLOG_TILE_WIDTH * BT_TLOG_HASH_LEN];
	size_t bytes = (size_t)t->width * BT_TLOG_HASH_LEN;
	if ((uint64_t)bt_db_int(r, 0, 0) != t->width ||
	    bt_hex_decode(hashes, bytes, bt_db_text(r, 0, 1)) != BT_OK) {
		bt_log_error("the log lacks hashes of a tile it should have");
		err = BT_EINTERNAL;
	}
	PQclear(r);
	if (err == BT_OK)
		err = bt_buf_append(out, hashes, bytes);
	return err;
}

enum bt_err tlog_entry_read(struct bt_db *db, uint64_t index, char **body,
			    char kind[32], long long *ref)
{
	char i[24];
	snprintf(i, sizeof(i), "%" PRIu64, index);
	const char *p[] = {i};
	PGresult *r = NULL;
	enum bt_err err = bt_db_query_take(db, &stmts[ST_ENTRY], 1, p, &r);
	if (err != BT_OK)
		return err;
	if (PQntuples(r) != 1) {
		PQclear(r);
		return BT_ENOTFOUND;
	}
	*body = strdup(bt_db_text(r, 0, 0));
	bt_strlcpy(kind, bt_db_text(r, 0, 1), 32);
	*ref = bt_db_is_null(r, 0, 2) ? 0 : bt_db_int(r, 0, 2);
	PQclear(r);
	return *body ? BT_OK : BT_ENOMEM;
}

enum bt_err tlog_entry_find(struct bt_db *db, const char *kind, long long ref,
			    bool about_enterprise, uint64_t *index)
{
	char r[24];
	snprintf(r, sizeof(r), "%lld", ref);
	const char *p[] = {kind, r};
	long long i = 0;
	enum bt_err err = query_int(
		db, about_enterprise ? ST_FIND_ABOUT : ST_FIND, 2, p, &i);
	if (err == BT_OK)
		*index = (uint64_t)i;
	return err;
}

/* Cosignatures. */

/* The first signature line of name in the signature block. */
static const char *line_of(const char *sigs, const char *name, size_t *len)
{
	size_t nlen = strlen(name);
	for (const char *p = sigs; *p;) {
		const char *nl = strchr(p, '\n');
		if (nl == NULL)
			return NULL;
		if (strncmp(p, "\xe2\x80\x94 ", 4) == 0 &&
		    strncmp(p + 4, name, nlen) == 0 && p[4 + nlen] == ' ') {
			*len = (size_t)(nl - p) + 1;
			return p;
		}
		p = nl + 1;
	}
	return NULL;
}

enum bt_err tlog_cosignature_add(struct bt_db *db,
				 const struct tlog_config *cfg,
				 const char *note, size_t len, const char **why)
{
	if (cfg->nwitnesses == 0) {
		*why = "this log has no witnesses configured";
		return BT_ENOTFOUND;
	}
	if (memchr(note, '\0', len) != NULL) {
		*why = "note: it holds a NUL byte";
		return BT_EINVAL;
	}
	bool ok[TLOG_WITNESSES_MAX];
	uint64_t times[TLOG_WITNESSES_MAX];
	size_t text_len = 0;
	enum bt_err err =
		bt_note_open(note, len, cfg->witnesses, cfg->nwitnesses, ok,
			     times, &text_len, why);
	if (err == BT_ENOTFOUND)
		*why = "note: no cosignature by a witness this log knows";
	if (err != BT_OK)
		return err;
	struct bt_tlog_checkpoint c;
	err = bt_tlog_checkpoint_parse(note, text_len, &c, why);
	if (err != BT_OK)
		return err;
	if (strcmp(c.origin, cfg->key.name) != 0) {
		*why = "checkpoint: the origin is not this log's";
		return BT_EINVAL;
	}
	char *ours = NULL;
	bt_tlog_hash root;
	err = tlog_checkpoint_at(db, c.size, root, &ours);
	if (err == BT_ENOTFOUND)
		*why = "checkpoint: this log signed no checkpoint of that size";
	if (err != BT_OK)
		return err;
	bool same =
		strncmp(ours, note, text_len) == 0 && ours[text_len] == '\n';
	free(ours);
	if (!same) {
		*why = "checkpoint: not the one this log signed at that size";
		return BT_EAUTH;
	}
	uint64_t now = (uint64_t)time(NULL);
	char sz[24];
	snprintf(sz, sizeof(sz), "%" PRIu64, c.size);
	/* note[len] is not NUL-terminated by contract: copy the block. */
	char *sigs = strndup(note + text_len + 1, len - text_len - 1);
	if (sigs == NULL)
		return BT_ENOMEM;
	for (size_t i = 0; i < cfg->nwitnesses && err == BT_OK; i++) {
		if (!ok[i])
			continue;
		if (times[i] > now + 300) {
			*why = "cosignature: its time is in the future";
			err = BT_EINVAL;
			break;
		}
		size_t n = 0;
		const char *l = line_of(sigs, cfg->witnesses[i].name, &n);
		if (l == NULL)
			continue;
		char *line = strndup(l, n);
		if (line == NULL) {
			err = BT_ENOMEM;
			break;
		}
		const char *p[] = {sz, cfg->witnesses[i].name, line};
		err = bt_db_run(db, &stmts[ST_COSIGN], 3, p, NULL);
		free(line);
	}
	free(sigs);
	recent_drop();
	return err;
}

/* Views. */

json_t *tlog_proof_json(const bt_tlog_hash *proof, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		char b64[45];
		bt_tlog_hash_base64(b64, proof[i]);
		json_array_append_new(a, json_string(b64));
	}
	return a;
}

enum bt_err tlog_entry_view(struct bt_db *db, const struct tlog_config *cfg,
			    uint64_t index, json_t **out)
{
	*out = NULL;
	char *body = NULL, kind[32];
	long long ref = 0;
	enum bt_err err = tlog_entry_read(db, index, &body, kind, &ref);
	if (err != BT_OK)
		return err;
	uint64_t size = 0;
	char *note = NULL;
	err = tlog_checkpoint_recent(db, &size, NULL, &note);
	if (err == BT_ENOTFOUND) {
		size = 0;
		err = BT_OK;
	}
	bt_tlog_hash proof[BT_TLOG_PROOF_MAX], leaf;
	size_t n = 0;
	bool pending = index >= size;
	if (err == BT_OK && !pending)
		err = tlog_prove_inclusion(db, index, size, proof, &n);
	if (err != BT_OK) {
		free(body);
		free(note);
		return err;
	}
	bt_tlog_leaf_hash(leaf, body, strlen(body));
	char leaf64[45], vkey[BT_NOTE_VKEY_MAX];
	bt_tlog_hash_base64(leaf64, leaf);
	bt_note_vkey(vkey, &cfg->key);
	json_t *v = json_pack("{s:I, s:s, s:I, s:s, s:s, s:b, s:s, s:s}",
			      "index", (json_int_t)index, "kind", kind, "id",
			      (json_int_t)ref, "entry", body, "leaf_hash",
			      leaf64, "pending", pending, "origin",
			      cfg->key.name, "verifier_key", vkey);
	json_t *fact = json_loads(body, 0, NULL);
	if (v != NULL && fact != NULL)
		json_object_set_new(v, "parsed", fact);
	else
		json_decref(fact);
	if (v != NULL && !pending) {
		json_object_set_new(v, "tree_size",
				    json_integer((json_int_t)size));
		json_object_set_new(v, "checkpoint", json_string(note));
		json_object_set_new(
			v, "inclusion_proof",
			tlog_proof_json((const bt_tlog_hash *)proof, n));
	}
	free(body);
	free(note);
	*out = v;
	return v ? BT_OK : BT_ENOMEM;
}

enum bt_err tlog_home_view(struct bt_db *db, const struct tlog_config *cfg,
			   json_t **out)
{
	*out = NULL;
	json_t *recent = NULL;
	enum bt_err err =
		bt_db_query_json(db, &stmts[ST_RECENT], 0, NULL, &recent);
	if (err != BT_OK)
		return err;
	uint64_t size = 0;
	char *note = NULL;
	err = tlog_checkpoint_latest(db, &size, NULL, &note);
	char vkey[BT_NOTE_VKEY_MAX];
	bt_note_vkey(vkey, &cfg->key);
	json_t *v = json_pack("{s:o, s:s, s:s}", "recent", recent, "origin",
			      cfg->key.name, "verifier_key", vkey);
	if (v != NULL && err == BT_OK) {
		json_object_set_new(v, "tree_size",
				    json_integer((json_int_t)size));
		json_object_set_new(v, "checkpoint", json_string(note));
	}
	free(note);
	*out = v;
	return v == NULL ? BT_ENOMEM : BT_OK;
}
