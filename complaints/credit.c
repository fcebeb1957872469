/* credit.c: complaints in credit and disclosure (see credit.h). */
#include "credit.h"

#include <stdio.h>

#include "disclosure/source.h"

enum {
	ST_FACTS,
	ST_PROFILE,
	ST_STATISTICS,
	ST_ALERTS,
	ST_NOTE,
};

/* A pattern's count stops here: enough to see it, bounded work per
 * change however popular the product. */
#define COUNT_MAX "100"

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
	/* Category 6: complaints only (reports are the regulator's), their
	 * counts, outcomes and timeliness; no free text. */
	[ST_PROFILE] =
		{"cmpl.credit_profile",
		 "WITH c AS (SELECT * FROM cmpl_case WHERE enterprise_id = $1 "
		 "AND kind = 'complaint' AND received_at >= " YEAR_AGO
		 "), closed AS (SELECT * FROM c WHERE state = 'closed') SELECT "
		 "json_build_object('intake_connected', true, 'since', "
		 "cn_day(" YEAR_AGO
		 ")::text, 'complaints', (SELECT count(*) FROM c), "
		 "'open', (SELECT count(*) FROM c WHERE state <> 'closed'), "
		 "'closed', (SELECT count(*) FROM closed), 'upheld', (SELECT "
		 "count(*) FROM closed WHERE (outcome->>'upheld')::boolean), "
		 "'outcomes', (SELECT coalesce(json_agg(json_build_object("
		 "'result', r, 'count', n) ORDER BY r), '[]') FROM (SELECT "
		 "outcome->>'result' AS r, count(*) AS n FROM closed GROUP BY "
		 "1) o), 'window_cases', (SELECT count(*) FROM closed WHERE "
		 "outcome->>'enterprise_window' IN ('met', 'breached')), "
		 "'answered_in_window', (SELECT count(*) FROM closed WHERE "
		 "(outcome->>'answered_in_window')::boolean), 'overdue', "
		 "(SELECT "
		 "count(*) FROM c WHERE state <> 'closed' AND window_due < "
		 "cn_day($2::timestamptz)), 'median_working_days', (SELECT "
		 "percentile_disc(0.5) WITHIN GROUP (ORDER BY (outcome->>"
		 "'working_days')::int) FROM closed WHERE outcome->>"
		 "'working_days' IS NOT NULL))"},
	[ST_STATISTICS] =
		{"cmpl.credit_statistics",
		 "WITH c AS (SELECT * FROM cmpl_case WHERE received_at >= "
		 "($1::timestamptz - interval '12 months')) SELECT "
		 "json_build_object('received', (SELECT count(*) FROM c), "
		 "'complaints', (SELECT count(*) FROM c WHERE kind = "
		 "'complaint'), 'reports', (SELECT count(*) FROM c WHERE kind "
		 "= 'report'), 'closed', (SELECT count(*) FROM c WHERE state "
		 "= 'closed'), 'upheld', (SELECT count(*) FROM c WHERE state = "
		 "'closed' AND (outcome->>'upheld')::boolean), "
		 "'median_working_days', (SELECT percentile_disc(0.5) WITHIN "
		 "GROUP (ORDER BY (outcome->>'working_days')::int) FROM c "
		 "WHERE state = 'closed' AND outcome->>'working_days' IS NOT "
		 "NULL), 'by_category', (SELECT coalesce(json_agg("
		 "json_build_object('category', category, 'count', n) ORDER "
		 "BY n DESC, category), '[]') FROM (SELECT category, count(*) "
		 "AS n FROM c GROUP BY 1) x))"},
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
		 "EXCLUDED.cases, detail = EXCLUDED.detail, last_at = "
		 "EXCLUDED.last_at"},
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
