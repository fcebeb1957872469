/* policy.h: insurers and their quality-insurance policies. An insurer's
 * account (or a regulator) registers a policy of an enterprise: what it
 * covers, its period, limits and deductible in fen, the days after
 * purchase a claim may come in, and whether it pays in advance. */
#ifndef INS_POLICY_H
#define INS_POLICY_H

#include <jansson.h>
#include <stdbool.h>

#include "core/db.h"
#include "core/err.h"
#include "core/http.h"

/* The id of the insurer with code; BT_ENOTFOUND if none. */
enum bt_err ins_insurer_find(struct bt_db *db, const char *code, long long *id);
/* Adds an insurer (code: 2-30 of a-z 0-9 _ -); *id its id. BT_EINVAL with
 * *reason, BT_ECONFLICT when the code is taken. */
enum bt_err ins_insurer_add(struct bt_db *db, const char *code,
			    const char *name_zh, const char *name_en,
			    long long *id, const char **reason);
/* Every insurer: [{id, code, name_zh, name_en}]. */
enum bt_err ins_insurers(struct bt_db *db, json_t **out);

/* A policy as registered; strings as given (dates YYYY-MM-DD). */
struct ins_policy_in {
	long long insurer_id;
	const char *number;
	long long enterprise_id;
	const json_t *gtins;	  /* array of 14-digit GTINs, or NULL */
	const json_t *categories; /* array of product categories, or NULL */
	const char *starts_on, *ends_on;
	long long per_claim_fen, aggregate_fen, deductible_fen;
	long long claim_days;
	bool pays_in_advance;
};

/* Registers p as who (an insurer registers only its own policies, a
 * regulator any insurer's); *out is the policy as ins_policies lists it.
 * BT_EINVAL with *reason naming the field; BT_ECONFLICT when the insurer
 * has a policy with this number. One transaction. */
enum bt_err ins_policy_add(struct bt_db *db, const struct bt_principal *who,
			   const struct ins_policy_in *p, json_t **out,
			   const char **reason);

/* Policies, newest first: of one insurer (insurer_id > 0), of one
 * enterprise (enterprise_id > 0), or all; each with its use of the
 * aggregate and deductible. {items}. */
enum bt_err ins_policies(struct bt_db *db, long long insurer_id,
			 long long enterprise_id, json_t **out);

#endif
