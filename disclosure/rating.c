/* rating.c: stored rule sets and ratings, the facts a rating reads, and
 * recomputing ratings. */
#include "rating.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "disclosure/rules.h"
#include "disclosure/score.h"
#include "disclosure/source.h"

enum {
	ST_RULES_ACTIVE,
	ST_RULES_LIST,
	ST_RULES_OFF,
	ST_RULES_ADD,
	ST_FACTS,
	ST_LATEST,
	ST_INSERT,
	ST_LOCK,
	ST_IDS,
	ST_GET,
};

static const struct bt_stmt stmts[] = {
	[ST_RULES_ACTIVE] = {"disc.rules_active",
			     "SELECT version, body::text FROM rating_rules "
			     "WHERE active"},
	[ST_RULES_LIST] =
		{"disc.rules_list",
		 "SELECT coalesce(json_agg(json_build_object('version', "
		 "version, 'note', note, 'created_by', created_by, "
		 "'created_at', created_at, 'active', active, 'body', body) "
		 "ORDER BY version DESC), '[]') FROM rating_rules"},
	[ST_RULES_OFF] =
		{"disc.rules_off",
		 "UPDATE rating_rules SET active = false WHERE active"},
	[ST_RULES_ADD] = {"disc.rules_add",
			  "INSERT INTO rating_rules (body, note, created_by, "
			  "active) VALUES ($1::jsonb, $2, $3, true) RETURNING "
			  "version"},
	/* Dates are days in Asia/Shanghai; a violation is a penalty or a
	 * broken commitment (inspections come from the trace source). */
	[ST_FACTS] =
		{"disc.rating_facts",
		 "SELECT json_build_object("
		 "'customs_advanced', (e.customs_class = "
		 "'advanced_certified')::int, "
		 "'customs_certified', (e.customs_class = 'certified')::int, "
		 "'customs_dishonest', (e.customs_class = 'dishonest')::int, "
		 "'customs_seriously_dishonest', (e.customs_class = "
		 "'seriously_dishonest')::int, "
		 "'penalties_minor', count(p.id) FILTER (WHERE p.severity = "
		 "'minor'), "
		 "'penalties_general', count(p.id) FILTER (WHERE p.severity = "
		 "'general'), "
		 "'penalties_serious', count(p.id) FILTER (WHERE p.severity = "
		 "'serious'), "
		 "'commitments_kept', (SELECT count(*) FROM commitment c WHERE "
		 "c.enterprise_id = e.id AND c.since <= t.d AND (c.broken_on "
		 "IS NULL OR c.broken_on > t.d)), "
		 "'commitments_broken', (SELECT count(*) FROM commitment c "
		 "WHERE c.enterprise_id = e.id AND c.broken_on <= t.d AND "
		 "c.broken_on > t.d - interval '24 months'), "
		 "'insured', insured_on(e.id, t.d)::int, "
		 "'claims_paid', (claim_facts(e.id, $2::timestamptz)->>"
		 "'claims_paid')::int, 'claims_paid_late', (claim_facts(e.id, "
		 "$2::timestamptz)->>'claims_paid_late')::int, "
		 "'commendations', (SELECT count(*) FROM commendation c WHERE "
		 "c.enterprise_id = e.id AND c.decided_on <= t.d AND "
		 "c.decided_on > t.d - interval '36 months'), "
		 "'last_violation', greatest((SELECT max(decided_on) FROM "
		 "penalty x WHERE x.enterprise_id = e.id AND x.decided_on <= "
		 "t.d AND (x.withdrawn_on IS NULL OR x.withdrawn_on > t.d)), "
		 "(SELECT max(broken_on) FROM commitment c WHERE "
		 "c.enterprise_id = e.id AND c.broken_on <= t.d)), "
		 "'registered_on', coalesce(e.registered_on, "
		 "cn_day(e.created_at))) FROM enterprise e CROSS JOIN (SELECT "
		 "cn_day($2) AS d) t LEFT JOIN penalty p "
		 "ON p.enterprise_id = e.id AND penalty_public_on(p, t.d) "
		 "WHERE e.id = $1 GROUP BY e.id, t.d"},
	[ST_LATEST] = {"disc.rating_latest",
		       "SELECT rules_version, score, grade, facts::text FROM "
		       "current_rating($1)"},
	[ST_INSERT] = {"disc.rating_insert",
		       "INSERT INTO rating (enterprise_id, rules_version, "
		       "score, grade, facts, result, computed_at) VALUES ($1, "
		       "$2, $3, $4, $5::jsonb, $6::jsonb, $7)"},
	[ST_LOCK] = {"disc.rating_lock",
		     "SELECT pg_advisory_xact_lock(7261, $1::int)"},
	[ST_IDS] = {"disc.rating_ids", "SELECT id FROM enterprise ORDER BY id"},
	[ST_GET] =
		{"disc.rating_get",
		 "WITH cur AS (SELECT * FROM current_rating($1)) "
		 "SELECT json_build_object('rules_version', cur.rules_version, "
		 "'score', cur.score, 'grade', cur.grade, 'computed_at', "
		 "cur.computed_at, 'facts', cur.facts, 'result', cur.result, "
		 "'previous_rules', (SELECT json_build_object('rules_version', "
		 "r.rules_version, 'score', r.score, 'grade', r.grade, "
		 "'computed_at', r.computed_at) FROM rating r WHERE "
		 "r.enterprise_id = $1 AND r.rules_version <> "
		 "cur.rules_version ORDER BY r.id DESC LIMIT 1), "
		 "'history', (SELECT json_agg(json_build_object("
		 "'rules_version', h.rules_version, 'score', h.score, 'grade', "
		 "h.grade, 'computed_at', h.computed_at) ORDER BY h.id DESC) "
		 "FROM (SELECT * FROM rating WHERE enterprise_id = $1 ORDER BY "
		 "id DESC LIMIT 20) h)) FROM cur"},
};

