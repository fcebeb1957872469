/* intake.h: a claim from the item's code. Checks what the consumer gave,
 * freezes the code's evidence, finds the policy that covers the item,
 * runs the automatic checks (each a coded reason, "auto.*", distinct from
 * a handler's), and stores the claim with its first events in one
 * statement. One live claim per item is the database's unique index: a
 * second one is BT_ECONFLICT however the requests interleave. */
#ifndef INS_INTAKE_H
#define INS_INTAKE_H

#include <jansson.h>

#include "core/db.h"
#include "core/err.h"
#include "insurance/store.h"

struct ins_filing {
	const char *code;     /* as scanned */
	const char *reason;   /* quality_defect, safety, ... */
	long long amount_fen; /* claimed; -1 when absent */
	const char *order_no;
	const char *purchased_on; /* YYYY-MM-DD, or NULL */
	const char *description;
	const char *id_number, *phone, *name; /* the claimant; may be NULL */
	const char *case_number; /* the complaint it comes from, or NULL */
};

/* Files f. BT_EINVAL with *reason naming the field; BT_ENOTFOUND for a
 * code we did not issue (*reason says why); BT_ECONFLICT when the item
 * has a live claim, or a rejected one to appeal instead. Nothing is
 * stored unless all of it is. */
enum bt_err ins_file(struct bt_db *db, const struct ins_filing *f,
		     struct ins_receipt *out, const char **reason);

#endif
