/* rating.c: rule sets, scoring, and stored ratings. */
#include "rating.h"

#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/log.h"
#include "disclosure/source.h"

const char *const disc_fact_names[] = {
	"customs_advanced",
	"customs_certified",
	"customs_dishonest",
	"customs_seriously_dishonest",
	"penalties_minor",
	"penalties_general",
	"penalties_serious",
	"commitments_kept",
	"commitments_broken",
	"insured",
	"commendations",
	"months_clean",
	"inspections_failed",
	"inspections_passed",
	"messages",
	"messages_rejected",
	"orders",
	"quality_findings",
	"codes_scanned",
	"clone_alerts",
	NULL,
};

#define VALUE_LIMIT 1000000 /* on points, scores and caps */
#define TOP_REASONS 4

/* Checking a rule set */

static bool fail(char *reason, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static bool fail(char *reason, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(reason, size, fmt, ap);
	va_end(ap);
	return false;
}

static bool is_fact(const char *name)
{
	for (const char *const *f = disc_fact_names; *f; f++)
		if (strcmp(*f, name) == 0)
			return true;
	return false;
}

static bool only_keys(const json_t *obj, const char *const *allowed,
		      const char *what, char *reason, size_t size)
{
	const char *key;
	const json_t *v;
	json_object_foreach ((json_t *)obj, key, v) {
		bool ok = false;
		for (const char *const *a = allowed; *a && !ok; a++)
			ok = strcmp(*a, key) == 0;
		if (!ok)
			return fail(reason, size, "%s: unknown member \"%s\"",
				    what, key);
	}
	return true;
}

static bool whole(const json_t *v, long long lo, long long hi, long long *out)
{
	if (!json_is_integer(v))
		return false;
	*out = json_integer_value(v);
	return *out >= lo && *out <= hi;
}

static bool text(const json_t *v, size_t max)
{
	const char *s = json_string_value(v);
	return s != NULL && s[0] != '\0' && strlen(s) <= max;
}

struct range {
	const char *grade;
	long long from, to;
};

static int by_from(const void *a, const void *b)
{
	const struct range *x = a, *y = b;
	return (x->from > y->from) - (x->from < y->from);
}

static bool check_grades(const json_t *grades, long long min, long long max,
			 char *reason, size_t size)
{
	static const char *const keys[] = {"grade", "from", "to", NULL};
	size_t n = json_array_size(grades);
	if (!json_is_array(grades) || n < 2 || n > 10)
		return fail(reason, size,
			    "grades must be a list of 2 to 10 ranges");
	struct range r[10];
	for (size_t i = 0; i < n; i++) {
		const json_t *g = json_array_get(grades, i);
		if (!json_is_object(g))
			return fail(reason, size,
				    "grades[%zu] is not an object", i);
		if (!only_keys(g, keys, "a grade", reason, size))
			return false;
		r[i].grade = json_string_value(json_object_get(g, "grade"));
		if (!text(json_object_get(g, "grade"), 4))
			return fail(reason, size,
				    "grades[%zu].grade must be a name of 1 to "
				    "4 characters",
				    i);
		if (!whole(json_object_get(g, "from"), min, max, &r[i].from) ||
		    !whole(json_object_get(g, "to"), min, max, &r[i].to) ||
		    r[i].from > r[i].to)
			return fail(reason, size,
				    "grade %s needs whole numbers from <= to "
				    "within %lld..%lld",
				    r[i].grade, min, max);
		for (size_t j = 0; j < i; j++)
			if (strcmp(r[j].grade, r[i].grade) == 0)
				return fail(reason, size,
					    "grade %s is named twice",
					    r[i].grade);
	}
	qsort(r, n, sizeof(r[0]), by_from);
	if (r[0].from != min)
		return fail(reason, size,
			    "no grade covers scores from %lld (the lowest "
			    "grade must start at min)",
			    min);
	for (size_t i = 1; i < n; i++) {
		if (r[i].from <= r[i - 1].to)
			return fail(reason, size,
				    "grades %s (%lld-%lld) and %s (%lld-%lld) "
				    "overlap",
				    r[i - 1].grade, r[i - 1].from, r[i - 1].to,
				    r[i].grade, r[i].from, r[i].to);
		if (r[i].from != r[i - 1].to + 1)
			return fail(reason, size,
				    "no grade covers scores %lld to %lld",
				    r[i - 1].to + 1, r[i].from - 1);
	}
	if (r[n - 1].to != max)
		return fail(reason, size,
			    "no grade covers scores up to %lld (the highest "
			    "grade must end at max)",
			    max);
	return true;
}

static bool check_factor(const json_t *f, size_t i, char *reason, size_t size)
{
	static const char *const keys[] = {
		"code", "fact", "points",   "cap",	"per", "guard",
		"zh",	"en",	"raise_zh", "raise_en", NULL};
	if (!json_is_object(f))
		return fail(reason, size, "factors[%zu] is not an object", i);
	if (!only_keys(f, keys, "a factor", reason, size))
		return false;
	const char *code = json_string_value(json_object_get(f, "code"));
	if (code == NULL || code[0] == '\0' || strlen(code) > 40 ||
	    strspn(code, "abcdefghijklmnopqrstuvwxyz0123456789_") !=
		    strlen(code))
		return fail(reason, size,
			    "factors[%zu].code must be 1 to 40 lower-case "
			    "letters, digits or _",
			    i);
	const char *fact = json_string_value(json_object_get(f, "fact"));
	if (fact == NULL || !is_fact(fact))
		return fail(reason, size,
			    "factor %s: fact must be one of the facts in "
			    "docs/credit.md",
			    code);
	const json_t *points = json_object_get(f, "points");
	double p = json_number_value(points);
	if (!json_is_number(points) || !isfinite(p) || p == 0 ||
	    fabs(p) > VALUE_LIMIT)
		return fail(reason, size,
			    "factor %s: points must be a non-zero number",
			    code);
	const json_t *cap = json_object_get(f, "cap");
	if (cap != NULL) {
		double c = json_number_value(cap);
		if (!json_is_number(cap) || !isfinite(c) || c == 0 ||
		    (c > 0) != (p > 0) || fabs(c) > VALUE_LIMIT)
			return fail(reason, size,
				    "factor %s: cap must be a number of the "
				    "same sign as points",
				    code);
	}
	const json_t *per = json_object_get(f, "per");
	const json_t *guard = json_object_get(f, "guard");
	long long g = 0;
	if (per != NULL) {
		if (!json_is_string(per) || !is_fact(json_string_value(per)))
			return fail(reason, size,
				    "factor %s: per must name a fact", code);
		if (!whole(guard, 1, 1000000000, &g))
			return fail(reason, size,
				    "factor %s: a rate needs a guard, a whole "
				    "number of at least 1 (the least it is "
				    "counted against)",
				    code);
	} else if (guard != NULL) {
		return fail(reason, size, "factor %s: guard only goes with per",
			    code);
	}
	if (!text(json_object_get(f, "zh"), 200) ||
	    !text(json_object_get(f, "en"), 200))
		return fail(reason, size,
			    "factor %s: zh and en labels of 1 to 200 "
			    "characters are needed",
			    code);
	const json_t *rz = json_object_get(f, "raise_zh");
	const json_t *re = json_object_get(f, "raise_en");
	if ((rz != NULL) != (re != NULL) ||
	    (rz != NULL && (!text(rz, 300) || !text(re, 300))))
		return fail(reason, size,
			    "factor %s: raise_zh and raise_en go together, "
			    "1 to 300 characters each",
			    code);
	return true;
}

bool disc_rules_check(const json_t *rules, char *reason, size_t size)
{
	static const char *const keys[] = {"baseline", "min",	  "max",
					   "grades",   "factors", NULL};
	if (!json_is_object(rules))
		return fail(reason, size, "a rule set is a JSON object");
	if (!only_keys(rules, keys, "the rule set", reason, size))
		return false;
	long long min, max, base;
	if (!whole(json_object_get(rules, "min"), -VALUE_LIMIT, VALUE_LIMIT,
		   &min) ||
	    !whole(json_object_get(rules, "max"), -VALUE_LIMIT, VALUE_LIMIT,
		   &max) ||
	    min >= max)
		return fail(reason, size,
			    "min and max must be whole numbers, min < max");
	if (!whole(json_object_get(rules, "baseline"), min, max, &base))
		return fail(reason, size,
			    "baseline must be a whole number within "
			    "min..max");
	if (!check_grades(json_object_get(rules, "grades"), min, max, reason,
			  size))
		return false;
	const json_t *factors = json_object_get(rules, "factors");
	size_t n = json_array_size(factors);
	if (!json_is_array(factors) || n < 1 || n > 50)
		return fail(reason, size,
			    "factors must be a list of 1 to 50 factors");
	for (size_t i = 0; i < n; i++) {
		const json_t *f = json_array_get(factors, i);
		if (!check_factor(f, i, reason, size))
			return false;
		const char *code =
			json_string_value(json_object_get(f, "code"));
		for (size_t j = 0; j < i; j++)
			if (strcmp(json_string_value(json_object_get(
					   json_array_get(factors, j), "code")),
				   code) == 0)
				return fail(reason, size,
					    "factor %s is listed twice", code);
	}
	return true;
}

/* Scoring */

static double fact_value(const json_t *facts, const char *name)
{
	double v = json_number_value(json_object_get(facts, name));
	return isfinite(v) && v > 0 ? v : 0;
}

static json_int_t points_of(const json_t *item)
{
	return json_integer_value(json_object_get(item, "points"));
}

/* A factor's result, for sorting. */
struct ranked {
	json_int_t points;
	size_t pos; /* in the factor list: ties keep the rule set's order */
	json_t *item;
};

static int tie(const struct ranked *x, const struct ranked *y)
{
	return (x->pos > y->pos) - (x->pos < y->pos);
}

/* The largest contribution first, either way. */
static int by_weight(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	json_int_t wx = llabs(x->points), wy = llabs(y->points);
	return wy != wx ? (wy > wx) - (wy < wx) : tie(x, y);
}

/* The most negative first. */
static int by_points(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	return x->points != y->points
		       ? (x->points > y->points) - (x->points < y->points)
		       : tie(x, y);
}

static json_t *factor_item(const json_t *f, const json_t *facts)
{
	const char *fact = json_string_value(json_object_get(f, "fact"));
	double v = fact_value(facts, fact);
	double measure = v;
	json_t *item = json_pack(
		"{s:O, s:O, s:O, s:s, s:f}", "code", json_object_get(f, "code"),
		"zh", json_object_get(f, "zh"), "en", json_object_get(f, "en"),
		"fact", fact, "value", v);
	const char *per = json_string_value(json_object_get(f, "per"));
	if (per != NULL) {
		double den = fact_value(facts, per);
		double guard =
			(double)json_integer_value(json_object_get(f, "guard"));
		double against = den > guard ? den : guard;
		measure = v * 1000.0 / against; /* guard >= 1: never 0 */
		json_object_set_new(item, "per", json_string(per));
		json_object_set_new(item, "per_value", json_real(den));
		json_object_set_new(item, "counted_against",
				    json_real(against));
		json_object_set_new(item, "guarded", json_boolean(den < guard));
		json_object_set_new(item, "per_thousand",
				    json_real(round(measure * 10) / 10));
	}
	double pts = measure * json_number_value(json_object_get(f, "points"));
	const json_t *cap = json_object_get(f, "cap");
	bool capped = cap != NULL && fabs(pts) > fabs(json_number_value(cap));
	if (capped)
		pts = json_number_value(cap);
	json_object_set_new(item, "points",
			    json_integer((json_int_t)lround(pts)));
	json_object_set_new(item, "capped", json_boolean(capped));
	const json_t *rz = json_object_get(f, "raise_zh");
	if (rz != NULL) {
		json_object_set(item, "raise_zh", (json_t *)rz);
		json_object_set(item, "raise_en",
				json_object_get(f, "raise_en"));
	}
	return item;
}

/* The items of list (borrowed) that keep accepts, sorted by cmp, at most
 * max of them, as a new array of new references. */
static json_t *sorted(const json_t *list,
		      int (*cmp)(const void *, const void *),
		      bool (*keep)(const json_t *), size_t max)
{
	size_t n = json_array_size(list), k = 0;
	struct ranked *v = calloc(n ? n : 1, sizeof(*v));
	json_t *out = json_array();
	if (v == NULL)
		return out;
	for (size_t i = 0; i < n; i++) {
		json_t *item = json_array_get(list, i);
		if (keep(item))
			v[k++] = (struct ranked){points_of(item), i, item};
	}
	qsort(v, k, sizeof(*v), cmp);
	for (size_t i = 0; i < k && i < max; i++)
		json_array_append(out, v[i].item);
	free(v);
	return out;
}

static bool nonzero(const json_t *item)
{
	return points_of(item) != 0;
}

static bool negative(const json_t *item)
{
	return points_of(item) < 0;
}

json_t *disc_rating_score(const json_t *rules, const json_t *facts)
{
	json_int_t min = json_integer_value(json_object_get(rules, "min"));
	json_int_t max = json_integer_value(json_object_get(rules, "max"));
	json_int_t base =
		json_integer_value(json_object_get(rules, "baseline"));
	json_t *items = json_array();
	json_int_t total = base;
	const json_t *factors = json_object_get(rules, "factors");
	for (size_t i = 0; i < json_array_size(factors); i++) {
		json_t *item = factor_item(json_array_get(factors, i), facts);
		total += points_of(item);
		json_array_append_new(items, item);
	}
	json_int_t score = total < min ? min : total > max ? max : total;
	const char *grade = "";
	json_t *next = json_null();
	json_int_t next_from = max + 1;
	const json_t *grades = json_object_get(rules, "grades");
	for (size_t i = 0; i < json_array_size(grades); i++) {
		const json_t *g = json_array_get(grades, i);
		json_int_t from =
			json_integer_value(json_object_get(g, "from"));
		json_int_t to = json_integer_value(json_object_get(g, "to"));
		const char *name =
			json_string_value(json_object_get(g, "grade"));
		if (score >= from && score <= to)
			grade = name;
		if (from > score && from < next_from) {
			next_from = from;
			json_decref(next);
			next = json_pack("{s:s, s:I}", "grade", name, "points",
					 from - score);
		}
	}
	json_t *raise = sorted(items, by_points, negative, 50);
	for (size_t i = 0; i < json_array_size(raise); i++) {
		json_t *r = json_array_get(raise, i);
		json_t *copy = json_pack(
			"{s:O, s:O, s:O, s:I}", "code",
			json_object_get(r, "code"), "zh",
			json_object_get(r, json_object_get(r, "raise_zh")
						   ? "raise_zh"
						   : "zh"),
			"en",
			json_object_get(r, json_object_get(r, "raise_en")
						   ? "raise_en"
						   : "en"),
			"points", -points_of(r));
		json_array_set_new(raise, i, copy);
	}
	return json_pack("{s:I, s:s, s:I, s:o, s:o, s:o, s:o}", "score", score,
			 "grade", grade, "baseline", base, "factors", items,
			 "reasons",
			 sorted(items, by_weight, nonzero, TOP_REASONS),
			 "raise", raise, "next_grade", next);
}

/* Storage */

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
		 "'insured', (SELECT count(*) > 0 FROM insurance_cover i WHERE "
		 "i.enterprise_id = e.id AND t.d BETWEEN i.valid_from AND "
		 "i.valid_to)::int, "
		 "'commendations', (SELECT count(*) FROM commendation c WHERE "
		 "c.enterprise_id = e.id AND c.decided_on <= t.d AND "
		 "c.decided_on > t.d - interval '36 months'), "
		 "'last_violation', greatest((SELECT max(decided_on) FROM "
		 "penalty x WHERE x.enterprise_id = e.id AND x.decided_on <= "
		 "t.d), (SELECT max(broken_on) FROM commitment c WHERE "
		 "c.enterprise_id = e.id AND c.broken_on <= t.d)), "
		 "'registered_on', coalesce(e.registered_on, (e.created_at AT "
		 "TIME ZONE 'Asia/Shanghai')::date)) "
		 "FROM enterprise e CROSS JOIN (SELECT ($2::timestamptz AT "
		 "TIME ZONE 'Asia/Shanghai')::date AS d) t LEFT JOIN penalty p "
		 "ON p.enterprise_id = e.id AND p.decided_on <= t.d AND "
		 "p.publish_until > t.d AND (p.repaired_on IS NULL OR "
		 "p.repaired_on > t.d) WHERE e.id = $1 GROUP BY e.id, t.d"},
	[ST_LATEST] = {"disc.rating_latest",
		       "SELECT rules_version, score, grade, facts::text FROM "
		       "rating WHERE enterprise_id = $1 ORDER BY id DESC "
		       "LIMIT 1"},
	[ST_INSERT] = {"disc.rating_insert",
		       "INSERT INTO rating (enterprise_id, rules_version, "
		       "score, grade, facts, result, computed_at) VALUES ($1, "
		       "$2, $3, $4, $5::jsonb, $6::jsonb, $7)"},
	[ST_LOCK] = {"disc.rating_lock",
		     "SELECT pg_advisory_xact_lock(7261, $1::int)"},
	[ST_IDS] = {"disc.rating_ids", "SELECT id FROM enterprise ORDER BY id"},
	[ST_GET] =
		{"disc.rating_get",
		 "WITH cur AS (SELECT * FROM rating WHERE enterprise_id = $1 "
		 "ORDER BY id DESC LIMIT 1) "
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

/* Whole months from the latest violation (or registration) to now. */
static long long months_clean(const json_t *facts, const char *now)
{
	const char *since =
		json_string_value(json_object_get(facts, "registered_on"));
	const char *cands[] = {
		json_string_value(json_object_get(facts, "last_violation")),
		json_string_value(
			json_object_get(facts, "last_failed_inspection")),
	};
	for (size_t i = 0; i < 2; i++)
		if (cands[i] && (since == NULL || strcmp(cands[i], since) > 0))
			since = cands[i];
	int m0, d0, m1, d1;
	if (!ymd(since, &m0, &d0) || !ymd(now, &m1, &d1))
		return 0;
	long long n = m1 - m0 - (d1 < d0 ? 1 : 0);
	return n > 0 ? n : 0;
}

enum bt_err disc_rating_facts(struct bt_db *db, long long enterprise_id,
			      const char *now, json_t **facts)
{
	char id[24];
	snprintf(id, sizeof(id), "%lld", enterprise_id);
	const char *p[] = {id, now};
	enum bt_err err = bt_db_query_json(db, &stmts[ST_FACTS], 2, p, facts);
	const struct disc_source *src = disc_source();
	if (err == BT_OK && src->facts != NULL)
		err = src->facts(db, enterprise_id, now, *facts);
	if (err != BT_OK) {
		json_decref(*facts);
		*facts = NULL;
		return err;
	}
	json_object_set_new(*facts, "months_clean",
			    json_integer(months_clean(*facts, now)));
	/* dates served the computation; the facts are numbers */
	json_object_del(*facts, "registered_on");
	json_object_del(*facts, "last_violation");
	json_object_del(*facts, "last_failed_inspection");
	return BT_OK;
}

enum bt_err disc_rating_recompute(struct bt_db *db, long long enterprise_id,
				  const char *now, bool *changed)
{
	*changed = false;
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

/* Every enterprise, one transaction each, while go (if given) is set. */
static enum bt_err recompute_all(struct bt_db *db, const char *now,
				 int *changed, const atomic_bool *go)
{
	*changed = 0;
	PGresult *ids = NULL;
	enum bt_err err = bt_db_query_take(db, &stmts[ST_IDS], 0, NULL, &ids);
	for (int i = 0; err == BT_OK && i < PQntuples(ids) &&
			(go == NULL || atomic_load(go));
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
	return recompute_all(db, now, changed, NULL);
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
	char id[24];
	snprintf(id, sizeof(id), "%lld", enterprise_id);
	const char *p[] = {id};
	return bt_db_query_json(db, &stmts[ST_GET], 1, p, out);
}

/* The recomputing thread */

static pthread_t worker;
static pthread_mutex_t wait_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static atomic_bool running;
static char *worker_conninfo;
static unsigned worker_interval;

static void *recompute_loop(void *arg)
{
	(void)arg;
	while (atomic_load(&running)) {
		struct bt_db *db = NULL;
		int changed = 0;
		char now[BT_CLOCK_ISO_LEN];
		bt_clock_iso(now);
		enum bt_err err = bt_db_open(worker_conninfo, 60000, &db);
		if (err == BT_OK)
			err = recompute_all(db, now, &changed, &running);
		bt_db_free(db);
		if (err != BT_OK)
			bt_log_warn("ratings not recomputed", "error",
				    bt_strerror(err));
		else if (changed > 0) {
			char n[16];
			snprintf(n, sizeof(n), "%d", changed);
			bt_log_info("ratings recomputed", "changed", n);
		}
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += worker_interval;
		pthread_mutex_lock(&wait_lock);
		while (atomic_load(&running) &&
		       pthread_cond_timedwait(&wake, &wait_lock, &until) == 0)
			;
		pthread_mutex_unlock(&wait_lock);
	}
	return NULL;
}

enum bt_err disc_rating_start(const char *conninfo, unsigned interval)
{
	if (interval == 0)
		return BT_OK;
	worker_conninfo = strdup(conninfo ? conninfo : "");
	if (worker_conninfo == NULL)
		return BT_ENOMEM;
	worker_interval = interval;
	atomic_store(&running, true);
	if (pthread_create(&worker, NULL, recompute_loop, NULL) != 0) {
		atomic_store(&running, false);
		return BT_EINTERNAL;
	}
	return BT_OK;
}

void disc_rating_stop(void)
{
	if (!atomic_load(&running))
		return;
	pthread_mutex_lock(&wait_lock);
	atomic_store(&running, false);
	pthread_cond_broadcast(&wake);
	pthread_mutex_unlock(&wait_lock);
	pthread_join(worker, NULL);
	free(worker_conninfo);
	worker_conninfo = NULL;
}