enum bt_err disc_rules_active(struct bt_db *db, int *version, json_t **rules)
{
	PGresult *r = NULL;
	enum bt_err err =
		bt_db_query_take(db, &stmts[ST_RULES_ACTIVE], 0, NULL, &r);
	if (err == BT_OK && PQntuples(r) != 1)
		err = BT_ENOTFOUND;
	if (err == BT_OK) {
		*version = (int)bt_db_int(r, 0, 0);
		*rules = json_loads(bt_db_text(r, 0, 1), 0, NULL);
		if (*rules == NULL)
			err = BT_EINTERNAL;
	}
	PQclear(r);
	return err;
}

enum bt_err disc_rules_list(struct bt_db *db, json_t **out)
{
	return bt_db_query_json(db, &stmts[ST_RULES_LIST], 0, NULL, out);
}

/* "YYYY-MM-DD..." to months since 0000-01, and the day. */
static bool ymd(const char *s, int *months, int *day)
{
	int y, m, d;
	if (s == NULL || sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return false;
	*months = y * 12 + m - 1;
	*day = d;
	return true;
}

/* Whole months from the latest of the dates since (NULL for none) to
 * now. */
static long long months_clean(const char *const since[3], const char *now)
{
	const char *latest = NULL;
	for (size_t i = 0; i < 3; i++)
		if (since[i] &&
		    (latest == NULL || strcmp(since[i], latest) > 0))
			latest = since[i];
	int m0, d0, m1, d1;
	if (!ymd(latest, &m0, &d0) || !ymd(now, &m1, &d1))
		return 0;
	long long n = m1 - m0 - (d1 < d0 ? 1 : 0);
	return n > 0 ? n : 0;
}

/* The one place traceability's facts get the names factors use. */
static void add_trace_facts(json_t *facts, const struct disc_trace_facts *t)
{
	const struct {
		const char *name;
		long long value;
	} named[] = {
		{"inspections_failed", t->inspections_failed},
		{"inspections_passed", t->inspections_passed},
		{"messages", t->messages},
		{"messages_rejected", t->messages_rejected},
		{"orders", t->orders},
		{"quality_findings", t->quality_findings},
		{"codes_scanned", t->codes_scanned},
		{"clone_alerts", t->clone_alerts},
	};
	for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++)
		json_object_set_new(facts, named[i].name,
				    json_integer(named[i].value));
}

