/* binding.c: bindings and their API. */
#include "binding.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "trace/code/batch.h"
#include "trace/code/gs1.h"
#include "trace/scan/cache.h"

enum {
	ST_BATCH,
	ST_LINE,
	ST_BOUND,
	ST_OVERLAP,
	ST_INSERT,
	ST_UNBOUND,
	ST_LIST,
};

/* A binding as the API shows it (b: binding, d: its declaration). */
#define BINDING_JSON                                                           \
	"json_build_object('id', b.id, 'from', b.first_idx, 'to', b.end_idx, " \
	"'cop_no', d.business_key, 'order_no', d.order_no, 'created_at', "     \
	"to_char(b.created_at AT TIME ZONE 'UTC', "                            \
	"'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), 'gnum', b.gnum, 'lot', "           \
	"coalesce(b.lot, ''), 'invt_no', nullif(d.invt_no, ''))"

static const struct bt_stmt stmts[] = {
	[ST_BATCH] =
		{"trace.bind_batch",
		 "SELECT enterprise_id, count, gtin, coalesce(lot, '') FROM "
		 "batch WHERE id = $1 FOR UPDATE"},
	[ST_LINE] = {"trace.bind_line",
		     "SELECT d.id, floor(l.qty)::bigint, coalesce(l.gtin, '') "
		     "FROM declaration d JOIN declaration_line l ON "
		     "l.declaration_id = d.id AND l.gnum = $3 WHERE "
		     "d.enterprise_id = $1 AND d.kind = 621 AND NOT d.deleted "
		     "AND (d.invt_no = $2 OR d.business_key = $2) "
		     "ORDER BY d.invt_no = $2 DESC LIMIT 1 FOR UPDATE OF d"},
	[ST_BOUND] =
		{"trace.bind_bound",
		 "SELECT coalesce(sum(end_idx - first_idx), 0) FROM binding "
		 "WHERE declaration_id = $1 AND gnum = $2"},
	[ST_OVERLAP] =
		{"trace.bind_overlap",
		 "SELECT 1 FROM binding WHERE batch_id = $1 AND first_idx "
		 "< $3 AND end_idx > $2 LIMIT 1"},
	[ST_INSERT] =
		{"trace.bind_insert",
		 "WITH b AS (INSERT INTO binding (enterprise_id, batch_id, "
		 "first_idx, end_idx, declaration_id, gnum, lot) VALUES "
		 "($1, $2, $3, $4, $5, $6, nullif($7, '')) RETURNING *) "
		 "SELECT " BINDING_JSON " FROM b JOIN declaration d ON d.id = "
		 "b.declaration_id"},
	/* The scanned codes the new range covers are no longer unbound
	 * (migration 0010); the batch row is locked FOR UPDATE already. */
	[ST_UNBOUND] = {"trace.bind_unbound",
			"UPDATE scan_total SET codes_unbound = codes_unbound "
			"- c.n FROM (SELECT count(*) AS n FROM code_stats "
			"WHERE batch_id = $2 AND idx >= $3 AND idx < $4) c "
			"WHERE enterprise_id IN ($1, 0) AND c.n > 0"},
	[ST_LIST] = {"trace.bind_list",
		     "SELECT coalesce(json_agg(" BINDING_JSON " ORDER BY "
		     "b.first_idx), '[]') FROM binding b JOIN declaration d ON "
		     "d.id = b.declaration_id WHERE b.batch_id = $1"},
};

