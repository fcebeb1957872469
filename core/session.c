/* session.c: accounts and sessions. */
#include "session.h"

#include <stdbool.h>

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "buf.h"
#include "crypto.h"
#include "limit.h"
#include "pool.h"

enum {
	ST_ACCOUNT_ADD,
	ST_ACCOUNT_GET,
	ST_LOGIN_FAILED,
	ST_LOGIN_OK,
	ST_UNLOCK,
	ST_START,
	ST_LOOKUP,
	ST_END,
	ST_SWEEP,
};

static const struct bt_stmt stmts[] = {
	[ST_ACCOUNT_ADD] =
		{"session.account_add",
		 "INSERT INTO account (username, password_hash, role, "
		 "insurer_id) VALUES ($1, $2, $3, nullif($4, '0')::bigint) "
		 "RETURNING id"},
	[ST_ACCOUNT_GET] =
		{"session.account_get",
		 "SELECT id, password_hash, role, coalesce(locked_until > "
		 "now(), "
		 "false), ceil(greatest(0, extract(epoch FROM next_login_at - "
		 "now())))::int, coalesce(insurer_id, 0) FROM account WHERE "
		 "username = $1 AND disabled_at IS NULL"},
	/* Migration 0007 says why: growing waits, then a lock. */
	[ST_LOGIN_FAILED] =
		{"session.login_failed",
		 "UPDATE account SET failed_logins = failed_logins + 1, "
		 "next_login_at = now() + make_interval(secs => CASE WHEN "
		 "failed_logins + 1 < 3 THEN 0 ELSE least(900, 2 ^ "
		 "(failed_logins - 1)) END), locked_until = CASE WHEN "
		 "failed_logins + 1 >= 10 THEN now() + interval '1 hour' ELSE "
		 "locked_until END WHERE id = $1"},
	[ST_LOGIN_OK] =
		{"session.login_ok",
		 "UPDATE account SET failed_logins = 0, next_login_at = "
		 "NULL, locked_until = NULL WHERE id = $1 AND "
		 "failed_logins > 0"},
	[ST_UNLOCK] = {"session.unlock",
		       "UPDATE account SET failed_logins = 0, next_login_at = "
		       "NULL, locked_until = NULL WHERE username = $1"},
	[ST_START] =
		{"session.start",
		 "INSERT INTO session (token_hash, role, enterprise_id, "
		 "account_id, api_key_id, csrf, expires_at) VALUES ($1, $2, "
		 "nullif($3, '0')::bigint, nullif($4, '0')::bigint, "
		 "nullif($5, '0')::bigint, $6, now() + interval '8 hours')"},
	[ST_LOOKUP] = {"session.lookup",
		       "SELECT s.role, coalesce(s.enterprise_id, 0), "
		       "coalesce(s.account_id, s.api_key_id, 0), s.csrf, "
		       "coalesce(a.username, 'key ' || k.prefix, ''), "
		       "coalesce(a.insurer_id, 0) FROM "
		       "session s LEFT JOIN api_key k ON k.id = s.api_key_id "
		       "LEFT JOIN account a ON a.id = s.account_id WHERE "
		       "s.token_hash = $1 AND s.expires_at > now() AND "
		       "k.revoked_at IS NULL AND a.disabled_at IS NULL"},
	[ST_END] = {"session.end", "DELETE FROM session WHERE token_hash = $1"},
	[ST_SWEEP] = {"session.sweep",
		      "DELETE FROM session WHERE expires_at < now()"},
};

static bool username_ok(const char *u)
{
	size_t n = strlen(u);
	if (n < 3 || n > 40)
		return false;
	for (const char *p = u; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		      *p == '_' || *p == '.' || *p == '-'))
			return false;
	return true;
}

enum bt_err bt_account_add(struct bt_db *db, const char *username,
			   const char *password, enum bt_role role,
			   long long insurer_id, long long *id,
			   const char **reason)
{
	if (!username_ok(username)) {
		*reason = "a username is 3 to 40 lower-case letters, digits, "
			  "'.', '_' or '-'";
		return BT_EINVAL;
	}
	if (role != BT_ROLE_REGULATOR && role != BT_ROLE_ADMIN &&
	    role != BT_ROLE_INSURER) {
		*reason = "accounts are for regulators, admins and insurers";
		return BT_EINVAL;
	}
	if ((role == BT_ROLE_INSURER) != (insurer_id > 0)) {
		*reason = "an insurer's account names its insurer, and only an "
			  "insurer's account does";
		return BT_EINVAL;
	}
	if (!bt_text_ok(password, 12, 200)) {
		*reason = "a password has at least 12 characters";
		return BT_EINVAL;
	}
	char hash[BT_PASSWORD_HASH_LEN];
	enum bt_err err = bt_password_hash(password, hash);
	if (err != BT_OK)
		return err;
	char ins[24];
	snprintf(ins, sizeof(ins), "%lld", insurer_id);
	const char *p[] = {username, hash, bt_role_name(role), ins};
	PGresult *r = NULL;
	err = bt_db_query_take(db, &stmts[ST_ACCOUNT_ADD], 4, p, &r);
	if (err == BT_OK)
		*id = bt_db_int(r, 0, 0);
	else if (err == BT_ECONFLICT)
		*reason = "this username is taken";
	else if (err == BT_EINVAL && insurer_id > 0)
		*reason = "no such insurer";
	PQclear(r);
	return err;
}

