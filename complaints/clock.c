/* clock.c: the clock engine (see clock.h). */
#include "clock.h"

#include <string.h>

/* At most this many pauses (testing rounds) count for one clock. */
#define PAUSES_MAX 16

struct clock_def {
	bool report; /* a clock of reports (else of complaints) */
	bool needs_route;
	struct cmpl_period_def period;
};

#define EVENTS(...) ((const int[]){__VA_ARGS__, -1})

static const struct clock_def defs[CMPL_CLOCK_COUNT] = {
	[CMPL_CLOCK_ENTERPRISE] = {false,
				   true,
				   {EVENTS(CMPL_EV_RECEIVED),
				    EVENTS(CMPL_EV_RESPONDED, CMPL_EV_PROPOSED,
					   CMPL_EV_REFUSED, CMPL_EV_WITHDRAWN,
					   CMPL_EV_NOT_ACCEPTED,
					   CMPL_EV_CLOSED),
				    -1, -1, -1}},
	[CMPL_CLOCK_ACCEPTANCE] = {false,
				   false,
				   {EVENTS(CMPL_EV_RECEIVED),
				    EVENTS(CMPL_EV_ACCEPTED,
					   CMPL_EV_NOT_ACCEPTED,
					   CMPL_EV_WITHDRAWN,
					   CMPL_EV_SETTLEMENT_ACCEPTED),
				    -1, -1, -1}},
	[CMPL_CLOCK_MEDIATION] =
		{false,
		 false,
		 {EVENTS(CMPL_EV_ACCEPTED),
		  EVENTS(CMPL_EV_AGREEMENT, CMPL_EV_MEDIATION_ENDED,
			 CMPL_EV_WITHDRAWN, CMPL_EV_SETTLEMENT_ACCEPTED),
		  CMPL_EV_TESTING_STARTED, CMPL_EV_TESTING_ENDED, -1}},
	[CMPL_CLOCK_NOTICE] = {false,
			       false,
			       {EVENTS(CMPL_EV_AGREEMENT,
				       CMPL_EV_MEDIATION_ENDED,
				       CMPL_EV_SETTLEMENT_ACCEPTED),
				EVENTS(CMPL_EV_CLOSED), -1, -1, -1}},
	[CMPL_CLOCK_LEAD] = {true,
			     false,
			     {EVENTS(CMPL_EV_RECEIVED),
			      EVENTS(CMPL_EV_LEAD_CHECKED, CMPL_EV_WITHDRAWN,
				     CMPL_EV_CLOSED),
			      -1, -1, CMPL_EV_LEAD_EXTENDED}},
};

struct pause {
	int32_t from, to; /* days after from up to and including to; to is
			     INT32_MAX while the pause is open */
};

static bool in_list(const int *list, int ev)
{
	for (; *list >= 0; list++)
		if (*list == ev)
			return true;
	return false;
}

static bool is_paused(const struct pause *p, size_t np, int32_t d)
{
	for (size_t i = 0; i < np; i++)
		if (d > p[i].from && d <= p[i].to)
			return true;
	return false;
}

/* Whether day d counts towards a period: any day for natural days, a
 * working day otherwise; *unknown when the calendar cannot say. */
static bool counts(const struct cmpl_calendar *cal, bool natural, int32_t d,
		   bool *unknown)
{
	if (natural)
		return true;
	enum cmpl_day_kind k = cmpl_calendar_kind(cal, d);
	if (k == CMPL_DAY_UNKNOWN) {
		*unknown = true;
		return false;
	}
	return k == CMPL_DAY_WORKING || k == CMPL_DAY_WORKDAY;
}

/* The due day of a period of days from start with pauses, or -1 while an
 * open pause holds it (*paused) or the calendar ends first (*unknown). */
static int32_t due_day(const struct cmpl_calendar *cal, bool natural, int days,
		       int32_t start, const struct pause *p, size_t np,
		       bool *paused, bool *unknown, int32_t *earliest)
{
	int32_t d = start;
	for (int counted = 0; counted < days;) {
		d++;
		if (is_paused(p, np, d)) {
			if (np && p[np - 1].to == INT32_MAX &&
			    d > p[np - 1].from) {
				*paused = true;
				return -1;
			}
			continue;
		}
		if (counts(cal, natural, d, unknown))
			counted++;
		if (*unknown)
			return -1;
	}
	/* A natural-day period whose last day is a day off ends on the next
	 * working day (Order 121 Art. 45). */
	if (natural)
		*earliest = d;
	while (natural && !cmpl_calendar_working(cal, d)) {
		if (cmpl_calendar_kind(cal, d) == CMPL_DAY_UNKNOWN) {
			*unknown = true;
			return -1;
		}
		d++;
	}
	return d;
}

/* Counted days in (start, end]. */
static int used_days(const struct cmpl_calendar *cal, bool natural,
		     int32_t start, int32_t end, const struct pause *p,
		     size_t np)
{
	int used = 0;
	bool unknown = false;
	for (int32_t d = start + 1; d <= end && !unknown; d++)
		if (!is_paused(p, np, d) && counts(cal, natural, d, &unknown))
			used++;
	return used;
}

