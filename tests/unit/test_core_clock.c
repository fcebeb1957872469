/* test_core_clock.c: the clock the disclosure rules work in, fixed or
 * real, and days in Asia/Shanghai. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/clock.h"

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
		cmocka_unit_test(the_clock_can_be_fixed_and_released),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
