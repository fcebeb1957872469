/* claim.h: a quality-insurance claim as the fold of its events, its
 * statutory clocks (on the complaints module's clock engine, in natural
 * days) and what a policy pays for a loss. Every change is an appended
 * event; a change the state does not allow is refused with what is
 * allowed. Pure: no database. */
#ifndef INS_CLAIM_H
#define INS_CLAIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "complaints/calendar.h"
#include "complaints/clock.h"
#include "complaints/event_data.h"

enum ins_actor {
	INS_BY_SYSTEM,
	INS_BY_CONSUMER,
	INS_BY_ENTERPRISE, /* the insured enterprise, or its platform */
	INS_BY_INSURER,
	INS_BY_REGULATOR,
};

enum ins_ev {
	INS_EV_SUBMITTED,
	INS_EV_CHECKED, /* the automatic checks passed to a handler */
	INS_EV_FROZEN,	/* the code looks cloned: payment frozen */
	INS_EV_CLEARED, /* a regulator found the item genuine */
	INS_EV_MATERIALS_REQUESTED, /* once, and in full (Art. 22) */
	INS_EV_MATERIALS_RECEIVED,
	INS_EV_ACCEPTED, /* the materials are complete: the clocks start */
	INS_EV_APPRAISAL_STARTED,
	INS_EV_APPRAISAL_RECORDED,
	INS_EV_APPROVED, /* the amount, after deductible and limits */
	INS_EV_REJECTED,
	INS_EV_REJECTION_NOTIFIED,
	INS_EV_INTERIM_PAID,	 /* the part determined, paid first (Art. 25) */
	INS_EV_ADVANCE_RECORDED, /* the platform or enterprise paid first */
	INS_EV_PAID,
	INS_EV_RECOVERED, /* money back from the liable party */
	INS_EV_APPEALED,  /* re-opens a rejected claim, once, as a new one */
	INS_EV_MESSAGE,
	INS_EV_FLAGGED, /* a regulator's mark for oversight */
	INS_EV_WITHDRAWN,
	INS_EV_CLOSED,
	INS_EV_COUNT
};

enum ins_state {
	INS_ST_SUBMITTED,
	INS_ST_CHECKED,
	INS_ST_FROZEN,
	INS_ST_MATERIALS_REQUESTED,
	INS_ST_ACCEPTED,
	INS_ST_APPRAISAL,
	INS_ST_APPROVED,
	INS_ST_PARTLY_APPROVED,
	INS_ST_REJECTED,
	INS_ST_PAID,
	INS_ST_WITHDRAWN,
	INS_ST_CLOSED,
	INS_ST_COUNT
};

struct ins_fold {
	enum ins_state state;
	enum ins_state decided;	  /* approved, partly or rejected; else COUNT */
	bool materials_requested; /* the one request was made */
	bool appraised;		  /* an appraisal result is recorded */
	bool notified;		  /* a rejection's notice went out */
	bool appealed;
	bool appeal;  /* this claim is itself an appeal: none of its own */
	bool advance; /* someone paid the consumer in advance */
};

const char *ins_ev_name(enum ins_ev ev);
bool ins_ev_parse(const char *name, enum ins_ev *out);
const char *ins_state_name(enum ins_state st);
bool ins_state_parse(const char *name, enum ins_state *out);
const char *ins_actor_name(enum ins_actor actor);
bool ins_actor_parse(const char *name, enum ins_actor *out);

/* A new claim's fold (appeal: it re-opens a rejected one), before its
 * "submitted" event. */
void ins_fold_init(struct ins_fold *f, bool appeal);

/* Whether actor may append ev now; when not, *why (if given) says why in
 * a sentence that points to what is allowed. */
bool ins_allowed(const struct ins_fold *f, enum ins_actor actor, enum ins_ev ev,
		 const char **why);
/* Applies ev; false (f unchanged) when not allowed. An approval becomes
 * partly approved when partly is true (the store knows the amounts). */
bool ins_apply(struct ins_fold *f, enum ins_actor actor, enum ins_ev ev,
	       bool partly);
/* The events actor may append now, NULL-ended (room for INS_EV_COUNT+1). */
void ins_allowed_list(const struct ins_fold *f, enum ins_actor actor,
		      const char *out[INS_EV_COUNT + 1]);
/* True while the claim holds its item (not rejected, not withdrawn). */
bool ins_state_live(const struct ins_fold *f);

/* The statutory clocks of a claim, natural days. */
enum ins_clock_id {
	INS_CLOCK_DECISION,	    /* 30 days from complete materials */
	INS_CLOCK_PAYMENT,	    /* 10 days from agreement */
	INS_CLOCK_REJECTION_NOTICE, /* 3 days from a rejection */
	INS_CLOCK_INTERIM,	    /* 60 days: the determined part paid */
	INS_CLOCK_COUNT
};

struct ins_rules {
	char regulation[64];
	char effective_from[11];
	struct cmpl_rule clock[INS_CLOCK_COUNT];
};

void ins_clocks(const struct cmpl_calendar *cal, const struct ins_rules *r,
		const struct cmpl_event_in *events, size_t n, int32_t today,
		struct cmpl_clock out[INS_CLOCK_COUNT]);
const char *ins_clock_name(enum ins_clock_id id);
bool ins_clock_parse(const char *name, enum ins_clock_id *out);

/* What a policy has left and what a loss costs it. */
struct ins_limits {
	long long per_claim_fen, aggregate_fen, deductible_fen;
	long long used_fen, deductible_used_fen; /* the ledger's sums */
};

struct ins_payable {
	long long deductible_fen; /* the part of the loss the deductible took */
	long long payable_fen;
	const char *limited_by; /* "per_claim", "aggregate" or NULL */
};

/* The payment for loss under l: the deductible still open takes its part
 * first, then the per-claim limit and what is left of the aggregate cap
 * it. Never negative, never above a limit. */
struct ins_payable ins_payable_for(const struct ins_limits *l, long long loss);

/* The members each event's data may carry (complaints' declarations). */
const struct cmpl_field *ins_event_fields(enum ins_ev ev);

/* Enumerations pages show as choices (NULL-ended). */
extern const char *const ins_reasons[];	       /* a claim's grounds */
extern const char *const ins_reject_reasons[]; /* a handler's */
extern const char *const ins_advance_payers[];
extern const char *const ins_appraisal_results[];

#endif
