/* test_disclosure_enterprise.c: enterprise identifiers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "disclosure/enterprise.h"

static void real_published_usccs_are_valid(void **state)
{
	(void)state;
	/* Codes printed on business licences of well-known companies. */
	const char *real[] = {
		"914403001922038216", /* Huawei Technologies Co., Ltd. */
		"91440300708461136T", /* Shenzhen Tencent Computer Systems */
		"91330100799655058B", /* Alibaba (China) Co., Ltd. */
		"91110000100017643K",
	};
	for (size_t i = 0; i < sizeof(real) / sizeof(real[0]); i++)
		assert_true(disc_uscc_valid(real[i]));
}

static void every_wrong_check_character_is_refused(void **state)
{
	(void)state;
	static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	char code[] = "91330100799655058B";
	for (const char *c = alphabet; *c; c++) {
		code[17] = *c;
		assert_int_equal(disc_uscc_valid(code), *c == 'B');
	}
}

static void malformed_usccs_are_refused(void **state)
{
	(void)state;
	assert_false(disc_uscc_valid(""));
	assert_false(disc_uscc_valid("91330100799655058"));
	assert_false(disc_uscc_valid("91330100799655058BB"));
	assert_false(disc_uscc_valid("91330100799655O58B")); /* letter O */
	assert_false(disc_uscc_valid("91330100799655058b"));
	assert_int_equal(disc_uscc_check_char("9133010079965505I"), '\0');
}

static void customs_codes_are_ten_capitals_or_digits(void **state)
{
	(void)state;
	assert_true(disc_customs_code_valid("46121601BC"));
	assert_true(disc_customs_code_valid("3302460011"));
	assert_false(disc_customs_code_valid("46121601bc"));
	assert_false(disc_customs_code_valid("46121601B"));
	assert_false(disc_customs_code_valid("46121601BC1"));
	assert_false(disc_customs_code_valid("4612 601BC"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(real_published_usccs_are_valid),
		cmocka_unit_test(every_wrong_check_character_is_refused),
		cmocka_unit_test(malformed_usccs_are_refused),
		cmocka_unit_test(customs_codes_are_ten_capitals_or_digits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