/* The same for the complaints module's facts. */
static void add_complaint_facts(json_t *facts,
				const struct disc_complaint_facts *c)
{
	json_object_set_new(facts, "complaints", json_integer(c->complaints));
	json_object_set_new(facts, "complaints_upheld",
			    json_integer(c->upheld));
	json_object_set_new(facts, "complaints_answered_late",
			    json_integer(c->answered_late));
	json_object_set_new(facts, "complaints_overdue",
			    json_integer(c->overdue));
}

enum bt_err disc_rating_facts_complete(json_t *facts,
				       const struct disc_trace_facts *trace,
				       const struct disc_complaint_facts *cmpl,
				       const char *now)
{
	add_trace_facts(facts, trace);
	add_complaint_facts(facts, cmpl);
	const char *since[3] = {
		json_string_value(json_object_get(facts, "registered_on")),
		json_string_value(json_object_get(facts, "last_violation")),
		trace->last_failed_inspection[0] ? trace->last_failed_inspection
						 : NULL,
	};
	json_object_set_new(facts, "months_clean",
			    json_integer(months_clean(since, now)));
	/* dates served the computation; the facts are numbers */
	json_object_del(facts, "registered_on");
	json_object_del(facts, "last_violation");
	for (const char *const *f = disc_fact_names; *f; f++) {
		if (!json_is_number(json_object_get(facts, *f))) {
			bt_log_error("a rating fact is not produced", "fact",
				     *f);
			return BT_EINTERNAL;
		}
	}
	return BT_OK;
}

enum bt_err disc_rating_facts(struct bt_db *db, long long enterprise_id,
			      const char *now, json_t **facts)
{
	*facts = NULL;
	if (!disc_sources_connected())
		return BT_EINTERNAL;
	const struct disc_source *src = disc_source();
	const struct disc_complaint_source *cs = disc_complaint_source();
	char id[24];
	snprintf(id, sizeof(id), "%lld", enterprise_id);
	const char *p[] = {id, now};
	struct disc_trace_facts trace = {0};
	struct disc_complaint_facts cmpl = {0};
	enum bt_err err = bt_db_query_json(db, &stmts[ST_FACTS], 2, p, facts);
	if (err == BT_OK)
		err = src->facts(db, enterprise_id, now, &trace);
	if (err == BT_OK)
		err = cs->facts(db, enterprise_id, now, &cmpl);
	if (err == BT_OK)
		err = disc_rating_facts_complete(*facts, &trace, &cmpl, now);
	if (err != BT_OK) {
		json_decref(*facts);
		*facts = NULL;
	}
	return err;
}

