/* auth.h: API keys. A key is shown once when made; only its hash is
 * stored. A key has a role and, for enterprises, the enterprise it acts
 * for; revoked keys stop working at once. */
#ifndef BT_AUTH_H
#define BT_AUTH_H

#include "crypto.h"
#include "db.h"
#include "err.h"
#include "http.h"

/* Makes a key for role (enterprise_id > 0 exactly when role is
 * BT_ROLE_ENTERPRISE). token receives the key to hand over; *id its id. */
enum bt_err bt_auth_key_create(struct bt_db *db, enum bt_role role,
			       long long enterprise_id, const char *label,
			       char token[BT_TOKEN_LEN + 1], long long *id);

/* Revokes key id; BT_ENOTFOUND if no such live key. */
enum bt_err bt_auth_key_revoke(struct bt_db *db, long long id);

/* Finds the live key matching token; BT_EAUTH if none. */
enum bt_err bt_auth_key_lookup(struct bt_db *db, const char *token,
			       struct bt_principal *out);

/* A bt_authenticator using this thread's database connection. */
enum bt_err bt_auth_http(const char *token, struct bt_principal *out);

/* "enterprise", "regulator", "admin" or "public". */
const char *bt_role_name(enum bt_role role);
/* The roles a route allows, comma-separated ("enterprise,regulator"),
 * into out (size bytes, 48 hold all); returns out. */
const char *bt_allow_name(unsigned allow, char *out, size_t size);
/* Parses a role name; BT_EINVAL if unknown. */
enum bt_err bt_role_parse(const char *name, enum bt_role *out);

#endif
