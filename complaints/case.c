/* case.c: the case state machine (see case.h). */
#include "case.h"

#include <string.h>

static const char *const ev_names[CMPL_EV_COUNT] = {
	[CMPL_EV_RECEIVED] = "received",
	[CMPL_EV_MESSAGE] = "message",
	[CMPL_EV_RESPONDED] = "responded",
	[CMPL_EV_PROPOSED] = "proposed",
	[CMPL_EV_REFUSED] = "refused",
	[CMPL_EV_SETTLEMENT_ACCEPTED] = "settlement_accepted",
	[CMPL_EV_SETTLEMENT_REFUSED] = "settlement_refused",
	[CMPL_EV_ACCEPTED] = "accepted",
	[CMPL_EV_NOT_ACCEPTED] = "not_accepted",
	[CMPL_EV_MEDIATION_STARTED] = "mediation_started",
	[CMPL_EV_TESTING_STARTED] = "testing_started",
	[CMPL_EV_TESTING_ENDED] = "testing_ended",
	[CMPL_EV_AGREEMENT] = "agreement",
	[CMPL_EV_MEDIATION_ENDED] = "mediation_ended",
	[CMPL_EV_TRANSFERRED] = "transferred",
	[CMPL_EV_ADVANCE_PAID] = "advance_paid",
	[CMPL_EV_RECOVERED] = "recovered",
	[CMPL_EV_LEAD_EXTENDED] = "lead_extended",
	[CMPL_EV_LEAD_CHECKED] = "lead_checked",
	[CMPL_EV_WITHDRAWN] = "withdrawn",
	[CMPL_EV_CLOSED] = "closed",
};

static const char *const state_names[CMPL_ST_COUNT] = {
	[CMPL_ST_RECEIVED] = "received",
	[CMPL_ST_ACCEPTED] = "accepted",
	[CMPL_ST_MEDIATION] = "mediation",
	[CMPL_ST_TESTING] = "testing",
	[CMPL_ST_SETTLED] = "settled",
	[CMPL_ST_AGREED] = "agreed",
	[CMPL_ST_MEDIATION_ENDED] = "mediation_ended",
	[CMPL_ST_NOT_ACCEPTED] = "not_accepted",
	[CMPL_ST_CHECKED] = "checked",
	[CMPL_ST_WITHDRAWN] = "withdrawn",
	[CMPL_ST_CLOSED] = "closed",
};

static bool find(const char *const *names, int n, const char *name, int *out)
{
	for (int i = 0; name != NULL && i < n; i++)
		if (strcmp(names[i], name) == 0) {
			*out = i;
			return true;
		}
	return false;
}

const char *cmpl_ev_name(enum cmpl_ev ev)
{
	return ev < CMPL_EV_COUNT ? ev_names[ev] : "unknown";
}

bool cmpl_ev_parse(const char *name, enum cmpl_ev *out)
{
	int i;
	if (!find(ev_names, CMPL_EV_COUNT, name, &i))
		return false;
	*out = (enum cmpl_ev)i;
	return true;
}

const char *cmpl_state_name(enum cmpl_state st)
{
	return st < CMPL_ST_COUNT ? state_names[st] : "unknown";
}

bool cmpl_state_parse(const char *name, enum cmpl_state *out)
{
	int i;
	if (!find(state_names, CMPL_ST_COUNT, name, &i))
		return false;
	*out = (enum cmpl_state)i;
	return true;
}

const char *cmpl_kind_name(enum cmpl_kind kind)
{
	return kind == CMPL_REPORT ? "report" : "complaint";
}

bool cmpl_kind_parse(const char *name, enum cmpl_kind *out)
{
	static const char *const names[] = {"complaint", "report"};
	int i;
	if (!find(names, 2, name, &i))
		return false;
	*out = (enum cmpl_kind)i;
	return true;
}

const char *cmpl_actor_name(enum cmpl_actor actor)
{
	switch (actor) {
	case CMPL_BY_SYSTEM: return "system";
	case CMPL_BY_CONSUMER: return "consumer";
	case CMPL_BY_ENTERPRISE: return "enterprise";
	case CMPL_BY_REGULATOR: return "regulator";
	}
	return "unknown";
}

void cmpl_fold_init(struct cmpl_fold *f, enum cmpl_kind kind)
{
	memset(f, 0, sizeof(*f));
	f->kind = kind;
	f->state = CMPL_ST_COUNT; /* nothing received yet */
}

