/* clock.h: a case's legal clocks, as a pure function of its events, the
 * calendar and the rules in force when it was received. Each clock starts
 * at an event, stops at another, and (mediation) pauses while testing or
 * appraisal runs. Periods count from the day after the start (the day of
 * receipt is day zero) and end at 24:00 Beijing time on the due day. */
#ifndef CMPL_CLOCK_H
#define CMPL_CLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "complaints/calendar.h"
#include "complaints/case.h"

enum cmpl_clock_id {
	CMPL_CLOCK_ENTERPRISE, /* the enterprise's negotiation window */
	CMPL_CLOCK_ACCEPTANCE, /* the office decides to accept or not */
	CMPL_CLOCK_MEDIATION,  /* mediation ends without agreement */
	CMPL_CLOCK_NOTICE,     /* both parties told of the end */
	CMPL_CLOCK_LEAD,       /* a report's lead checked */
	CMPL_CLOCK_COUNT
};

enum cmpl_clock_state {
	CMPL_CLOCK_IDLE,       /* not started (or not for this case) */
	CMPL_CLOCK_RUNNING,    /* due date ahead */
	CMPL_CLOCK_PAUSED,     /* testing or appraisal runs */
	CMPL_CLOCK_MET,	       /* its event happened by the due date */
	CMPL_CLOCK_BREACHED,   /* past due, or its event came late */
	CMPL_CLOCK_INCOMPLETE, /* the due date lies past the loaded calendar */
};

/* One clock's rule, from the rule set of the case's regulation. */
struct cmpl_rule {
	int days;      /* 0: the rule set has no such clock */
	bool natural;  /* natural days (else working days) */
	int extension; /* days one approved extension adds; 0: none */
	char regulation[64];
	char version[40];
	char article[40];
};

struct cmpl_rules {
	char regulation[64];
	char effective_from[11];
	struct cmpl_rule clock[CMPL_CLOCK_COUNT];
};

/* An event as the engine sees it: its kind (a module's event code: enum
 * cmpl_ev for cases) and Beijing day. */
struct cmpl_event_in {
	int ev;
	int32_t day;
};

struct cmpl_clock {
	enum cmpl_clock_state state;
	int32_t start, due, stopped; /* days; due and stopped -1 if none */
	/* Natural days: the period's last counted day, which a day off
	 * moves on to due; known where due is not (the calendar ends
	 * first), so due is never before it. -1 if none. */
	int32_t earliest;
	int days;	     /* the period, extension included */
	int used, left;	     /* counted days, by today or the stop */
	int32_t paused_from; /* the open pause's start, or -1 */
};

/* One clock as data: the events that start it and stop it (lists ended
 * by -1), and those that pause it, resume it and extend it once by the
 * rule's extension (-1: none). */
struct cmpl_period_def {
	const int *start;
	const int *stop;
	int pause, resume, extend;
};

/* The engine under every clock, of cases and of claims alike: computes
 * one clock of rule from n events in time order, as of today. A period
 * of natural days whose last day is a day off ends on the next working
 * day (Civil Code Art. 203; Order 121 Art. 45). Allocates nothing. */
void cmpl_period(const struct cmpl_calendar *cal,
		 const struct cmpl_period_def *def,
		 const struct cmpl_rule *rule,
		 const struct cmpl_event_in *events, size_t n, int32_t today,
		 struct cmpl_clock *out);

/* Computes every clock of a case of kind (routed: an enterprise is liable
 * and its window applies) from its n events in time order, as of today.
 * Allocates nothing; out is indexed by enum cmpl_clock_id. */
void cmpl_clocks(const struct cmpl_calendar *cal, const struct cmpl_rules *r,
		 enum cmpl_kind kind, bool routed,
		 const struct cmpl_event_in *events, size_t n, int32_t today,
		 struct cmpl_clock out[CMPL_CLOCK_COUNT]);

/* The due day of a clock in out, or -1 if none: for queues, the
 * nearest of those running (or whose event is late). A natural-day clock
 * whose due day lies past the calendar gives its earliest day: it is
 * not due before, and may be due then. */
int32_t cmpl_clock_pending_due(const struct cmpl_clock *c);

/* "enterprise", "acceptance", ...; and the state names. */
const char *cmpl_clock_name(enum cmpl_clock_id id);
const char *cmpl_clock_state_name(enum cmpl_clock_state st);

#endif
