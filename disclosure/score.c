/* score.c: scoring facts under a rule set. */
#include "score.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>

#define TOP_REASONS 4

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
