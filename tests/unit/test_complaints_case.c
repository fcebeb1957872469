/* test_complaints_case.c: which transitions each party may make, and the
 * states they lead to; every refusal says why. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "complaints/case.h"

static void step(struct cmpl_fold *f, enum cmpl_actor who, enum cmpl_ev ev,
		 enum cmpl_state want)
{
	assert_true(cmpl_apply(f, who, ev));
	assert_int_equal(f->state, want);
}

static void refused(const struct cmpl_fold *f, enum cmpl_actor who,
		    enum cmpl_ev ev)
{
	const char *why = NULL;
	assert_false(cmpl_allowed(f, who, ev, &why));
	assert_non_null(why);
	struct cmpl_fold copy = *f;
	assert_false(cmpl_apply(&copy, who, ev));
	assert_memory_equal(&copy, f, sizeof(copy));
}

static void a_complaint_goes_through_mediation_with_testing(void **state)
{
	(void)state;
	struct cmpl_fold f;
	cmpl_fold_init(&f, CMPL_COMPLAINT);
	step(&f, CMPL_BY_SYSTEM, CMPL_EV_RECEIVED, CMPL_ST_RECEIVED);
	step(&f, CMPL_BY_ENTERPRISE, CMPL_EV_RESPONDED, CMPL_ST_RECEIVED);
	assert_true(f.answered);
	step(&f, CMPL_BY_REGULATOR, CMPL_EV_ACCEPTED, CMPL_ST_ACCEPTED);
	step(&f, CMPL_BY_REGULATOR, CMPL_EV_MEDIATION_STARTED,
	     CMPL_ST_MEDIATION);
	step(&f, CMPL_BY_REGULATOR, CMPL_EV_TESTING_STARTED, CMPL_ST_TESTING);
	refused(&f, CMPL_BY_REGULATOR, CMPL_EV_AGREEMENT);
	step(&f, CMPL_BY_REGULATOR, CMPL_EV_TESTING_ENDED, CMPL_ST_MEDIATION);
	step(&f, CMPL_BY_REGULATOR, CMPL_EV_AGREEMENT, CMPL_ST_AGREED);
	step(&f, CMPL_BY_REGULATOR, CMPL_EV_CLOSED, CMPL_ST_CLOSED);
	for (int e = 0; e < CMPL_EV_COUNT; e++)
		if (e != CMPL_EV_RECOVERED)
			refused(&f, CMPL_BY_REGULATOR, (enum cmpl_ev)e);
}

static void a_settlement_the_consumer_accepts_settles_the_case(void **state)
{
	(void)state;
	struct cmpl_fold f;
	cmpl_fold_init(&f, CMPL_COMPLAINT);
	step(&f, CMPL_BY_SYSTEM, CMPL_EV_RECEIVED, CMPL_ST_RECEIVED);
	refused(&f, CMPL_BY_CONSUMER, CMPL_EV_SETTLEMENT_ACCEPTED);
	step(&f, CMPL_BY_ENTERPRISE, CMPL_EV_PROPOSED, CMPL_ST_RECEIVED);
	step(&f, CMPL_BY_CONSUMER, CMPL_EV_SETTLEMENT_REFUSED,
	     CMPL_ST_RECEIVED);
	refused(&f, CMPL_BY_CONSUMER, CMPL_EV_SETTLEMENT_ACCEPTED);
	step(&f, CMPL_BY_ENTERPRISE, CMPL_EV_PROPOSED, CMPL_ST_RECEIVED);
	step(&f, CMPL_BY_CONSUMER, CMPL_EV_SETTLEMENT_ACCEPTED,
	     CMPL_ST_SETTLED);
	refused(&f, CMPL_BY_REGULATOR, CMPL_EV_ACCEPTED);
	step(&f, CMPL_BY_REGULATOR, CMPL_EV_CLOSED, CMPL_ST_CLOSED);
}

static void each_party_takes_only_its_own_actions(void **state)
{
	(void)state;
	struct cmpl_fold f;
	cmpl_fold_init(&f, CMPL_COMPLAINT);
	step(&f, CMPL_BY_SYSTEM, CMPL_EV_RECEIVED, CMPL_ST_RECEIVED);
	refused(&f, CMPL_BY_ENTERPRISE, CMPL_EV_ACCEPTED);
	refused(&f, CMPL_BY_CONSUMER, CMPL_EV_ACCEPTED);
	refused(&f, CMPL_BY_REGULATOR, CMPL_EV_PROPOSED);
	refused(&f, CMPL_BY_ENTERPRISE, CMPL_EV_WITHDRAWN);
	refused(&f, CMPL_BY_SYSTEM, CMPL_EV_MESSAGE);
	refused(&f, CMPL_BY_SYSTEM, CMPL_EV_RECEIVED);
	const char *list[CMPL_EV_COUNT + 1];
	cmpl_allowed_list(&f, CMPL_BY_CONSUMER, list);
	assert_string_equal(list[0], "message");
	assert_string_equal(list[1], "withdrawn");
	assert_null(list[2]);
}

static void steps_out_of_order_are_refused(void **state)
{
	(void)state;
	struct cmpl_fold f;
	cmpl_fold_init(&f, CMPL_COMPLAINT);
	refused(&f, CMPL_BY_REGULATOR, CMPL_EV_ACCEPTED);
	step(&f, CMPL_BY_SYSTEM, CMPL_EV_RECEIVED, CMPL_ST_RECEIVED);
	refused(&f, CMPL_BY_REGULATOR, CMPL_EV_MEDIATION_STARTED);
	refused(&f, CMPL_BY_REGULATOR, CMPL_EV_TESTING_STARTED);
	refused(&f, CMPL_BY_REGULATOR, CMPL_EV_TESTING_ENDED);
	refused(&f, CMPL_BY_REGULATOR, CMPL_EV_CLOSED);
	refused(&f, CMPL_BY_REGULATOR, CMPL_EV_LEAD_CHECKED);
	step(&f, CMPL_BY_REGULATOR, CMPL_EV_NOT_ACCEPTED, CMPL_ST_NOT_ACCEPTED);
	refused(&f, CMPL_BY_REGULATOR, CMPL_EV_ACCEPTED);
	refused(&f, CMPL_BY_REGULATOR, CMPL_EV_ADVANCE_PAID);
	refused(&f, CMPL_BY_CONSUMER, CMPL_EV_WITHDRAWN);
	step(&f, CMPL_BY_REGULATOR, CMPL_EV_CLOSED, CMPL_ST_CLOSED);
}

static void a_report_is_checked_not_mediated(void **state)
{
	(void)state;
	struct cmpl_fold f;
	cmpl_fold_init(&f, CMPL_REPORT);
	step(&f, CMPL_BY_SYSTEM, CMPL_EV_RECEIVED, CMPL_ST_RECEIVED);
	refused(&f, CMPL_BY_REGULATOR, CMPL_EV_ACCEPTED);
	refused(&f, CMPL_BY_ENTERPRISE, CMPL_EV_RESPONDED);
	refused(&f, CMPL_BY_ENTERPRISE, CMPL_EV_MESSAGE);
	refused(&f, CMPL_BY_REGULATOR, CMPL_EV_ADVANCE_PAID);
	step(&f, CMPL_BY_REGULATOR, CMPL_EV_LEAD_EXTENDED, CMPL_ST_RECEIVED);
	const char *why = NULL;
	assert_false(cmpl_allowed(&f, CMPL_BY_REGULATOR, CMPL_EV_LEAD_EXTENDED,
				  &why));
	assert_string_equal(why, "the check period may be extended only once");
	step(&f, CMPL_BY_REGULATOR, CMPL_EV_LEAD_CHECKED, CMPL_ST_CHECKED);
	step(&f, CMPL_BY_REGULATOR, CMPL_EV_CLOSED, CMPL_ST_CLOSED);
}

static void advance_payment_and_recovery_follow_the_case(void **state)
{
	(void)state;
	struct cmpl_fold f;
	cmpl_fold_init(&f, CMPL_COMPLAINT);
	step(&f, CMPL_BY_SYSTEM, CMPL_EV_RECEIVED, CMPL_ST_RECEIVED);
	step(&f, CMPL_BY_REGULATOR, CMPL_EV_ADVANCE_PAID, CMPL_ST_RECEIVED);
	/* the enterprise (or its platform) may record its own payment */
	step(&f, CMPL_BY_ENTERPRISE, CMPL_EV_ADVANCE_PAID, CMPL_ST_RECEIVED);
	refused(&f, CMPL_BY_CONSUMER, CMPL_EV_ADVANCE_PAID);
	step(&f, CMPL_BY_REGULATOR, CMPL_EV_ACCEPTED, CMPL_ST_ACCEPTED);
	step(&f, CMPL_BY_REGULATOR, CMPL_EV_AGREEMENT, CMPL_ST_AGREED);
	step(&f, CMPL_BY_REGULATOR, CMPL_EV_CLOSED, CMPL_ST_CLOSED);
	step(&f, CMPL_BY_REGULATOR, CMPL_EV_RECOVERED, CMPL_ST_CLOSED);
}

static void names_round_trip(void **state)
{
	(void)state;
	for (int e = 0; e < CMPL_EV_COUNT; e++) {
		enum cmpl_ev back;
		assert_true(
			cmpl_ev_parse(cmpl_ev_name((enum cmpl_ev)e), &back));
		assert_int_equal(back, e);
	}
	for (int s = 0; s < CMPL_ST_COUNT; s++) {
		enum cmpl_state back;
		assert_true(cmpl_state_parse(
			cmpl_state_name((enum cmpl_state)s), &back));
		assert_int_equal(back, s);
	}
	enum cmpl_ev ev;
	assert_false(cmpl_ev_parse("approve", &ev));
	assert_false(cmpl_ev_parse(NULL, &ev));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			a_complaint_goes_through_mediation_with_testing),
		cmocka_unit_test(
			a_settlement_the_consumer_accepts_settles_the_case),
		cmocka_unit_test(each_party_takes_only_its_own_actions),
		cmocka_unit_test(steps_out_of_order_are_refused),
		cmocka_unit_test(a_report_is_checked_not_mediated),
		cmocka_unit_test(advance_payment_and_recovery_follow_the_case),
		cmocka_unit_test(names_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
