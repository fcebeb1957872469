/* test_complaints_calendar.c: working days on the official calendar, from
 * the 2025 and 2026 files in the public holiday-data shape. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "complaints/calendar.h"

static size_t read_year(const char *name, struct cmpl_listed_day *days)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/calendar/%s", getenv("BT_TEST_DATA"),
		 name);
	json_error_t e;
	json_t *j = json_load_file(path, 0, &e);
	assert_non_null(j);
	int y = 0;
	size_t n = 0;
	const char *reason = NULL;
	assert_int_equal(cmpl_calendar_parse_year(j, &y, days,
						  CMPL_LISTED_PER_YEAR_MAX, &n,
						  &reason),
			 BT_OK);
	json_decref(j);
	return n;
}

static struct cmpl_calendar cal;

static int setup(void **state)
{
	(void)state;
	struct cmpl_listed_day days[2 * CMPL_LISTED_PER_YEAR_MAX];
	size_t n = read_year("2025.json", days);
	n += read_year("2026.json", days + n);
	return cmpl_calendar_build(&cal, 2025, 2026, days, n) == BT_OK ? 0 : 1;
}

static int teardown(void **state)
{
	(void)state;
	cmpl_calendar_free(&cal);
	return 0;
}

static int32_t day(const char *text)
{
	int32_t d = 0;
	assert_true(cmpl_day_parse(text, &d));
	return d;
}

static void assert_due(const char *from, int n, const char *want)
{
	int32_t due = 0;
	assert_true(cmpl_calendar_add_working(&cal, day(from), n, &due));
	char got[11];
	cmpl_day_format(due, got);
	assert_string_equal(got, want);
}

static void day_numbers_round_trip_through_dates(void **state)
{
	(void)state;
	assert_int_equal(cmpl_day_from_ymd(1970, 1, 1), 0);
	assert_int_equal(day("2026-03-01") - day("2026-02-28"), 1);
	assert_int_equal(day("2024-03-01") - day("2024-02-28"), 2);
	char out[11];
	cmpl_day_format(day("2026-12-31") + 1, out);
	assert_string_equal(out, "2027-01-01");
	int32_t d;
	assert_false(cmpl_day_parse("2026-02-29", &d));
	assert_false(cmpl_day_parse("2026-2-28", &d));
	/* 16:00 UTC is midnight in Beijing. */
	assert_int_equal(cmpl_day_of_time(1772380799.0), day("2026-03-01"));
	assert_int_equal(cmpl_day_of_time(1772380800.0), day("2026-03-02"));
}

static void a_working_weekend_day_counts_and_a_holiday_does_not(void **state)
{
	(void)state;
	assert_int_equal(cmpl_calendar_kind(&cal, day("2026-02-14")),
			 CMPL_DAY_WORKDAY);
	assert_int_equal(cmpl_calendar_kind(&cal, day("2026-02-16")),
			 CMPL_DAY_OFF);
	assert_int_equal(cmpl_calendar_kind(&cal, day("2026-03-07")),
			 CMPL_DAY_WEEKEND);
	assert_int_equal(cmpl_calendar_kind(&cal, day("2026-03-09")),
			 CMPL_DAY_WORKING);
	assert_due("2026-02-13", 1, "2026-02-14");
	/* Over the Spring Festival: two working Saturdays, nine days off. */
	assert_due("2026-02-12", 7, "2026-02-28");
	assert_string_equal(cmpl_calendar_name(&cal, day("2026-02-16")),
			    "春节");
}

static void the_day_of_receipt_is_day_zero(void **state)
{
	(void)state;
	assert_due("2026-03-09", 1, "2026-03-10");
	assert_due("2026-03-06", 1, "2026-03-09"); /* a Friday */
}

static void counting_crosses_the_year_boundary(void **state)
{
	(void)state;
	/* 2026-01-01 to 03 off, Sunday 01-04 a working day. */
	assert_due("2025-12-29", 5, "2026-01-06");
	assert_due("2025-09-26", 2, "2025-09-29"); /* Sunday 09-28 works */
}

static void past_the_loaded_years_nothing_is_guessed(void **state)
{
	(void)state;
	int32_t due = 0;
	assert_false(
		cmpl_calendar_add_working(&cal, day("2026-12-28"), 7, &due));
	assert_int_equal(cmpl_calendar_kind(&cal, day("2027-01-04")),
			 CMPL_DAY_UNKNOWN);
	assert_int_equal(cmpl_calendar_kind(&cal, day("2024-12-31")),
			 CMPL_DAY_UNKNOWN);
}

