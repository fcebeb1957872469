/* credit.c: complaints in credit and disclosure (see credit.h). */
#include "credit.h"

#include <stdio.h>
#include <stdlib.h>

#include "disclosure/source.h"

enum {
	ST_FACTS,
	ST_PROFILE,
	ST_STATISTICS,
	ST_ALERTS,
	ST_NOTE,
	ST_TALLY_RECEIVED,
	ST_TALLY_CLOSED,
	ST_CLAIM,
};

/* A pattern's count stops here: enough to see it, bounded work per
 * change however popular the product. */
#define COUNT_MAX "100"

/* The median of the working days cases closed in the last 12 months took,
 * from the histogram: the smallest value that half of them reach. */
#define MEDIAN_OF(where)                                                       \
	"(SELECT working_days FROM (SELECT working_days, sum(n) OVER (ORDER "  \
	"BY working_days) AS cum, sum(n) OVER () AS total FROM (SELECT "       \
	"working_days, sum(cases) AS n FROM cmpl_tally_days WHERE " where      \
	" GROUP BY 1) h) x WHERE cum * 2 >= total ORDER BY working_days "      \
	"LIMIT 1)"
#define MEDIAN(ent, kind)                                                      \
	MEDIAN_OF("enterprise_id = " ent " AND kind = " kind " AND month >= "  \
		  "date_trunc('month', cn_day(" YEAR_AGO "))::date")
#define MEDIAN_ALL                                                             \
	MEDIAN_OF("enterprise_id = 0 AND month >= date_trunc('month', "        \
		  "cn_day($1::timestamptz - interval '12 months'))::date")

/* The strongest 20 alerts of a kind, from a. */
#define TOP(kind)                                                              \
	"(SELECT * FROM a WHERE kind = '" kind "' ORDER BY cases DESC LIMIT "  \
	"20) t"

/* The last 12 months as of $2 (an ISO time). */
#define YEAR_AGO "($2::timestamptz - interval '12 months')"

