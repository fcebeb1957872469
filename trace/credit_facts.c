/* credit_facts.c: traceability facts for the disclosure portal. */
#include "credit_facts.h"

#include <stdio.h>

#include "core/buf.h"

/* Day boundaries of "now" ($1 or $2) in Asia/Shanghai: d is today, end_at
 * the midnight after it, d30 the start of the last 30 days, m12 the start
 * of the last 12 months. */
#define DAYS(now)                                                              \
	"t AS (SELECT d, ((d + 1)::timestamp AT TIME ZONE 'Asia/Shanghai') "   \
	"AS end_at, ((d - 29)::timestamp AT TIME ZONE 'Asia/Shanghai') AS "    \
	"d30, ((date_trunc('month', d) - interval '11 months')::timestamp AT " \
	"TIME ZONE 'Asia/Shanghai') AS m12 FROM (SELECT cn_day(" now           \
	") AS d) x)"
#define DAYS_1 DAYS("$1")
#define DAYS_2 DAYS("$2")

/* Lines with more codes bound than declared, or bound to a deleted
 * declaration; codes scanned that were never bound; codes scanned. */
#define OVERBOUND_LINES "(SELECT count(*) FROM overbound_lines($1))"
#define UNBOUND_SCANNED                                                        \
	"coalesce((SELECT codes_unbound FROM scan_total WHERE enterprise_id "  \
	"= $1), 0)"
#define CODES_SCANNED                                                          \
	"coalesce((SELECT codes_scanned FROM scan_total WHERE enterprise_id "  \
	"= "                                                                   \
	"$1), 0)"
#define ALERTS_12_MONTHS                                                       \
	"(SELECT count(*) FROM alert a WHERE a.enterprise_id = $1 AND "        \
	"a.created_at <= $2::timestamptz AND a.created_at > "                  \
	"$2::timestamptz - interval '12 months')"

enum {
	ST_FACTS,
	ST_ACTIVITY,
	ST_STATISTICS,
	ST_INSPECTION,
};

static const struct bt_stmt stmts[] = {
	/* The columns of struct disc_trace_facts, in its order. */
	[ST_FACTS] =
		{"trace.disclose_facts",
		 "WITH " DAYS_2
		 " SELECT (SELECT count(*) FROM inspection i WHERE "
		 "i.enterprise_id = $1 AND NOT i.passed AND i.tested_on "
		 "<= t.d AND i.tested_on > t.d - interval '24 months') AS "
		 "inspections_failed, (SELECT count(*) FROM inspection i "
		 "WHERE i.enterprise_id = $1 AND i.passed AND i.tested_on "
		 "<= t.d AND i.tested_on > t.d - interval '24 months') AS "
		 "inspections_passed, (SELECT count(*) FROM ceb_message "
		 "WHERE enterprise_id = $1) + (SELECT count(*) FROM "
		 "ceb_rejection WHERE enterprise_id = $1) AS messages, "
		 "(SELECT count(*) FROM ceb_rejection WHERE enterprise_id "
		 "= $1) AS messages_rejected, (SELECT count(DISTINCT "
		 "order_no) FROM declaration WHERE enterprise_id = $1 AND "
		 "NOT deleted) AS orders, " OVERBOUND_LINES
		 " + " UNBOUND_SCANNED " AS quality_findings, " CODES_SCANNED
		 " AS codes_scanned, " ALERTS_12_MONTHS
		 " AS clone_alerts, to_char((SELECT max(tested_on) FROM "
		 "inspection i WHERE i.enterprise_id = $1 AND NOT i.passed "
		 "AND i.tested_on <= t.d), 'YYYY-MM-DD') AS "
		 "last_failed_inspection FROM t"},
	[ST_ACTIVITY] =
		{"trace.disclose_activity",
		 "WITH " DAYS_2 " SELECT json_build_object('operating', "
		 "json_build_object('months', coalesce((SELECT "
		 "json_agg(json_build_object('month', m, 'orders', o, "
		 "'items', i, 'value_fen', v) ORDER BY m) FROM (SELECT "
		 "to_char(d.app_time AT TIME ZONE 'Asia/Shanghai', "
		 "'YYYY-MM') AS m, count(DISTINCT d.order_no) AS o, "
		 "round(sum(l.qty))::bigint AS i, sum(l.total_fen) AS v "
		 "FROM declaration d JOIN declaration_line l ON "
		 "l.declaration_id = d.id WHERE d.enterprise_id = $1 AND "
		 "d.kind = 621 AND NOT d.deleted AND d.app_time >= t.m12 "
		 "AND d.app_time < t.end_at GROUP BY 1) x), '[]'), "
		 "'products', coalesce((SELECT "
		 "json_agg(json_build_object('gtin', gtin, 'name_zh', "
		 "name_zh, 'name_en', name_en, 'brand', brand, 'origin', "
		 "origin_country) ORDER BY name_zh) FROM product WHERE "
		 "enterprise_id = $1), '[]'), 'codes_issued', (SELECT "
		 "coalesce(sum(count), 0) FROM batch WHERE enterprise_id "
		 "= $1), 'codes_scanned', " CODES_SCANNED
		 " , 'scans', coalesce((SELECT scans FROM scan_total WHERE "
		 "enterprise_id = $1), 0), 'date', t.d), 'regulatory', "
		 "json_build_object('inspections', coalesce((SELECT "
		 "json_agg(json_build_object('id', i.id, 'product_zh', "
		 "p.name_zh, 'product_en', p.name_en, 'gtin', p.gtin, 'lot', "
		 "i.lot, "
		 "'id', i.id, 'lab', i.lab, 'lab_en', i.lab_en, 'report_no', "
		 "i.report_no, 'tested_on', i.tested_on, 'items', i.items, "
		 "'items_en', i.items_en, 'passed', i.passed, "
		 "'certificate', i.certificate, 'objections', "
		 "objections_of('inspection', i.id)) ORDER BY i.tested_on "
		 "DESC) FROM (SELECT * FROM inspection WHERE "
		 "enterprise_id = $1 AND tested_on <= t.d ORDER BY "
		 "tested_on DESC LIMIT 20) i JOIN product p ON p.id = "
		 "i.product_id), '[]'), 'alerts', " ALERTS_12_MONTHS
		 " )) FROM t"},
	[ST_STATISTICS] =
		{"trace.disclose_statistics",
		 "WITH " DAYS_1 " , days AS (SELECT day, verdict, scans FROM "
		 "scan_day, t WHERE enterprise_id = 0 AND day > t.d - 30 AND "
		 "day <= t.d) SELECT "
		 "json_build_object('codes_issued', (SELECT "
		 "coalesce(sum(count), 0) FROM batch), 'batches', "
		 "(SELECT count(*) FROM batch), 'codes_scanned', "
		 "coalesce((SELECT codes_scanned FROM scan_total WHERE "
		 "enterprise_id = 0), 0), 'scans_per_day', (SELECT "
		 "json_agg(json_build_object('label', to_char(g.day, "
		 "'MM-DD'), 'value', coalesce(s.n, 0)) ORDER BY g.day) "
		 "FROM generate_series(t.d - 29, t.d, interval '1 day') "
		 "g(day) LEFT JOIN (SELECT day, sum(scans) AS n FROM days "
		 "GROUP BY 1) s ON s.day = g.day::date), 'verdicts', "
		 "(SELECT json_agg(json_build_object('label', v.name, "
		 "'value', coalesce(s.n, 0)) ORDER BY v.ord) FROM "
		 "(VALUES ('genuine', 1), ('caution', 2), ('suspect', "
		 "3)) v(name, ord) LEFT JOIN (SELECT verdict, sum(scans) "
		 "AS n FROM days GROUP BY 1) s ON s.verdict = v.name), "
		 "'value_by_month', (SELECT "
		 "json_agg(json_build_object('label', m.label, 'value', "
		 "coalesce(x.v, 0)) ORDER BY m.label) FROM (SELECT "
		 "to_char(g, 'YYYY-MM') AS label FROM "
		 "generate_series(date_trunc('month', t.d) - interval "
		 "'11 months', date_trunc('month', t.d), interval '1 "
		 "month') g) m LEFT JOIN (SELECT to_char(d.app_time AT "
		 "TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS label, "
		 "sum(l.total_fen) AS v FROM declaration d JOIN "
		 "declaration_line l ON l.declaration_id = d.id WHERE "
		 "d.kind = 621 AND NOT d.deleted AND d.app_time >= t.m12 "
		 "AND d.app_time < t.end_at GROUP BY 1) x ON x.label = "
		 "m.label), 'as_of', t.d) FROM t"},
	[ST_INSPECTION] = {"trace.disclose_inspection",
			   "SELECT enterprise_id, report_no FROM inspection "
			   "WHERE id = $1"},
};

