/* claim.c: the claim state machine, its clocks and the payable amount
 * (see claim.h). */
#include "claim.h"

#include <string.h>

#include "complaints/event_data.h"

static const char *const ev_names[INS_EV_COUNT] = {
	[INS_EV_SUBMITTED] = "submitted",
	[INS_EV_CHECKED] = "checked",
	[INS_EV_FROZEN] = "frozen",
	[INS_EV_CLEARED] = "cleared",
	[INS_EV_MATERIALS_REQUESTED] = "materials_requested",
	[INS_EV_MATERIALS_RECEIVED] = "materials_received",
	[INS_EV_ACCEPTED] = "accepted",
	[INS_EV_APPRAISAL_STARTED] = "appraisal_started",
	[INS_EV_APPRAISAL_RECORDED] = "appraisal_recorded",
	[INS_EV_APPROVED] = "approved",
	[INS_EV_REJECTED] = "rejected",
	[INS_EV_REJECTION_NOTIFIED] = "rejection_notified",
	[INS_EV_INTERIM_PAID] = "interim_paid",
	[INS_EV_ADVANCE_RECORDED] = "advance_recorded",
	[INS_EV_PAID] = "paid",
	[INS_EV_RECOVERED] = "recovered",
	[INS_EV_APPEALED] = "appealed",
	[INS_EV_MESSAGE] = "message",
	[INS_EV_FLAGGED] = "flagged",
	[INS_EV_WITHDRAWN] = "withdrawn",
	[INS_EV_CLOSED] = "closed",
};

static const char *const state_names[INS_ST_COUNT] = {
	[INS_ST_SUBMITTED] = "submitted",
	[INS_ST_CHECKED] = "checked",
	[INS_ST_FROZEN] = "frozen",
	[INS_ST_MATERIALS_REQUESTED] = "materials_requested",
	[INS_ST_ACCEPTED] = "accepted",
	[INS_ST_APPRAISAL] = "appraisal",
	[INS_ST_APPROVED] = "approved",
	[INS_ST_PARTLY_APPROVED] = "partly_approved",
	[INS_ST_REJECTED] = "rejected",
	[INS_ST_PAID] = "paid",
	[INS_ST_WITHDRAWN] = "withdrawn",
	[INS_ST_CLOSED] = "closed",
};

static const char *const actor_names[] = {
	[INS_BY_SYSTEM] = "system",	    [INS_BY_CONSUMER] = "consumer",
	[INS_BY_ENTERPRISE] = "enterprise", [INS_BY_INSURER] = "insurer",
	[INS_BY_REGULATOR] = "regulator",
};

