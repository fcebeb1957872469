/* sequencer.c: the queue of facts' entries into the tree (see
 * sequencer.h). The hashes are computed here from the tree's stored right
 * edge, and everything is written with COPY, so a batch costs the database
 * a few statements whatever its size. */
#include "sequencer.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/crypto.h"
#include "core/log.h"
#include "tlog/store.h"

enum {
	ST_PENDING,
	ST_LOCK,
	ST_TAKE,
	ST_GROW,
	ST_NOTIFY,
};

static const struct bt_stmt stmts[] = {
	[ST_PENDING] = {"tlog.pending",
			"SELECT EXISTS (SELECT 1 FROM log_queue)"},
	[ST_LOCK] = {"tlog.lock", "SELECT size FROM log_head FOR UPDATE"},
	[ST_TAKE] = {"tlog.take",
		     "WITH d AS (DELETE FROM log_queue WHERE seq IN (SELECT "
		     "seq FROM log_queue ORDER BY seq LIMIT $1) RETURNING *) "
		     "SELECT kind, ref, enterprise, '\\x' || encode(salt, "
		     "'hex'), at, to_jsonb(actor)::text, to_char(at AT TIME "
		     "ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), "
		     "fact::text, to_jsonb(kind)::text FROM d ORDER BY seq"},
	[ST_GROW] = {"tlog.grow", "UPDATE log_head SET size = $1"},
	[ST_NOTIFY] = {"tlog.notify",
		       "SELECT count(pg_notify('bt_portal', e::text)) FROM "
		       "(SELECT DISTINCT unnest($1::bigint[])) u(e)"},
};

struct rows {
	struct bt_buf entries, hashes, salts;
	struct bt_buf *about; /* the entries' enterprises, an array literal */
	bool ok;
};

static void field_u64(struct bt_buf *b, uint64_t v, char end, bool *ok)
{
	char s[24];
	snprintf(s, sizeof(s), "%" PRIu64, v);
	bt_db_copy_field(b, s, end, ok);
}

static enum bt_err emit(void *ctx, unsigned level, uint64_t index,
			const bt_tlog_hash h)
{
	struct rows *w = ctx;
	char hex[2 + 2 * BT_TLOG_HASH_LEN + 1] = "\\x";
	bt_hex_encode(hex + 2, h, BT_TLOG_HASH_LEN);
	field_u64(&w->hashes, level, '\t', &w->ok);
	field_u64(&w->hashes, index, '\t', &w->ok);
	bt_db_copy_field(&w->hashes, hex, '\n', &w->ok);
	return w->ok ? BT_OK : BT_ENOMEM;
}

/* Appends the entries to the edge, writing their rows as COPY text. */
static enum bt_err append(const struct tlog_new *e, size_t n,
			  struct bt_tlog_edge *edge, struct rows *w)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t index = edge->size;
		enum bt_err err =
			bt_tlog_edge_add(edge, e[i].body, e[i].len, emit, w);
		if (err != BT_OK)
			return err;
		field_u64(&w->entries, index, '\t', &w->ok);
		bt_db_copy_field(&w->entries, e[i].kind, '\t', &w->ok);
		bt_db_copy_field(&w->entries, e[i].ref, '\t', &w->ok);
		bt_db_copy_field(&w->entries, e[i].enterprise, '\t', &w->ok);
		bt_db_copy_field(&w->entries, e[i].body, '\t', &w->ok);
		bt_db_copy_field(&w->entries, e[i].at, '\n', &w->ok);
		if (e[i].enterprise != NULL && w->ok)
			w->ok = bt_buf_printf(w->about, "%s%s",
					      w->about->len ? "," : "{",
					      e[i].enterprise) == BT_OK;
		if (e[i].salt != NULL) {
			field_u64(&w->salts, index, '\t', &w->ok);
			bt_db_copy_field(&w->salts, e[i].salt, '\n', &w->ok);
		}
		if (!w->ok)
			return BT_ENOMEM;
	}
	return BT_OK;
}