static const struct bt_stmt stmts[] = {
	[ST_FACTS] = {"cmpl.credit_facts",
		      "SELECT count(*) FILTER (WHERE received_at >= " YEAR_AGO
		      "), count(*) FILTER (WHERE state = 'closed' AND "
		      "closed_at >= " YEAR_AGO
		      " AND (outcome->>'upheld')::boolean), count(*) FILTER "
		      "(WHERE state = 'closed' AND closed_at >= " YEAR_AGO
		      " AND outcome->>'enterprise_window' = 'breached'), "
		      "count(*) FILTER (WHERE state <> 'closed' AND window_due "
		      "< cn_day($2::timestamptz)) "
		      "FROM cmpl_case WHERE enterprise_id = $1 AND kind = "
		      "'complaint'"},
	/* Category 6: counts, outcomes, timeliness; no free text. */
	/* Category 6 from the tallies (complaints only: reports are the
	 * regulator's), at most a year of days; open and overdue from the
	 * enterprise's open cases. No free text. */
	[ST_PROFILE] =
		{"cmpl.credit_profile",
		 "WITH t AS (SELECT * FROM cmpl_tally WHERE enterprise_id = $1 "
		 "AND kind = 'complaint' AND day >= cn_day(" YEAR_AGO
		 ")), c AS (SELECT result, sum(closed) AS n FROM t WHERE "
		 "result "
		 "<> '' GROUP BY 1) SELECT json_build_object("
		 "'intake_connected', true, 'since', cn_day(" YEAR_AGO
		 ")::text, 'complaints', (SELECT coalesce(sum(received), 0) "
		 "FROM t), 'open', (SELECT count(*) FROM cmpl_case WHERE "
		 "enterprise_id = $1 AND kind = 'complaint' AND state <> "
		 "'closed'), 'closed', (SELECT coalesce(sum(closed), 0) FROM "
		 "t), 'upheld', (SELECT coalesce(sum(upheld), 0) FROM t), "
		 "'outcomes', (SELECT coalesce(json_agg(json_build_object("
		 "'result', result, 'count', n) ORDER BY result), '[]') FROM "
		 "c), 'window_cases', (SELECT coalesce(sum(window_cases), 0) "
		 "FROM t), 'answered_in_window', (SELECT coalesce(sum("
		 "in_window), 0) FROM t), 'overdue', (SELECT count(*) FROM "
		 "cmpl_case WHERE enterprise_id = $1 AND window_due < "
		 "cn_day($2::timestamptz) AND state <> 'closed'), "
		 "'median_working_days', " MEDIAN("$1::bigint",
						  "'complaint'") ")"},
	/* The platform's, from its tallies (enterprise 0). */
	[ST_STATISTICS] =
		{"cmpl.credit_statistics",
		 "WITH t AS (SELECT * FROM cmpl_tally WHERE enterprise_id = 0 "
		 "AND day >= cn_day($1::timestamptz - interval '12 months')) "
		 "SELECT json_build_object('received', (SELECT "
		 "coalesce(sum(received), 0) FROM t), 'complaints', (SELECT "
		 "coalesce(sum(received), 0) FROM t WHERE kind = 'complaint'), "
		 "'reports', (SELECT coalesce(sum(received), 0) FROM t WHERE "
		 "kind = 'report'), 'closed', (SELECT coalesce(sum(closed), 0) "
		 "FROM t), 'upheld', (SELECT coalesce(sum(upheld), 0) FROM t), "
		 "'median_working_days', " MEDIAN_ALL
		 ", 'by_category', (SELECT "
		 "coalesce(json_agg(json_build_object('category', category, "
		 "'count', n) ORDER BY n DESC, category), '[]') FROM (SELECT "
		 "category, sum(received) AS n FROM t GROUP BY 1 HAVING "
		 "sum(received) > 0) x))"},
	/* Tallies a case just received ($1), for it and for the platform. */
	[ST_TALLY_RECEIVED] =
		{"cmpl.tally_received",
		 "INSERT INTO cmpl_tally AS t (day, enterprise_id, kind, "
		 "category, result, shard, received) SELECT "
		 "cn_day(c.received_at), v.e, c.kind, c.category, '', c.id % "
		 "16, 1 FROM cmpl_case c, LATERAL "
		 "(SELECT DISTINCT e FROM (VALUES (0::bigint), "
		 "(coalesce(c.enterprise_id, 0))) x(e)) v WHERE c.id = $1 ON "
		 "CONFLICT (enterprise_id, day, kind, category, result, shard) "
		 "DO UPDATE SET received = t.received + 1"},
	/* Tallies case $1 just closed, with its frozen outcome. */
	[ST_TALLY_CLOSED] =
		{"cmpl.tally_closed",
		 "WITH c AS (SELECT c.*, v.e FROM cmpl_case c, LATERAL (SELECT "
		 "DISTINCT e FROM (VALUES (0::bigint), (coalesce("
		 "c.enterprise_id, 0))) x(e)) v WHERE c.id = $1 AND c.outcome "
		 "IS NOT NULL), days AS (INSERT INTO cmpl_tally_days AS d "
		 "(month, enterprise_id, kind, working_days, shard, cases) "
		 "SELECT date_trunc('month', cn_day(closed_at))::date, e, "
		 "kind, "
		 "(outcome->>'working_days')::int, id % 16, 1 FROM c WHERE "
		 "outcome->>'working_days' IS NOT NULL ON CONFLICT "
		 "(enterprise_id, month, kind, working_days, shard) DO UPDATE "
		 "SET cases = d.cases + 1) "
		 "INSERT INTO cmpl_tally AS t (day, enterprise_id, kind, "
		 "category, result, shard, closed, upheld, window_cases, "
		 "in_window) SELECT cn_day(closed_at), e, kind, category, "
		 "outcome->>'result', id % 16, 1, "
		 "(outcome->>'upheld')::boolean::int, "
		 "(outcome->>'enterprise_window' IN ('met', 'breached'))::int, "
		 "(outcome->>'answered_in_window')::boolean::int FROM c ON "
		 "CONFLICT (enterprise_id, day, kind, category, result, shard) "
		 "DO UPDATE SET closed = t.closed + 1, upheld = t.upheld + "
		 "EXCLUDED.upheld, window_cases = t.window_cases + "
		 "EXCLUDED.window_cases, in_window = t.in_window + "
		 "EXCLUDED.in_window"},
	/* The desk's alerts: patterns whose last case is in the last 30
	 * days ($1 now). */
	[ST_ALERTS] =
		{"cmpl.alerts",
		 "WITH a AS (SELECT * FROM cmpl_alert WHERE last_at >= "
		 "$1::timestamptz - interval '30 days') SELECT "
		 "json_build_object('batches', (SELECT "
		 "coalesce(json_agg(detail "
		 "|| jsonb_build_object('upheld', cases) ORDER BY cases "
		 "DESC), "
		 "'[]') FROM " TOP(
			 "batch") "), 'counterfeits', (SELECT "
				  "coalesce(json_agg(detail || "
				  "jsonb_build_object('reports', "
				  "cases, 'latest', "
				  "cn_day(last_at)::text) ORDER BY cases "
				  "DESC), "
				  "'[]') FROM " TOP(
					  "counterfeit") "), 'frequent', "
							 "(SELECT "
							 "coalesce(json_"
							 "agg(detail || "
							 "jsonb_build_"
							 "object('cases',"
							 " "
							 "cases) ORDER "
							 "BY cases "
							 "DESC), '[]') "
							 "FROM " TOP("frequen"
								     "t") ")"
									  ")"},
	/* After case $1 changed: recounts the patterns it belongs to over
	 * the 30 days before now ($2), through indexed lookups of that
	 * product or complainant only (at most COUNT_MAX rows), and keeps those
	 * that reach their thresholds ($3 upheld complaints on a lot, 2 reports
	 * of copied or suspect codes on a product, 5 cases of one complainant).
	 */
	[ST_NOTE] =
		{"cmpl.alerts_note",
		 "WITH c AS (SELECT * FROM cmpl_case WHERE id = $1), since AS "
		 "(SELECT $2::timestamptz - interval '30 days' AS t), found AS "
		 "(SELECT 'batch' AS kind, c.gtin || '/' || coalesce(c.lot, "
		 "'') "
		 "AS key, jsonb_build_object('gtin', c.gtin, 'lot', c.lot, "
		 "'batch', c.batch_id, 'enterprise_id', c.enterprise_id) AS "
		 "detail, (SELECT count(*) FROM (SELECT 1 FROM cmpl_case x, "
		 "since WHERE x.gtin = c.gtin AND x.lot IS NOT DISTINCT FROM "
		 "c.lot AND x.received_at >= since.t AND x.kind = 'complaint' "
		 "AND (x.state IN ('agreed', 'settled') OR (x.outcome->>"
		 "'upheld')::boolean) LIMIT " COUNT_MAX ") y) AS n, $3::int AS "
		 "min FROM c WHERE c.kind = 'complaint' AND c.gtin IS NOT NULL "
		 "AND (c.state IN ('agreed', 'settled') OR (c.outcome->>"
		 "'upheld')::boolean) UNION ALL SELECT "
		 "'counterfeit', c.gtin, jsonb_build_object('gtin', c.gtin), "
		 "(SELECT count(*) FROM (SELECT 1 FROM cmpl_case x, since "
		 "WHERE x.gtin = c.gtin AND x.received_at >= since.t AND "
		 "x.kind = 'report' AND x.flags && ARRAY['not_genuine_code', "
		 "'suspect_code'] LIMIT " COUNT_MAX ") y), 2 "
		 "FROM c WHERE c.kind = 'report' AND c.gtin IS NOT NULL AND "
		 "c.flags && ARRAY['not_genuine_code', 'suspect_code'] UNION "
		 "ALL SELECT 'frequent', left(c.phone_hash, 8), "
		 "jsonb_build_object('complainant', left(c.phone_hash, 8)), "
		 "(SELECT count(*) FROM (SELECT 1 FROM cmpl_case x, since "
		 "WHERE x.phone_hash = c.phone_hash AND x.received_at >= "
		 "since.t LIMIT " COUNT_MAX ") y), 5 FROM c WHERE c.phone_hash "
		 "IS NOT NULL) INSERT INTO cmpl_alert AS a (kind, "
		 "key, detail, cases, first_at, last_at) SELECT kind, key, "
		 "detail, n, $2::timestamptz, $2::timestamptz FROM found WHERE "
		 "n >= min ON CONFLICT (kind, key) DO UPDATE SET cases = "
		 "EXCLUDED.cases, detail = a.detail || EXCLUDED.detail, "
		 "last_at = EXCLUDED.last_at"},
	/* An approved quality claim on lot $2 of GTIN $1 (batch $3,
	 * enterprise $4) flags the lot: $5 is what the claims add to the
	 * alert's detail (their count and the other open claims). */
	[ST_CLAIM] =
		{"cmpl.alert_claim",
		 "INSERT INTO cmpl_alert AS a (kind, key, detail, cases, "
		 "first_at, last_at) VALUES ('batch', $1 || '/' || $2, "
		 "jsonb_build_object('gtin', $1, 'lot', nullif($2, ''), "
		 "'batch', $3::integer, 'enterprise_id', $4::bigint) || "
		 "$5::jsonb, 0, $6::timestamptz, $6::timestamptz) ON CONFLICT "
		 "(kind, key) DO UPDATE SET detail = a.detail || "
		 "EXCLUDED.detail, last_at = EXCLUDED.last_at"},
};

