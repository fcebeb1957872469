/* event_data.h: what each case event carries, declared as data: its
 * members, their kinds and the values an enumeration allows. A member not
 * declared, a missing required one, or a bad value is refused with the
 * member named; nothing is stored. */
#ifndef CMPL_EVENT_DATA_H
#define CMPL_EVENT_DATA_H

#include <jansson.h>

#include "complaints/case.h"
#include "core/err.h"

/* Free text in an event (messages, answers, notes), in characters. */
#define CMPL_TEXT_MAX 2000
/* The largest amount an event may carry: 100 million yuan, in fen. */
#define CMPL_AMOUNT_MAX 10000000000LL

enum cmpl_field_type {
	CMPL_F_TEXT,   /* 1..CMPL_TEXT_MAX characters */
	CMPL_F_NAME,   /* 1..100 characters */
	CMPL_F_AMOUNT, /* whole fen, 0..CMPL_AMOUNT_MAX */
	CMPL_F_PAID,   /* whole fen, 1..CMPL_AMOUNT_MAX: money that moved */
	CMPL_F_ENUM,   /* one of values */
	CMPL_F_ID,     /* a positive whole number */
	CMPL_F_OFFICE, /* six digits; the store checks it exists */
};

struct cmpl_field {
	const char *name;
	enum cmpl_field_type type;
	bool required;
	const char *const *values; /* CMPL_F_ENUM: NULL-ended */
};

/* The members of ev's data, ended by a NULL name. */
const struct cmpl_field *cmpl_event_fields(enum cmpl_ev ev);

/* Checks data against ev's declaration; BT_EINVAL with *reason (static)
 * naming the member when it does not hold. */
enum bt_err cmpl_event_data_check(enum cmpl_ev ev, const json_t *data,
				  const char **reason);

/* Declarations that carry a note only, required or not (insurance's
 * events use them too). */
extern const struct cmpl_field cmpl_fields_text_required[];
extern const struct cmpl_field cmpl_fields_text_optional[];

/* The same against any declaration (insurance's events use these). */
enum bt_err cmpl_fields_check(const struct cmpl_field *fields,
			      const json_t *data, const char **reason);

/* Enumerations that pages show as choices (NULL-ended). */
extern const char *const cmpl_not_accepted_grounds[];
extern const char *const cmpl_mediation_end_reasons[];
extern const char *const cmpl_remedies[];
extern const char *const cmpl_payers[];
extern const char *const cmpl_testing_payers[];
extern const char *const cmpl_lead_results[];

#endif
