/* test_core_json.c: JSON checks that need no request. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/json.h"

static void the_first_key_outside_the_list_is_named(void **state)
{
	(void)state;
	static const char *const allowed[] = {"grade", "from", "to", NULL};
	json_t *ok = json_pack("{s:s, s:i}", "grade", "A", "to", 10);
	assert_null(bt_json_unknown_key(ok, allowed));
	json_t *odd = json_pack("{s:s, s:s}", "grade", "A", "colour", "red");
	assert_string_equal(bt_json_unknown_key(odd, allowed), "colour");
	json_decref(odd);
	json_decref(ok);
}

static void empty_objects_and_other_values_have_no_unknown_key(void **state)
{
	(void)state;
	static const char *const none[] = {NULL};
	json_t *empty = json_object();
	assert_null(bt_json_unknown_key(empty, none));
	json_t *list = json_pack("[s]", "colour");
	assert_null(bt_json_unknown_key(list, none));
	assert_null(bt_json_unknown_key(NULL, none));
	json_decref(list);
	json_decref(empty);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_first_key_outside_the_list_is_named),
		cmocka_unit_test(
			empty_objects_and_other_values_have_no_unknown_key),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
