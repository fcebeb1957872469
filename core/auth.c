/* auth.c: API key storage and lookup. */
#include "auth.h"

#include <stdio.h>
#include <string.h>

#include "buf.h"

enum {
	ST_INSERT,
	ST_REVOKE,
	ST_LOOKUP,
};

static const struct bt_stmt stmts[] = {
	[ST_INSERT] =
		{"auth.key_insert",
		 "INSERT INTO api_key (role, enterprise_id, token_hash, "
		 "prefix, label) VALUES ($1, $2, $3, $4, $5) RETURNING id"},
	[ST_REVOKE] = {"auth.key_revoke",
		       "UPDATE api_key SET revoked_at = now() WHERE id = $1 "
		       "AND revoked_at IS NULL"},
	[ST_LOOKUP] = {"auth.key_lookup",
		       "SELECT id, role, coalesce(enterprise_id, 0), 'key ' || "
		       "prefix FROM api_key "
		       "WHERE token_hash = $1 AND revoked_at IS NULL"},
};

const char *bt_role_name(enum bt_role role)
{
	switch (role) {
	case BT_ROLE_PUBLIC: return "public";
	case BT_ROLE_ENTERPRISE: return "enterprise";
	case BT_ROLE_REGULATOR: return "regulator";
	case BT_ROLE_ADMIN: return "admin";
	case BT_ROLE_INSURER: return "insurer";
	}
	return "public";
}

const char *bt_allow_name(unsigned allow, char *out, size_t size)
{
	static const enum bt_role roles[] = {BT_ROLE_PUBLIC, BT_ROLE_ENTERPRISE,
					     BT_ROLE_REGULATOR, BT_ROLE_ADMIN,
					     BT_ROLE_INSURER};
	size_t n = 0;
	out[0] = '\0';
	for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++) {
		if (!(allow & BT_ALLOW(roles[i])))
			continue;
		int w = snprintf(out + n, size - n, "%s%s", n ? "," : "",
				 bt_role_name(roles[i]));
		if (w < 0 || (size_t)w >= size - n)
			break;
		n += (size_t)w;
	}
	return out;
}

enum bt_err bt_role_parse(const char *name, enum bt_role *out)
{
	static const enum bt_role roles[] = {BT_ROLE_ENTERPRISE,
					     BT_ROLE_REGULATOR, BT_ROLE_ADMIN,
					     BT_ROLE_INSURER};
	for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++) {
		if (strcmp(name, bt_role_name(roles[i])) == 0) {
			*out = roles[i];
			return BT_OK;
		}
	}
	return BT_EINVAL;
}

enum bt_err bt_auth_key_create(struct bt_db *db, enum bt_role role,
			       long long enterprise_id, const char *label,
			       char token[BT_TOKEN_LEN + 1], long long *id)
{
	if (role == BT_ROLE_PUBLIC ||
	    (role == BT_ROLE_ENTERPRISE) != (enterprise_id > 0) ||
	    !bt_text_ok(label, 0, 100))
		return BT_EINVAL;
	char hash[BT_HASH_HEX_LEN], ent[24], prefix[12];
	bt_token_new(token);
	bt_token_hash(token, hash);
	memcpy(prefix, token, 8);
	prefix[8] = '\0';
	snprintf(ent, sizeof(ent), "%lld", enterprise_id);
	const char *params[] = {bt_role_name(role),
				enterprise_id > 0 ? ent : NULL, hash, prefix,
				label};
	PGresult *r = NULL;
	enum bt_err err =
		bt_db_query_take(db, &stmts[ST_INSERT], 5, params, &r);
	if (err == BT_OK)
		*id = bt_db_int(r, 0, 0);
	PQclear(r);
	return err;
}

enum bt_err bt_auth_key_revoke(struct bt_db *db, long long id)
{
	char key[24];
	snprintf(key, sizeof(key), "%lld", id);
	const char *params[] = {key};
	unsigned long n = 0;
	enum bt_err err = bt_db_run(db, &stmts[ST_REVOKE], 1, params, &n);
	if (err == BT_OK && n == 0)
		err = BT_ENOTFOUND;
	return err;
}

enum bt_err bt_auth_key_lookup(struct bt_db *db, const char *token,
			       struct bt_principal *out)
{
	if (strlen(token) != BT_TOKEN_LEN ||
	    strncmp(token, BT_TOKEN_PREFIX, 4) != 0)
		return BT_EAUTH;
	char hash[BT_HASH_HEX_LEN];
	bt_token_hash(token, hash);
	const char *params[] = {hash};
	PGresult *r = NULL;
	enum bt_err err =
		bt_db_query_take(db, &stmts[ST_LOOKUP], 1, params, &r);
	if (err == BT_OK && PQntuples(r) != 1)
		err = BT_EAUTH;
	if (err == BT_OK) {
		out->key_id = bt_db_int(r, 0, 0);
		err = bt_role_parse(bt_db_text(r, 0, 1), &out->role);
		out->enterprise_id = bt_db_int(r, 0, 2);
		bt_strlcpy(out->name, bt_db_text(r, 0, 3), sizeof(out->name));
	}
	PQclear(r);
	return err;
}

enum bt_err bt_auth_http(const char *token, struct bt_principal *out)
{
	struct bt_db *db = NULL;
	enum bt_err err = bt_db_thread(&db);
	if (err != BT_OK)
		return err;
	return bt_auth_key_lookup(db, token, out);
}
