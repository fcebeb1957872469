/* sequencer.c: the queue of facts' entries into the tree (see
 * sequencer.h). The hashes are computed here from the tree's stored right
 * edge, and everything is written with COPY, so a batch costs the database
 * a few statements whatever its size. */
#include "sequencer.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/crypto.h"
#include "tlog/store.h"

enum {
	ST_PENDING,
	ST_LOCK,
	ST_TAKE,
	ST_GROW,
};

static const struct bt_stmt stmts[] = {
	[ST_PENDING] = {"tlog.pending",
			"SELECT EXISTS (SELECT 1 FROM log_queue)"},
	[ST_LOCK] = {"tlog.lock", "SELECT size FROM log_head FOR UPDATE"},
	[ST_TAKE] = {"tlog.take",
		     "WITH d AS (DELETE FROM log_queue WHERE seq IN (SELECT "
		     "seq FROM log_queue ORDER BY seq LIMIT $1) RETURNING *) "
		     "SELECT kind, ref, enterprise, body, '\\x' || "
		     "encode(salt, 'hex'), at FROM d ORDER BY seq"},
	[ST_GROW] = {"tlog.grow", "UPDATE log_head SET size = $1"},
};

struct rows {
	struct bt_buf entries, hashes, salts;
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

/* Appends the taken rows to the edge, writing their rows as COPY text. */
static enum bt_err append(const PGresult *r, struct bt_tlog_edge *edge,
			  struct rows *w)
{
	for (int i = 0; i < PQntuples(r); i++) {
		uint64_t index = edge->size;
		const char *body = bt_db_text(r, i, 3);
		enum bt_err err = bt_tlog_edge_add(
			edge, body, (size_t)PQgetlength(r, i, 3), emit, w);
		if (err != BT_OK)
			return err;
		field_u64(&w->entries, index, '\t', &w->ok);
		bt_db_copy_field(&w->entries, bt_db_text(r, i, 0), '\t',
				 &w->ok);
		for (int col = 1; col <= 2; col++)
			bt_db_copy_field(&w->entries,
					 bt_db_is_null(r, i, col)
						 ? NULL
						 : bt_db_text(r, i, col),
					 '\t', &w->ok);
		bt_db_copy_field(&w->entries, body, '\t', &w->ok);
		bt_db_copy_field(&w->entries, bt_db_text(r, i, 5), '\n',
				 &w->ok);
		if (!bt_db_is_null(r, i, 4)) {
			field_u64(&w->salts, index, '\t', &w->ok);
			bt_db_copy_field(&w->salts, bt_db_text(r, i, 4), '\n',
					 &w->ok);
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

/* In the transaction holding the head: takes, hashes and writes. */
static enum bt_err take(struct bt_db *db, unsigned max, unsigned *moved)
{
	PGresult *r = NULL;
	enum bt_err err = bt_db_query_take(db, &stmts[ST_LOCK], 0, NULL, &r);
	if (err != BT_OK)
		return err;
	uint64_t size = (uint64_t)bt_db_int(r, 0, 0);
	PQclear(r);
	char limit[16];
	snprintf(limit, sizeof(limit), "%u", max);
	const char *p[] = {limit};
	err = bt_db_query_take(db, &stmts[ST_TAKE], 1, p, &r);
	if (err != BT_OK)
		return err;
	struct rows w = {BT_BUF_INIT, BT_BUF_INIT, BT_BUF_INIT, true};
	struct bt_tlog_edge edge;
	unsigned n = (unsigned)PQntuples(r);
	if (n > 0)
		err = tlog_edge_read(db, size, &edge);
	if (err == BT_OK && n > 0)
		err = append(r, &edge, &w);
	PQclear(r);
	if (err == BT_OK && n > 0)
		err = write_rows(db, &w);
	if (err == BT_OK && n > 0) {
		char grown[24];
		snprintf(grown, sizeof(grown), "%" PRIu64, edge.size);
		const char *g[] = {grown};
		err = bt_db_run(db, &stmts[ST_GROW], 1, g, NULL);
	}
	bt_buf_free(&w.entries);
	bt_buf_free(&w.hashes);
	bt_buf_free(&w.salts);
	*moved = n;
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
	err = bt_db_begin(db);
	if (err == BT_OK)
		err = bt_db_finish(db, take(db, max, &n));
	if (err == BT_OK)
		*moved = n;
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
