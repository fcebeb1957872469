/* test_disclosure_csv.c: rows as CSV that spreadsheets open safely. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/buf.h"
#include "disclosure/csv.h"

static const char *const cols[] = {"id", "name", "amount", "ok", NULL};

/* The CSV of rows (JSON text) is expected. */
static void expect_csv(const char *rows_json, const char *expected)
{
	json_t *rows = json_loads(rows_json, 0, NULL);
	assert_non_null(rows);
	struct bt_buf b = BT_BUF_INIT;
	disc_csv_write(&b, rows, cols);
	assert_string_equal(b.data, expected);
	bt_buf_free(&b);
	json_decref(rows);
}

static void a_header_then_a_crlf_line_per_row(void **state)
{
	(void)state;
	expect_csv("[{\"id\": 1, \"name\": \"A\", \"amount\": 2.5, \"ok\": "
		   "true}, {\"id\": 2, \"name\": null}]",
		   "id,name,amount,ok\r\n"
		   "1,A,2.5,true\r\n"
		   "2,,,\r\n");
	expect_csv("[]", "id,name,amount,ok\r\n");
}

static void commas_quotes_and_line_breaks_are_quoted(void **state)
{
	(void)state;
	expect_csv("[{\"name\": \"a, \\\"b\\\"\\nc\"}]",
		   "id,name,amount,ok\r\n"
		   ",\"a, \"\"b\"\"\nc\",,\r\n");
}

static void formulas_are_neutralised_but_numbers_are_not(void **state)
{
	(void)state;
	expect_csv("[{\"id\": -3, \"name\": \"=SUM(A1)\"}, {\"name\": "
		   "\"+cmd|calc\"}, {\"name\": \"@x\"}, {\"name\": \"-1\"}]",
		   "id,name,amount,ok\r\n"
		   "-3,\"'=SUM(A1)\",,\r\n"
		   ",\"'+cmd|calc\",,\r\n"
		   ",\"'@x\",,\r\n"
		   ",\"'-1\",,\r\n");
}

/* Nested members by dotted column names; arrays of strings as one field. */
static void nested_members_and_lists(void **state)
{
	(void)state;
	static const char *const nested[] = {"n", "who.name", "who.x.y",
					     "flags", NULL};
	json_t *rows = json_loads(
		"[{\"n\": 1, \"who\": {\"name\": \"=A\", \"x\": {\"y\": 2}}, "
		"\"flags\": [\"late\", 3, \"new\"]}, {\"who\": 5, \"flags\": "
		"[]}]",
		0, NULL);
	assert_non_null(rows);
	struct bt_buf b = BT_BUF_INIT;
	disc_csv_write(&b, rows, nested);
	assert_string_equal(b.data, "n,who.name,who.x.y,flags\r\n"
				    "1,\"'=A\",2,late;new\r\n"
				    ",,,\r\n");
	bt_buf_free(&b);
	json_decref(rows);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_header_then_a_crlf_line_per_row),
		cmocka_unit_test(commas_quotes_and_line_breaks_are_quoted),
		cmocka_unit_test(formulas_are_neutralised_but_numbers_are_not),
		cmocka_unit_test(nested_members_and_lists),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