static const char *const clock_names[INS_CLOCK_COUNT] = {
	[INS_CLOCK_DECISION] = "decision",
	[INS_CLOCK_PAYMENT] = "payment",
	[INS_CLOCK_REJECTION_NOTICE] = "rejection_notice",
	[INS_CLOCK_INTERIM] = "interim",
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

#define NAME_OF(names, i, count)                                               \
	((unsigned)(i) < (count) ? (names)[i] : "unknown")
#define PARSE(names, count, name, out, type)                                   \
	do {                                                                   \
		int i_;                                                        \
		if (!find(names, count, name, &i_))                            \
			return false;                                          \
		*(out) = (type)i_;                                             \
		return true;                                                   \
	} while (0)

const char *ins_ev_name(enum ins_ev ev)
{
	return NAME_OF(ev_names, ev, INS_EV_COUNT);
}

bool ins_ev_parse(const char *name, enum ins_ev *out)
{
	PARSE(ev_names, INS_EV_COUNT, name, out, enum ins_ev);
}

const char *ins_state_name(enum ins_state st)
{
	return NAME_OF(state_names, st, INS_ST_COUNT);
}

bool ins_state_parse(const char *name, enum ins_state *out)
{
	PARSE(state_names, INS_ST_COUNT, name, out, enum ins_state);
}

const char *ins_actor_name(enum ins_actor actor)
{
	return NAME_OF(actor_names, actor, 5u);
}

bool ins_actor_parse(const char *name, enum ins_actor *out)
{
	PARSE(actor_names, 5, name, out, enum ins_actor);
}

const char *ins_clock_name(enum ins_clock_id id)
{
	return NAME_OF(clock_names, id, INS_CLOCK_COUNT);
}

bool ins_clock_parse(const char *name, enum ins_clock_id *out)
{
	PARSE(clock_names, INS_CLOCK_COUNT, name, out, enum ins_clock_id);
}

void ins_fold_init(struct ins_fold *f, bool appeal)
{
	memset(f, 0, sizeof(*f));
	f->state = INS_ST_COUNT; /* nothing submitted yet */
	f->decided = INS_ST_COUNT;
	f->appeal = appeal;
}

bool ins_state_live(const struct ins_fold *f)
{
	return f->state != INS_ST_WITHDRAWN && f->decided != INS_ST_REJECTED &&
	       !(f->state == INS_ST_CLOSED && f->decided == INS_ST_COUNT);
}

/* Whether actor is the one who may append ev. */
static bool actor_may(enum ins_ev ev, enum ins_actor a, enum ins_state s)
{
	switch (ev) {
	case INS_EV_SUBMITTED: return a == INS_BY_CONSUMER; /* the claimant */
	case INS_EV_CHECKED:
	case INS_EV_FROZEN: return a == INS_BY_SYSTEM;
	case INS_EV_CLEARED:
	case INS_EV_FLAGGED: return a == INS_BY_REGULATOR;
	case INS_EV_MATERIALS_RECEIVED:
		return a == INS_BY_CONSUMER || a == INS_BY_INSURER;
	case INS_EV_ADVANCE_RECORDED:
		return a == INS_BY_ENTERPRISE || a == INS_BY_INSURER ||
		       a == INS_BY_REGULATOR;
	case INS_EV_APPEALED:
	case INS_EV_WITHDRAWN: return a == INS_BY_CONSUMER;
	case INS_EV_MESSAGE: return a != INS_BY_SYSTEM;
	case INS_EV_CLOSED: return a == INS_BY_INSURER || a == INS_BY_REGULATOR;
	case INS_EV_REJECTED:
		/* A frozen claim is an authenticity case: regulators decide
		 * it too. */
		return a == INS_BY_INSURER ||
		       (a == INS_BY_REGULATOR && s == INS_ST_FROZEN);
	case INS_EV_COUNT: return false;
	default: return a == INS_BY_INSURER;
	}
}

/* Where ev leads from f, or INS_ST_COUNT if nowhere. */
static enum ins_state next(const struct ins_fold *f, enum ins_ev ev,
			   bool partly)
{
	enum ins_state s = f->state;
	bool none = s == INS_ST_COUNT;
	bool handling = s == INS_ST_CHECKED ||
			s == INS_ST_MATERIALS_REQUESTED ||
			s == INS_ST_ACCEPTED || s == INS_ST_APPRAISAL;
	bool approved = s == INS_ST_APPROVED || s == INS_ST_PARTLY_APPROVED;
	switch (ev) {
	case INS_EV_SUBMITTED: return none ? INS_ST_SUBMITTED : INS_ST_COUNT;
	case INS_EV_CHECKED:
	case INS_EV_FROZEN:
		if (s != INS_ST_SUBMITTED)
			return INS_ST_COUNT;
		return ev == INS_EV_CHECKED ? INS_ST_CHECKED : INS_ST_FROZEN;
	case INS_EV_CLEARED:
		return s == INS_ST_FROZEN ? INS_ST_CHECKED : INS_ST_COUNT;
	case INS_EV_MATERIALS_REQUESTED:
		return s == INS_ST_CHECKED && !f->materials_requested
			       ? INS_ST_MATERIALS_REQUESTED
			       : INS_ST_COUNT;
	case INS_EV_MATERIALS_RECEIVED:
		return s == INS_ST_MATERIALS_REQUESTED ? INS_ST_CHECKED
						       : INS_ST_COUNT;
	case INS_EV_ACCEPTED:
		return s == INS_ST_CHECKED ? INS_ST_ACCEPTED : INS_ST_COUNT;
	case INS_EV_APPRAISAL_STARTED:
		return s == INS_ST_ACCEPTED ? INS_ST_APPRAISAL : INS_ST_COUNT;
	case INS_EV_APPRAISAL_RECORDED:
		return s == INS_ST_APPRAISAL ? INS_ST_ACCEPTED : INS_ST_COUNT;
	case INS_EV_APPROVED:
		if (s != INS_ST_ACCEPTED)
			return INS_ST_COUNT;
		return partly ? INS_ST_PARTLY_APPROVED : INS_ST_APPROVED;
	case INS_EV_REJECTED:
		return (handling && s != INS_ST_APPRAISAL) || s == INS_ST_FROZEN
			       ? INS_ST_REJECTED
			       : INS_ST_COUNT;
	case INS_EV_REJECTION_NOTIFIED:
		return s == INS_ST_REJECTED && !f->notified ? s : INS_ST_COUNT;
	case INS_EV_INTERIM_PAID:
		return s == INS_ST_ACCEPTED || s == INS_ST_APPRAISAL
			       ? s
			       : INS_ST_COUNT;
	case INS_EV_ADVANCE_RECORDED:
		return handling || approved || s == INS_ST_FROZEN
			       ? s
			       : INS_ST_COUNT;
	case INS_EV_PAID: return approved ? INS_ST_PAID : INS_ST_COUNT;
	case INS_EV_RECOVERED:
		/* Recovery goes on after closing; the store checks the
		 * balance. */
		return s == INS_ST_PAID || (s == INS_ST_CLOSED &&
					    f->decided != INS_ST_REJECTED &&
					    f->decided != INS_ST_COUNT)
			       ? s
			       : INS_ST_COUNT;
	case INS_EV_APPEALED:
		return (s == INS_ST_REJECTED ||
			(s == INS_ST_CLOSED &&
			 f->decided == INS_ST_REJECTED)) &&
				       !f->appealed && !f->appeal
			       ? s
			       : INS_ST_COUNT;
	case INS_EV_MESSAGE:
		return !none && s != INS_ST_CLOSED ? s : INS_ST_COUNT;
	case INS_EV_FLAGGED: return none ? INS_ST_COUNT : s;
	case INS_EV_WITHDRAWN:
		return handling || s == INS_ST_FROZEN ? INS_ST_WITHDRAWN
						      : INS_ST_COUNT;
	case INS_EV_CLOSED:
		return s == INS_ST_PAID || s == INS_ST_WITHDRAWN ||
				       (s == INS_ST_REJECTED && f->notified)
			       ? INS_ST_CLOSED
			       : INS_ST_COUNT;
	case INS_EV_COUNT: break;
	}
	return INS_ST_COUNT;
}

static bool may(const struct ins_fold *f, enum ins_actor actor, enum ins_ev ev)
{
	return ev < INS_EV_COUNT && actor_may(ev, actor, f->state) &&
	       next(f, ev, false) != INS_ST_COUNT;
}

bool ins_allowed(const struct ins_fold *f, enum ins_actor actor, enum ins_ev ev,
		 const char **why)
{
	if (may(f, actor, ev))
		return true;
	if (why == NULL)
		return false;
	if (ev < INS_EV_COUNT && !actor_may(ev, actor, f->state))
		*why = "this action is not yours to take on this claim";
	else if (f->state == INS_ST_CLOSED && ev != INS_EV_APPEALED)
		*why = "the claim is closed";
	else if (ev == INS_EV_MATERIALS_REQUESTED && f->materials_requested)
		*why = "missing materials are asked for once, and in full; "
		       "they were asked for already";
	else if (ev == INS_EV_APPEALED && (f->appealed || f->appeal))
		*why = "a rejected claim may be appealed once";
	else if (ev == INS_EV_CLOSED && f->state == INS_ST_REJECTED)
		*why = "send the rejection notice before closing";
	else
		*why = "this action is not allowed in the claim's present "
		       "state; the claim lists the actions allowed now";
	return false;
}

bool ins_apply(struct ins_fold *f, enum ins_actor actor, enum ins_ev ev,
	       bool partly)
{
	if (!may(f, actor, ev))
		return false;
	f->state = next(f, ev, partly);
	switch (ev) {
	case INS_EV_MATERIALS_REQUESTED: f->materials_requested = true; break;
	case INS_EV_APPRAISAL_RECORDED: f->appraised = true; break;
	case INS_EV_APPROVED:
	case INS_EV_REJECTED: f->decided = f->state; break;
	case INS_EV_REJECTION_NOTIFIED: f->notified = true; break;
	case INS_EV_APPEALED: f->appealed = true; break;
	case INS_EV_ADVANCE_RECORDED: f->advance = true; break;
	default: break;
	}
	return true;
}

void ins_allowed_list(const struct ins_fold *f, enum ins_actor actor,
		      const char *out[INS_EV_COUNT + 1])
{
	size_t n = 0;
	for (int e = 0; e < INS_EV_COUNT; e++)
		if (may(f, actor, (enum ins_ev)e))
			out[n++] = ev_names[e];
	out[n] = NULL;
}

#define EVENTS(...) ((const int[]){__VA_ARGS__, -1})

static const struct cmpl_period_def clock_defs[INS_CLOCK_COUNT] = {
	[INS_CLOCK_DECISION] = {EVENTS(INS_EV_ACCEPTED),
				EVENTS(INS_EV_APPROVED, INS_EV_REJECTED,
				       INS_EV_WITHDRAWN),
				-1, -1, -1},
	[INS_CLOCK_PAYMENT] = {EVENTS(INS_EV_APPROVED), EVENTS(INS_EV_PAID), -1,
			       -1, -1},
	[INS_CLOCK_REJECTION_NOTICE] = {EVENTS(INS_EV_REJECTED),
					EVENTS(INS_EV_REJECTION_NOTIFIED), -1,
					-1, -1},
	[INS_CLOCK_INTERIM] = {EVENTS(INS_EV_ACCEPTED),
			       EVENTS(INS_EV_APPROVED, INS_EV_REJECTED,
				      INS_EV_INTERIM_PAID, INS_EV_WITHDRAWN),
			       -1, -1, -1},
};

void ins_clocks(const struct cmpl_calendar *cal, const struct ins_rules *r,
		const struct cmpl_event_in *events, size_t n, int32_t today,
		struct cmpl_clock out[INS_CLOCK_COUNT])
{
	for (int i = 0; i < INS_CLOCK_COUNT; i++)
		cmpl_period(cal, &clock_defs[i], &r->clock[i], events, n, today,
			    &out[i]);
}

struct ins_payable ins_payable_for(const struct ins_limits *l, long long loss)
{
	struct ins_payable p = {0, 0, NULL};
	if (loss <= 0)
		return p;
	long long open = l->deductible_fen - l->deductible_used_fen;
	p.deductible_fen = open > 0 ? (loss < open ? loss : open) : 0;
	p.payable_fen = loss - p.deductible_fen;
	if (p.payable_fen > l->per_claim_fen) {
		p.payable_fen = l->per_claim_fen;
		p.limited_by = "per_claim";
	}
	long long left = l->aggregate_fen - l->used_fen;
	if (left < 0)
		left = 0;
	if (p.payable_fen > left) {
		p.payable_fen = left;
		p.limited_by = "aggregate";
	}
	return p;
}

const char *const ins_reasons[] = {"quality_defect",	    "safety",
				   "not_as_declared",	    "damaged",
				   "counterfeit_suspicion", NULL};
const char *const ins_reject_reasons[] = {
	"not_covered",		 /* the product is not under the policy */
	"outside_policy_period", /* imported outside the policy's period */
	"outside_claim_period",	 /* claimed too long after purchase */
	"not_declared",		 /* the item is bound to no declaration */
	"no_defect_found",	 /* the appraisal found none */
	"user_damage",		 /* damage after delivery, by use */
	"claimant_not_buyer",	 /* no right to claim shown */
	"counterfeit",		 /* the item is not the insured product */
	"materials_incomplete",	 /* asked once in full, still missing */
	"limit_exhausted",	 /* nothing left of the aggregate limit */
	"within_deductible",	 /* the deductible takes the whole loss */
	"other",
	NULL};
const char *const ins_advance_payers[] = {"platform", "enterprise", NULL};
const char *const ins_appraisal_results[] = {"defect_confirmed", "no_defect",
					     "inconclusive", NULL};

#define TEXT(n, req)                                                           \
	{                                                                      \
		n, CMPL_F_TEXT, req, NULL                                      \
	}
#define END                                                                    \
	{                                                                      \
		NULL, CMPL_F_TEXT, false, NULL                                 \
	}

static const struct cmpl_field f_appraisal_started[] = {
	{"lab", CMPL_F_NAME, true, NULL}, TEXT("text", false), END};
static const struct cmpl_field f_appraisal_recorded[] = {
	{"result", CMPL_F_ENUM, true, ins_appraisal_results},
	{"inspection", CMPL_F_ID, false, NULL},
	TEXT("text", false),
	END};
static const struct cmpl_field f_approved[] = {
	{"loss_fen", CMPL_F_PAID, true, NULL}, TEXT("text", false), END};
static const struct cmpl_field f_rejected[] = {
	{"reason", CMPL_F_ENUM, true, ins_reject_reasons},
	TEXT("text", true),
	END};
static const struct cmpl_field f_paid_amount[] = {
	{"amount_fen", CMPL_F_PAID, true, NULL}, TEXT("text", false), END};
static const struct cmpl_field f_advance[] = {
	{"payer", CMPL_F_ENUM, true, ins_advance_payers},
	{"payer_name", CMPL_F_NAME, true, NULL},
	{"amount_fen", CMPL_F_PAID, true, NULL},
	END};
static const struct cmpl_field f_none[] = {END};

const struct cmpl_field *ins_event_fields(enum ins_ev ev)
{
	switch (ev) {
	case INS_EV_MESSAGE:
	case INS_EV_MATERIALS_REQUESTED:
	case INS_EV_APPEALED:
	case INS_EV_FLAGGED: return cmpl_fields_text_required;
	case INS_EV_APPRAISAL_STARTED: return f_appraisal_started;
	case INS_EV_APPRAISAL_RECORDED: return f_appraisal_recorded;
	case INS_EV_APPROVED: return f_approved;
	case INS_EV_REJECTED: return f_rejected;
	case INS_EV_INTERIM_PAID:
	case INS_EV_RECOVERED: return f_paid_amount;
	case INS_EV_ADVANCE_RECORDED: return f_advance;
	case INS_EV_CLEARED:
	case INS_EV_MATERIALS_RECEIVED:
	case INS_EV_ACCEPTED:
	case INS_EV_REJECTION_NOTIFIED:
	case INS_EV_PAID:
	case INS_EV_WITHDRAWN:
	case INS_EV_CLOSED: return cmpl_fields_text_optional;
	case INS_EV_SUBMITTED:
	case INS_EV_CHECKED:
	case INS_EV_FROZEN:
	case INS_EV_COUNT: break;
	}
	return f_none;
}