enum bt_err bt_account_unlock(struct bt_db *db, const char *username)
{
	const char *p[] = {username};
	unsigned long n = 0;
	enum bt_err err = bt_db_run(db, &stmts[ST_UNLOCK], 1, p, &n);
	return err == BT_OK && n == 0 ? BT_ENOTFOUND : err;
}

/* Checks a password under the account's throttle: BT_ECONFLICT with
 * *wait_s while it must wait, BT_EFORBIDDEN while locked. */
static enum bt_err verify_account(struct bt_db *db, const char *username,
				  const char *password,
				  struct bt_principal *who, unsigned *wait_s)
{
	const char *p[] = {username};
	PGresult *r = NULL;
	enum bt_err err =
		bt_db_query_take(db, &stmts[ST_ACCOUNT_GET], 1, p, &r);
	if (err != BT_OK)
		return err;
	if (PQntuples(r) != 1) {
		PQclear(r);
		/* Spend the same effort as a real check, so that timing does
		 * not tell which usernames exist. */
		char hash[BT_PASSWORD_HASH_LEN];
		bt_password_hash(password, hash);
		return BT_EAUTH;
	}
	char id[24];
	bt_strlcpy(id, bt_db_text(r, 0, 0), sizeof(id));
	const char *idp[] = {id};
	if (strcmp(bt_db_text(r, 0, 3), "t") == 0) {
		err = BT_EFORBIDDEN;
	} else if (bt_db_int(r, 0, 4) > 0) {
		/* Trying again before the wait is over counts as one more
		 * wrong password: hammering leads to the lock sooner. */
		*wait_s = (unsigned)bt_db_int(r, 0, 4);
		err = bt_db_run(db, &stmts[ST_LOGIN_FAILED], 1, idp, NULL) ==
				      BT_OK
			      ? BT_ECONFLICT
			      : BT_EUNAVAIL;
	} else {
		err = bt_password_verify(bt_db_text(r, 0, 1), password);
		if (err == BT_OK) {
			who->key_id = bt_db_int(r, 0, 0);
			who->enterprise_id = 0;
			who->insurer_id = bt_db_int(r, 0, 5);
			bt_strlcpy(who->name, username, sizeof(who->name));
			err = bt_role_parse(bt_db_text(r, 0, 2), &who->role);
		}
		if (err == BT_OK)
			err = bt_db_run(db, &stmts[ST_LOGIN_OK], 1, idp, NULL);
		else if (err == BT_EAUTH &&
			 bt_db_run(db, &stmts[ST_LOGIN_FAILED], 1, idp, NULL) !=
				 BT_OK)
			err = BT_EUNAVAIL;
	}
	PQclear(r);
	return err;
}

enum bt_err bt_session_start(struct bt_db *db, const char *username,
			     const char *secret, char token[BT_TOKEN_LEN + 1],
			     unsigned *wait_s)
{
	struct bt_principal who = {0};
	*wait_s = 0;
	enum bt_err err =
		username ? verify_account(db, username, secret, &who, wait_s)
			 : bt_auth_key_lookup(db, secret, &who);
	if (err != BT_OK)
		return err;
	char hash[BT_HASH_HEX_LEN], csrf[BT_CSRF_LEN + 1], ent[24], acc[24],
		key[24];
	uint8_t raw[BT_CSRF_LEN / 2];
	bt_token_new(token);
	bt_token_hash(token, hash);
	bt_random_bytes(raw, sizeof(raw));
	bt_hex_encode(csrf, raw, sizeof(raw));
	snprintf(ent, sizeof(ent), "%lld", who.enterprise_id);
	snprintf(acc, sizeof(acc), "%lld", username ? who.key_id : 0);
	snprintf(key, sizeof(key), "%lld", username ? 0 : who.key_id);
	const char *p[] = {hash, bt_role_name(who.role), ent, acc, key, csrf};
	bt_db_run(db, &stmts[ST_SWEEP], 0, NULL, NULL);
	return bt_db_run(db, &stmts[ST_START], 6, p, NULL);
}

