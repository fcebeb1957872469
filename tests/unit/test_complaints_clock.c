/* test_complaints_clock.c: the legal clocks of a case from its events,
 * under Order 20 (working days) and Order 121 (natural-day mediation),
 * with pauses for testing, extensions, breaches and the calendar's end. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "complaints/clock.h"
#include "core/buf.h"

static struct cmpl_calendar cal;

/* The 2026 notice's days that these cases cross. */
static int setup(void **state)
{
	(void)state;
	static const char *const off[] = {
		"2026-05-01", "2026-05-02", "2026-05-03", "2026-05-04",
		"2026-05-05", "2026-06-19", "2026-06-20", "2026-06-21"};
	struct cmpl_listed_day days[9];
	size_t n = 0;
	for (; n < sizeof(off) / sizeof(off[0]); n++) {
		cmpl_day_parse(off[n], &days[n].day);
		days[n].off = true;
		bt_strlcpy(days[n].name, "holiday", sizeof(days[n].name));
	}
	cmpl_day_parse("2026-05-09", &days[n].day);
	days[n].off = false;
	bt_strlcpy(days[n].name, "劳动节", sizeof(days[n].name));
	n++;
	return cmpl_calendar_build(&cal, 2026, 2026, days, n) == BT_OK ? 0 : 1;
}

static int teardown(void **state)
{
	(void)state;
	cmpl_calendar_free(&cal);
	return 0;
}

static void rule(struct cmpl_rules *r, enum cmpl_clock_id id, int days,
		 bool natural, int extension)
{
	r->clock[id].days = days;
	r->clock[id].natural = natural;
	r->clock[id].extension = extension;
}

static struct cmpl_rules order121(void)
{
	struct cmpl_rules r;
	memset(&r, 0, sizeof(r));
	rule(&r, CMPL_CLOCK_ENTERPRISE, 10, false, 0);
	rule(&r, CMPL_CLOCK_ACCEPTANCE, 7, false, 0);
	rule(&r, CMPL_CLOCK_MEDIATION, 60, true, 0);
	rule(&r, CMPL_CLOCK_NOTICE, 7, false, 0);
	rule(&r, CMPL_CLOCK_LEAD, 15, false, 15);
	return r;
}

static int32_t d(const char *text)
{
	int32_t v = 0;
	assert_true(cmpl_day_parse(text, &v));
	return v;
}

static void assert_day(int32_t got, const char *want)
{
	char text[11];
	cmpl_day_format(got, text);
	assert_string_equal(text, want);
}

static void
natural_day_mediation_ending_on_a_sunday_runs_to_monday(void **state)
{
	(void)state;
	struct cmpl_rules r = order121();
	struct cmpl_event_in ev[] = {{CMPL_EV_RECEIVED, d("2026-05-06")},
				     {CMPL_EV_ACCEPTED, d("2026-05-06")}};
	struct cmpl_clock c[CMPL_CLOCK_COUNT];
	cmpl_clocks(&cal, &r, CMPL_COMPLAINT, true, ev, 2, d("2026-05-20"), c);
	/* 60 days after 05-06 is Sunday 07-05 (Art. 45: Monday). */
	assert_day(c[CMPL_CLOCK_MEDIATION].due, "2026-07-06");
	assert_day(c[CMPL_CLOCK_MEDIATION].earliest, "2026-07-05");
	assert_int_equal(c[CMPL_CLOCK_MEDIATION].state, CMPL_CLOCK_RUNNING);
	assert_int_equal(c[CMPL_CLOCK_MEDIATION].used, 14);
	assert_int_equal(c[CMPL_CLOCK_ACCEPTANCE].state, CMPL_CLOCK_MET);
}

/* Past the calendar a natural-day clock has no due day, but its earliest
 * one is known and is what queues order by; a working-day one has
 * neither. */
static void natural_days_past_the_calendar_give_the_earliest_due(void **state)
{
	(void)state;
	struct cmpl_rules r = order121();
	struct cmpl_event_in ev[] = {{CMPL_EV_RECEIVED, d("2026-12-03")},
				     {CMPL_EV_ACCEPTED, d("2026-12-03")}};
	struct cmpl_clock c[CMPL_CLOCK_COUNT];
	cmpl_clocks(&cal, &r, CMPL_COMPLAINT, true, ev, 2, d("2026-12-03"), c);
	const struct cmpl_clock *m = &c[CMPL_CLOCK_MEDIATION];
	assert_int_equal(m->state, CMPL_CLOCK_INCOMPLETE);
	assert_int_equal(m->due, -1);
	assert_day(m->earliest, "2027-02-01");
	assert_day(cmpl_clock_pending_due(m), "2027-02-01");
	/* Ten working days from 12-03 end in 2026: known. */
	assert_day(c[CMPL_CLOCK_ENTERPRISE].due, "2026-12-17");
	assert_int_equal(c[CMPL_CLOCK_ENTERPRISE].earliest, -1);
}

