/* profile.c: profiles, search and statistics. */
#include "profile.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "disclosure/enterprise.h"
#include "disclosure/objection.h"
#include "disclosure/penalty.h"
#include "disclosure/rating.h"
#include "disclosure/source.h"

enum {
	ST_PROFILE,
	ST_SEARCH,
	ST_GRADES,
};

static const struct bt_stmt stmts[] = {
	[ST_PROFILE] = {"disc.profile",
			"WITH t AS (SELECT cn_day($2) AS d) "
			"SELECT json_build_object("
			"'entity', json_build_object('legal_rep', "
			"e.legal_rep, "
			"'address', e.address, 'registered_on', "
			"e.registered_on, "
			"'licences', coalesce((SELECT "
			"json_agg(json_build_object("
			"'kind', kind, 'number', number, 'authority', "
			"authority, "
			"'issued_on', issued_on, 'expires_on', "
			"expires_on, 'valid', "
			"expires_on IS NULL OR expires_on >= t.d) ORDER "
			"BY issued_on "
			"DESC) FROM licence WHERE enterprise_id = "
			"e.id), '[]'), "
			"'date', cn_day(e.created_at)), "
			"'service', json_build_object('commitments', "
			"coalesce((SELECT "
			"json_agg(json_build_object('id', id, 'text_zh', "
			"text_zh, 'text_en', text_en, 'since', since, "
			"'broken_on', "
			"broken_on, 'broken_reason', broken_reason, "
			"'broken_reason_en', broken_reason_en) "
			"ORDER BY since) "
			"FROM commitment WHERE enterprise_id = e.id AND "
			"since <= "
			"t.d), '[]'), 'insurance', policies_of(e.id, t.d), "
			"'claims', claim_facts(e.id, $2::timestamptz)), "
			"'commendations', coalesce((SELECT "
			"json_agg(json_build_object("
			"'title_zh', title_zh, 'title_en', title_en, "
			"'authority', "
			"authority, 'decided_on', decided_on) ORDER BY "
			"decided_on "
			"DESC) FROM commendation WHERE enterprise_id = "
			"e.id AND "
			"decided_on <= t.d), '[]'), "
			"'draws', coalesce((SELECT "
			"json_agg(json_build_object('id', "
			"d.id, 'title', d.title, 'title_en', d.title_en, "
			"'run_at', d.run_at) "
			"ORDER BY d.id "
			"DESC) FROM draw d WHERE d.selection @> "
			"jsonb_build_array(jsonb_build_object('id', "
			"e.id))), '[]')) "
			"FROM enterprise e, t WHERE e.id = $1"},
	[ST_SEARCH] =
		{"disc.search",
		 "WITH m AS (SELECT e.id, e.uscc, e.customs_code, e.name_zh, "
		 "e.name_en, l.grade, l.score FROM enterprise e LEFT JOIN "
		 "LATERAL current_rating(e.id) l ON true "
		 "WHERE $1 = '' OR e.uscc = upper($1) OR e.customs_code = "
		 "upper($1) OR strpos(lower(e.name_zh), lower($1)) > 0 OR "
		 "strpos(lower(e.name_en), lower($1)) > 0) "
		 "SELECT json_build_object('total', (SELECT count(*) FROM m), "
		 "'items', coalesce((SELECT json_agg(x) FROM (SELECT * FROM m "
		 "ORDER BY name_zh, id LIMIT $2 OFFSET $3) x), '[]'))"},
	[ST_GRADES] = {"disc.grades",
		       "WITH t AS (SELECT cn_day($1) AS d), latest AS (SELECT "
		       "r.grade FROM enterprise e CROSS JOIN LATERAL "
		       "current_rating(e.id) r) "
		       "SELECT json_build_object('enterprises', "
		       "(SELECT count(*) "
		       "FROM enterprise), 'claims', claim_facts(0, "
		       "$1::timestamptz), 'by_grade', coalesce((SELECT "
		       "json_agg(json_build_object('label', grade, "
		       "'value', n) ORDER "
		       "BY grade) FROM (SELECT grade, count(*) AS n "
		       "FROM latest GROUP "
		       "BY grade) g), '[]'), 'penalties_published', "
		       "(SELECT count(*) "
		       "FROM penalty p, t WHERE penalty_public_on(p, t.d)), "
		       "'as_of', (SELECT d FROM "
		       "t))"},
};

