/* test_disclosure_rating.c: the credit scorecard (rule-set checks and
 * scoring), draw selection, amounts in yuan and the fixed clock. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/buf.h"
#include "core/clock.h"
#include "disclosure/draw.h"
#include "disclosure/penalty.h"
#include "disclosure/rating.h"
#include "disclosure/rules.h"
#include "disclosure/score.h"

static const char *rules_text =
	"{\"baseline\": 700, \"min\": 0, \"max\": 1000,"
	" \"grades\": [{\"grade\": \"A\", \"from\": 800, \"to\": 1000},"
	"  {\"grade\": \"B\", \"from\": 650, \"to\": 799},"
	"  {\"grade\": \"C\", \"from\": 500, \"to\": 649},"
	"  {\"grade\": \"D\", \"from\": 0, \"to\": 499}],"
	" \"factors\": ["
	"  {\"code\": \"penalty_serious\", \"fact\": \"penalties_serious\","
	"   \"points\": -200, \"cap\": -400, \"zh\": \"严重\", \"en\": "
	"\"Serious\","
	"   \"raise_zh\": \"修复\", \"raise_en\": \"Repair it\"},"
	"  {\"code\": \"rejected\", \"fact\": \"messages_rejected\", \"per\":"
	"   \"messages\", \"guard\": 200, \"points\": -1, \"cap\": -80,"
	"   \"zh\": \"退单\", \"en\": \"Rejected\"},"
	"  {\"code\": \"clean\", \"fact\": \"months_clean\", \"points\": 2,"
	"   \"cap\": 60, \"zh\": \"无违规\", \"en\": \"Clean months\"}"
	" ]}";

static json_t *rules(void)
{
	json_t *r = json_loads(rules_text, 0, NULL);
	assert_non_null(r);
	return r;
}

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

static void the_shipped_example_rule_set_is_valid(void **state)
{
	(void)state;
	char reason[200] = "";
	json_t *r = rules();
	assert_true(disc_rules_check(r, reason, sizeof(reason)));
	json_decref(r);
}

/* Breaks one part of the example and expects the reason to say so. */
static void expect_refused(const char *path_json_patch, const char *needle)
{
	json_t *r = rules();
	json_t *patch = json_loads(path_json_patch, 0, NULL);
	assert_non_null(patch);
	json_object_update(r, patch);
	char reason[200] = "";
	assert_false(disc_rules_check(r, reason, sizeof(reason)));
	if (strstr(reason, needle) == NULL)
		fail_msg("reason '%s' lacks '%s'", reason, needle);
	json_decref(patch);
	json_decref(r);
}

/* The rule set the migration installs passes the same check. */
static void the_migrations_rule_set_is_valid(void **state)
{
	(void)state;
	char path[1024];
	snprintf(path, sizeof(path), "%s/migrations/0005_disclosure.sql",
		 getenv("BT_SQL_DIR"));
	struct bt_buf sql = BT_BUF_INIT;
	assert_int_equal(bt_read_file(path, 1 << 20, &sql), BT_OK);
	bt_buf_append(&sql, "", 1);
	const char *start = strstr(sql.data, "$json$");
	assert_non_null(start);
	start += 6;
	const char *end = strstr(start, "$json$");
	assert_non_null(end);
	json_t *r = json_loadb(start, (size_t)(end - start), 0, NULL);
	assert_non_null(r);
	char reason[200] = "";
	if (!disc_rules_check(r, reason, sizeof(reason)))
		fail_msg("%s", reason);
	json_decref(r);
	bt_buf_free(&sql);
}

