/* test_disclosure_draw.c: random inspection draws, recomputable from
 * their seed, and the configured draw rates. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "disclosure/draw.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_draw_is_recomputable_from_its_seed),
		cmocka_unit_test(draw_rates_are_checked),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
