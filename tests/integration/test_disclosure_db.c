/* test_disclosure_db.c: the disclosure module against the real
 * PostgreSQL, with the traceability source connected as the application
 * does. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "complaints/credit.h"
#include "core/clock.h"
#include "disclosure/enterprise.h"
#include "disclosure/rating.h"
#include "disclosure/rules.h"
#include "support.h"
#include "trace/credit_facts.h"

static void the_facts_of_an_enterprise_name_every_rating_fact(void **state)
{
	(void)state;
	trace_disclose_connect();
	cmpl_disclose_connect();
	long long id = it_enterprise();
	char now[BT_CLOCK_ISO_LEN];
	bt_clock_iso(now);
	json_t *facts = NULL;
	assert_int_equal(disc_rating_facts(it_db(), id, now, &facts), BT_OK);
	size_t n = 0;
	for (const char *const *f = disc_fact_names; *f; f++, n++)
		if (!json_is_integer(json_object_get(facts, *f)))
			fail_msg("fact %s is not produced", *f);
	assert_int_equal(json_object_size(facts), n);
	json_decref(facts);
}

/* The list's entry of enterprise id, as PostgreSQL builds it, is what
 * disc_enterprise_json makes of the enterprise. */
static void expect_listed_as_its_json(long long id)
{
	struct disc_enterprise e;
	assert_int_equal(disc_enterprise_get(it_db(), id, &e), BT_OK);
	json_t *want = disc_enterprise_json(&e);
	json_t *list = NULL;
	assert_int_equal(disc_enterprise_list(it_db(), &list), BT_OK);
	const json_t *got = NULL;
	for (size_t i = 0; i < json_array_size(list) && got == NULL; i++)
		if (json_integer_value(json_object_get(json_array_get(list, i),
						       "id")) == id)
			got = json_array_get(list, i);
	assert_non_null(got);
	if (!json_equal(got, want)) {
		char *a = json_dumps(got, 0), *b = json_dumps(want, 0);
		fail_msg("listed %s, not %s", a, b);
	}
	json_decref(list);
	json_decref(want);
}

static void the_list_shows_each_enterprise_as_its_json(void **state)
{
	(void)state;
	trace_disclose_connect();
	cmpl_disclose_connect();
	long long id = it_enterprise();
	expect_listed_as_its_json(id); /* not rated: no credit */
	char now[BT_CLOCK_ISO_LEN];
	bt_clock_iso(now);
	bool changed = false;
	assert_int_equal(bt_db_begin(it_db()), BT_OK);
	assert_int_equal(disc_rating_recompute(it_db(), id, now, &changed),
			 BT_OK);
	assert_int_equal(bt_db_commit(it_db()), BT_OK);
	assert_true(changed);
	expect_listed_as_its_json(id); /* rated: its grade and score */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			the_facts_of_an_enterprise_name_every_rating_fact),
		cmocka_unit_test(the_list_shows_each_enterprise_as_its_json),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	it_done();
	return rc;
}