static void testing_pauses_mediation_and_moves_its_due_date(void **state)
{
	(void)state;
	struct cmpl_rules r = order121();
	struct cmpl_event_in ev[] = {
		{CMPL_EV_RECEIVED, d("2026-05-06")},
		{CMPL_EV_ACCEPTED, d("2026-05-06")},
		{CMPL_EV_MEDIATION_STARTED, d("2026-05-07")},
		{CMPL_EV_TESTING_STARTED, d("2026-05-16")},
		{CMPL_EV_TESTING_ENDED, d("2026-05-26")}};
	struct cmpl_clock c[CMPL_CLOCK_COUNT];
	/* While testing runs the clock is paused with no due date. */
	cmpl_clocks(&cal, &r, CMPL_COMPLAINT, true, ev, 4, d("2026-05-20"), c);
	assert_int_equal(c[CMPL_CLOCK_MEDIATION].state, CMPL_CLOCK_PAUSED);
	assert_int_equal(c[CMPL_CLOCK_MEDIATION].due, -1);
	assert_int_equal(c[CMPL_CLOCK_MEDIATION].used, 10);
	assert_int_equal(c[CMPL_CLOCK_MEDIATION].left, 50);
	assert_day(c[CMPL_CLOCK_MEDIATION].paused_from, "2026-05-16");
	/* Ten days of testing move 07-05 to Wednesday 07-15. */
	cmpl_clocks(&cal, &r, CMPL_COMPLAINT, true, ev, 5, d("2026-05-27"), c);
	assert_int_equal(c[CMPL_CLOCK_MEDIATION].state, CMPL_CLOCK_RUNNING);
	assert_day(c[CMPL_CLOCK_MEDIATION].due, "2026-07-15");
	assert_int_equal(c[CMPL_CLOCK_MEDIATION].used, 11);
}

static void working_day_mediation_pauses_too(void **state)
{
	(void)state;
	struct cmpl_rules r = order121();
	rule(&r, CMPL_CLOCK_MEDIATION, 45, false, 0); /* Order 20 */
	struct cmpl_event_in ev[] = {{CMPL_EV_RECEIVED, d("2026-03-02")},
				     {CMPL_EV_ACCEPTED, d("2026-03-02")},
				     {CMPL_EV_TESTING_STARTED, d("2026-03-06")},
				     {CMPL_EV_TESTING_ENDED, d("2026-03-13")}};
	struct cmpl_clock c[CMPL_CLOCK_COUNT];
	cmpl_clocks(&cal, &r, CMPL_COMPLAINT, true, ev, 4, d("2026-03-16"), c);
	/* 4 working days before the pause (03-03..03-06), none during it,
	 * 41 from 03-16 on: with 05-01..05 off and Saturday 05-09 worked,
	 * the 45th is 05-13. */
	assert_day(c[CMPL_CLOCK_MEDIATION].due, "2026-05-13");
}

static void a_pause_that_starts_after_the_due_day_hides_no_breach(void **state)
{
	(void)state;
	struct cmpl_rules r = order121();
	struct cmpl_event_in ev[] = {
		{CMPL_EV_RECEIVED, d("2026-05-06")},
		{CMPL_EV_ACCEPTED, d("2026-05-06")},
		{CMPL_EV_TESTING_STARTED, d("2026-07-10")}};
	struct cmpl_clock c[CMPL_CLOCK_COUNT];
	cmpl_clocks(&cal, &r, CMPL_COMPLAINT, true, ev, 3, d("2026-07-12"), c);
	assert_day(c[CMPL_CLOCK_MEDIATION].due, "2026-07-06");
	assert_int_equal(c[CMPL_CLOCK_MEDIATION].state, CMPL_CLOCK_BREACHED);
}

static void a_settlement_in_mediation_starts_the_notice_clock(void **state)
{
	(void)state;
	struct cmpl_rules r = order121();
	struct cmpl_event_in ev[] = {
		{CMPL_EV_RECEIVED, d("2026-05-06")},
		{CMPL_EV_ACCEPTED, d("2026-05-07")},
		{CMPL_EV_PROPOSED, d("2026-05-11")},
		{CMPL_EV_SETTLEMENT_ACCEPTED, d("2026-05-12")}};
	struct cmpl_clock c[CMPL_CLOCK_COUNT];
	cmpl_clocks(&cal, &r, CMPL_COMPLAINT, true, ev, 4, d("2026-05-13"), c);
	assert_int_equal(c[CMPL_CLOCK_MEDIATION].state, CMPL_CLOCK_MET);
	assert_int_equal(c[CMPL_CLOCK_NOTICE].state, CMPL_CLOCK_RUNNING);
	assert_day(c[CMPL_CLOCK_NOTICE].due, "2026-05-21");
}

