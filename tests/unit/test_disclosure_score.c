/* test_disclosure_score.c: scoring facts under a rule set. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "disclosure/score.h"
#include "example_rules.h"

static json_t *factor(const json_t *result, const char *code)
{
	const json_t *list = json_object_get(result, "factors");
	for (size_t i = 0; i < json_array_size(list); i++) {
		json_t *f = json_array_get(list, i);
		if (strcmp(json_string_value(json_object_get(f, "code")),
			   code) == 0)
			return f;
	}
	fail_msg("no factor %s", code);
	return NULL;
}

static json_int_t num(const json_t *obj, const char *key)
{
	return json_integer_value(json_object_get(obj, key));
}

static void a_score_is_the_baseline_plus_capped_factors(void **state)
{
	(void)state;
	json_t *r = rules();
	json_t *facts = json_pack("{s:i, s:i}", "penalties_serious", 3,
				  "months_clean", 40);
	json_t *res = disc_rating_score(r, facts);
	/* 3 x -200 capped at -400; 40 x 2 capped at 60 */
	assert_int_equal(num(factor(res, "penalty_serious"), "points"), -400);
	assert_true(json_is_true(
		json_object_get(factor(res, "penalty_serious"), "capped")));
	assert_int_equal(num(factor(res, "clean"), "points"), 60);
	assert_int_equal(num(res, "score"), 700 - 400 + 60);
	assert_string_equal(json_string_value(json_object_get(res, "grade")),
			    "D");
	/* the largest contribution is the first reason */
	const json_t *top = json_array_get(json_object_get(res, "reasons"), 0);
	assert_string_equal(json_string_value(json_object_get(top, "code")),
			    "penalty_serious");
	/* what would raise it: the repair text and the points it gives */
	const json_t *raise = json_array_get(json_object_get(res, "raise"), 0);
	assert_string_equal(json_string_value(json_object_get(raise, "en")),
			    "Repair it");
	assert_int_equal(num(raise, "points"), 400);
	const json_t *next = json_object_get(res, "next_grade");
	assert_string_equal(json_string_value(json_object_get(next, "grade")),
			    "C");
	assert_int_equal(num(next, "points"), 500 - 360);
	json_decref(res);
	json_decref(facts);
	json_decref(r);
}

static void one_event_does_not_swing_a_small_firm(void **state)
{
	(void)state;
	json_t *r = rules();
	/* 1 rejection of 5 messages is counted against the guard of 200 */
	json_t *small =
		json_pack("{s:i, s:i}", "messages_rejected", 1, "messages", 5);
	json_t *res = disc_rating_score(r, small);
	const json_t *f = factor(res, "rejected");
	assert_int_equal(num(f, "points"), -5); /* 1000/200 = 5 per mille */
	assert_true(json_is_true(json_object_get(f, "guarded")));
	json_decref(res);
	/* a large firm with the same rate gets the same points */
	json_t *large = json_pack("{s:i, s:i}", "messages_rejected", 10,
				  "messages", 2000);
	res = disc_rating_score(r, large);
	assert_int_equal(num(factor(res, "rejected"), "points"), -5);
	json_decref(res);
	json_decref(small);
	json_decref(large);
	json_decref(r);
}

static void nothing_known_never_divides_by_zero(void **state)
{
	(void)state;
	json_t *r = rules();
	json_t *facts = json_object(); /* no facts at all: all 0 */
	json_t *res = disc_rating_score(r, facts);
	assert_int_equal(num(res, "score"), 700);
	assert_int_equal(num(factor(res, "rejected"), "points"), 0);
	double per = json_number_value(
		json_object_get(factor(res, "rejected"), "per_thousand"));
	assert_true(isfinite(per));
	assert_int_equal(json_array_size(json_object_get(res, "reasons")), 0);
	json_decref(res);
	/* nonsense facts (negative, not numbers) count as 0 */
	json_t *odd = json_pack("{s:i, s:s}", "penalties_serious", -3,
				"months_clean", "many");
	res = disc_rating_score(r, odd);
	assert_int_equal(num(res, "score"), 700);
	json_decref(res);
	json_decref(odd);
	json_decref(facts);
	json_decref(r);
}

static void scores_stay_within_min_and_max(void **state)
{
	(void)state;
	json_t *r = rules();
	json_object_set_new(r, "baseline", json_integer(50));
	json_t *facts = json_pack("{s:i}", "penalties_serious", 2);
	json_t *res = disc_rating_score(r, facts);
	assert_int_equal(num(res, "score"), 0);
	assert_string_equal(json_string_value(json_object_get(res, "grade")),
			    "D");
	json_decref(res);
	json_decref(facts);
	json_decref(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_score_is_the_baseline_plus_capped_factors),
		cmocka_unit_test(one_event_does_not_swing_a_small_firm),
		cmocka_unit_test(nothing_known_never_divides_by_zero),
		cmocka_unit_test(scores_stay_within_min_and_max),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
