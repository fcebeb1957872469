/* store.h: claims in the database: reading one as its viewer may see it,
 * appending an event in one transaction (the state, the clocks' nearest
 * due day, the ledger on a decision, the recovery on payment and, at
 * closing, the frozen outcome follow), and the desks' queues. */
#ifndef INS_STORE_H
#define INS_STORE_H

#include <jansson.h>
#include <stdbool.h>

#include "core/db.h"
#include "core/err.h"
#include "insurance/claim.h"

/* Claim numbers: "LP", the Beijing day and 6 digits. */
#define INS_NUMBER_MAX 24

/* Who looks at or acts on a claim: the consumer holding its token, the
 * insured enterprise, the policy's insurer, or a regulator (every
 * claim). */
struct ins_viewer {
	enum ins_actor actor;
	long long enterprise_id; /* INS_BY_ENTERPRISE */
	long long insurer_id;	 /* INS_BY_INSURER */
	const char *name;	 /* the account or key, for the record */
	const char *token;	 /* INS_BY_CONSUMER */
};

/* The id of claim number if v may see it (else BT_ENOTFOUND), locked
 * for the caller's transaction when lock. */
enum bt_err ins_claim_find(struct bt_db *db, const char *number,
			   const struct ins_viewer *v, bool lock,
			   long long *id);

/* The claim as v may see it: record, policy, automatic checks, frozen
 * evidence, events, clocks, ledger, recovery and the actions v may take
 * now. Contact data only for the insurer and regulators. BT_ENOTFOUND for
 * an unknown number and for one v may not see. *out is the caller's. */
enum bt_err ins_claim_view(struct bt_db *db, const char *number,
			   const struct ins_viewer *v, json_t **out);

/* Appends event (a name from claim.h) with data (the members
 * ins_event_fields declares) as v, in one transaction. BT_ENOTFOUND as
 * for the view; BT_ECONFLICT with *reason when the state does not allow
 * it (the reason says what is); BT_EINVAL with *reason for bad data. An
 * appeal answers with the new claim in *appeal (number, token). On
 * success *out is the claim as the view gives it. */
struct ins_receipt {
	char number[INS_NUMBER_MAX];
	char token[33];
};
/* The statement that renews a claim's access code (recover.h's door). */
extern const struct bt_stmt ins_claim_renew;
enum bt_err ins_claim_act(struct bt_db *db, const char *number,
			  const struct ins_viewer *v, const char *event,
			  const json_t *data, json_t **out,
			  struct ins_receipt *appeal, const char **reason);

/* Recomputes a claim's state, clocks and nearest due day from its events
 * and writes them (the caller holds the row lock in a transaction). */
enum bt_err ins_claim_refresh(struct bt_db *db, long long id);

/* The queue of a desk, nearest deadline first: an insurer's claims
 * (insurer_id > 0), an enterprise's (enterprise_id > 0), or every claim
 * for regulators. view: "open" (default), "new" (checked, waiting for
 * the insurer), "overdue", "frozen",
 * "flagged", "closed", "all". {total, items, overdue, recoveries}. */
struct ins_queue_filter {
	const char *view;
	long long insurer_id, enterprise_id;
	int page, per_page;
};
enum bt_err ins_queue(struct bt_db *db, const struct ins_queue_filter *f,
		      json_t **out);

#endif