static enum bt_err facts(struct bt_db *db, long long enterprise_id,
			 const char *now, struct disc_complaint_facts *out)
{
	char id[24];
	snprintf(id, sizeof(id), "%lld", enterprise_id);
	const char *p[] = {id, now};
	PGresult *r = NULL;
	enum bt_err err = bt_db_query_take(db, &stmts[ST_FACTS], 2, p, &r);
	if (err == BT_OK) {
		out->complaints = bt_db_int(r, 0, 0);
		out->upheld = bt_db_int(r, 0, 1);
		out->answered_late = bt_db_int(r, 0, 2);
		out->overdue = bt_db_int(r, 0, 3);
	}
	PQclear(r);
	return err;
}

static enum bt_err profile(struct bt_db *db, long long enterprise_id,
			   const char *now, json_t **out)
{
	return bt_db_query_json_id(db, &stmts[ST_PROFILE], enterprise_id, now,
				   out);
}

static enum bt_err statistics(struct bt_db *db, const char *now, json_t **out)
{
	const char *p[] = {now};
	return bt_db_query_json(db, &stmts[ST_STATISTICS], 1, p, out);
}

void cmpl_disclose_connect(void)
{
	static const struct disc_complaint_source src = {facts, profile,
							 statistics};
	disc_set_complaint_source(&src);
}

