/* test_trace_gs1.c: GTINs, character set 82 and Digital Link paths. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "trace/code/gs1.h"

static void published_gtins_have_valid_check_digits(void **state)
{
	(void)state;
	/* Examples from GS1 and from the EAN/UPC literature. */
	const char *valid[] = {
		"09521234543213", /* GS1 Digital Link examples */
		"4006381333931",  /* EAN-13 */
		"9780306406157",  /* ISBN-13 as EAN-13 */
		"036000291452",	  /* UPC-A */
		"96385074",	  /* GTIN-8 */
		"00012345600012", /* GTIN-14 */
	};
	const char *reason = NULL;
	char out[TRACE_GTIN_LEN + 1];
	for (size_t i = 0; i < sizeof(valid) / sizeof(valid[0]); i++) {
		assert_int_equal(trace_gtin_normalize(valid[i], out, &reason),
				 BT_OK);
		assert_int_equal(strlen(out), 14);
		assert_string_equal(out + 14 - strlen(valid[i]), valid[i]);
	}
}

static void a_wrong_check_digit_is_refused_with_a_reason(void **state)
{
	(void)state;
	const char *reason = NULL;
	char out[TRACE_GTIN_LEN + 1];
	assert_int_equal(trace_gtin_normalize("4006381333932", out, &reason),
			 BT_EINVAL);
	assert_string_equal(reason, "the GTIN check digit is wrong");
	assert_int_equal(trace_gtin_normalize("400638133393", out, &reason),
			 BT_EINVAL);
	assert_int_equal(trace_gtin_normalize("40063813339a1", out, &reason),
			 BT_EINVAL);
	assert_int_equal(trace_gtin_normalize("", out, &reason), BT_EINVAL);
	assert_int_equal(trace_gtin_normalize("123456789012345", out, &reason),
			 BT_EINVAL);
}

static void every_single_digit_change_breaks_the_check(void **state)
{
	(void)state;
	char g[] = "09521234543213";
	for (size_t pos = 0; pos < 14; pos++) {
		char orig = g[pos];
		for (int d = '0'; d <= '9'; d++) {
			if (d == orig)
				continue;
			g[pos] = (char)d;
			char out[TRACE_GTIN_LEN + 1];
			const char *reason;
			assert_int_equal(trace_gtin_normalize(g, out, &reason),
					 BT_EINVAL);
		}
		g[pos] = orig;
	}
}

static void character_set_82(void **state)
{
	(void)state;
	assert_true(trace_cset82_valid("AB-12_x/.%", 20));
	assert_false(trace_cset82_valid("", 20));
	assert_false(trace_cset82_valid("A B", 20));
	assert_false(trace_cset82_valid("A#B", 20));
	assert_false(trace_cset82_valid("\xe4\xb8\xad", 20));
	assert_false(trace_cset82_valid("123456789012345678901", 20));
}

static void parses_paths_with_and_without_lot(void **state)
{
	(void)state;
	struct trace_dl dl;
	const char *reason = NULL;
	assert_int_equal(trace_dl_parse_path("/01/09521234543213/21/ABC123",
					     &dl, &reason),
			 BT_OK);
	assert_string_equal(dl.gtin, "09521234543213");
	assert_string_equal(dl.lot, "");
	assert_string_equal(dl.serial, "ABC123");
	assert_int_equal(
		trace_dl_parse_path("/01/9521234543213/10/LOT%2F42/21/X%25Y",
				    &dl, &reason),
		BT_OK);
	assert_string_equal(dl.gtin, "09521234543213");
	assert_string_equal(dl.lot, "LOT/42");
	assert_string_equal(dl.serial, "X%Y");
}

static void refuses_malformed_paths_with_reasons(void **state)
{
	(void)state;
	const char *bad[] = {
		"/01/09521234543213/21/",
		"/01/09521234543214/21/ABC",
		"/02/09521234543213/21/ABC",
		"/01/09521234543213/21/S/10/L",
		"/01/09521234543213/10/L/22/V",
		"/01/09521234543213/10/L/21/",
		"/01/09521234543213/10/L/10/M",
		"/01/09521234543213/17/261231",
		"/01/09521234543213/22/V/10/L/21/S/x",
		"/01/09521234543213/21/A%2",
		"/01/09521234543213/21/A%00B",
		"/01/09521234543213/21/A%20B",
		"/01/09521234543213/21/123456789012345678901",
		"/01/09521234543213/10//21/ABC",
		"/01/09521234543213/21/ABC/extra/x",
		"01/09521234543213/21/ABC",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct trace_dl dl;
		const char *reason = NULL;
		assert_int_equal(trace_dl_parse_path(bad[i], &dl, &reason),
				 BT_EINVAL);
		assert_non_null(reason);
	}
}

