/* quality.c: an enterprise's declared volumes and the quality of its
 * data: messages refused or sent twice, lines over-bound (SQL
 * overbound_lines, migration 0012, which the rating counts too) and codes
 * scanned that no binding covers (code_bound, migration 0010). */
#include "quality.h"
#include "core/buf.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "disclosure/enterprise.h"

enum {
	ST_VOLUMES,
	ST_REJECTIONS,
	ST_COUNTS,
	ST_OVERBOUND,
	ST_SCANNED,
};

/* Late: received more than a day after the time it states. */
static const struct bt_stmt stmts[] = {
	[ST_VOLUMES] =
		{"trace.report_volumes",
		 "SELECT to_char(d.app_time AT TIME ZONE 'Asia/Shanghai', "
		 "'YYYY-MM') AS month, coalesce(l.gtin, ''), count(DISTINCT "
		 "d.order_no), trim_scale(sum(l.qty))::text, sum(l.total_fen) "
		 "FROM declaration d JOIN declaration_line l ON "
		 "l.declaration_id = d.id WHERE d.enterprise_id = $1 AND "
		 "d.kind "
		 "= 621 AND NOT d.deleted AND to_char(d.app_time AT TIME ZONE "
		 "'Asia/Shanghai', 'YYYY-MM') BETWEEN $2 AND $3 GROUP BY 1, 2 "
		 "ORDER BY 1, 2"},
	[ST_REJECTIONS] =
		{"trace.report_rejections",
		 "SELECT rule, count(*) FROM ceb_rejection WHERE "
		 "enterprise_id = $1 GROUP BY rule ORDER BY 2 DESC, 1 "
		 "LIMIT 20"},
	[ST_COUNTS] =
		{"trace.report_counts",
		 "SELECT (SELECT count(*) FROM ceb_message WHERE "
		 "enterprise_id = $1), (SELECT count(*) FROM ceb_rejection "
		 "WHERE enterprise_id = $1), (SELECT coalesce(sum(resent), "
		 "0) FROM ceb_message WHERE enterprise_id = $1), (SELECT "
		 "count(*) FROM declaration WHERE enterprise_id = $1 AND "
		 "received_at > app_time + interval '1 day')"},
	[ST_OVERBOUND] = {"trace.report_overbound",
			  "SELECT inventory, gnum, qty, bound, deleted FROM "
			  "overbound_lines($1) ORDER BY 1, 2 LIMIT 50"},
	[ST_SCANNED] =
		{"trace.report_scanned",
		 "SELECT coalesce((SELECT codes_scanned FROM scan_total WHERE "
		 "enterprise_id = $1), 0), (SELECT coalesce(sum(end_idx - "
		 "first_idx), 0) FROM binding WHERE enterprise_id = $1), "
		 "count(*), coalesce(sum(cs.count), 0) FROM code_stats cs JOIN "
		 "batch b ON b.id = cs.batch_id WHERE b.enterprise_id = $1 AND "
		 "NOT code_bound(cs.batch_id, cs.idx)"},
};

enum bt_err trace_volumes(struct bt_db *db, long long enterprise_id,
			  const char *from, const char *to, json_t **out)
{
	char ent[24];
	snprintf(ent, sizeof(ent), "%lld", enterprise_id);
	const char *p[] = {ent, from ? from : "0000-00", to ? to : "9999-99"};
	PGresult *r = NULL;
	enum bt_err err = bt_db_query_take(db, &stmts[ST_VOLUMES], 3, p, &r);
	if (err != BT_OK)
		return err;
	json_t *months = json_array();
	json_t *month = NULL;
	for (int i = 0; i < PQntuples(r); i++) {
		const char *m = bt_db_text(r, i, 0);
		if (month == NULL ||
		    strcmp(json_string_value(json_object_get(month, "month")),
			   m) != 0) {
			month = json_pack("{s:s, s:I, s:[]}", "month", m,
					  "value_fen", (json_int_t)0,
					  "products");
			json_array_append_new(months, month);
		}
		json_int_t value = bt_db_int(r, i, 4);
		json_object_set_new(
			month, "value_fen",
			json_integer(json_integer_value(json_object_get(
					     month, "value_fen")) +
				     value));
		const char *gtin = bt_db_text(r, i, 1);
		json_array_append_new(json_object_get(month, "products"),
				      json_pack("{s:s?, s:I, s:s, s:I}", "gtin",
						gtin[0] ? gtin : NULL, "orders",
						(json_int_t)bt_db_int(r, i, 2),
						"items", bt_db_text(r, i, 3),
						"value_fen", value));
	}
	PQclear(r);
	*out = json_pack("{s:I, s:s, s:o}", "enterprise_id",
			 (json_int_t)enterprise_id, "source",
			 "CEB621 import inventory lists", "months", months);
	return BT_OK;
}

