/* test_insurance_claim.c: the claim state machine (who may do what, once
 * only where the law says once), its statutory clocks on the complaints
 * module's engine, and what a policy pays for a loss under its deductible
 * and limits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/buf.h"
#include "insurance/claim.h"

static struct cmpl_calendar cal;

/* 2026 with its National Day week, which the insurance clocks cross. */
static int setup(void **state)
{
	(void)state;
	struct cmpl_listed_day days[7];
	for (int i = 0; i < 7; i++) {
		days[i].day = cmpl_day_from_ymd(2026, 10, 1 + i);
		days[i].off = true;
		bt_strlcpy(days[i].name, "国庆节", sizeof(days[i].name));
	}
	return cmpl_calendar_build(&cal, 2026, 2026, days, 7) == BT_OK ? 0 : 1;
}

static int teardown(void **state)
{
	(void)state;
	cmpl_calendar_free(&cal);
	return 0;
}

static int32_t d(const char *s)
{
	int32_t v = 0;
	assert_true(cmpl_day_parse(s, &v));
	return v;
}

static void apply(struct ins_fold *f, enum ins_actor a, enum ins_ev ev)
{
	assert_true(ins_apply(f, a, ev, false));
}

static void a_claim_runs_from_submission_to_payment(void **state)
{
	(void)state;
	struct ins_fold f;
	ins_fold_init(&f, false);
	apply(&f, INS_BY_CONSUMER, INS_EV_SUBMITTED);
	apply(&f, INS_BY_SYSTEM, INS_EV_CHECKED);
	assert_int_equal(f.state, INS_ST_CHECKED);
	/* Approving before the materials are complete is refused. */
	const char *why = NULL;
	assert_false(ins_allowed(&f, INS_BY_INSURER, INS_EV_APPROVED, &why));
	assert_non_null(why);
	apply(&f, INS_BY_INSURER, INS_EV_ACCEPTED);
	apply(&f, INS_BY_INSURER, INS_EV_APPRAISAL_STARTED);
	assert_false(ins_allowed(&f, INS_BY_INSURER, INS_EV_APPROVED, NULL));
	apply(&f, INS_BY_INSURER, INS_EV_APPRAISAL_RECORDED);
	assert_true(ins_apply(&f, INS_BY_INSURER, INS_EV_APPROVED, true));
	assert_int_equal(f.state, INS_ST_PARTLY_APPROVED);
	assert_true(ins_state_live(&f));
	apply(&f, INS_BY_INSURER, INS_EV_PAID);
	apply(&f, INS_BY_INSURER, INS_EV_CLOSED);
	assert_int_equal(f.state, INS_ST_CLOSED);
	/* A paid claim still holds its item: no second claim on it. */
	assert_true(ins_state_live(&f));
	/* Recovery goes on after closing. */
	assert_true(ins_allowed(&f, INS_BY_INSURER, INS_EV_RECOVERED, NULL));
}

static void each_actor_does_only_its_part(void **state)
{
	(void)state;
	struct ins_fold f;
	ins_fold_init(&f, false);
	apply(&f, INS_BY_CONSUMER, INS_EV_SUBMITTED);
	apply(&f, INS_BY_SYSTEM, INS_EV_CHECKED);
	const char *why = NULL;
	assert_false(ins_allowed(&f, INS_BY_CONSUMER, INS_EV_ACCEPTED, &why));
	assert_string_equal(why,
			    "this action is not yours to take on this claim");
	assert_false(ins_allowed(&f, INS_BY_ENTERPRISE, INS_EV_REJECTED, NULL));
	assert_false(ins_allowed(&f, INS_BY_REGULATOR, INS_EV_APPROVED, NULL));
	assert_true(ins_allowed(&f, INS_BY_ENTERPRISE, INS_EV_ADVANCE_RECORDED,
				NULL));
	assert_true(ins_allowed(&f, INS_BY_REGULATOR, INS_EV_FLAGGED, NULL));
	const char *list[INS_EV_COUNT + 1];
	ins_allowed_list(&f, INS_BY_CONSUMER, list);
	bool withdraw = false, accept = false;
	for (size_t i = 0; list[i]; i++) {
		withdraw = withdraw || strcmp(list[i], "withdrawn") == 0;
		accept = accept || strcmp(list[i], "accepted") == 0;
	}
	assert_true(withdraw);
	assert_false(accept);
}

static void materials_are_asked_for_once(void **state)
{
	(void)state;
	struct ins_fold f;
	ins_fold_init(&f, false);
	apply(&f, INS_BY_CONSUMER, INS_EV_SUBMITTED);
	apply(&f, INS_BY_SYSTEM, INS_EV_CHECKED);
	apply(&f, INS_BY_INSURER, INS_EV_MATERIALS_REQUESTED);
	apply(&f, INS_BY_CONSUMER, INS_EV_MATERIALS_RECEIVED);
	const char *why = NULL;
	assert_false(ins_allowed(&f, INS_BY_INSURER, INS_EV_MATERIALS_REQUESTED,
				 &why));
	assert_non_null(strstr(why, "once"));
}

