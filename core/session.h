/* session.h: signing in to pages. Regulators and admins sign in with a
 * username and password (Argon2id); enterprises (and regulators with a key)
 * with an API key. A session is an HttpOnly, SameSite=Strict cookie holding
 * a random token (only its hash is stored) and a CSRF token that every form
 * posted in the session must carry. Sessions last 8 hours. */
#ifndef BT_SESSION_H
#define BT_SESSION_H

#include "crypto.h"
#include "db.h"
#include "err.h"
#include "http.h"

#define BT_SESSION_COOKIE "bt_session"
#define BT_CSRF_LEN	  32

/* Makes an account; insurer_id names the insurer an insurer's account acts
 * for (0 for other roles). BT_EINVAL with *reason for a bad username,
 * role, insurer or a password shorter than 12 characters; BT_ECONFLICT if
 * the name is taken. */
enum bt_err bt_account_add(struct bt_db *db, const char *username,
			   const char *password, enum bt_role role,
			   long long insurer_id, long long *id,
			   const char **reason);

/* Lifts an account's sign-in lock and waits (migration 0007).
 * BT_ENOTFOUND if there is no such account. */
enum bt_err bt_account_unlock(struct bt_db *db, const char *username);

/* Starts a session for a username and password, or for an API key
 * (username NULL, secret the key). BT_EAUTH if they do not match; for a
 * username, BT_ECONFLICT while earlier wrong passwords make it wait
 * (*wait_s seconds) and BT_EFORBIDDEN while it is locked. token receives
 * the cookie value. */
enum bt_err bt_session_start(struct bt_db *db, const char *username,
			     const char *secret, char token[BT_TOKEN_LEN + 1],
			     unsigned *wait_s);

/* The principal and CSRF token of a live session; BT_EAUTH if none. */
enum bt_err bt_session_lookup(struct bt_db *db, const char *token,
			      struct bt_principal *who,
			      char csrf[BT_CSRF_LEN + 1]);

enum bt_err bt_session_end(struct bt_db *db, const char *token);

/* A bt_session_authenticator on this thread's connection. */
enum bt_err bt_session_http(const char *token, struct bt_principal *who,
			    char csrf[BT_CSRF_LEN + 1]);

/* Cookies carry Secure when the site is served over https. */
void bt_session_secure_cookies(bool secure);

/* Starts (stops) the thread that checks passwords for POST /login. */
enum bt_err bt_session_pool_start(void);
void bt_session_pool_stop(void);

/* GET /login (the form, with its own CSRF token in a cookie), POST /login
 * (username and password, or api_key; then 303 to ?next= or /account), POST
 * /logout. */
void bt_session_login_page(struct bt_req *req);
void bt_session_login(struct bt_req *req);
void bt_session_logout(struct bt_req *req);
/* POST /api/v1/accounts/{username}/unlock (admins): bt_account_unlock. */
void bt_session_unlock_api(struct bt_req *req);
/* POST /account/unlock (an admin's form on the account page). */
void bt_session_unlock_form(struct bt_req *req);

#endif
