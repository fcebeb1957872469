/* status.c: status ranges and their API. */
#include "status.h"

#include <stdio.h>
#include <string.h>

#include "core/auth.h"
#include "core/buf.h"
#include "trace/code/batch.h"
#include "trace/code/serial.h"
#include "trace/scan/cache.h"
#include "trace/scan/verdict.h"

enum {
	ST_LOCK_BATCH,
	ST_OVERLAP,
	ST_INSERT,
	ST_LIST,
};

/* A range as the API shows it. */
#define RANGE_JSON                                                             \
	"json_build_object('id', id, 'from', first_idx, 'to', end_idx, "       \
	"'status', status, 'reason', reason, 'reason_en', reason_en, "         \
	"'effective_at', "                                                     \
	"to_char(effective_at AT TIME ZONE 'UTC', "                            \
	"'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), 'set_by', set_by_role, "           \
	"'created_at', to_char(created_at AT TIME ZONE 'UTC', "                \
	"'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'))"

static const struct bt_stmt stmts[] = {
	[ST_LOCK_BATCH] = {"trace.status_lock_batch",
			   "SELECT enterprise_id, count FROM batch WHERE id = "
			   "$1 FOR UPDATE"},
	[ST_OVERLAP] = {"trace.status_overlap",
			"SELECT id, first_idx, end_idx, status FROM "
			"status_range WHERE batch_id = $1 AND first_idx < $3 "
			"AND end_idx > $2 ORDER BY first_idx LIMIT 1"},
	[ST_INSERT] =
		{"trace.status_insert",
		 "INSERT INTO status_range (batch_id, first_idx, end_idx, "
		 "status, reason, effective_at, set_by_role, set_by_key, "
		 "reason_en) VALUES ($1, $2, $3, $4, $5, "
		 "coalesce($6::timestamptz, now()), $7, $8, $9) "
		 "RETURNING " RANGE_JSON},
	[ST_LIST] = {"trace.status_list",
		     "SELECT coalesce(json_agg(" RANGE_JSON " ORDER BY "
		     "first_idx), '[]') FROM status_range WHERE batch_id = $1"},
};

static enum bt_err validate(const struct trace_status_request *q,
			    const char **reason)
{
	if (trace_status_parse(q->status) == TRACE_STATUS_NONE) {
		*reason = "status is revoked, recalled or stolen";
		return BT_EINVAL;
	}
	if (q->reason == NULL || !bt_text_ok(q->reason, 1, 500)) {
		*reason = "reason must be 1 to 500 characters of text";
		return BT_EINVAL;
	}
	if (q->reason_en != NULL && !bt_text_ok(q->reason_en, 0, 500)) {
		*reason = "reason_en: the reason in English, at most 500 "
			  "characters";
		return BT_EINVAL;
	}
	if (q->from < 0 || q->to <= q->from) {
		*reason = "the range must satisfy 0 <= from < to";
		return BT_EINVAL;
	}
	return BT_OK;
}

/* Runs inside the caller's transaction. */
static enum bt_err set_locked(struct bt_db *db, const struct bt_principal *who,
			      const struct trace_status_request *q,
			      json_t **out, const char **reason)
{
	char batch[16], from[24], to[24], key[24];
	snprintf(batch, sizeof(batch), "%u", q->batch);
	snprintf(from, sizeof(from), "%lld", q->from);
	snprintf(to, sizeof(to), "%lld", q->to);
	snprintf(key, sizeof(key), "%lld", who->key_id);
	const char *p1[] = {batch};
	PGresult *r = NULL;
	enum bt_err err =
		bt_db_query_take(db, &stmts[ST_LOCK_BATCH], 1, p1, &r);
	if (err == BT_OK &&
	    (PQntuples(r) != 1 || (who->role == BT_ROLE_ENTERPRISE &&
				   bt_db_int(r, 0, 0) != who->enterprise_id))) {
		*reason = "no such batch of yours";
		err = BT_ENOTFOUND;
	}
	if (err == BT_OK && q->to > bt_db_int(r, 0, 1)) {
		*reason = "the range goes beyond the batch's count";
		err = BT_EINVAL;
	}
	PQclear(r);
	if (err != BT_OK)
		return err;
	const char *p2[] = {batch, from, to};
	err = bt_db_query_take(db, &stmts[ST_OVERLAP], 3, p2, &r);
	if (err == BT_OK && PQntuples(r) > 0) {
		*reason = "the range overlaps a range that already has a "
			  "status; a code can have only one";
		err = BT_ECONFLICT;
	}
	PQclear(r);
	if (err != BT_OK)
		return err;
	const char *p3[] = {batch,
			    from,
			    to,
			    q->status,
			    q->reason,
			    q->effective_at,
			    bt_role_name(who->role),
			    key,
			    q->reason_en ? q->reason_en : ""};
	err = bt_db_query_json(db, &stmts[ST_INSERT], 9, p3, out);
	if (err == BT_EINVAL)
		*reason = "effective_at must be a time such as "
			  "2026-12-01T08:00:00+08:00";
	return err;
}

enum bt_err trace_status_set(struct bt_db *db, const struct bt_principal *who,
			     const struct trace_status_request *q, json_t **out,
			     const char **reason)
{
	enum bt_err err = validate(q, reason);
	if (err != BT_OK)
		return err;
	if ((err = bt_db_begin(db)) != BT_OK)
		return err;
	err = set_locked(db, who, q, out, reason);
	return trace_cache_commit(db, err, out);
}

enum bt_err trace_status_list(struct bt_db *db, uint32_t batch, json_t **out)
{
	char id[16];
	snprintf(id, sizeof(id), "%u", batch);
	const char *params[] = {id};
	return bt_db_query_json(db, &stmts[ST_LIST], 1, params, out);
}

static bool batch_param(struct bt_req *req, uint32_t *out)
{
	long long id;
	if (!bt_req_id(req, "a batch", TRACE_BATCH_ID_MAX, &id))
		return false;
	*out = (uint32_t)id;
	return true;
}

void trace_api_status_set(struct bt_req *req)
{
	static const char *const allowed[] = {
		"from",	     "to",	     "status", "reason",
		"reason_en", "effective_at", NULL};
	struct trace_status_request q = {0};
	if (!batch_param(req, &q.batch))
		return;
	json_t *body = bt_req_json_body(req);
	if (body == NULL)
		return;
	if (bt_json_only(req, body, allowed) &&
	    bt_json_req_integer(req, body, "from", &q.from) &&
	    bt_json_req_integer(req, body, "to", &q.to) &&
	    bt_json_opt_string(req, body, "status", &q.status) &&
	    bt_json_opt_string(req, body, "reason", &q.reason) &&
	    bt_json_opt_string(req, body, "reason_en", &q.reason_en) &&
	    bt_json_opt_string(req, body, "effective_at", &q.effective_at)) {
		struct bt_db *db = bt_req_db(req);
		json_t *out = NULL;
		const char *reason = NULL;
		if (db != NULL) {
			enum bt_err err = trace_status_set(
				db, bt_req_principal(req), &q, &out, &reason);
			if (err != BT_OK)
				bt_reply_error(req, err, reason);
			else
				bt_reply_json(req, 201, out);
		}
	}
	json_decref(body);
}

void trace_api_status_list(struct bt_req *req)
{
	struct trace_batch b;
	if (!trace_batch_load(req, &b))
		return;
	json_t *list = NULL;
	enum bt_err err = trace_status_list(bt_req_db(req), b.id, &list);
	if (err != BT_OK)
		bt_reply_error(req, err, NULL);
	else
		bt_reply_json(req, 200, json_pack("{s:o}", "ranges", list));
}
