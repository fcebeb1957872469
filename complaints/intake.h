/* intake.h: one door for complaints and reports (first-responder
 * responsibility): checks what the consumer or a hotline operator gave,
 * freezes the code's evidence, routes the case (the importer is liable,
 * the platform second party; a not-genuine code goes to regulators only),
 * pre-checks grounds for not accepting and duplicates, and stores the case
 * with its "received" event in one transaction. */
#ifndef CMPL_INTAKE_H
#define CMPL_INTAKE_H

#include "complaints/case.h"
#include "complaints/store.h"
#include "core/db.h"
#include "core/err.h"

/* The office that receives cases filed here (migration 0014). */
#define CMPL_RECEIVING_OFFICE "330201"

/* What was filed; strings may be NULL when absent. */
struct cmpl_filing {
	const char *kind;	 /* "complaint" or "report" */
	const char *code;	 /* as scanned; NULL for an enterprise */
	long long enterprise_id; /* without a code: whom it is about */
	const char *category;	 /* quality, safety, ... */
	const char *demand;	 /* complaints: refund, replacement, ... */
	long long amount_fen;	 /* -1: none */
	const char *description;
	const char *purchased_on; /* YYYY-MM-DD */
	const char *name, *phone; /* the complainant's contact */
	enum cmpl_actor by;	  /* consumer, or a regulator at the hotline */
	const char *by_name;
};

/* Access to a new case: its number and the secret only the filer gets
 * (128 random bits as 32 hex digits; only its hash is stored). */
struct cmpl_receipt {
	char number[CMPL_NUMBER_MAX];
	char token[33];
};

/* Files f. BT_EINVAL with *reason (naming the field) for bad input,
 * nothing stored. */
enum bt_err cmpl_file(struct bt_db *db, const struct cmpl_filing *f,
		      struct cmpl_receipt *out, const char **reason);

/* The categories a case may have (NULL-ended). */
extern const char *const cmpl_categories[];

#endif