/* Whether list (of entries with "id") holds id, and the entry. */
static const json_t *find_id(const json_t *list, long long id)
{
	for (size_t i = 0; i < json_array_size(list); i++) {
		const json_t *e = json_array_get(list, i);
		if (json_integer_value(json_object_get(e, "id")) == id)
			return e;
	}
	return NULL;
}

static json_t *take(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	json_incref(v);
	return v ? v : json_null();
}

enum bt_err disc_profile_get(struct bt_db *db, long long enterprise_id,
			     const char *now, json_t **out)
{
	*out = NULL;
	if (!disc_sources_connected())
		return BT_EINTERNAL;
	const struct disc_source *src = disc_source();
	struct disc_enterprise e;
	enum bt_err err = disc_enterprise_get(db, enterprise_id, &e);
	if (err != BT_OK)
		return err;
	char id[24];
	snprintf(id, sizeof(id), "%lld", enterprise_id);
	const char *p[] = {id, now};
	json_t *own = NULL, *activity = NULL, *penalties = NULL,
	       *repairs = NULL, *lists = NULL, *rating = NULL, *cmpl = NULL,
	       *withdrawn = NULL, *objections = NULL;
	err = bt_db_query_json(db, &stmts[ST_PROFILE], 2, p, &own);
	if (err == BT_OK)
		err = src->activity(db, enterprise_id, now, &activity);
	if (err == BT_OK)
		err = disc_complaint_source()->profile(db, enterprise_id, now,
						       &cmpl);
	if (err == BT_OK)
		err = disc_penalty_public(db, enterprise_id, now, 1, 100, NULL,
					  &penalties);
	if (err == BT_OK)
		err = disc_repair_list(db, "decided", enterprise_id, &repairs);
	if (err == BT_OK)
		err = disc_penalty_withdrawn(db, enterprise_id, now,
					     &withdrawn);
	if (err == BT_OK)
		err = disc_objection_list(db, enterprise_id, false, now,
					  &objections);
	if (err == BT_OK)
		err = disc_lists(db, now, enterprise_id, &lists);
	if (err == BT_OK) {
		err = disc_rating_get(db, enterprise_id, &rating);
		if (err == BT_ENOTFOUND)
			err = BT_OK; /* not yet rated */
	}
	if (err == BT_OK) {
		json_t *regulatory = take(activity, "regulatory");
		if (!json_is_object(regulatory)) {
			json_decref(regulatory);
			regulatory = json_object();
		}
		json_object_set_new(regulatory, "customs_class",
				    json_pack("{s:s, s:s, s:s}", "code",
					      e.customs_class, "name_zh",
					      e.customs_class_zh, "name_en",
					      e.customs_class_en));
		json_object_set_new(regulatory, "draws", take(own, "draws"));
		const json_t *red =
			find_id(json_object_get(lists, "red"), enterprise_id);
		const json_t *black =
			find_id(json_object_get(lists, "black"), enterprise_id);
		json_t *rewards = json_pack(
			"{s:o, s:o, s:o, s:o, s:b, s:b, s:O?}", "commendations",
			take(own, "commendations"), "penalties",
			take(penalties, "items"), "withdrawn", withdrawn,
			"repairs", repairs, "red_list", red != NULL,
			"black_list", black != NULL, "black_reasons",
			black ? json_object_get(black, "reasons") : NULL);
		repairs = NULL;
		withdrawn = NULL;
		*out = json_pack(
			"{s:o, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
			"enterprise", disc_enterprise_json(&e), "as_of", now,
			"entity", take(own, "entity"), "operating",
			take(activity, "operating"), "regulatory", regulatory,
			"service", take(own, "service"), "rewards_penalties",
			rewards, "complaints", cmpl, "rating",
			rating ? rating : json_null(), "objections",
			objections);
		rating = NULL;
		objections = NULL;
		cmpl = NULL;
		json_object_set_new(json_object_get(*out, "rewards_penalties"),
				    "top_grade", take(lists, "top_grade"));
		json_object_set_new(json_object_get(*out, "rewards_penalties"),
				    "bottom_grade",
				    take(lists, "bottom_grade"));
		/* The legend: the grades of the active rule set, top first. */
		json_object_set_new(*out, "grades", take(lists, "grades"));
		/* Integrators read the policies in force at the top level. */
		json_t *active = json_array();
		size_t i;
		json_t *pol;
		json_array_foreach (
			json_object_get(json_object_get(*out, "service"),
					"insurance"),
			i, pol)
			if (json_is_true(json_object_get(pol, "in_force")))
				json_array_append(active, pol);
		json_object_set_new(*out, "policies", active);
	}
	json_decref(own);
	json_decref(activity);
	json_decref(penalties);
	json_decref(repairs);
	json_decref(withdrawn);
	json_decref(objections);
	json_decref(lists);
	json_decref(rating);
	json_decref(cmpl);
	return err;
}