static enum bt_err write_rows(struct bt_db *db, struct rows *w)
{
	enum bt_err err = bt_db_copy(
		db,
		"COPY log_entry (idx, kind, ref, enterprise, body, at) FROM "
		"STDIN",
		w->entries.data, w->entries.len);
	if (err == BT_OK)
		err = bt_db_copy(db,
				 "COPY log_hash (level, idx, hash) FROM STDIN",
				 w->hashes.data, w->hashes.len);
	if (err == BT_OK && w->salts.len > 0)
		err = bt_db_copy(db, "COPY log_salt (idx, salt) FROM STDIN",
				 w->salts.data, w->salts.len);
	return err;
}

/* After the commit, in a transaction of its own: the portal's cached
 * pages of those enterprises are stale now. (A NOTIFY holds a lock that
 * every notifying commit waits for, the facts' included, until its
 * transaction's WAL is flushed: not the batch's.) A lost notice costs a
 * cached page its 30 seconds. */
static void notify_about(struct bt_db *db, struct bt_buf *about)
{
	if (about->len == 0 || bt_buf_puts(about, "}") != BT_OK)
		return;
	const char *p[] = {about->data};
	if (bt_db_run(db, &stmts[ST_NOTIFY], 1, p, NULL) != BT_OK)
		bt_log_warn("the portal was not told of the log's new entries");
}

/* In a transaction: locks the head and gives the tree's size. */
static enum bt_err lock_head(struct bt_db *db, uint64_t *size)
{
	PGresult *r = NULL;
	enum bt_err err = bt_db_query_take(db, &stmts[ST_LOCK], 0, NULL, &r);
	if (err == BT_OK) {
		*size = (uint64_t)bt_db_int(r, 0, 0);
		PQclear(r);
	}
	return err;
}

/* In the transaction holding the head at size: hashes, writes, grows. */
static enum bt_err append_locked(struct bt_db *db, uint64_t size,
				 const struct tlog_new *e, size_t n,
				 struct bt_buf *about)
{
	for (size_t i = 0; i < n; i++)
		if (e[i].len > BT_TLOG_ENTRY_MAX)
			return BT_ETOOBIG;
	if (n == 0)
		return BT_OK;
	struct rows w = {BT_BUF_INIT, BT_BUF_INIT, BT_BUF_INIT, about, true};
	struct bt_tlog_edge edge;
	enum bt_err err = tlog_edge_read(db, size, &edge);
	if (err == BT_OK)
		err = append(e, n, &edge, &w);
	if (err == BT_OK)
		err = write_rows(db, &w);
	if (err == BT_OK) {
		char grown[24];
		snprintf(grown, sizeof(grown), "%" PRIu64, edge.size);
		const char *g[] = {grown};
		err = bt_db_run(db, &stmts[ST_GROW], 1, g, NULL);
	}
	bt_buf_free(&w.entries);
	bt_buf_free(&w.hashes);
	bt_buf_free(&w.salts);
	return err;
}

enum bt_err tlog_append(struct bt_db *db, const struct tlog_new *e, size_t n)
{
	uint64_t size = 0;
	enum bt_err err = bt_db_begin(db);
	if (err != BT_OK)
		return err;
	struct bt_buf about = BT_BUF_INIT;
	err = lock_head(db, &size);
	if (err == BT_OK)
		err = append_locked(db, size, e, n, &about);
	err = bt_db_finish(db, err);
	if (err == BT_OK)
		notify_about(db, &about);
	bt_buf_free(&about);
	return err;
}

static const char *text_or_null(const PGresult *r, int row, int col)
{
	return bt_db_is_null(r, row, col) ? NULL : bt_db_text(r, row, col);
}

/* The entry of a queued row: {"actor","at","fact","id","kind"}, the
 * fact's keys sorted, NUL-terminated in out. */
