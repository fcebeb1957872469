/* test_disclosure_rating.c: the facts a rating reads. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/buf.h"
#include "disclosure/rating.h"
#include "disclosure/rules.h"

static json_int_t num(const json_t *obj, const char *key)
{
	return json_integer_value(json_object_get(obj, key));
}

/* What disclosure's own facts statement gives, dates included. */
static json_t *own_facts(void)
{
	json_t *own = json_pack(
		"{s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, "
		"s:i, s:s, s:n}",
		"customs_advanced", 0, "customs_certified", 1,
		"customs_dishonest", 0, "customs_seriously_dishonest", 0,
		"penalties_minor", 0, "penalties_general", 1,
		"penalties_serious", 0, "commitments_kept", 2,
		"commitments_broken", 0, "insured", 1, "commendations", 0,
		"claims_paid", 1, "claims_paid_late", 0, "registered_on",
		"2024-01-10", "last_violation");
	assert_non_null(own);
	return own;
}

static void every_rating_fact_is_produced(void **state)
{
	(void)state;
	json_t *facts = own_facts();
	struct disc_trace_facts trace = {.orders = 3, .clone_alerts = 1};
	struct disc_complaint_facts cmpl = {.upheld = 2};
	bt_strlcpy(trace.last_failed_inspection, "2025-06-01",
		   sizeof(trace.last_failed_inspection));
	assert_int_equal(disc_rating_facts_complete(facts, &trace, &cmpl,
						    "2026-03-15T02:00:00Z"),
			 BT_OK);
	size_t n = 0;
	for (const char *const *f = disc_fact_names; *f; f++, n++)
		if (!json_is_integer(json_object_get(facts, *f)))
			fail_msg("fact %s is not produced", *f);
	assert_int_equal(json_object_size(facts), n); /* the dates are gone */
	assert_int_equal(num(facts, "orders"), 3);
	assert_int_equal(num(facts, "clone_alerts"), 1);
	assert_int_equal(num(facts, "complaints_upheld"), 2);
	/* the failed inspection is the latest of the three dates */
	assert_int_equal(num(facts, "months_clean"), 9);
	json_decref(facts);
}

static void a_fact_not_produced_is_an_error_not_a_zero(void **state)
{
	(void)state;
	json_t *facts = own_facts();
	json_object_del(facts, "insured");
	struct disc_trace_facts trace = {0};
	struct disc_complaint_facts cmpl = {0};
	assert_int_equal(disc_rating_facts_complete(facts, &trace, &cmpl,
						    "2026-03-15T02:00:00Z"),
			 BT_EINTERNAL);
	json_decref(facts);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_rating_fact_is_produced),
		cmocka_unit_test(a_fact_not_produced_is_an_error_not_a_zero),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
