/* test_disclosure_rules.c: checking a credit rule set. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/buf.h"
#include "disclosure/rules.h"
#include "example_rules.h"

static void the_shipped_example_rule_set_is_valid(void **state)
{
	(void)state;
	char reason[200] = "";
	json_t *r = rules();
	assert_true(disc_rules_check(r, reason, sizeof(reason)));
	json_decref(r);
}

/* Breaks one part of the example and expects the reason to say so. */
static void expect_refused(const char *path_json_patch, const char *needle)
{
	json_t *r = rules();
	json_t *patch = json_loads(path_json_patch, 0, NULL);
	assert_non_null(patch);
	json_object_update(r, patch);
	char reason[200] = "";
	assert_false(disc_rules_check(r, reason, sizeof(reason)));
	if (strstr(reason, needle) == NULL)
		fail_msg("reason '%s' lacks '%s'", reason, needle);
	json_decref(patch);
	json_decref(r);
}

/* The rule set the migration installs passes the same check. */
static void the_migrations_rule_set_is_valid(void **state)
{
	(void)state;
	char path[1024];
	snprintf(path, sizeof(path), "%s/migrations/0005_disclosure.sql",
		 getenv("BT_SQL_DIR"));
	struct bt_buf sql = BT_BUF_INIT;
	assert_int_equal(bt_read_file(path, 1 << 20, &sql), BT_OK);
	bt_buf_append(&sql, "", 1);
	const char *start = strstr(sql.data, "$json$");
	assert_non_null(start);
	start += 6;
	const char *end = strstr(start, "$json$");
	assert_non_null(end);
	json_t *r = json_loadb(start, (size_t)(end - start), 0, NULL);
	assert_non_null(r);
	char reason[200] = "";
	if (!disc_rules_check(r, reason, sizeof(reason)))
		fail_msg("%s", reason);
	json_decref(r);
	bt_buf_free(&sql);
}

static void bad_rule_sets_are_refused_with_the_reason(void **state)
{
	(void)state;
	expect_refused("{\"grades\": [{\"grade\": \"A\", \"from\": 700, \"to\":"
		       " 1000}, {\"grade\": \"B\", \"from\": 0, \"to\": 750}]}",
		       "overlap");
	expect_refused("{\"grades\": [{\"grade\": \"A\", \"from\": 800, \"to\":"
		       " 1000}, {\"grade\": \"B\", \"from\": 0, \"to\": 700}]}",
		       "no grade covers scores 701 to 799");
	expect_refused(
		"{\"grades\": [{\"grade\": \"A\", \"from\": 500, \"to\":"
		" 1000}, {\"grade\": \"B\", \"from\": 10, \"to\": 499}]}",
		"from 0");
	expect_refused("{\"grades\": [{\"grade\": \"A\", \"from\": 500, \"to\":"
		       " 1000}, {\"grade\": \"A\", \"from\": 0, \"to\": 499}]}",
		       "named twice");
	expect_refused("{\"baseline\": 2000}", "baseline");
	expect_refused("{\"min\": 10, \"max\": 10}", "min < max");
	expect_refused("{\"factors\": [{\"code\": \"x\", \"fact\": \"luck\","
		       " \"points\": 1, \"zh\": \"a\", \"en\": \"a\"}]}",
		       "fact must be one of");
	expect_refused("{\"factors\": [{\"code\": \"x\", \"fact\": \"orders\","
		       " \"points\": -1, \"cap\": 5, \"zh\": \"a\", \"en\": "
		       "\"a\"}]}",
		       "same sign");
	expect_refused(
		"{\"factors\": [{\"code\": \"x\", \"fact\": "
		"\"messages_rejected\", \"per\": \"messages\", \"guard\": "
		"0, \"points\": -1, \"zh\": \"a\", \"en\": \"a\"}]}",
		"guard");
	expect_refused("{\"factors\": [{\"code\": \"x\", \"fact\": \"orders\","
		       " \"points\": 0, \"zh\": \"a\", \"en\": \"a\"}]}",
		       "non-zero");
	expect_refused("{\"factors\": [{\"code\": \"x\", \"fact\": \"orders\","
		       " \"points\": 1, \"zh\": \"a\"}]}",
		       "labels");
	expect_refused(
		"{\"factors\": [{\"code\": \"x\", \"fact\": \"orders\","
		" \"points\": 1, \"zh\": \"a\", \"en\": \"b\"}, {\"code\":"
		" \"x\", \"fact\": \"orders\", \"points\": 1, \"zh\": "
		"\"a\", \"en\": \"b\"}]}",
		"listed twice");
	expect_refused("{\"colour\": \"red\"}", "unknown member");
	char reason[200];
	assert_false(disc_rules_check(json_null(), reason, sizeof(reason)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_shipped_example_rule_set_is_valid),
		cmocka_unit_test(the_migrations_rule_set_is_valid),
		cmocka_unit_test(bad_rule_sets_are_refused_with_the_reason),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