enum bt_err disc_enterprise_search(struct bt_db *db, const char *q, int page,
				   int per_page, json_t **out)
{
	char limit[16], offset[24];
	snprintf(limit, sizeof(limit), "%d", per_page);
	snprintf(offset, sizeof(offset), "%lld",
		 (long long)(page - 1) * per_page);
	const char *p[] = {q ? q : "", limit, offset};
	enum bt_err err = bt_db_query_json(db, &stmts[ST_SEARCH], 3, p, out);
	if (err == BT_OK)
		json_object_set_new(*out, "page", json_integer(page));
	if (err == BT_OK)
		json_object_set_new(*out, "per_page", json_integer(per_page));
	return err;
}

/* Adds "h", the bar height in percent of the largest value, to each
 * {label, value} of a series, for the SVG charts of the page. */
static void chart(json_t *series)
{
	double max = 0;
	for (size_t i = 0; i < json_array_size(series); i++) {
		double v = json_number_value(
			json_object_get(json_array_get(series, i), "value"));
		if (v > max)
			max = v;
	}
	for (size_t i = 0; i < json_array_size(series); i++) {
		json_t *item = json_array_get(series, i);
		double v = json_number_value(json_object_get(item, "value"));
		json_object_set_new(
			item, "h",
			json_integer(max > 0 ? (json_int_t)lround(v * 100 / max)
					     : 0));
	}
}

enum bt_err disc_statistics(struct bt_db *db, const char *now, json_t **out)
{
	*out = NULL;
	if (!disc_sources_connected())
		return BT_EINTERNAL;
	const struct disc_source *src = disc_source();
	const char *p[] = {now};
	json_t *trace = NULL, *cmpl = NULL;
	enum bt_err err = bt_db_query_json(db, &stmts[ST_GRADES], 1, p, out);
	if (err == BT_OK)
		err = src->statistics(db, now, &trace);
	if (err == BT_OK)
		err = disc_complaint_source()->statistics(db, now, &cmpl);
	if (err != BT_OK) {
		json_decref(*out);
		json_decref(trace);
		*out = NULL;
		return err;
	}
	json_object_set_new(*out, "complaints", cmpl);
	if (trace)
		json_object_update(*out, trace);
	json_decref(trace);
	const char *key;
	json_t *v;
	json_object_foreach (*out, key, v) {
		if (json_is_array(v))
			chart(v);
	}
	return BT_OK;
}