static enum bt_err entry_text(const PGresult *r, int row, struct bt_buf *out)
{
	const char *ref = text_or_null(r, row, 1);
	enum bt_err err =
		bt_buf_printf(out, "{\"actor\":%s,\"at\":\"%s\",\"fact\":",
			      bt_db_text(r, row, 5), bt_db_text(r, row, 6));
	if (err == BT_OK)
		err = bt_tlog_canonical(bt_db_text(r, row, 7),
					(size_t)PQgetlength(r, row, 7), out);
	if (err == BT_OK)
		err = bt_buf_printf(out, ",\"id\":%s,\"kind\":%s}",
				    ref ? ref : "null", bt_db_text(r, row, 8));
	if (err == BT_OK)
		err = bt_buf_append(out, "", 1);
	return err;
}

/* In a transaction: takes up to max queued entries and appends them. */
static enum bt_err take(struct bt_db *db, unsigned max, unsigned *moved,
			struct bt_buf *about)
{
	uint64_t size = 0;
	enum bt_err err = lock_head(db, &size);
	if (err != BT_OK)
		return err;
	char limit[16];
	snprintf(limit, sizeof(limit), "%u", max);
	const char *p[] = {limit};
	PGresult *r = NULL;
	err = bt_db_query_take(db, &stmts[ST_TAKE], 1, p, &r);
	if (err != BT_OK)
		return err;
	size_t n = (size_t)PQntuples(r);
	struct tlog_new *e = calloc(n ? n : 1, sizeof(*e));
	size_t *off = calloc(n ? n : 1, sizeof(*off)); /* into bodies */
	struct bt_buf bodies = BT_BUF_INIT;
	if (e == NULL || off == NULL)
		err = BT_ENOMEM;
	for (size_t i = 0; err == BT_OK && i < n; i++) {
		int row = (int)i;
		off[i] = bodies.len;
		err = entry_text(r, row, &bodies);
		e[i] = (struct tlog_new){
			.kind = bt_db_text(r, row, 0),
			.ref = text_or_null(r, row, 1),
			.enterprise = text_or_null(r, row, 2),
			.len = bodies.len - off[i] - 1,
			.salt = text_or_null(r, row, 3),
			.at = bt_db_text(r, row, 4),
		};
	}
	for (size_t i = 0; err == BT_OK && i < n; i++)
		e[i].body = bodies.data + off[i];
	if (err == BT_OK)
		err = append_locked(db, size, e, n, about);
	if (err == BT_EINVAL)
		bt_log_error("a queued log entry is malformed");
	free(e);
	free(off);
	bt_buf_free(&bodies);
	PQclear(r);
	*moved = (unsigned)n;
	return err;
}

enum bt_err tlog_sequence(struct bt_db *db, unsigned max, unsigned *moved)
{
	*moved = 0;
	PGresult *r = NULL;
	enum bt_err err = bt_db_query_take(db, &stmts[ST_PENDING], 0, NULL, &r);
	if (err != BT_OK)
		return err;
	bool pending = bt_db_text(r, 0, 0)[0] == 't';
	PQclear(r);
	if (!pending)
		return BT_OK;
	unsigned n = 0;
	struct bt_buf about = BT_BUF_INIT;
	err = bt_db_begin(db);
	if (err == BT_OK)
		err = bt_db_finish(db, take(db, max, &n, &about));
	if (err == BT_OK) {
		*moved = n;
		notify_about(db, &about);
	}
	bt_buf_free(&about);
	return err;
}

enum bt_err tlog_sequence_all(struct bt_db *db, uint64_t *moved)
{
	*moved = 0;
	unsigned n = 0;
	enum bt_err err;
	do {
		err = tlog_sequence(db, TLOG_SEQUENCE_BATCH, &n);
		*moved += n;
	} while (err == BT_OK && n > 0);
	return err;
}