static void an_enterprise_answer_stops_its_window(void **state)
{
	(void)state;
	struct cmpl_rules r = order121();
	struct cmpl_event_in ev[] = {{CMPL_EV_RECEIVED, d("2026-06-01")},
				     {CMPL_EV_RESPONDED, d("2026-06-03")}};
	struct cmpl_clock c[CMPL_CLOCK_COUNT];
	cmpl_clocks(&cal, &r, CMPL_COMPLAINT, true, ev, 2, d("2026-07-01"), c);
	assert_int_equal(c[CMPL_CLOCK_ENTERPRISE].state, CMPL_CLOCK_MET);
	assert_day(c[CMPL_CLOCK_ENTERPRISE].stopped, "2026-06-03");
	/* 10 working days from Monday 06-01. */
	assert_day(c[CMPL_CLOCK_ENTERPRISE].due, "2026-06-15");
	/* Without an enterprise to route to, there is no window. */
	cmpl_clocks(&cal, &r, CMPL_COMPLAINT, false, ev, 2, d("2026-07-01"), c);
	assert_int_equal(c[CMPL_CLOCK_ENTERPRISE].state, CMPL_CLOCK_IDLE);
}

static void a_decision_not_taken_in_time_is_breached(void **state)
{
	(void)state;
	struct cmpl_rules r = order121();
	struct cmpl_event_in ev[] = {{CMPL_EV_RECEIVED, d("2026-06-01")}};
	struct cmpl_clock c[CMPL_CLOCK_COUNT];
	cmpl_clocks(&cal, &r, CMPL_COMPLAINT, true, ev, 1, d("2026-06-09"), c);
	assert_day(c[CMPL_CLOCK_ACCEPTANCE].due, "2026-06-10");
	assert_int_equal(c[CMPL_CLOCK_ACCEPTANCE].state, CMPL_CLOCK_RUNNING);
	assert_int_equal(c[CMPL_CLOCK_ACCEPTANCE].left, 1);
	cmpl_clocks(&cal, &r, CMPL_COMPLAINT, true, ev, 1, d("2026-06-11"), c);
	assert_int_equal(c[CMPL_CLOCK_ACCEPTANCE].state, CMPL_CLOCK_BREACHED);
	/* Deciding late stays a breach. */
	struct cmpl_event_in late[] = {{CMPL_EV_RECEIVED, d("2026-06-01")},
				       {CMPL_EV_ACCEPTED, d("2026-06-12")}};
	cmpl_clocks(&cal, &r, CMPL_COMPLAINT, true, late, 2, d("2026-06-20"),
		    c);
	assert_int_equal(c[CMPL_CLOCK_ACCEPTANCE].state, CMPL_CLOCK_BREACHED);
}

static void a_report_check_may_be_extended_once(void **state)
{
	(void)state;
	struct cmpl_rules r = order121();
	struct cmpl_event_in ev[] = {{CMPL_EV_RECEIVED, d("2026-06-01")},
				     {CMPL_EV_LEAD_EXTENDED, d("2026-06-10")}};
	struct cmpl_clock c[CMPL_CLOCK_COUNT];
	cmpl_clocks(&cal, &r, CMPL_REPORT, false, ev, 1, d("2026-06-02"), c);
	/* 15 working days, Friday 06-19 off. */
	assert_day(c[CMPL_CLOCK_LEAD].due, "2026-06-23");
	assert_int_equal(c[CMPL_CLOCK_ACCEPTANCE].state, CMPL_CLOCK_IDLE);
	cmpl_clocks(&cal, &r, CMPL_REPORT, false, ev, 2, d("2026-06-12"), c);
	assert_int_equal(c[CMPL_CLOCK_LEAD].days, 30);
	assert_day(c[CMPL_CLOCK_LEAD].due, "2026-07-14");
}

static void a_deadline_past_the_calendar_is_incomplete(void **state)
{
	(void)state;
	struct cmpl_rules r = order121();
	struct cmpl_event_in ev[] = {{CMPL_EV_RECEIVED, d("2026-12-24")}};
	struct cmpl_clock c[CMPL_CLOCK_COUNT];
	cmpl_clocks(&cal, &r, CMPL_COMPLAINT, true, ev, 1, d("2026-12-28"), c);
	assert_int_equal(c[CMPL_CLOCK_ACCEPTANCE].state, CMPL_CLOCK_INCOMPLETE);
	assert_int_equal(c[CMPL_CLOCK_ACCEPTANCE].due, -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			natural_day_mediation_ending_on_a_sunday_runs_to_monday),
		cmocka_unit_test(
			natural_days_past_the_calendar_give_the_earliest_due),
		cmocka_unit_test(
			testing_pauses_mediation_and_moves_its_due_date),
		cmocka_unit_test(working_day_mediation_pauses_too),
		cmocka_unit_test(
			a_pause_that_starts_after_the_due_day_hides_no_breach),
		cmocka_unit_test(
			a_settlement_in_mediation_starts_the_notice_clock),
		cmocka_unit_test(an_enterprise_answer_stops_its_window),
		cmocka_unit_test(a_decision_not_taken_in_time_is_breached),
		cmocka_unit_test(a_report_check_may_be_extended_once),
		cmocka_unit_test(a_deadline_past_the_calendar_is_incomplete),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
