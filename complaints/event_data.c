/* event_data.c: the declared data of each event (see event_data.h). */
#include "event_data.h"

#include <stdio.h>
#include <string.h>

#include "core/buf.h"

/* Order 121 Art. 16 (Order 20 Art. 15 has the same grounds but
 * impersonation): the grounds for not accepting. */
const char *const cmpl_not_accepted_grounds[] = {
	"outside_remit",     /* outside the office's duties or powers */
	"handled_elsewhere", /* a court, arbitration, other body has it */
	"not_consumption",   /* not for personal consumption, or no dispute */
	"over_three_years",  /* more than 3 years since the harm was known */
	"materials_missing", /* required materials missing or false */
	"identity_refused",  /* impersonation, identity not verified */
	"other_legal",	     /* another legal ground */
	NULL};

/* Order 121 Art. 23: why mediation ended without agreement. */
const char *const cmpl_mediation_end_reasons[] = {
	"party_absent", /* absent without reason, or clearly refusing */
	"no_agreement", /* a party says no agreement is possible */
	"testing_fee",	/* no agreement on who pays for testing */
	"time_limit",	/* the period ran out */
	"ground_found", /* an Art. 16 or fraud ground found later */
	"party_gone",	/* death or loss of legal existence */
	"other_legal",	/* another legal ground */
	NULL};

const char *const cmpl_remedies[] = {"refund", "replacement", "repair",
				     "compensation", NULL};
const char *const cmpl_payers[] = {"platform", "enterprise", "insurer", "fund",
				   NULL};
const char *const cmpl_testing_payers[] = {"consumer", "enterprise", "office",
					   "shared", NULL};
const char *const cmpl_lead_results[] = {"violation_found", "no_violation",
					 "referred", NULL};

#define TEXT(n, req)                                                           \
	{                                                                      \
		n, CMPL_F_TEXT, req, NULL                                      \
	}
#define END                                                                    \
	{                                                                      \
		NULL, CMPL_F_TEXT, false, NULL                                 \
	}

const struct cmpl_field cmpl_fields_text_required[] = {TEXT("text", true), END};
const struct cmpl_field cmpl_fields_text_optional[] = {TEXT("text", false),
						       END};
static const struct cmpl_field f_proposed[] = {
	TEXT("text", true),
	{"remedy", CMPL_F_ENUM, true, cmpl_remedies},
	{"amount_fen", CMPL_F_AMOUNT, true, NULL},
	END};
static const struct cmpl_field f_not_accepted[] = {
	{"ground", CMPL_F_ENUM, true, cmpl_not_accepted_grounds},
	TEXT("text", true),
	END};
static const struct cmpl_field f_testing_started[] = {
	{"lab", CMPL_F_NAME, true, NULL},
	{"payer", CMPL_F_ENUM, true, cmpl_testing_payers},
	TEXT("text", false),
	END};
static const struct cmpl_field f_agreement[] = {
	{"amount_fen", CMPL_F_AMOUNT, true, NULL}, TEXT("text", true), END};
static const struct cmpl_field f_mediation_ended[] = {
	{"reason", CMPL_F_ENUM, true, cmpl_mediation_end_reasons},
	TEXT("text", false),
	END};
static const struct cmpl_field f_transferred[] = {
	{"office", CMPL_F_OFFICE, true, NULL}, TEXT("text", true), END};
static const struct cmpl_field f_advance_paid[] = {
	{"payer", CMPL_F_ENUM, true, cmpl_payers},
	{"payer_name", CMPL_F_NAME, true, NULL},
	{"amount_fen", CMPL_F_PAID, true, NULL},
	END};
static const struct cmpl_field f_recovered[] = {
	{"payment", CMPL_F_ID, true, NULL},
	{"amount_fen", CMPL_F_PAID, true, NULL},
	END};
static const struct cmpl_field f_lead_extended[] = {
	{"approved_by", CMPL_F_NAME, true, NULL}, TEXT("text", false), END};
static const struct cmpl_field f_lead_checked[] = {
	{"result", CMPL_F_ENUM, true, cmpl_lead_results},
	TEXT("text", true),
	END};
static const struct cmpl_field f_none[] = {END};