enum bt_err bt_session_lookup(struct bt_db *db, const char *token,
			      struct bt_principal *who,
			      char csrf[BT_CSRF_LEN + 1])
{
	if (strlen(token) != BT_TOKEN_LEN)
		return BT_EAUTH;
	char hash[BT_HASH_HEX_LEN];
	bt_token_hash(token, hash);
	const char *p[] = {hash};
	PGresult *r = NULL;
	enum bt_err err = bt_db_query_take(db, &stmts[ST_LOOKUP], 1, p, &r);
	if (err == BT_OK && PQntuples(r) != 1)
		err = BT_EAUTH;
	if (err == BT_OK) {
		err = bt_role_parse(bt_db_text(r, 0, 0), &who->role);
		who->enterprise_id = bt_db_int(r, 0, 1);
		who->key_id = bt_db_int(r, 0, 2);
		bt_strlcpy(csrf, bt_db_text(r, 0, 3), BT_CSRF_LEN + 1);
		bt_strlcpy(who->name, bt_db_text(r, 0, 4), sizeof(who->name));
		who->insurer_id = bt_db_int(r, 0, 5);
	}
	PQclear(r);
	return err;
}

enum bt_err bt_session_end(struct bt_db *db, const char *token)
{
	char hash[BT_HASH_HEX_LEN];
	bt_token_hash(token, hash);
	const char *p[] = {hash};
	return bt_db_run(db, &stmts[ST_END], 1, p, NULL);
}

enum bt_err bt_session_http(const char *token, struct bt_principal *who,
			    char csrf[BT_CSRF_LEN + 1])
{
	struct bt_db *db = NULL;
	enum bt_err err = bt_db_thread(&db);
	return err == BT_OK ? bt_session_lookup(db, token, who, csrf) : err;
}

static bool secure_cookies;

void bt_session_secure_cookies(bool secure)
{
	secure_cookies = secure;
}

/* Only local paths: never redirect a signed-in user to another site. */
static const char *safe_next(const char *next)
{
	if (next == NULL || next[0] != '/' || next[1] == '/' ||
	    strchr(next, '\\') || strlen(next) > 500)
		return "/account";
	for (const char *p = next; *p; p++)
		if ((unsigned char)*p < 0x21)
			return "/account";
	return next;
}

/* Signing in runs on its own small pool: a password check costs about
 * 80 ms of CPU, which the HTTP threads must not spend. */
static struct bt_pool *checkers;

enum bt_err bt_session_pool_start(void)
{
	return bt_pool_new("login", 1, 8, &checkers);
}

void bt_session_pool_stop(void)
{
	bt_pool_free(checkers);
	checkers = NULL;
}

/* The login form carries a token that must match a cookie set with the
 * form (SameSite=Strict), so another site cannot sign a visitor into an
 * account of its choosing. */
#define LOGIN_COOKIE "bt_login"

static void login_form(struct bt_req *req, unsigned status, const char *error)
{
	const char *next = bt_req_query(req, "next");
	if (next == NULL)
		next = bt_req_form(req, "next");
	uint8_t raw[BT_CSRF_LEN / 2];
	char csrf[BT_CSRF_LEN + 1], cookie[128];
	bt_random_bytes(raw, sizeof(raw));
	bt_hex_encode(csrf, raw, sizeof(raw));
	snprintf(cookie, sizeof(cookie),
		 LOGIN_COOKIE "=%s; Path=/login; HttpOnly; SameSite=Strict; "
			      "Max-Age=3600%s",
		 csrf, secure_cookies ? "; Secure" : "");
	bt_reply_header(req, "Set-Cookie", cookie);
	json_t *view = json_pack("{s:s, s:s}", "next", safe_next(next),
				 "login_csrf", csrf);
	if (error)
		json_object_set_new(view, "error", json_string(error));
	bt_reply_view(req, status, "login", view);
}

void bt_session_login_page(struct bt_req *req)
{
	if (bt_req_principal(req)->role != BT_ROLE_PUBLIC) {
		bt_reply_redirect(req, 303,
				  safe_next(bt_req_query(req, "next")));
		return;
	}
	login_form(req, 200, NULL);
}

struct login {
	struct bt_req *req;
	char user[48];
	char secret[208];
	bool by_user;
	enum bt_err err;
	unsigned wait_s;
	char token[BT_TOKEN_LEN + 1];
};

static void check_login(void *arg)
{
	struct login *l = arg;
	struct bt_db *db = NULL;
	l->err = bt_db_thread(&db);
	if (l->err == BT_OK)
		l->err = bt_session_start(db, l->by_user ? l->user : NULL,
					  l->secret, l->token, &l->wait_s);
	sodium_memzero(l->secret, sizeof(l->secret));
	bt_req_resume(l->req);
}