bool cmpl_state_final(enum cmpl_state st)
{
	return st == CMPL_ST_CLOSED;
}

/* Who may append each event. */
static enum cmpl_actor actor_of(enum cmpl_ev ev)
{
	switch (ev) {
	case CMPL_EV_RECEIVED: return CMPL_BY_SYSTEM;
	case CMPL_EV_SETTLEMENT_ACCEPTED:
	case CMPL_EV_SETTLEMENT_REFUSED:
	case CMPL_EV_WITHDRAWN: return CMPL_BY_CONSUMER;
	case CMPL_EV_RESPONDED:
	case CMPL_EV_PROPOSED:
	case CMPL_EV_REFUSED: return CMPL_BY_ENTERPRISE;
	default: return CMPL_BY_REGULATOR;
	}
}

/* Where ev leads from f, or CMPL_ST_COUNT if nowhere: the rules. Messages
 * by anyone keep the state. */
static enum cmpl_state next(const struct cmpl_fold *f, enum cmpl_ev ev)
{
	enum cmpl_state s = f->state;
	bool complaint = f->kind == CMPL_COMPLAINT;
	bool open = s != CMPL_ST_COUNT && !cmpl_state_final(s);
	bool before_mediation = s == CMPL_ST_RECEIVED || s == CMPL_ST_ACCEPTED;
	bool mediating = s == CMPL_ST_MEDIATION;
	bool ended = s == CMPL_ST_SETTLED || s == CMPL_ST_AGREED ||
		     s == CMPL_ST_MEDIATION_ENDED ||
		     s == CMPL_ST_NOT_ACCEPTED || s == CMPL_ST_CHECKED ||
		     s == CMPL_ST_WITHDRAWN;
	bool live = before_mediation || mediating || s == CMPL_ST_TESTING;
	switch (ev) {
	case CMPL_EV_RECEIVED:
		return s == CMPL_ST_COUNT ? CMPL_ST_RECEIVED : CMPL_ST_COUNT;
	case CMPL_EV_MESSAGE:
	case CMPL_EV_TRANSFERRED: return open ? s : CMPL_ST_COUNT;
	case CMPL_EV_RESPONDED:
	case CMPL_EV_PROPOSED:
	case CMPL_EV_REFUSED:
		return complaint && (before_mediation || mediating)
			       ? s
			       : CMPL_ST_COUNT;
	case CMPL_EV_SETTLEMENT_ACCEPTED:
		if (!complaint || !f->proposal_open)
			return CMPL_ST_COUNT;
		if (before_mediation)
			return CMPL_ST_SETTLED;
		return mediating ? CMPL_ST_AGREED : CMPL_ST_COUNT;
	case CMPL_EV_SETTLEMENT_REFUSED:
		return complaint && f->proposal_open && live ? s
							     : CMPL_ST_COUNT;
	case CMPL_EV_ACCEPTED:
	case CMPL_EV_NOT_ACCEPTED:
		if (!complaint || s != CMPL_ST_RECEIVED)
			return CMPL_ST_COUNT;
		return ev == CMPL_EV_ACCEPTED ? CMPL_ST_ACCEPTED
					      : CMPL_ST_NOT_ACCEPTED;
	case CMPL_EV_MEDIATION_STARTED:
		return complaint && s == CMPL_ST_ACCEPTED ? CMPL_ST_MEDIATION
							  : CMPL_ST_COUNT;
	case CMPL_EV_TESTING_STARTED:
		return mediating ? CMPL_ST_TESTING : CMPL_ST_COUNT;
	case CMPL_EV_TESTING_ENDED:
		return s == CMPL_ST_TESTING ? CMPL_ST_MEDIATION : CMPL_ST_COUNT;
	case CMPL_EV_AGREEMENT:
		return complaint && (mediating || s == CMPL_ST_ACCEPTED)
			       ? CMPL_ST_AGREED
			       : CMPL_ST_COUNT;
	case CMPL_EV_MEDIATION_ENDED:
		return complaint && (mediating || s == CMPL_ST_TESTING ||
				     s == CMPL_ST_ACCEPTED)
			       ? CMPL_ST_MEDIATION_ENDED
			       : CMPL_ST_COUNT;
	case CMPL_EV_ADVANCE_PAID:
		return complaint && open && s != CMPL_ST_NOT_ACCEPTED &&
				       s != CMPL_ST_WITHDRAWN
			       ? s
			       : CMPL_ST_COUNT;
	case CMPL_EV_RECOVERED:
		/* Recovery goes on after closing, until the balance is 0;
		 * the store checks the balance. */
		return complaint && s != CMPL_ST_COUNT ? s : CMPL_ST_COUNT;
	case CMPL_EV_LEAD_EXTENDED:
		return !complaint && s == CMPL_ST_RECEIVED && !f->lead_extended
			       ? s
			       : CMPL_ST_COUNT;
	case CMPL_EV_LEAD_CHECKED:
		return !complaint && s == CMPL_ST_RECEIVED ? CMPL_ST_CHECKED
							   : CMPL_ST_COUNT;
	case CMPL_EV_WITHDRAWN: return live ? CMPL_ST_WITHDRAWN : CMPL_ST_COUNT;
	case CMPL_EV_CLOSED: return ended ? CMPL_ST_CLOSED : CMPL_ST_COUNT;
	case CMPL_EV_COUNT: break;
	}
	return CMPL_ST_COUNT;
}