const struct cmpl_field *cmpl_event_fields(enum cmpl_ev ev)
{
	switch (ev) {
	case CMPL_EV_MESSAGE:
	case CMPL_EV_RESPONDED:
	case CMPL_EV_REFUSED: return cmpl_fields_text_required;
	case CMPL_EV_PROPOSED: return f_proposed;
	case CMPL_EV_NOT_ACCEPTED: return f_not_accepted;
	case CMPL_EV_TESTING_STARTED: return f_testing_started;
	case CMPL_EV_AGREEMENT: return f_agreement;
	case CMPL_EV_MEDIATION_ENDED: return f_mediation_ended;
	case CMPL_EV_TRANSFERRED: return f_transferred;
	case CMPL_EV_ADVANCE_PAID: return f_advance_paid;
	case CMPL_EV_RECOVERED: return f_recovered;
	case CMPL_EV_LEAD_EXTENDED: return f_lead_extended;
	case CMPL_EV_LEAD_CHECKED: return f_lead_checked;
	case CMPL_EV_SETTLEMENT_ACCEPTED:
	case CMPL_EV_SETTLEMENT_REFUSED:
	case CMPL_EV_ACCEPTED:
	case CMPL_EV_MEDIATION_STARTED:
	case CMPL_EV_TESTING_ENDED:
	case CMPL_EV_WITHDRAWN:
	case CMPL_EV_CLOSED: return cmpl_fields_text_optional;
	case CMPL_EV_RECEIVED:
	case CMPL_EV_COUNT: break;
	}
	return f_none;
}

static _Thread_local char msg[160];

static enum bt_err refuse(const char *name, const char *what,
			  const char **reason)
{
	bt_fmt(msg, sizeof(msg), "%s: %s", name, what);
	*reason = msg;
	return BT_EINVAL;
}

static enum bt_err check_one(const struct cmpl_field *f, const json_t *v,
			     const char **reason)
{
	const char *s = json_string_value(v);
	json_int_t n = json_integer_value(v);
	switch (f->type) {
	case CMPL_F_TEXT:
		if (s == NULL || !bt_text_block_ok(s, 1, CMPL_TEXT_MAX))
			return refuse(f->name, "1 to 2000 characters of text",
				      reason);
		break;
	case CMPL_F_NAME:
		if (s == NULL || !bt_text_ok(s, 1, 100))
			return refuse(f->name, "1 to 100 characters of text",
				      reason);
		break;
	case CMPL_F_AMOUNT:
		if (!json_is_integer(v) || n < 0 || n > CMPL_AMOUNT_MAX)
			return refuse(f->name,
				      "a whole number of fen from 0 to "
				      "10000000000",
				      reason);
		break;
	case CMPL_F_PAID:
		if (!json_is_integer(v) || n < 1 || n > CMPL_AMOUNT_MAX)
			return refuse(f->name,
				      "a whole number of fen from 1 to "
				      "10000000000",
				      reason);
		break;
	case CMPL_F_ID:
		if (!json_is_integer(v) || n < 1)
			return refuse(f->name, "a positive whole number",
				      reason);
		break;
	case CMPL_F_ENUM:
		if (s == NULL || !bt_one_of(s, f->values))
			return refuse(f->name, "not one of the allowed values",
				      reason);
		break;
	case CMPL_F_OFFICE:
		if (s == NULL || strlen(s) != 6 || strspn(s, "0123456789") != 6)
			return refuse(f->name, "a six-digit office code",
				      reason);
		break;
	}
	return BT_OK;
}

enum bt_err cmpl_event_data_check(enum cmpl_ev ev, const json_t *data,
				  const char **reason)
{
	return cmpl_fields_check(cmpl_event_fields(ev), data, reason);
}

enum bt_err cmpl_fields_check(const struct cmpl_field *fields,
			      const json_t *data, const char **reason)
{
	const char *key;
	const json_t *v;
	json_object_foreach ((json_t *)data, key, v) {
		const struct cmpl_field *f = fields;
		while (f->name && strcmp(f->name, key) != 0)
			f++;
		if (f->name == NULL)
			return refuse(key, "not a member of this action",
				      reason);
		if (json_is_null(v) && !f->required)
			continue;
		enum bt_err err = check_one(f, v, reason);
		if (err != BT_OK)
			return err;
	}
	for (const struct cmpl_field *f = fields; f->name; f++)
		if (f->required && json_object_get(data, f->name) == NULL)
			return refuse(f->name, "required", reason);
	return BT_OK;
}