static enum bt_err facts(struct bt_db *db, long long enterprise_id,
			 const char *now, struct disc_trace_facts *out)
{
	char id[24];
	snprintf(id, sizeof(id), "%lld", enterprise_id);
	const char *p[] = {id, now};
	PGresult *r = NULL;
	enum bt_err err = bt_db_query_take(db, &stmts[ST_FACTS], 2, p, &r);
	if (err == BT_OK) {
		*out = (struct disc_trace_facts){
			.inspections_failed = bt_db_int(r, 0, 0),
			.inspections_passed = bt_db_int(r, 0, 1),
			.messages = bt_db_int(r, 0, 2),
			.messages_rejected = bt_db_int(r, 0, 3),
			.orders = bt_db_int(r, 0, 4),
			.quality_findings = bt_db_int(r, 0, 5),
			.codes_scanned = bt_db_int(r, 0, 6),
			.clone_alerts = bt_db_int(r, 0, 7),
		};
		bt_strlcpy(out->last_failed_inspection, bt_db_text(r, 0, 8),
			   sizeof(out->last_failed_inspection));
	}
	PQclear(r);
	return err;
}

static enum bt_err activity(struct bt_db *db, long long enterprise_id,
			    const char *now, json_t **out)
{
	return bt_db_query_json_id(db, &stmts[ST_ACTIVITY], enterprise_id, now,
				   out);
}

static enum bt_err statistics(struct bt_db *db, const char *now, json_t **out)
{
	const char *p[] = {now};
	return bt_db_query_json(db, &stmts[ST_STATISTICS], 1, p, out);
}

static enum bt_err inspection(struct bt_db *db, long long id,
			      long long *enterprise_id, char *report_no,
			      size_t size)
{
	char text[24];
	snprintf(text, sizeof(text), "%lld", id);
	const char *p[] = {text};
	PGresult *r = NULL;
	enum bt_err err = bt_db_query_take(db, &stmts[ST_INSPECTION], 1, p, &r);
	if (err == BT_OK && PQntuples(r) != 1)
		err = BT_ENOTFOUND;
	if (err == BT_OK) {
		*enterprise_id = bt_db_int(r, 0, 0);
		bt_strlcpy(report_no, bt_db_text(r, 0, 1), size);
	}
	PQclear(r);
	return err;
}

void trace_disclose_connect(void)
{
	static const struct disc_source src = {facts, activity, statistics,
					       inspection};
	disc_set_source(&src);
}
