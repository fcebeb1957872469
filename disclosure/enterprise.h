/* enterprise.h: bonded-zone enterprises: identifiers (Unified Social
 * Credit Code, customs code) and names. */
#ifndef DISC_ENTERPRISE_H
#define DISC_ENTERPRISE_H

#include <jansson.h>
#include <stdbool.h>

#include "core/db.h"
#include "core/err.h"

#define DISC_USCC_LEN	      18
#define DISC_CUSTOMS_CODE_LEN 10
#define DISC_NAME_MAX	      200 /* characters */

/* NOTIFY channel on which an enterprise's public facts (names, codes,
 * customs class, rating) announce a change; the payload is its id
 * (migration 0012). The scan path's cache listens to it. */
#define DISC_ENTERPRISE_CHANNEL "bt_enterprise"

struct disc_enterprise {
	long long id;
	char uscc[DISC_USCC_LEN + 1];
	char customs_code[DISC_CUSTOMS_CODE_LEN + 1];
	char name_zh[4 * DISC_NAME_MAX + 1];
	char name_en[4 * DISC_NAME_MAX + 1];
	char created_at[40];
	char customs_class[32]; /* customs credit class, e.g. "regular" */
	char customs_class_zh[64];
	char customs_class_en[64];
	char grade[8]; /* current credit grade, "" if not yet rated */
	int score;
};

/* The GB 32100-2015 check character of the first 17 characters, or '\0'
 * if one of them is outside the code's alphabet. */
char disc_uscc_check_char(const char *first17);
/* True for an 18-character code with a correct check character. */
bool disc_uscc_valid(const char *uscc);
/* True for a 10-character customs registration code (digits and A-Z). */
bool disc_customs_code_valid(const char *code);

/* Validates e (ignoring id) and inserts it; *id receives the new id.
 * BT_EINVAL with *reason, or BT_ECONFLICT if the USCC or customs code is
 * taken. */
enum bt_err disc_enterprise_add(struct bt_db *db,
				const struct disc_enterprise *e, long long *id,
				const char **reason);

enum bt_err disc_enterprise_get(struct bt_db *db, long long id,
				struct disc_enterprise *out);

/* Finds an enterprise by id, USCC or customs code (whichever key is). */
enum bt_err disc_enterprise_find(struct bt_db *db, const char *key,
				 struct disc_enterprise *out);

/* Enterprises ordered by Chinese name, the first 1000, as a JSON array of
 * what disc_enterprise_json gives for each. *out is the caller's. */
enum bt_err disc_enterprise_list(struct bt_db *db, json_t **out);

/* A JSON object of e's public fields (new reference). */
json_t *disc_enterprise_json(const struct disc_enterprise *e);

#endif
