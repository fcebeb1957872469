/* rules.c: checking a credit rule set. */
#include "rules.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/json.h"

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
	"complaints",
	"complaints_upheld",
	"complaints_answered_late",
	"complaints_overdue",
	"claims_paid",
	"claims_paid_late",
	NULL,
};

#define VALUE_LIMIT 1000000 /* on points, scores and caps */

static bool fail(char *reason, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static bool fail(char *reason, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	bt_vfmt(reason, size, fmt, ap);
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
	const char *key = bt_json_unknown_key(obj, allowed);
	return key == NULL ||
	       fail(reason, size, "%s: unknown member \"%s\"", what, key);
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