enum bt_err disc_rating_recompute(struct bt_db *db, long long enterprise_id,
				  const char *now, bool *changed)
{
	*changed = false;
	if (!disc_sources_connected())
		return BT_EINTERNAL;
	char id[24], ver[16], score[24];
	snprintf(id, sizeof(id), "%lld", enterprise_id);
	const char *lp[] = {id};
	enum bt_err err = bt_db_run(db, &stmts[ST_LOCK], 1, lp, NULL);
	int version = 0;
	json_t *rules = NULL, *facts = NULL, *result = NULL;
	PGresult *last = NULL;
	if (err == BT_OK)
		err = disc_rules_active(db, &version, &rules);
	if (err == BT_OK)
		err = disc_rating_facts(db, enterprise_id, now, &facts);
	if (err == BT_OK)
		err = bt_db_query_take(db, &stmts[ST_LATEST], 1, lp, &last);
	if (err == BT_OK) {
		result = disc_rating_score(rules, facts);
		json_object_set_new(result, "rules_version",
				    json_integer(version));
		json_int_t s =
			json_integer_value(json_object_get(result, "score"));
		const char *grade =
			json_string_value(json_object_get(result, "grade"));
		bool same = false;
		if (PQntuples(last) == 1) {
			json_t *was =
				json_loads(bt_db_text(last, 0, 3), 0, NULL);
			same = bt_db_int(last, 0, 0) == version &&
			       bt_db_int(last, 0, 1) == s &&
			       strcmp(bt_db_text(last, 0, 2), grade) == 0 &&
			       was != NULL && json_equal(was, facts);
			json_decref(was);
		}
		if (!same) {
			snprintf(ver, sizeof(ver), "%d", version);
			snprintf(score, sizeof(score), "%lld", (long long)s);
			char *fj = json_dumps(facts, JSON_COMPACT);
			char *rj = json_dumps(result, JSON_COMPACT);
			const char *p[] = {id, ver, score, grade, fj, rj, now};
			err = fj && rj ? bt_db_run(db, &stmts[ST_INSERT], 7, p,
						   NULL)
				       : BT_ENOMEM;
			free(fj);
			free(rj);
			*changed = err == BT_OK;
		}
	}
	PQclear(last);
	json_decref(rules);
	json_decref(facts);
	json_decref(result);
	return err;
}

enum bt_err disc_rating_recompute_while(struct bt_db *db, const char *now,
					int *changed, const atomic_bool *stop)
{
	*changed = 0;
	PGresult *ids = NULL;
	enum bt_err err = bt_db_query_take(db, &stmts[ST_IDS], 0, NULL, &ids);
	for (int i = 0; err == BT_OK && i < PQntuples(ids) &&
			(stop == NULL || !atomic_load(stop));
	     i++) {
		bool moved = false;
		err = bt_db_begin(db);
		if (err == BT_OK)
			err = disc_rating_recompute(db, bt_db_int(ids, i, 0),
						    now, &moved);
		if (err == BT_OK)
			err = bt_db_commit(db);
		else
			bt_db_rollback(db);
		*changed += moved;
	}
	PQclear(ids);
	return err;
}

enum bt_err disc_rating_recompute_all(struct bt_db *db, const char *now,
				      int *changed)
{
	return disc_rating_recompute_while(db, now, changed, NULL);
}

enum bt_err disc_rules_add(struct bt_db *db, const json_t *rules,
			   const char *note, const char *who, const char *now,
			   int *version, char *reason, size_t size)
{
	if (!disc_rules_check(rules, reason, size))
		return BT_EINVAL;
	if (note == NULL || note[0] == '\0' || strlen(note) > 500) {
		snprintf(reason, size,
			 "say in a note of 1 to 500 characters what changed");
		return BT_EINVAL;
	}
	char *body = json_dumps(rules, JSON_COMPACT);
	if (body == NULL)
		return BT_ENOMEM;
	const char *p[] = {body, note, who};
	PGresult *r = NULL;
	enum bt_err err = bt_db_begin(db);
	if (err == BT_OK)
		err = bt_db_run(db, &stmts[ST_RULES_OFF], 0, NULL, NULL);
	if (err == BT_OK)
		err = bt_db_query_take(db, &stmts[ST_RULES_ADD], 3, p, &r);
	if (err == BT_OK)
		*version = (int)bt_db_int(r, 0, 0);
	PQclear(r);
	free(body);
	PGresult *ids = NULL;
	if (err == BT_OK)
		err = bt_db_query_take(db, &stmts[ST_IDS], 0, NULL, &ids);
	for (int i = 0; err == BT_OK && i < PQntuples(ids); i++) {
		bool moved;
		err = disc_rating_recompute(db, bt_db_int(ids, i, 0), now,
					    &moved);
	}
	PQclear(ids);
	if (err == BT_OK)
		err = bt_db_commit(db);
	else
		bt_db_rollback(db);
	return err;
}

enum bt_err disc_rating_get(struct bt_db *db, long long enterprise_id,
			    json_t **out)
{
	return bt_db_query_json_id(db, &stmts[ST_GET], enterprise_id, NULL,
				   out);
}
