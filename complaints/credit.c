/* credit.c: complaints in credit and disclosure (see credit.h). */
#include "credit.h"

#include <stdio.h>

#include "disclosure/source.h"

enum {
	ST_FACTS,
	ST_PROFILE,
	ST_STATISTICS,
	ST_ALERTS,
};

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
		      "count(*) FILTER (WHERE state <> 'closed' AND next_clock "
		      "= 'enterprise' AND next_due < cn_day($2::timestamptz)) "
		      "FROM cmpl_case WHERE enterprise_id = $1 AND kind = "
		      "'complaint'"},
	/* Category 6: counts, outcomes, timeliness; no free text. */
	[ST_PROFILE] =
		{"cmpl.credit_profile",
		 "WITH c AS (SELECT * FROM cmpl_case WHERE enterprise_id = $1 "
		 "AND received_at >= " YEAR_AGO "), closed AS (SELECT * FROM c "
		 "WHERE state = 'closed') SELECT json_build_object("
		 "'intake_connected', true, 'since', cn_day(" YEAR_AGO
		 ")::text, 'complaints', (SELECT count(*) FROM c WHERE kind = "
		 "'complaint'), 'reports', (SELECT count(*) FROM c WHERE kind "
		 "= 'report'), 'open', (SELECT count(*) FROM c WHERE state <> "
		 "'closed'), 'closed', (SELECT count(*) FROM closed), "
		 "'upheld', (SELECT count(*) FROM closed WHERE "
		 "(outcome->>'upheld')::boolean), 'outcomes', (SELECT "
		 "coalesce(json_agg(json_build_object('result', r, 'count', n) "
		 "ORDER BY r), '[]') FROM (SELECT outcome->>'result' AS r, "
		 "count(*) AS n FROM closed GROUP BY 1) o), 'window_cases', "
		 "(SELECT count(*) FROM closed WHERE outcome->>"
		 "'enterprise_window' IN ('met', 'breached')), "
		 "'answered_in_window', (SELECT count(*) FROM closed WHERE "
		 "outcome->>'enterprise_window' = 'met'), 'overdue', (SELECT "
		 "count(*) FROM c WHERE state <> 'closed' AND next_due < "
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
	/* $1 now, $2 the batch threshold. */
	[ST_ALERTS] =
		{"cmpl.alerts",
		 "WITH recent AS (SELECT * FROM cmpl_case WHERE received_at >= "
		 "$1::timestamptz - interval '30 days') SELECT "
		 "json_build_object('batches', (SELECT coalesce(json_agg("
		 "json_build_object('gtin', gtin, 'lot', lot, 'batch', "
		 "batch_id, 'enterprise_id', enterprise_id, 'upheld', n) ORDER "
		 "BY n DESC), '[]') FROM (SELECT gtin, lot, min(batch_id) AS "
		 "batch_id, min(enterprise_id) AS enterprise_id, count(*) AS n "
		 "FROM recent WHERE kind = 'complaint' AND (state IN "
		 "('agreed', 'settled') OR (outcome->>'upheld')::boolean) "
		 "GROUP BY gtin, lot HAVING count(*) >= $2::int) b), "
		 "'counterfeits', (SELECT coalesce(json_agg(json_build_object("
		 "'gtin', gtin, 'reports', n, 'latest', latest) ORDER BY n "
		 "DESC), '[]') FROM (SELECT gtin, count(*) AS n, "
		 "max(cn_day(received_at))::text AS latest FROM recent WHERE "
		 "kind = 'report' AND flags && ARRAY['not_genuine_code', "
		 "'suspect_code'] GROUP BY gtin) f), 'frequent', (SELECT "
		 "coalesce(json_agg(json_build_object('complainant', "
		 "left(phone_hash, 8), 'cases', n) ORDER BY n DESC), '[]') "
		 "FROM (SELECT phone_hash, count(*) AS n FROM recent WHERE "
		 "phone_hash IS NOT NULL GROUP BY 1 HAVING count(*) >= 5) q))"},
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
	char id[24];
	snprintf(id, sizeof(id), "%lld", enterprise_id);
	const char *p[] = {id, now};
	return bt_db_query_json(db, &stmts[ST_PROFILE], 2, p, out);
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
	char min[8];
	snprintf(min, sizeof(min), "%d", CMPL_BATCH_ALERT_MIN);
	const char *p[] = {now, min};
	return bt_db_query_json(db, &stmts[ST_ALERTS], 2, p, out);
}