static void formats_and_reparses_a_link(void **state)
{
	(void)state;
	char uri[256];
	size_t n = trace_dl_format(uri, sizeof(uri), "https://id.example.cn",
				   "09521234543213", "A/B%C", "XYZ");
	assert_string_equal(uri, "https://id.example.cn/01/09521234543213/10/"
				 "A%2FB%25C/21/XYZ");
	assert_int_equal(n, strlen(uri));
	struct trace_dl dl;
	const char *reason;
	assert_int_equal(
		trace_dl_parse_path(uri + strlen("https://id.example.cn"), &dl,
				    &reason),
		BT_OK);
	assert_string_equal(dl.lot, "A/B%C");
	assert_int_equal(trace_dl_format(uri, 20, "https://id.example.cn",
					 "09521234543213", "", "XYZ"),
			 0);
}

static void qualifiers_follow_the_gs1_order(void **state)
{
	(void)state;
	struct trace_dl dl;
	const char *reason = NULL;
	assert_int_equal(
		trace_dl_parse_path("/01/09521234543213/22/V1/10/L/21/S", &dl,
				    &reason),
		BT_OK);
	assert_string_equal(dl.cpv, "V1");
	assert_string_equal(dl.lot, "L");
	assert_string_equal(dl.serial, "S");
	/* A GTIN or a lot alone is valid GS1, naming no one item. */
	assert_int_equal(
		trace_dl_parse_path("/01/09521234543213", &dl, &reason), BT_OK);
	assert_string_equal(dl.serial, "");
	assert_int_equal(
		trace_dl_parse_path("/01/09521234543213/10/L", &dl, &reason),
		BT_OK);
	assert_int_equal(trace_dl_parse_path("/01/09521234543213/21/S/10/L",
					     &dl, &reason),
			 BT_EINVAL);
	assert_non_null(strstr(reason, "out of order"));
	assert_int_equal(trace_dl_parse_path("/01/09521234543213/10/L/21/", &dl,
					     &reason),
			 BT_EINVAL);
	assert_non_null(strstr(reason, "empty"));
}

static void query_data_attributes_have_their_ai_format(void **state)
{
	(void)state;
	struct trace_dl dl;
	const char *reason = NULL;
	const char *good[] = {
		"/01/09521234543213/21/S?17=261231",
		"/01/09521234543213/21/S?linkType=all&17=270100",
		"/01/09521234543213/21/S?lang=en",
		"/01/09521234543213/21/S?3103=000500&30=12",
	};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_int_equal(trace_dl_parse_target(good[i], &dl, &reason),
				 BT_OK);
	const char *bad[] = {
		"/01/09521234543213/21/S?17=26123",
		"/01/09521234543213/21/S?17=261331",
		"/01/09521234543213/21/S?17",
		"/01/09521234543213/21/S?linkType=all&15=2612xx",
		"/01/09521234543213/21/S?30=123456789",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		reason = NULL;
		assert_int_equal(trace_dl_parse_target(bad[i], &dl, &reason),
				 BT_EINVAL);
		assert_non_null(reason);
	}
}

/* The lot is checked at its decoded length: 20 '%' signs are 60
 * characters in a URI and still a valid lot. */
static void every_set82_character_round_trips_at_the_longest_lot(void **state)
{
	(void)state;
	const char set82[] = "!\"%&'()*+,-./0123456789:;<=>?"
			     "ABCDEFGHIJKLMNOPQRSTUVWXYZ_"
			     "abcdefghijklmnopqrstuvwxyz";
	for (const char *c = set82; *c; c++) {
		char lot[TRACE_AI_MAX + 1];
		memset(lot, *c, TRACE_AI_MAX);
		lot[TRACE_AI_MAX] = '\0';
		char uri[256];
		assert_true(trace_dl_format(uri, sizeof(uri),
					    "https://id.example.cn",
					    "09521234543213", lot,
					    "ABCDEFGHJKMNPQRSTVWX") > 0);
		struct trace_dl dl;
		const char *reason = NULL;
		assert_int_equal(
			trace_dl_parse_target(uri + strlen("https://"
							   "id.example.cn"),
					      &dl, &reason),
			BT_OK);
		assert_string_equal(dl.lot, lot);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(qualifiers_follow_the_gs1_order),
		cmocka_unit_test(query_data_attributes_have_their_ai_format),
		cmocka_unit_test(
			every_set82_character_round_trips_at_the_longest_lot),
		cmocka_unit_test(published_gtins_have_valid_check_digits),
		cmocka_unit_test(a_wrong_check_digit_is_refused_with_a_reason),
		cmocka_unit_test(every_single_digit_change_breaks_the_check),
		cmocka_unit_test(character_set_82),
		cmocka_unit_test(parses_paths_with_and_without_lot),
		cmocka_unit_test(refuses_malformed_paths_with_reasons),
		cmocka_unit_test(formats_and_reparses_a_link),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
