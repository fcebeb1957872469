/* test_trace_verdict.c: the authenticity rules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "trace/scan/verdict.h"

static const struct trace_rules rules = {
	.caution_count = 10,
	.suspect_count = 50,
	.places_window_hours = 72,
	.places_caution = 3,
	.places_suspect = 5,
	.travel_kmh = 1000,
	.travel_min_km = 300,
};

static bool has(const struct trace_judgement *j, const char *reason)
{
	for (unsigned i = 0; i < j->nreasons; i++)
		if (strcmp(j->reasons[i], reason) == 0)
			return true;
	return false;
}

/* 33 is Zhejiang (Hangzhou), 31 Shanghai, 65 Xinjiang (Urumqi). */
static double distance(const char *a, const char *b)
{
	if (strncmp(a, b, 2) == 0)
		return 0;
	if ((strncmp(a, "33", 2) == 0 && strncmp(b, "65", 2) == 0) ||
	    (strncmp(a, "65", 2) == 0 && strncmp(b, "33", 2) == 0))
		return 3270;
	return 165; /* Hangzhou - Shanghai */
}

static const double now = 1800000000;

static void a_first_scan_is_genuine(void **state)
{
	(void)state;
	struct trace_scan_facts f = {
		.count = 1, .at = now, .net = "a", .region = ""};
	struct trace_judgement j;
	trace_judge(&rules, &f, distance, &j);
	assert_int_equal(j.verdict, TRACE_GENUINE);
	assert_int_equal(j.nreasons, 0);
}

static void counts_raise_caution_then_suspect(void **state)
{
	(void)state;
	struct trace_scan_facts f = {.at = now, .net = "a", .region = ""};
	struct trace_judgement j;
	f.count = 9;
	trace_judge(&rules, &f, distance, &j);
	assert_int_equal(j.verdict, TRACE_GENUINE);
	f.count = 10;
	trace_judge(&rules, &f, distance, &j);
	assert_int_equal(j.verdict, TRACE_CAUTION);
	assert_true(has(&j, "scanned_often"));
	f.count = 50;
	trace_judge(&rules, &f, distance, &j);
	assert_int_equal(j.verdict, TRACE_SUSPECT);
	assert_true(has(&j, "scanned_very_often"));
	assert_false(has(&j, "scanned_often"));
}

static void distinct_networks_in_the_window_count(void **state)
{
	(void)state;
	struct trace_past_scan past[] = {
		{now - 60, "b", ""},
		{now - 120, "b", ""},
		{now - 3600, "c", ""},
		{now - 80 * 3600.0, "d", ""}, /* outside the 72 h window */
		{now - 90 * 3600.0, "e", ""},
	};
	struct trace_scan_facts f = {.count = 6,
				     .at = now,
				     .net = "a",
				     .region = "",
				     .past = past,
				     .npast = 5};
	struct trace_judgement j;
	trace_judge(&rules, &f, distance, &j);
	assert_int_equal(j.verdict, TRACE_CAUTION);
	assert_true(has(&j, "many_places"));
	past[3].at = now - 10; /* now d and e fall inside: 5 places */
	past[4].at = now - 20;
	trace_judge(&rules, &f, distance, &j);
	assert_int_equal(j.verdict, TRACE_SUSPECT);
	assert_true(has(&j, "very_many_places"));
}

static void travel_faster_than_possible_is_suspect(void **state)
{
	(void)state;
	struct trace_past_scan past[] = {{now - 3600, "b", "330200"}};
	struct trace_scan_facts f = {.count = 2,
				     .at = now,
				     .net = "a",
				     .region = "650100",
				     .past = past,
				     .npast = 1};
	struct trace_judgement j;
	trace_judge(&rules, &f, distance, &j); /* 3270 km in an hour */
	assert_int_equal(j.verdict, TRACE_SUSPECT);
	assert_true(has(&j, "impossible_travel"));
	past[0].at = now - 5 * 3600; /* 654 km/h: possible */
	trace_judge(&rules, &f, distance, &j);
	assert_false(has(&j, "impossible_travel"));
	f.region = "310100"; /* 165 km: below the distance judged */
	past[0].at = now - 60;
	trace_judge(&rules, &f, distance, &j);
	assert_false(has(&j, "impossible_travel"));
	f.region = ""; /* no region this time: nothing to judge */
	trace_judge(&rules, &f, distance, &j);
	assert_false(has(&j, "impossible_travel"));
}

static void statuses_in_force_set_the_verdict(void **state)
{
	(void)state;
	struct trace_scan_facts f = {.count = 1,
				     .at = now,
				     .net = "a",
				     .region = "",
				     .status = TRACE_STATUS_RECALLED,
				     .status_in_force = true};
	struct trace_judgement j;
	trace_judge(&rules, &f, distance, &j);
	assert_int_equal(j.verdict, TRACE_CAUTION);
	assert_true(has(&j, "recalled"));
	f.status = TRACE_STATUS_REVOKED;
	trace_judge(&rules, &f, distance, &j);
	assert_int_equal(j.verdict, TRACE_SUSPECT);
	f.status = TRACE_STATUS_STOLEN;
	trace_judge(&rules, &f, distance, &j);
	assert_true(has(&j, "stolen"));
	f.status_in_force = false; /* announced for later */
	trace_judge(&rules, &f, distance, &j);
	assert_int_equal(j.verdict, TRACE_GENUINE);
}

static void names_round_trip(void **state)
{
	(void)state;
	assert_string_equal(trace_verdict_name(TRACE_CAUTION), "caution");
	assert_int_equal(trace_status_parse("stolen"), TRACE_STATUS_STOLEN);
	assert_int_equal(trace_status_parse("lost"), TRACE_STATUS_NONE);
	assert_null(trace_status_name(TRACE_STATUS_NONE));
	double km = trace_haversine_km(30.27, 120.15, 43.83, 87.62);
	assert_true(km > 3000 && km < 3400);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_first_scan_is_genuine),
		cmocka_unit_test(counts_raise_caution_then_suspect),
		cmocka_unit_test(distinct_networks_in_the_window_count),
		cmocka_unit_test(travel_faster_than_possible_is_suspect),
		cmocka_unit_test(statuses_in_force_set_the_verdict),
		cmocka_unit_test(names_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