static void a_due_date_says_which_days_were_skipped(void **state)
{
	(void)state;
	json_t *e = cmpl_calendar_explain(&cal, day("2026-02-12"),
					  day("2026-02-28"));
	assert_string_equal(json_string_value(json_object_get(e, "due")),
			    "2026-02-28");
	json_t *sk = json_object_get(e, "skipped");
	/* 02-15..02-23 off (9 days), weekend 02-21/22 are among them; the
	 * Saturday 02-14 worked; 02-28 is the due day itself. */
	assert_int_equal(json_array_size(sk), 9);
	json_t *first = json_array_get(sk, 0);
	assert_string_equal(json_string_value(json_object_get(first, "date")),
			    "2026-02-15");
	assert_string_equal(json_string_value(json_object_get(first, "why")),
			    "off");
	assert_string_equal(json_string_value(json_object_get(first, "name")),
			    "春节");
	json_decref(e);
}

static void a_year_file_that_lies_is_refused(void **state)
{
	(void)state;
	struct cmpl_listed_day days[CMPL_LISTED_PER_YEAR_MAX];
	const char *bad[] = {
		"{\"year\": 2027}",
		"{\"year\": 2027, \"days\": [{\"name\": \"x\", \"date\": "
		"\"2025-01-01\", \"isOffDay\": true}]}",
		/* 2027-01-05 is a Tuesday: listing it as working says
		 * nothing true */
		"{\"year\": 2027, \"days\": [{\"name\": \"x\", \"date\": "
		"\"2027-01-05\", \"isOffDay\": false}]}",
		"{\"year\": 2027, \"days\": [{\"name\": \"x\", \"date\": "
		"\"2027-02-30\", \"isOffDay\": true}]}",
		"{\"year\": 2027, \"days\": [{\"date\": \"2027-02-03\", "
		"\"isOffDay\": true}]}",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		json_t *j = json_loads(bad[i], 0, NULL);
		int y;
		size_t n;
		const char *reason = NULL;
		assert_int_equal(cmpl_calendar_parse_year(
					 j, &y, days, CMPL_LISTED_PER_YEAR_MAX,
					 &n, &reason),
				 BT_EINVAL);
		assert_non_null(reason);
		json_decref(j);
	}
	/* A New Year holiday listed with the day before, in the later
	 * year's file, is what real files do. */
	json_t *ok = json_loads("{\"year\": 2027, \"days\": [{\"name\": "
				"\"元旦\", \"date\": \"2026-12-31\", "
				"\"isOffDay\": true}]}",
				0, NULL);
	int y;
	size_t n;
	const char *reason = NULL;
	assert_int_equal(cmpl_calendar_parse_year(ok, &y, days,
						  CMPL_LISTED_PER_YEAR_MAX, &n,
						  &reason),
			 BT_OK);
	assert_int_equal(n, 1);
	json_decref(ok);
}

static void a_year_not_loaded_between_two_is_unknown(void **state)
{
	(void)state;
	static const int years[] = {2028, 2026};
	struct cmpl_listed_day day0 = {.off = true, .name = "x"};
	day0.day = day("2027-01-01"); /* in no loaded year: left out */
	struct cmpl_calendar gap;
	assert_int_equal(cmpl_calendar_build_years(&gap, years, 2, &day0, 1),
			 BT_OK);
	assert_int_equal(cmpl_calendar_kind(&gap, day("2027-06-01")),
			 CMPL_DAY_UNKNOWN);
	assert_int_equal(cmpl_calendar_kind(&gap, day("2026-06-01")),
			 CMPL_DAY_WORKING);
	assert_int_equal(cmpl_calendar_kind(&gap, day("2028-01-03")),
			 CMPL_DAY_WORKING);
	assert_null(cmpl_calendar_name(&gap, day("2027-01-01")));
	int32_t due;
	assert_false(
		cmpl_calendar_add_working(&gap, day("2026-12-30"), 5, &due));
	cmpl_calendar_free(&gap);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(day_numbers_round_trip_through_dates),
		cmocka_unit_test(
			a_working_weekend_day_counts_and_a_holiday_does_not),
		cmocka_unit_test(the_day_of_receipt_is_day_zero),
		cmocka_unit_test(counting_crosses_the_year_boundary),
		cmocka_unit_test(past_the_loaded_years_nothing_is_guessed),
		cmocka_unit_test(a_due_date_says_which_days_were_skipped),
		cmocka_unit_test(a_year_file_that_lies_is_refused),
		cmocka_unit_test(a_year_not_loaded_between_two_is_unknown),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
