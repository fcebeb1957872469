/* test_trace_elements.c: GS1 element strings and URIs from scanners. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "trace/code/elements.h"

static void bracketed_element_strings(void **state)
{
	(void)state;
	struct trace_dl dl;
	const char *reason = NULL;
	assert_int_equal(trace_elements_parse("(01)09521234543213(17)271231(10)"
					      "AB-12(21)XYZ789",
					      &dl, &reason),
			 BT_OK);
	assert_string_equal(dl.gtin, "09521234543213");
	assert_string_equal(dl.lot, "AB-12");
	assert_string_equal(dl.serial, "XYZ789");
}

static void raw_strings_with_fnc1_and_symbology_ids(void **state)
{
	(void)state;
	struct trace_dl dl;
	const char *reason = NULL;
	/* DataMatrix: ]d2, fixed-length 01 and 17 need no separator. */
	assert_int_equal(trace_elements_parse("]d201095212345432131727123110"
					      "LOT7\x1d"
					      "21SER1",
					      &dl, &reason),
			 BT_OK);
	assert_string_equal(dl.gtin, "09521234543213");
	assert_string_equal(dl.lot, "LOT7");
	assert_string_equal(dl.serial, "SER1");
	assert_int_equal(trace_elements_parse("0109521234543213"
					      "21ABC",
					      &dl, &reason),
			 BT_OK);
	assert_string_equal(dl.serial, "ABC");
}

static void uris_are_accepted_too(void **state)
{
	(void)state;
	struct trace_dl dl;
	const char *reason = NULL;
	assert_int_equal(trace_elements_parse("HTTPS://ID.EXAMPLE.CN/01/"
					      "09521234543213/21/ABC?x=1",
					      &dl, &reason),
			 BT_OK);
	assert_string_equal(dl.serial, "ABC");
}

static void bad_strings_say_why(void **state)
{
	(void)state;
	const char *bad[] = {
		"(01)09521234543214(21)ABC", /* check digit */
		"(01)09521234543213",	     /* no serial */
		"(21)ABC",		     /* no GTIN */
		"(99)X(01)09521234543213(21)A",
		"(01)0952123454321(21)ABC", /* 13 digits in AI 01 */
		"01095212345432132",	    /* 21 cut short, no value */
		"0109521234543213(21)A B",
		"(01)09521234543213(21)ABCDEFGHIJKLMNOPQRSTU", /* 21 chars */
		"https://id.example.cn",
		"",
		/* Found by fuzz_gs1: a bracket cut short was read past its
		 * end. Each is its own heap block so ASan sees an overread. */
		"(/",
		"(0",
		"(",
		"(01)09521234543213(2",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct trace_dl dl;
		const char *reason = NULL;
		char *copy = strdup(bad[i]);
		assert_non_null(copy);
		assert_int_equal(trace_elements_parse(copy, &dl, &reason),
				 BT_EINVAL);
		free(copy);
		assert_non_null(reason);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bracketed_element_strings),
		cmocka_unit_test(raw_strings_with_fnc1_and_symbology_ids),
		cmocka_unit_test(uris_are_accepted_too),
		cmocka_unit_test(bad_strings_say_why),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
