/* case.h: a complaint case as the fold of its events. Every transition is
 * an appended event; the state is derived from them, and a transition the
 * state does not allow is refused with what is allowed. Pure: no database. */
#ifndef CMPL_CASE_H
#define CMPL_CASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum cmpl_kind {
	CMPL_COMPLAINT, /* a consumer dispute with a demand */
	CMPL_REPORT,	/* a tip-off about a violation; no demand */
};

enum cmpl_actor {
	CMPL_BY_SYSTEM,
	CMPL_BY_CONSUMER,
	CMPL_BY_ENTERPRISE,
	CMPL_BY_REGULATOR,
};

enum cmpl_ev {
	CMPL_EV_RECEIVED,
	CMPL_EV_MESSAGE,
	CMPL_EV_RESPONDED,	     /* the enterprise answered */
	CMPL_EV_PROPOSED,	     /* the enterprise proposed a settlement */
	CMPL_EV_REFUSED,	     /* the enterprise refused the demand */
	CMPL_EV_SETTLEMENT_ACCEPTED, /* the consumer took the proposal */
	CMPL_EV_SETTLEMENT_REFUSED,
	CMPL_EV_ACCEPTED, /* the office accepts the complaint */
	CMPL_EV_NOT_ACCEPTED,
	CMPL_EV_MEDIATION_STARTED,
	CMPL_EV_TESTING_STARTED,
	CMPL_EV_TESTING_ENDED,
	CMPL_EV_AGREEMENT,
	CMPL_EV_MEDIATION_ENDED,
	CMPL_EV_TRANSFERRED,
	CMPL_EV_ADVANCE_PAID,
	CMPL_EV_RECOVERED,
	CMPL_EV_LEAD_EXTENDED,
	CMPL_EV_LEAD_CHECKED,
	CMPL_EV_WITHDRAWN,
	CMPL_EV_CLOSED,
	CMPL_EV_COUNT
};

enum cmpl_state {
	CMPL_ST_RECEIVED,
	CMPL_ST_ACCEPTED,
	CMPL_ST_MEDIATION,
	CMPL_ST_TESTING,
	CMPL_ST_SETTLED, /* the consumer took the enterprise's proposal */
	CMPL_ST_AGREED,	 /* an agreement in mediation */
	CMPL_ST_MEDIATION_ENDED,
	CMPL_ST_NOT_ACCEPTED,
	CMPL_ST_CHECKED, /* a report's lead was checked */
	CMPL_ST_WITHDRAWN,
	CMPL_ST_CLOSED,
	CMPL_ST_COUNT
};

/* What folding the events so far gives. */
struct cmpl_fold {
	enum cmpl_kind kind;
	enum cmpl_state state;
	bool proposal_open; /* a proposal the consumer has not answered */
	bool answered;	    /* the enterprise responded, proposed or refused */
	bool lead_extended;
};

/* Names as stored and shown to API clients ("received", "accepted", ...);
 * the parse functions are false for an unknown name. */
const char *cmpl_ev_name(enum cmpl_ev ev);
bool cmpl_ev_parse(const char *name, enum cmpl_ev *out);
const char *cmpl_state_name(enum cmpl_state st);
bool cmpl_state_parse(const char *name, enum cmpl_state *out);
const char *cmpl_kind_name(enum cmpl_kind kind);
bool cmpl_kind_parse(const char *name, enum cmpl_kind *out);
const char *cmpl_actor_name(enum cmpl_actor actor);

/* A new case's fold, before its "received" event is applied. */
void cmpl_fold_init(struct cmpl_fold *f, enum cmpl_kind kind);

/* Whether actor may append ev to a case in state f; when not, *why (if
 * given) is a sentence saying what is allowed now. */
bool cmpl_allowed(const struct cmpl_fold *f, enum cmpl_actor actor,
		  enum cmpl_ev ev, const char **why);

/* Applies ev to f; false (f unchanged) when it is not allowed. */
bool cmpl_apply(struct cmpl_fold *f, enum cmpl_actor actor, enum cmpl_ev ev);

/* The events actor may append now, as a NULL-ended list of names in out
 * (at most CMPL_EV_COUNT + 1 entries). */
void cmpl_allowed_list(const struct cmpl_fold *f, enum cmpl_actor actor,
		       const char *out[CMPL_EV_COUNT + 1]);

/* True in the states after which nothing but recovery may happen. */
bool cmpl_state_final(enum cmpl_state st);

#endif
