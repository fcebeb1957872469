/* test_disclosure_penalty.c: a penalty's amount and its publication
 * months as they are entered. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "disclosure/penalty.h"

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

static void publication_months_are_empty_or_0_to_120(void **state)
{
	(void)state;
	char reason[200] = "";
	int months = 7;
	assert_true(disc_penalty_months(NULL, &months, reason, sizeof(reason)));
	assert_int_equal(months, -1); /* the rule's default */
	assert_true(disc_penalty_months("", &months, reason, sizeof(reason)));
	assert_int_equal(months, -1);
	assert_true(disc_penalty_months("0", &months, reason, sizeof(reason)));
	assert_int_equal(months, 0);
	assert_true(
		disc_penalty_months("120", &months, reason, sizeof(reason)));
	assert_int_equal(months, 120);
	const char *bad[] = {"121", "-1", "x", "12.5"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		months = 7;
		reason[0] = '\0';
		assert_false(disc_penalty_months(bad[i], &months, reason,
						 sizeof(reason)));
		assert_int_equal(months, 7);
		assert_non_null(strstr(reason, "0 to 120"));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(amounts_in_yuan_become_fen),
		cmocka_unit_test(publication_months_are_empty_or_0_to_120),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