enum bt_err cmpl_alerts(struct bt_db *db, const char *now, json_t **out)
{
	const char *p[] = {now};
	return bt_db_query_json(db, &stmts[ST_ALERTS], 1, p, out);
}

enum bt_err cmpl_alerts_note(struct bt_db *db, long long case_id,
			     const char *now)
{
	char id[24], min[8];
	snprintf(id, sizeof(id), "%lld", case_id);
	snprintf(min, sizeof(min), "%d", CMPL_BATCH_ALERT_MIN);
	const char *p[] = {id, now, min};
	return bt_db_run(db, &stmts[ST_NOTE], 3, p, NULL);
}

enum bt_err cmpl_tally(struct bt_db *db, long long case_id, bool closed)
{
	char id[24];
	snprintf(id, sizeof(id), "%lld", case_id);
	const char *p[] = {id};
	return bt_db_run(db,
			 &stmts[closed ? ST_TALLY_CLOSED : ST_TALLY_RECEIVED],
			 1, p, NULL);
}

enum bt_err cmpl_alert_claim(struct bt_db *db, const char *gtin,
			     const char *lot, uint32_t batch,
			     long long enterprise_id, const json_t *claims,
			     const char *now)
{
	char b[16], e[24];
	snprintf(b, sizeof(b), "%u", (unsigned)batch);
	snprintf(e, sizeof(e), "%lld", enterprise_id);
	char *detail = json_dumps(claims, JSON_COMPACT);
	if (detail == NULL)
		return BT_ENOMEM;
	const char *p[] = {gtin, lot ? lot : "", b, e, detail, now};
	enum bt_err err = bt_db_run(db, &stmts[ST_CLAIM], 6, p, NULL);
	free(detail);
	return err;
}