void cmpl_period(const struct cmpl_calendar *cal,
		 const struct cmpl_period_def *def,
		 const struct cmpl_rule *rule, const struct cmpl_event_in *ev,
		 size_t n, int32_t today, struct cmpl_clock *c)
{
	memset(c, 0, sizeof(*c));
	c->state = CMPL_CLOCK_IDLE;
	c->start = c->due = c->stopped = c->paused_from = c->earliest = -1;
	if (rule->days <= 0)
		return;
	struct pause p[PAUSES_MAX];
	size_t np = 0;
	bool started = false;
	c->days = rule->days;
	for (size_t i = 0; i < n; i++) {
		if (!started) {
			if (in_list(def->start, ev[i].ev)) {
				started = true;
				c->start = ev[i].day;
			}
			continue;
		}
		if (in_list(def->stop, ev[i].ev)) {
			c->stopped = ev[i].day;
			break;
		}
		if (def->extend >= 0 && ev[i].ev == def->extend)
			c->days = rule->days + rule->extension;
		if (def->pause < 0)
			continue;
		if (ev[i].ev == def->pause && np < PAUSES_MAX &&
		    (np == 0 || p[np - 1].to != INT32_MAX))
			p[np++] = (struct pause){ev[i].day, INT32_MAX};
		else if (ev[i].ev == def->resume && np &&
			 p[np - 1].to == INT32_MAX)
			p[np - 1].to = ev[i].day;
	}
	if (!started)
		return;
	bool paused = false, unknown = false;
	c->due = due_day(cal, rule->natural, c->days, c->start, p, np, &paused,
			 &unknown, &c->earliest);
	int32_t end = c->stopped >= 0 ? c->stopped : today;
	c->used = used_days(cal, rule->natural, c->start, end, p, np);
	c->left = c->used < c->days ? c->days - c->used : 0;
	if (np && p[np - 1].to == INT32_MAX && c->stopped < 0)
		c->paused_from = p[np - 1].from;
	/* Whether it was met or late cannot be known past the calendar; a
	 * pause that began after the due day hides no breach. */
	bool stopped = c->stopped >= 0,
	     paused_now = paused || c->paused_from >= 0;
	/* A clock stopped on a known day before its period ran out was met,
	 * wherever the calendar would have put its end. */
	bool stopped_early =
		stopped &&
		cmpl_calendar_kind(cal, c->stopped) != CMPL_DAY_UNKNOWN &&
		c->used < c->days;
	if (unknown && !stopped_early)
		c->state = CMPL_CLOCK_INCOMPLETE;
	else if (unknown)
		c->state = CMPL_CLOCK_MET;
	else if (stopped)
		c->state = c->due >= 0 && c->stopped > c->due
				   ? CMPL_CLOCK_BREACHED
				   : CMPL_CLOCK_MET;
	else if (paused_now)
		c->state = c->due >= 0 && c->due < c->paused_from
				   ? CMPL_CLOCK_BREACHED
				   : CMPL_CLOCK_PAUSED;
	else
		c->state = today > c->due ? CMPL_CLOCK_BREACHED
					  : CMPL_CLOCK_RUNNING;
}

void cmpl_clocks(const struct cmpl_calendar *cal, const struct cmpl_rules *r,
		 enum cmpl_kind kind, bool routed,
		 const struct cmpl_event_in *events, size_t n, int32_t today,
		 struct cmpl_clock out[CMPL_CLOCK_COUNT])
{
	static const struct cmpl_rule none = {0};
	for (int i = 0; i < CMPL_CLOCK_COUNT; i++) {
		const struct clock_def *def = &defs[i];
		bool applies = def->report == (kind == CMPL_REPORT) &&
			       (!def->needs_route || routed);
		cmpl_period(cal, &def->period, applies ? &r->clock[i] : &none,
			    events, n, today, &out[i]);
	}
}

int32_t cmpl_clock_pending_due(const struct cmpl_clock *c)
{
	bool pending = c->state == CMPL_CLOCK_RUNNING ||
		       (c->state == CMPL_CLOCK_BREACHED && c->stopped < 0);
	if (c->state == CMPL_CLOCK_INCOMPLETE && c->stopped < 0)
		return c->earliest;
	return pending ? c->due : -1;
}

const char *cmpl_clock_name(enum cmpl_clock_id id)
{
	switch (id) {
	case CMPL_CLOCK_ENTERPRISE: return "enterprise";
	case CMPL_CLOCK_ACCEPTANCE: return "acceptance";
	case CMPL_CLOCK_MEDIATION: return "mediation";
	case CMPL_CLOCK_NOTICE: return "notice";
	case CMPL_CLOCK_LEAD: return "lead_check";
	case CMPL_CLOCK_COUNT: break;
	}
	return "unknown";
}

const char *cmpl_clock_state_name(enum cmpl_clock_state st)
{
	switch (st) {
	case CMPL_CLOCK_IDLE: return "idle";
	case CMPL_CLOCK_RUNNING: return "running";
	case CMPL_CLOCK_PAUSED: return "paused";
	case CMPL_CLOCK_MET: return "met";
	case CMPL_CLOCK_BREACHED: return "breached";
	case CMPL_CLOCK_INCOMPLETE: return "incomplete";
	}
	return "unknown";
}