static void reply_login(struct bt_req *req, void *data)
{
	struct login *l = data;
	if (l->err == BT_EAUTH) {
		login_form(req, 401, "login.wrong");
	} else if (l->err == BT_ECONFLICT) {
		char secs[16];
		snprintf(secs, sizeof(secs), "%u", l->wait_s);
		bt_reply_header(req, "Retry-After", secs);
		login_form(req, 429, "login.wait");
	} else if (l->err == BT_EFORBIDDEN) {
		login_form(req, 423, "login.locked");
	} else if (l->err != BT_OK) {
		bt_reply_error(req, l->err,
			       "signing in is not possible right now");
	} else {
		char cookie[160];
		snprintf(cookie, sizeof(cookie),
			 BT_SESSION_COOKIE
			 "=%s; Path=/; HttpOnly; SameSite=Strict; "
			 "Max-Age=28800%s",
			 l->token, secure_cookies ? "; Secure" : "");
		bt_reply_header(req, "Set-Cookie", cookie);
		bt_reply_header(req, "Set-Cookie",
				LOGIN_COOKIE "=; Path=/login; Max-Age=0");
		bt_reply_redirect(req, 303,
				  safe_next(bt_req_form(req, "next")));
	}
	sodium_memzero(l, sizeof(*l));
	free(l);
}

void bt_session_login(struct bt_req *req)
{
	if (!bt_req_rate(req, BT_RATE_LOGIN))
		return;
	if (!bt_same_secret(bt_req_form(req, "csrf"),
			    bt_req_cookie(req, LOGIN_COOKIE))) {
		login_form(req, 403, "login.stale");
		return;
	}
	const char *user = bt_req_form(req, "username");
	const char *password = bt_req_form(req, "password");
	const char *key = bt_req_form(req, "api_key");
	if (user && *user == '\0')
		user = NULL;
	const char *secret = user ? password : key;
	if (secret == NULL || *secret == '\0' || strlen(secret) > 200 ||
	    (user && strlen(user) > 40)) {
		login_form(req, 400, "login.missing");
		return;
	}
	struct login *l = calloc(1, sizeof(*l));
	if (l == NULL) {
		bt_reply_error(req, BT_ENOMEM, NULL);
		return;
	}
	l->req = req;
	l->by_user = user != NULL;
	bt_strlcpy(l->user, user ? user : "", sizeof(l->user));
	bt_strlcpy(l->secret, secret, sizeof(l->secret));
	bt_req_suspend(req, reply_login, l);
	if (checkers == NULL ||
	    bt_pool_submit(checkers, check_login, l) != BT_OK) {
		l->err = BT_EUNAVAIL;
		bt_req_resume(req);
	}
}

void bt_session_logout(struct bt_req *req)
{
	const char *cookie = bt_req_cookie(req, BT_SESSION_COOKIE);
	struct bt_db *db = NULL;
	if (cookie && bt_db_thread(&db) == BT_OK)
		bt_session_end(db, cookie);
	bt_reply_header(req, "Set-Cookie",
			BT_SESSION_COOKIE
			"=; Path=/; HttpOnly; SameSite=Strict; "
			"Max-Age=0");
	bt_reply_redirect(req, 303, "/");
}

void bt_session_unlock_api(struct bt_req *req)
{
	const char *user = bt_req_param(req, "username");
	struct bt_db *db = NULL;
	enum bt_err err = bt_db_thread(&db);
	if (err == BT_OK)
		err = bt_account_unlock(db, user);
	if (err != BT_OK) {
		bt_reply_error(req, err,
			       err == BT_ENOTFOUND ? "no such account" : NULL);
		return;
	}
	bt_reply_json(req, 200,
		      json_pack("{s:s, s:b}", "username", user, "unlocked", 1));
}

void bt_session_unlock_form(struct bt_req *req)
{
	const char *user = bt_req_form(req, "username");
	struct bt_db *db = NULL;
	enum bt_err err = user && *user ? bt_db_thread(&db) : BT_EINVAL;
	if (err == BT_OK)
		err = bt_account_unlock(db, user);
	if (err != BT_OK) {
		bt_reply_error(req, err,
			       err == BT_ENOTFOUND ? "no such account"
			       : err == BT_EINVAL ? "name the account to unlock"
						  : NULL);
		return;
	}
	struct bt_buf to = BT_BUF_INIT;
	bt_buf_puts(&to, "/account?unlocked=");
	for (const char *p = user; *p; p++) /* usernames: a-z 0-9 . _ - */
		if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '.' || *p == '_' || *p == '-')
			bt_buf_printf(&to, "%c", *p);
	bt_reply_redirect(req, 303, to.data);
	bt_buf_free(&to);
}