static enum bt_err add_locked(struct bt_db *db, long long ent,
			      const struct trace_binding_request *q,
			      json_t **out, const char **reason)
{
	char ents[24], batch[16], from[24], to[24], gnum[16];
	snprintf(ents, sizeof(ents), "%lld", ent);
	snprintf(batch, sizeof(batch), "%u", q->batch);
	snprintf(from, sizeof(from), "%lld", q->from);
	snprintf(to, sizeof(to), "%lld", q->to);
	snprintf(gnum, sizeof(gnum), "%lld", q->gnum);
	const char *pb[] = {batch};
	PGresult *r = NULL;
	enum bt_err err = bt_db_query_take(db, &stmts[ST_BATCH], 1, pb, &r);
	if (err != BT_OK)
		return err;
	if (PQntuples(r) != 1 || bt_db_int(r, 0, 0) != ent) {
		PQclear(r);
		*reason = "no such batch of yours";
		return BT_ENOTFOUND;
	}
	long long count = bt_db_int(r, 0, 1);
	char gtin[TRACE_GTIN_LEN + 1], lot[TRACE_AI_MAX + 1];
	bt_strlcpy(gtin, bt_db_text(r, 0, 2), sizeof(gtin));
	bt_strlcpy(lot, bt_db_text(r, 0, 3), sizeof(lot));
	PQclear(r);
	if (q->to > count) {
		*reason = "the range goes beyond the batch's count";
		return BT_EINVAL;
	}
	if (q->lot && *q->lot && lot[0] && strcmp(q->lot, lot) != 0) {
		*reason = "the lot differs from the batch's lot";
		return BT_EINVAL;
	}
	if (q->lot && *q->lot && !trace_cset82_valid(q->lot, TRACE_AI_MAX)) {
		*reason = "the lot must be 1 to 20 characters of GS1 set 82";
		return BT_EINVAL;
	}
	const char *po[] = {batch, from, to};
	err = bt_db_query_take(db, &stmts[ST_OVERLAP], 3, po, &r);
	if (err == BT_OK && PQntuples(r) > 0) {
		*reason = "some of these codes are bound already; a code is "
			  "bound once";
		err = BT_ECONFLICT;
	}
	PQclear(r);
	if (err != BT_OK)
		return err;
	const char *pl[] = {ents, q->inventory, gnum};
	err = bt_db_query_take(db, &stmts[ST_LINE], 3, pl, &r);
	if (err != BT_OK)
		return err;
	if (PQntuples(r) != 1) {
		PQclear(r);
		*reason = "none of your inventory lists (CEB621) with this "
			  "invtNo or copNo has this line (gnum)";
		return BT_ENOTFOUND;
	}
	char decl[24];
	bt_strlcpy(decl, bt_db_text(r, 0, 0), sizeof(decl));
	long long qty = bt_db_int(r, 0, 1);
	bool other_gtin = bt_db_text(r, 0, 2)[0] &&
			  strcmp(bt_db_text(r, 0, 2), gtin) != 0;
	PQclear(r);
	if (other_gtin) {
		*reason = "the declared line's barCode is another product's "
			  "GTIN";
		return BT_EINVAL;
	}
	const char *pq[] = {decl, gnum};
	err = bt_db_query_take(db, &stmts[ST_BOUND], 2, pq, &r);
	if (err != BT_OK)
		return err;
	long long bound = bt_db_int(r, 0, 0);
	PQclear(r);
	if (bound + (q->to - q->from) > qty) {
		*reason = "this binds more codes than the line's declared qty "
			  "(counting codes bound to it already)";
		return BT_EINVAL;
	}
	const char *pi[] = {ents,
			    batch,
			    from,
			    to,
			    decl,
			    gnum,
			    q->lot && *q->lot ? q->lot : lot};
	err = bt_db_query_json(db, &stmts[ST_INSERT], 7, pi, out);
	if (err == BT_OK)
		err = bt_db_run(db, &stmts[ST_UNBOUND], 4, pi, NULL);
	return err;
}

enum bt_err trace_binding_add(struct bt_db *db, long long enterprise_id,
			      const struct trace_binding_request *q,
			      json_t **out, const char **reason)
{
	*out = NULL;
	if (q->from < 0 || q->to <= q->from) {
		*reason = "the range must satisfy 0 <= from < to";
		return BT_EINVAL;
	}
	if (q->inventory == NULL || !bt_text_ok(q->inventory, 1, 20) ||
	    q->gnum < 1 || q->gnum > 999) {
		*reason = "inventory (invtNo or copNo) and gnum (1-999) name "
			  "the declared line";
		return BT_EINVAL;
	}
	enum bt_err err = bt_db_begin(db);
	if (err != BT_OK)
		return err;
	err = add_locked(db, enterprise_id, q, out, reason);
	return trace_cache_commit(db, err, out);
}

enum bt_err trace_binding_list(struct bt_db *db, uint32_t batch, json_t **out)
{
	char id[16];
	snprintf(id, sizeof(id), "%u", batch);
	const char *p[] = {id};
	return bt_db_query_json(db, &stmts[ST_LIST], 1, p, out);
}

void trace_api_binding_add(struct bt_req *req)
{
	static const char *const allowed[] = {
		"batch", "from", "to", "inventory", "gnum", "lot", NULL};
	const struct bt_principal *who = bt_req_principal(req);
	json_t *body = bt_req_json_body(req);
	if (body == NULL)
		return;
	struct trace_binding_request q = {0};
	long long batch = 0;
	if (bt_json_only(req, body, allowed) &&
	    bt_json_req_integer(req, body, "batch", &batch) &&
	    bt_json_req_integer(req, body, "from", &q.from) &&
	    bt_json_req_integer(req, body, "to", &q.to) &&
	    bt_json_req_integer(req, body, "gnum", &q.gnum) &&
	    bt_json_opt_string(req, body, "inventory", &q.inventory) &&
	    bt_json_opt_string(req, body, "lot", &q.lot)) {
		if (batch < 1 || batch > TRACE_BATCH_ID_MAX) {
			bt_reply_error(req, BT_EINVAL,
				       "batch is a batch number");
		} else {
			q.batch = (uint32_t)batch;
			struct bt_db *db = bt_req_db(req);
			json_t *out = NULL;
			const char *reason = NULL;
			if (db != NULL) {
				enum bt_err err = trace_binding_add(
					db, who->enterprise_id, &q, &out,
					&reason);
				if (err != BT_OK)
					bt_reply_error(req, err, reason);
				else
					bt_reply_json(req, 201, out);
			}
		}
	}
	json_decref(body);
}

void trace_api_binding_list(struct bt_req *req)
{
	struct trace_batch b;
	if (!trace_batch_load(req, &b))
		return;
	json_t *list = NULL;
	enum bt_err err = trace_binding_list(bt_req_db(req), b.id, &list);
	if (err != BT_OK)
		bt_reply_error(req, err, NULL);
	else
		bt_reply_json(req, 200, json_pack("{s:o}", "bindings", list));
}