static bool may(const struct cmpl_fold *f, enum cmpl_actor actor,
		enum cmpl_ev ev)
{
	if (ev >= CMPL_EV_COUNT)
		return false;
	if (ev == CMPL_EV_MESSAGE) {
		/* Everyone talks; an enterprise only on a complaint, which is
		 * the only kind routed to it. */
		if (actor == CMPL_BY_SYSTEM ||
		    (actor == CMPL_BY_ENTERPRISE && f->kind != CMPL_COMPLAINT))
			return false;
	} else if (actor != actor_of(ev) && !(ev == CMPL_EV_ADVANCE_PAID &&
					      actor == CMPL_BY_ENTERPRISE)) {
		/* The liable enterprise (or the platform, as its seller) may
		 * record that it paid in advance; all else is the office's. */
		return false;
	}
	return next(f, ev) != CMPL_ST_COUNT;
}

void cmpl_allowed_list(const struct cmpl_fold *f, enum cmpl_actor actor,
		       const char *out[CMPL_EV_COUNT + 1])
{
	size_t n = 0;
	for (int e = 0; e < CMPL_EV_COUNT; e++)
		if (may(f, actor, (enum cmpl_ev)e))
			out[n++] = ev_names[e];
	out[n] = NULL;
}

bool cmpl_allowed(const struct cmpl_fold *f, enum cmpl_actor actor,
		  enum cmpl_ev ev, const char **why)
{
	if (may(f, actor, ev))
		return true;
	if (why == NULL)
		return false;
	if (ev < CMPL_EV_COUNT && actor != actor_of(ev) &&
	    ev != CMPL_EV_MESSAGE &&
	    !(ev == CMPL_EV_ADVANCE_PAID && actor == CMPL_BY_ENTERPRISE))
		*why = "this action is not yours to take on this case";
	else if (f->state == CMPL_ST_CLOSED)
		*why = "the case is closed";
	else if ((ev == CMPL_EV_SETTLEMENT_ACCEPTED ||
		  ev == CMPL_EV_SETTLEMENT_REFUSED) &&
		 !f->proposal_open)
		*why = "there is no settlement proposal waiting for an answer";
	else if (ev == CMPL_EV_LEAD_EXTENDED && f->lead_extended)
		*why = "the check period may be extended only once";
	else
		*why = "this action is not allowed in the case's present "
		       "state; the case lists the actions allowed now";
	return false;
}

bool cmpl_apply(struct cmpl_fold *f, enum cmpl_actor actor, enum cmpl_ev ev)
{
	if (!may(f, actor, ev))
		return false;
	f->state = next(f, ev);
	switch (ev) {
	case CMPL_EV_PROPOSED:
		f->proposal_open = true;
		f->answered = true;
		break;
	case CMPL_EV_RESPONDED:
	case CMPL_EV_REFUSED: f->answered = true; break;
	case CMPL_EV_SETTLEMENT_ACCEPTED:
	case CMPL_EV_SETTLEMENT_REFUSED: f->proposal_open = false; break;
	case CMPL_EV_LEAD_EXTENDED: f->lead_extended = true; break;
	default: break;
	}
	return true;
}
