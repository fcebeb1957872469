/* http_auth.c: who makes a request (an API key or a session
 * cookie), whether a signed-in form carries its CSRF token, and whether
 * the route allows that principal. */
#include "http_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <ctype.h>

#include "crypto.h"

/* Signs the request in by its session cookie, if it has a live one. */
static void session_signin(struct bt_req *req)
{
	const char *cookie = bt_req_cookie(req, "bt_session");
	if (cookie == NULL || req->srv->opt.session == NULL)
		return;
	struct bt_principal who = {0};
	if (req->srv->opt.session(cookie, &who, req->csrf) == BT_OK) {
		req->principal = who;
		req->by_session = true;
	} else {
		req->csrf[0] = '\0';
	}
}

/* A form posted in a session must carry the session's CSRF token. */
static bool csrf_ok(struct bt_req *req)
{
	if (strcmp(req->method, "GET") == 0 || strcmp(req->method, "HEAD") == 0)
		return true;
	const char *sent = bt_req_header(req, "X-CSRF-Token");
	if (sent == NULL)
		sent = bt_req_form(req, "csrf");
	/* A form with a file (multipart) carries it as a part. */
	char part[33] = "";
	const char *data = NULL;
	size_t len = 0;
	if (sent == NULL && bt_req_upload(req, "csrf", &data, &len) &&
	    len == 32) {
		memcpy(part, data, 32);
		sent = part;
	}
	if (sent && bt_same_secret(sent, req->csrf))
		return true;
	bt_reply_error(req, BT_EFORBIDDEN,
		       "this form is stale or did not come from this site; "
		       "reload the page and try again");
	return false;
}

/* Sends a browser to sign in, and back here after (the path escaped). */
static void login_redirect(struct bt_req *req)
{
	struct bt_buf to = BT_BUF_INIT;
	bt_buf_puts(&to, "/login?next=");
	for (const unsigned char *p = (const unsigned char *)req->path; *p;
	     p++) {
		if (isalnum(*p) || strchr("/-._~", *p))
			bt_buf_printf(&to, "%c", *p);
		else
			bt_buf_printf(&to, "%%%02X", *p);
	}
	if (to.data == NULL)
		bt_reply_error(req, BT_ENOMEM, NULL);
	else
		bt_reply_redirect(req, 303, to.data);
	bt_buf_free(&to);
}

/* Whether the route allows the principal's role; false after a 403. */
static bool allowed(struct bt_req *req, const struct bt_route *route,
		    const char *message)
{
	if (route->allow & BT_ALLOW(req->principal.role))
		return true;
	if (route->allow == BT_ENTERPRISE_ONLY)
		message = "only the enterprise itself can do this, with its "
			  "API key or its sign-in";
	bt_reply_error(req, BT_EFORBIDDEN, message);
	return false;
}

bool http_authorize(struct bt_req *req, const struct bt_route *route)
{
	req->principal.role = BT_ROLE_PUBLIC;
	const char *auth = bt_req_header(req, "Authorization");
	const char *token = NULL;
	if (auth && strncasecmp(auth, "Bearer ", 7) == 0) /* RFC 9110 11.1 */
		token = auth + 7;
	else
		token = bt_req_header(req, "X-API-Key");
	if (token == NULL) {
		session_signin(req);
		/* Forms that act for the signed-in principal carry its
		 * CSRF token; public routes act for nobody. */
		if (req->by_session && route->allow != BT_ANYONE &&
		    !csrf_ok(req))
			return false;
	}

	/* A public route that also names roles lets a key act as its
	 * principal (an enterprise answering a complaint); one that names
	 * none ignores keys. */
	if ((route->allow & BT_ANYONE) &&
	    (token == NULL || route->allow == BT_ANYONE))
		return true;
	if (token == NULL && !req->by_session) {
		if (!bt_req_wants_json(req)) {
			login_redirect(req);
			return false;
		}
		bt_reply_error(req, BT_EAUTH,
			       "this request needs an API key: send "
			       "'Authorization: Bearer <key>'");
		return false;
	}
	if (req->by_session)
		return allowed(req, route, "your sign-in does not allow this");
	enum bt_err err =
		req->srv->opt.authenticate
			? req->srv->opt.authenticate(token, &req->principal)
			: BT_EAUTH;
	if (err == BT_EAUTH) {
		bt_reply_error(req, err, "the API key is unknown or revoked");
		return false;
	}
	if (err != BT_OK) {
		bt_reply_error(req, err, "cannot check the API key now");
		return false;
	}
	return allowed(req, route,
		       "this API key's role may not make this request");
}