static void a_rejection_is_notified_and_appealed_once(void **state)
{
	(void)state;
	struct ins_fold f;
	ins_fold_init(&f, false);
	apply(&f, INS_BY_CONSUMER, INS_EV_SUBMITTED);
	apply(&f, INS_BY_SYSTEM, INS_EV_CHECKED);
	apply(&f, INS_BY_INSURER, INS_EV_REJECTED);
	assert_false(ins_state_live(&f));
	const char *why = NULL;
	assert_false(ins_allowed(&f, INS_BY_INSURER, INS_EV_CLOSED, &why));
	assert_string_equal(why, "send the rejection notice before closing");
	apply(&f, INS_BY_INSURER, INS_EV_REJECTION_NOTIFIED);
	apply(&f, INS_BY_INSURER, INS_EV_CLOSED);
	apply(&f, INS_BY_CONSUMER, INS_EV_APPEALED);
	assert_false(ins_allowed(&f, INS_BY_CONSUMER, INS_EV_APPEALED, &why));
	assert_string_equal(why, "a rejected claim may be appealed once");
	/* The appeal is a claim of its own that cannot be appealed. */
	struct ins_fold a;
	ins_fold_init(&a, true);
	apply(&a, INS_BY_CONSUMER, INS_EV_SUBMITTED);
	apply(&a, INS_BY_SYSTEM, INS_EV_CHECKED);
	apply(&a, INS_BY_INSURER, INS_EV_REJECTED);
	assert_false(ins_allowed(&a, INS_BY_CONSUMER, INS_EV_APPEALED, NULL));
}

static void a_frozen_claim_is_decided_by_regulators(void **state)
{
	(void)state;
	struct ins_fold f;
	ins_fold_init(&f, false);
	apply(&f, INS_BY_CONSUMER, INS_EV_SUBMITTED);
	apply(&f, INS_BY_SYSTEM, INS_EV_FROZEN);
	assert_false(ins_allowed(&f, INS_BY_INSURER, INS_EV_ACCEPTED, NULL));
	assert_false(ins_allowed(&f, INS_BY_INSURER, INS_EV_PAID, NULL));
	assert_true(ins_allowed(&f, INS_BY_REGULATOR, INS_EV_REJECTED, NULL));
	apply(&f, INS_BY_REGULATOR, INS_EV_CLEARED);
	assert_int_equal(f.state, INS_ST_CHECKED);
	assert_false(ins_allowed(&f, INS_BY_REGULATOR, INS_EV_REJECTED, NULL));
}

static struct ins_rules law(void)
{
	struct ins_rules r;
	memset(&r, 0, sizeof(r));
	static const int days[INS_CLOCK_COUNT] = {30, 10, 3, 60};
	for (int i = 0; i < INS_CLOCK_COUNT; i++) {
		r.clock[i].days = days[i];
		r.clock[i].natural = true;
	}
	return r;
}

static void clocks_count_natural_days_and_end_after_a_holiday(void **state)
{
	(void)state;
	struct ins_rules r = law();
	/* Materials complete on 2026-09-01: 30 days end on 1 October, a day
	 * off, so the decision is due on the first working day after the
	 * National Day week. */
	struct cmpl_event_in ev[] = {{INS_EV_SUBMITTED, d("2026-08-30")},
				     {INS_EV_CHECKED, d("2026-08-30")},
				     {INS_EV_ACCEPTED, d("2026-09-01")}};
	struct cmpl_clock c[INS_CLOCK_COUNT];
	ins_clocks(&cal, &r, ev, 3, d("2026-09-10"), c);
	assert_int_equal(c[INS_CLOCK_DECISION].state, CMPL_CLOCK_RUNNING);
	assert_int_equal(c[INS_CLOCK_DECISION].due, d("2026-10-08"));
	assert_int_equal(c[INS_CLOCK_PAYMENT].state, CMPL_CLOCK_IDLE);
	/* 60 days end on Saturday 31 October: due on Monday. */
	assert_int_equal(c[INS_CLOCK_INTERIM].due, d("2026-11-02"));
	/* Approved late, then paid inside 10 days of agreeing. */
	struct cmpl_event_in later[] = {{INS_EV_SUBMITTED, d("2026-08-30")},
					{INS_EV_CHECKED, d("2026-08-30")},
					{INS_EV_ACCEPTED, d("2026-09-01")},
					{INS_EV_APPROVED, d("2026-10-09")},
					{INS_EV_PAID, d("2026-10-15")}};
	ins_clocks(&cal, &r, later, 5, d("2026-10-20"), c);
	assert_int_equal(c[INS_CLOCK_DECISION].state, CMPL_CLOCK_BREACHED);
	assert_int_equal(c[INS_CLOCK_PAYMENT].state, CMPL_CLOCK_MET);
	assert_int_equal(c[INS_CLOCK_INTERIM].state, CMPL_CLOCK_MET);
	/* Nothing paid 12 days after agreeing: overdue. */
	ins_clocks(&cal, &r, later, 4, d("2026-10-21"), c);
	assert_int_equal(c[INS_CLOCK_PAYMENT].state, CMPL_CLOCK_BREACHED);
	assert_int_equal(cmpl_clock_pending_due(&c[INS_CLOCK_PAYMENT]),
			 d("2026-10-19"));
}

