/* test_core_input.c: an action's fields, read from a JSON body or from
 * form fields. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/http_int.h"
#include "core/input.h"

static struct bt_req req; /* no connection: its form is already read */

static void json_fields_are_text(void **state)
{
	(void)state;
	struct bt_input in = {
		.json = json_pack("{s:s, s:I, s:b, s:f, s:n, s:[]}", "name",
				  "A", "amount", (json_int_t)-12, "ok", 1,
				  "rate", 0.5, "none", "list")};
	assert_string_equal(bt_input_field(&req, &in, "name"), "A");
	assert_string_equal(bt_input_field(&req, &in, "amount"), "-12");
	assert_string_equal(bt_input_field(&req, &in, "ok"), "true");
	assert_null(bt_input_field(&req, &in, "rate"));
	assert_null(bt_input_field(&req, &in, "none"));
	assert_null(bt_input_field(&req, &in, "list"));
	assert_null(bt_input_field(&req, &in, "missing"));
	json_decref(in.json);
}

static void written_out_numbers_keep_their_own_text(void **state)
{
	(void)state;
	struct bt_input in = {.json = json_object()};
	for (int i = 0; i < 9; i++) {
		char key[8];
		snprintf(key, sizeof(key), "n%d", i);
		json_object_set_new(in.json, key, json_integer(i));
	}
	const char *text[8];
	for (int i = 0; i < 8; i++) {
		char key[8];
		snprintf(key, sizeof(key), "n%d", i);
		text[i] = bt_input_field(&req, &in, key);
	}
	for (int i = 0; i < 8; i++) {
		char want[8];
		snprintf(want, sizeof(want), "%d", i);
		assert_string_equal(text[i], want);
	}
	/* room for eight: a ninth is not read rather than overwriting one */
	assert_null(bt_input_field(&req, &in, "n8"));
	json_decref(in.json);
}

static void form_fields_are_the_forms(void **state)
{
	(void)state;
	req.form_parsed = true;
	req.form_name[0] = "name";
	req.form_value[0] = "B";
	req.nform = 1;
	struct bt_input in = {0};
	assert_string_equal(bt_input_field(&req, &in, "name"), "B");
	assert_null(bt_input_field(&req, &in, "amount"));
	req.nform = 0;
	req.form_parsed = false;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(json_fields_are_text),
		cmocka_unit_test(written_out_numbers_keep_their_own_text),
		cmocka_unit_test(form_fields_are_the_forms),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
