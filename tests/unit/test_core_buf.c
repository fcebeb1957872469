/* test_core_buf.c: buffers, text checks, percent-decoding and number
 * parsing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/buf.h"

static void buffers_grow_and_format(void **state)
{
	(void)state;
	struct bt_buf b = BT_BUF_INIT;
	for (int i = 0; i < 1000; i++)
		assert_int_equal(bt_buf_printf(&b, "%d,", i), BT_OK);
	assert_int_equal(b.len, strlen(b.data));
	assert_memory_equal(b.data, "0,1,2,", 6);
	char big[600];
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	bt_buf_clear(&b);
	assert_int_equal(bt_buf_printf(&b, "[%s]", big), BT_OK);
	assert_int_equal(b.len, 601);
	char *s = bt_buf_steal(&b);
	assert_null(b.data);
	assert_int_equal(s[600], ']');
	free(s);
	bt_buf_free(&b);
}

static void strlcpy_reports_truncation(void **state)
{
	(void)state;
	char d[4];
	assert_int_equal(bt_strlcpy(d, "abc", sizeof(d)), 3);
	assert_string_equal(d, "abc");
	assert_int_equal(bt_strlcpy(d, "abcdef", sizeof(d)), 6);
	assert_string_equal(d, "abc");
}

static void text_fields_are_checked_as_utf8(void **state)
{
	(void)state;
	assert_true(bt_text_ok("考拉谷 Koala", 1, 9));
	assert_false(bt_text_ok("考拉谷 Koala", 1, 8));
	assert_false(bt_text_ok("", 1, 10));
	assert_true(bt_text_ok("", 0, 10));
	assert_false(bt_text_ok("a\nb", 1, 10));
	assert_false(bt_text_ok("\xc0\xaf", 1, 10));	 /* overlong */
	assert_false(bt_text_ok("\xed\xa0\x80", 1, 10)); /* surrogate */
	assert_false(bt_text_ok("\xe4\xb8", 1, 10));	 /* truncated */
	assert_false(bt_text_ok(NULL, 0, 10));
}

static void percent_decoding(void **state)
{
	(void)state;
	char a[] = "A%2FB%25c";
	assert_true(bt_pct_decode(a));
	assert_string_equal(a, "A/B%c");
	char b[] = "x%2";
	assert_false(bt_pct_decode(b));
	char c[] = "x%00y";
	assert_false(bt_pct_decode(c));
	char d[] = "x%zzy";
	assert_false(bt_pct_decode(d));
}

static void whole_numbers_are_parsed_strictly(void **state)
{
	(void)state;
	long long v;
	assert_true(bt_parse_ll("100000000", 1, 100000000, &v));
	assert_int_equal(v, 100000000);
	assert_false(bt_parse_ll("100000001", 1, 100000000, &v));
	assert_false(bt_parse_ll("0", 1, 10, &v));
	assert_false(bt_parse_ll("1e3", 0, 10000, &v));
	assert_false(bt_parse_ll(" 1", 0, 10, &v));
	assert_false(bt_parse_ll("", 0, 10, &v));
	assert_false(bt_parse_ll("-", -10, 10, &v));
	assert_false(bt_parse_ll("99999999999999999999999", 0, 10, &v));
	assert_true(bt_parse_ll("-5", -10, 10, &v));
	assert_int_equal(v, -5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(buffers_grow_and_format),
		cmocka_unit_test(strlcpy_reports_truncation),
		cmocka_unit_test(text_fields_are_checked_as_utf8),
		cmocka_unit_test(percent_decoding),
		cmocka_unit_test(whole_numbers_are_parsed_strictly),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