enum bt_err trace_quality(struct bt_db *db, long long enterprise_id,
			  json_t **out)
{
	char ent[24];
	snprintf(ent, sizeof(ent), "%lld", enterprise_id);
	const char *p[] = {ent};
	PGresult *rej = NULL, *cnt = NULL, *over = NULL, *scan = NULL;
	enum bt_err err =
		bt_db_query_take(db, &stmts[ST_REJECTIONS], 1, p, &rej);
	if (err == BT_OK)
		err = bt_db_query_take(db, &stmts[ST_COUNTS], 1, p, &cnt);
	if (err == BT_OK)
		err = bt_db_query_take(db, &stmts[ST_OVERBOUND], 1, p, &over);
	if (err == BT_OK)
		err = bt_db_query_take(db, &stmts[ST_SCANNED], 1, p, &scan);
	if (err == BT_OK) {
		json_t *reasons = json_array();
		for (int i = 0; i < PQntuples(rej); i++)
			json_array_append_new(
				reasons,
				json_pack("{s:s, s:I}", "rule",
					  bt_db_text(rej, i, 0), "messages",
					  (json_int_t)bt_db_int(rej, i, 1)));
		json_t *lines = json_array();
		for (int i = 0; i < PQntuples(over); i++)
			json_array_append_new(
				lines,
				json_pack("{s:s, s:I, s:I, s:I, s:b}",
					  "inventory", bt_db_text(over, i, 0),
					  "gnum",
					  (json_int_t)bt_db_int(over, i, 1),
					  "declared_qty",
					  (json_int_t)bt_db_int(over, i, 2),
					  "codes_bound",
					  (json_int_t)bt_db_int(over, i, 3),
					  "declaration_deleted",
					  strcmp(bt_db_text(over, i, 4), "t") ==
						  0));
		long long scanned = bt_db_int(scan, 0, 0);
		long long bound = bt_db_int(scan, 0, 1);
		*out = json_pack(
			"{s:I, s:{s:I, s:I, s:I, s:I, s:o}, s:{s:o, s:I, s:I, "
			"s:b, s:I, s:I}}",
			"enterprise_id", (json_int_t)enterprise_id, "messages",
			"accepted", (json_int_t)bt_db_int(cnt, 0, 0),
			"rejected", (json_int_t)bt_db_int(cnt, 0, 1),
			"sent_twice", (json_int_t)bt_db_int(cnt, 0, 2), "late",
			(json_int_t)bt_db_int(cnt, 0, 3), "rejections_by_rule",
			reasons, "quantities", "lines_over_declared_qty", lines,
			"codes_bound", (json_int_t)bound, "codes_scanned",
			(json_int_t)scanned, "more_scanned_than_bound",
			scanned > bound, "unbound_codes_scanned",
			(json_int_t)bt_db_int(scan, 0, 2),
			"scans_of_unbound_codes",
			(json_int_t)bt_db_int(scan, 0, 3));
	}
	PQclear(rej);
	PQclear(cnt);
	PQclear(over);
	PQclear(scan);
	return err;
}

static bool month_ok(const char *m)
{
	if (m == NULL)
		return true;
	if (strlen(m) != 7 || m[4] != '-' || strspn(m, "0123456789") != 4 ||
	    strspn(m + 5, "0123456789") != 2)
		return false;
	int month = (m[5] - '0') * 10 + (m[6] - '0');
	return month >= 1 && month <= 12;
}

static bool enterprise_param(struct bt_req *req, long long *id)
{
	if (!bt_req_id(req, "an enterprise", LLONG_MAX, id))
		return false;
	return true;
}

void trace_api_volumes(struct bt_req *req)
{
	long long id;
	if (!enterprise_param(req, &id))
		return;
	const char *from = bt_req_query(req, "from");
	const char *to = bt_req_query(req, "to");
	if (!month_ok(from) || !month_ok(to)) {
		bt_reply_error(req, BT_EINVAL,
			       "from and to are months: YYYY-MM");
		return;
	}
	struct bt_db *db = bt_req_db(req);
	json_t *out = NULL;
	if (db != NULL) {
		enum bt_err err = trace_volumes(db, id, from, to, &out);
		if (err != BT_OK)
			bt_reply_error(req, err, NULL);
		else
			bt_reply_json(req, 200, out);
	}
}

void trace_api_quality(struct bt_req *req)
{
	long long id;
	if (!enterprise_param(req, &id))
		return;
	const struct bt_principal *who = bt_req_principal(req);
	if (who->role == BT_ROLE_ENTERPRISE && who->enterprise_id != id) {
		bt_reply_error(req, BT_EFORBIDDEN,
			       "an enterprise sees its own data-quality report "
			       "only");
		return;
	}
	struct bt_db *db = bt_req_db(req);
	if (db == NULL)
		return;
	json_t *out = NULL;
	struct disc_enterprise e;
	enum bt_err err = disc_enterprise_get(db, id, &e);
	if (err == BT_OK)
		err = trace_quality(db, id, &out);
	if (err != BT_OK) {
		bt_reply_error(req, err,
			       err == BT_ENOTFOUND ? "no such enterprise"
						   : NULL);
		return;
	}
	json_object_set_new(out, "enterprise", disc_enterprise_json(&e));
	bt_reply_view(req, 200, "quality", out);
}