static void bad_rule_sets_are_refused_with_the_reason(void **state)
{
	(void)state;
	expect_refused("{\"grades\": [{\"grade\": \"A\", \"from\": 700, \"to\":"
		       " 1000}, {\"grade\": \"B\", \"from\": 0, \"to\": 750}]}",
		       "overlap");
	expect_refused("{\"grades\": [{\"grade\": \"A\", \"from\": 800, \"to\":"
		       " 1000}, {\"grade\": \"B\", \"from\": 0, \"to\": 700}]}",
		       "no grade covers scores 701 to 799");
	expect_refused(
		"{\"grades\": [{\"grade\": \"A\", \"from\": 500, \"to\":"
		" 1000}, {\"grade\": \"B\", \"from\": 10, \"to\": 499}]}",
		"from 0");
	expect_refused("{\"grades\": [{\"grade\": \"A\", \"from\": 500, \"to\":"
		       " 1000}, {\"grade\": \"A\", \"from\": 0, \"to\": 499}]}",
		       "named twice");
	expect_refused("{\"baseline\": 2000}", "baseline");
	expect_refused("{\"min\": 10, \"max\": 10}", "min < max");
	expect_refused("{\"factors\": [{\"code\": \"x\", \"fact\": \"luck\","
		       " \"points\": 1, \"zh\": \"a\", \"en\": \"a\"}]}",
		       "fact must be one of");
	expect_refused("{\"factors\": [{\"code\": \"x\", \"fact\": \"orders\","
		       " \"points\": -1, \"cap\": 5, \"zh\": \"a\", \"en\": "
		       "\"a\"}]}",
		       "same sign");
	expect_refused(
		"{\"factors\": [{\"code\": \"x\", \"fact\": "
		"\"messages_rejected\", \"per\": \"messages\", \"guard\": "
		"0, \"points\": -1, \"zh\": \"a\", \"en\": \"a\"}]}",
		"guard");
	expect_refused("{\"factors\": [{\"code\": \"x\", \"fact\": \"orders\","
		       " \"points\": 0, \"zh\": \"a\", \"en\": \"a\"}]}",
		       "non-zero");
	expect_refused("{\"factors\": [{\"code\": \"x\", \"fact\": \"orders\","
		       " \"points\": 1, \"zh\": \"a\"}]}",
		       "labels");
	expect_refused(
		"{\"factors\": [{\"code\": \"x\", \"fact\": \"orders\","
		" \"points\": 1, \"zh\": \"a\", \"en\": \"b\"}, {\"code\":"
		" \"x\", \"fact\": \"orders\", \"points\": 1, \"zh\": "
		"\"a\", \"en\": \"b\"}]}",
		"listed twice");
	expect_refused("{\"colour\": \"red\"}", "unknown member");
	char reason[200];
	assert_false(disc_rules_check(json_null(), reason, sizeof(reason)));
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

/* What disclosure's own facts statement gives, dates included. */
static json_t *own_facts(void)
{
	json_t *own = json_pack(
		"{s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:s, "
		"s:n}",
		"customs_advanced", 0, "customs_certified", 1,
		"customs_dishonest", 0, "customs_seriously_dishonest", 0,
		"penalties_minor", 0, "penalties_general", 1,
		"penalties_serious", 0, "commitments_kept", 2,
		"commitments_broken", 0, "insured", 1, "commendations", 0,
		"registered_on", "2024-01-10", "last_violation");
	assert_non_null(own);
	return own;
}

static void every_rating_fact_is_produced(void **state)
{
	(void)state;
	json_t *facts = own_facts();
	struct disc_trace_facts trace = {.orders = 3, .clone_alerts = 1};
	bt_strlcpy(trace.last_failed_inspection, "2025-06-01",
		   sizeof(trace.last_failed_inspection));
	assert_int_equal(disc_rating_facts_complete(facts, &trace,
						    "2026-03-15T02:00:00Z"),
			 BT_OK);
	size_t n = 0;
	for (const char *const *f = disc_fact_names; *f; f++, n++)
		if (!json_is_integer(json_object_get(facts, *f)))
			fail_msg("fact %s is not produced", *f);
	assert_int_equal(json_object_size(facts), n); /* the dates are gone */
	assert_int_equal(num(facts, "orders"), 3);
	assert_int_equal(num(facts, "clone_alerts"), 1);
	/* the failed inspection is the latest of the three dates */
	assert_int_equal(num(facts, "months_clean"), 9);
	json_decref(facts);
}

static void a_fact_not_produced_is_an_error_not_a_zero(void **state)
{
	(void)state;
	json_t *facts = own_facts();
	json_object_del(facts, "insured");
	struct disc_trace_facts trace = {0};
	assert_int_equal(disc_rating_facts_complete(facts, &trace,
						    "2026-03-15T02:00:00Z"),
			 BT_EINTERNAL);
	json_decref(facts);
}

static void a_draw_is_recomputable_from_its_seed(void **state)
{
	(void)state;
	const char *seed =
		"00112233445566778899aabbccddeeff00112233445566778899"
		"aabbccddeeff";
	/* u = first 8 bytes of SHA-256("seed:uscc") / 2^64: fixed values */
	double u = disc_draw_u(seed, "91330201MA2H7Q3K89");
	assert_true(u >= 0 && u < 1);
	assert_true(u == disc_draw_u(seed, "91330201MA2H7Q3K89"));
	assert_true(u != disc_draw_u(seed, "91330201MA2CK8L147"));
	json_t *pop = json_pack("[{s:s, s:f}, {s:s, s:f}, {s:s, s:f}]", "uscc",
				"91330201MA2H7Q3K89", "rate", 1.0, "uscc",
				"91330201MA2CK8L147", "rate", 0.0, "uscc",
				"91330201MA7DE5N40E", "rate", u);
	json_t *sel = disc_draw_select(seed, pop);
	/* rate 1 always, rate 0 never, rate == its own u never (u < rate) */
	assert_int_equal(json_array_size(sel), 1);
	assert_string_equal(json_string_value(json_object_get(
				    json_array_get(sel, 0), "uscc")),
			    "91330201MA2H7Q3K89");
	json_decref(sel);
	json_decref(pop);
}

static void draw_rates_are_checked(void **state)
{
	(void)state;
	json_t *r = NULL;
	char reason[200];
	assert_true(disc_draw_rates("A=0.03,B=0.1,C=0.3,D=1", &r, reason,
				    sizeof(reason)));
	assert_true(json_number_value(json_object_get(r, "B")) == 0.1);
	json_decref(r);
	const char *bad[] = {
		"",	  "A",	     "A=",  "=0.1",	    "A=1.5",
		"A=-0.1", "A=0.1,B", "A=x", "LONGGRADE=0.1"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_false(
			disc_draw_rates(bad[i], &r, reason, sizeof(reason)));
		assert_null(r);
	}
}

static void amounts_in_yuan_become_fen(void **state)
{
	(void)state;
	long long fen = -1;
	assert_true(disc_parse_yuan("20000", &fen));
	assert_int_equal(fen, 2000000);
	assert_true(disc_parse_yuan("0.5", &fen));
	assert_int_equal(fen, 50);
	assert_true(disc_parse_yuan("12.34", &fen));
	assert_int_equal(fen, 1234);
	const char *bad[] = {"",   "-1",  "1.234",  "1.",
			     ".5", "1e3", "12,000", "999999999999999"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_false(disc_parse_yuan(bad[i], &fen));
}

static void the_clock_can_be_fixed_and_released(void **state)
{
	(void)state;
	char iso[BT_CLOCK_ISO_LEN];
	assert_int_equal(bt_clock_set("2027-02-28"), BT_OK);
	bt_clock_iso(iso);
	assert_string_equal(iso, "2027-02-28T00:00:00Z");
	assert_int_equal(bt_clock_set("2027-03-01T12:30:05Z"), BT_OK);
	bt_clock_iso(iso);
	assert_string_equal(iso, "2027-03-01T12:30:05Z");
	const char *bad[] = {
		"2027-02-29",		"2027-13-01",	       "27-01-01",
		"2027-01-01T25:00:00Z", "2027-01-01 00:00:00", "tomorrow"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(bt_clock_set(bad[i]), BT_EINVAL);
	char day[11];
	bt_clock_day_cn("2027-03-01T15:59:59Z", day);
	assert_string_equal(day, "2027-03-01");
	bt_clock_day_cn("2027-03-01T16:00:00Z", day);
	assert_string_equal(day, "2027-03-02");
	bt_clock_day_cn("garbage", day);
	assert_string_equal(day, "");
	assert_int_equal(bt_clock_set(""), BT_OK);
	assert_true(bt_clock_now() > 1700000000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_shipped_example_rule_set_is_valid),
		cmocka_unit_test(the_migrations_rule_set_is_valid),
		cmocka_unit_test(bad_rule_sets_are_refused_with_the_reason),
		cmocka_unit_test(a_score_is_the_baseline_plus_capped_factors),
		cmocka_unit_test(one_event_does_not_swing_a_small_firm),
		cmocka_unit_test(nothing_known_never_divides_by_zero),
		cmocka_unit_test(scores_stay_within_min_and_max),
		cmocka_unit_test(every_rating_fact_is_produced),
		cmocka_unit_test(a_fact_not_produced_is_an_error_not_a_zero),
		cmocka_unit_test(a_draw_is_recomputable_from_its_seed),
		cmocka_unit_test(draw_rates_are_checked),
		cmocka_unit_test(amounts_in_yuan_become_fen),
		cmocka_unit_test(the_clock_can_be_fixed_and_released),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