static void a_clock_stopped_before_the_calendar_ends_was_met(void **state)
{
	(void)state;
	struct ins_rules r = law();
	/* The 60-day clock would end in 2027, which is not loaded; it was
	 * stopped by the decision in 2026, so it was met. */
	struct cmpl_event_in ev[] = {{INS_EV_ACCEPTED, d("2026-12-10")},
				     {INS_EV_APPROVED, d("2026-12-20")}};
	struct cmpl_clock c[INS_CLOCK_COUNT];
	ins_clocks(&cal, &r, ev, 2, d("2026-12-22"), c);
	assert_int_equal(c[INS_CLOCK_INTERIM].state, CMPL_CLOCK_MET);
	assert_int_equal(c[INS_CLOCK_DECISION].state, CMPL_CLOCK_MET);
	/* Still running past the calendar: not guessed. */
	ins_clocks(&cal, &r, ev, 1, d("2026-12-22"), c);
	assert_int_equal(c[INS_CLOCK_DECISION].state, CMPL_CLOCK_INCOMPLETE);
}

static void the_deductible_and_limits_cap_what_is_paid(void **state)
{
	(void)state;
	struct ins_limits l = {100000, 250000, 5000, 0, 0};
	struct ins_payable p = ins_payable_for(&l, 26800);
	assert_int_equal(p.deductible_fen, 5000);
	assert_int_equal(p.payable_fen, 21800);
	assert_null(p.limited_by);
	/* The deductible is used up: the next loss is paid whole, up to the
	 * per-claim limit. */
	l.deductible_used_fen = 5000;
	l.used_fen = 21800;
	p = ins_payable_for(&l, 150000);
	assert_int_equal(p.deductible_fen, 0);
	assert_int_equal(p.payable_fen, 100000);
	assert_string_equal(p.limited_by, "per_claim");
	/* What is left of the aggregate caps it. */
	l.used_fen = 200000;
	p = ins_payable_for(&l, 80000);
	assert_int_equal(p.payable_fen, 50000);
	assert_string_equal(p.limited_by, "aggregate");
	l.used_fen = 250000;
	assert_int_equal(ins_payable_for(&l, 80000).payable_fen, 0);
	/* A loss inside the deductible pays nothing. */
	struct ins_limits small = {100000, 250000, 5000, 0, 1000};
	p = ins_payable_for(&small, 3000);
	assert_int_equal(p.deductible_fen, 3000);
	assert_int_equal(p.payable_fen, 0);
	assert_int_equal(ins_payable_for(&small, -5).payable_fen, 0);
}

static void names_round_trip(void **state)
{
	(void)state;
	for (int e = 0; e < INS_EV_COUNT; e++) {
		enum ins_ev out;
		assert_true(ins_ev_parse(ins_ev_name((enum ins_ev)e), &out));
		assert_int_equal(out, e);
	}
	for (int s = 0; s < INS_ST_COUNT; s++) {
		enum ins_state out;
		assert_true(ins_state_parse(ins_state_name((enum ins_state)s),
					    &out));
		assert_int_equal(out, s);
	}
	enum ins_ev ev;
	assert_false(ins_ev_parse("paid; DROP TABLE", &ev));
	assert_false(ins_ev_parse(NULL, &ev));
	assert_string_equal(ins_ev_name(INS_EV_COUNT), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_claim_runs_from_submission_to_payment),
		cmocka_unit_test(each_actor_does_only_its_part),
		cmocka_unit_test(materials_are_asked_for_once),
		cmocka_unit_test(a_rejection_is_notified_and_appealed_once),
		cmocka_unit_test(a_frozen_claim_is_decided_by_regulators),
		cmocka_unit_test(
			clocks_count_natural_days_and_end_after_a_holiday),
		cmocka_unit_test(
			a_clock_stopped_before_the_calendar_ends_was_met),
		cmocka_unit_test(the_deductible_and_limits_cap_what_is_paid),
		cmocka_unit_test(names_round_trip),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
