/* test_disclosure_db.c: the disclosure module against the real
 * PostgreSQL, with the traceability source connected as the application
 * does. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/clock.h"
#include "disclosure/rating.h"
#include "disclosure/rules.h"
#include "support.h"
#include "trace/credit_facts.h"

static void the_facts_of_an_enterprise_name_every_rating_fact(void **state)
{
	(void)state;
	trace_disclose_connect();
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			the_facts_of_an_enterprise_name_every_rating_fact),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	it_done();
	return rc;
}
