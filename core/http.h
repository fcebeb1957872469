/* http.h: the HTTP server on libmicrohttpd: a declarative route table,
 * request accessors, replies (JSON, HTML pages, streams), limits, request
 * logging and Prometheus metrics. */
#ifndef BT_HTTP_H
#define BT_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "err.h"
#include "limit.h"

/* Who a principal is; a route names the set of roles that may call it. */
enum bt_role {
	BT_ROLE_PUBLIC,
	BT_ROLE_ENTERPRISE,
	BT_ROLE_REGULATOR,
	BT_ROLE_ADMIN,
	BT_ROLE_INSURER, /* an account acting for one insurer */
};

#define BT_ALLOW(role) (1u << (role))
/* Anyone, signed in or not. */
#define BT_ANYONE BT_ALLOW(BT_ROLE_PUBLIC)
/* An enterprise acting on its own data (regulators read it elsewhere). */
#define BT_ENTERPRISE_ONLY BT_ALLOW(BT_ROLE_ENTERPRISE)
/* Regulators and admins. */
#define BT_STAFF (BT_ALLOW(BT_ROLE_REGULATOR) | BT_ALLOW(BT_ROLE_ADMIN))
/* Anyone signed in: an enterprise sees its own, staff see all. */
#define BT_SIGNED_IN  (BT_ENTERPRISE_ONLY | BT_STAFF)
#define BT_ADMIN_ONLY BT_ALLOW(BT_ROLE_ADMIN)
/* Insurers' claims handlers, and staff overseeing them. */
#define BT_INSURER_STAFF (BT_ALLOW(BT_ROLE_INSURER) | BT_STAFF)
/* Anyone, and a key or sign-in acts as its principal (a consumer with a
 * case token, the enterprise with its key, a regulator signed in). */
#define BT_EVERYONE (BT_ANYONE | BT_SIGNED_IN | BT_ALLOW(BT_ROLE_INSURER))

struct bt_principal {
	enum bt_role role;
	long long enterprise_id; /* for BT_ROLE_ENTERPRISE, else 0 */
	long long key_id;	 /* API key or account id */
	char name[64]; /* who, for the record: a username or "key PREFIX" */
	long long insurer_id; /* for BT_ROLE_INSURER, else 0 */
};

struct bt_req;
struct bt_db;

/* A handler ends by replying (a bt_reply_* function; a later one replaces
 * an earlier) or by parking the request (bt_req_suspend). */
typedef void (*bt_handler)(struct bt_req *req);

/* A route: method, a path pattern of literal segments and {name}
 * parameters (a last {name*} takes the rest of the path, slashes and
 * empty segments included), the handler, the roles that may call it (a
 * set: BT_ALLOW of each, or one of the sets below), and a short name used
 * in metrics and logs. */
struct bt_route {
	const char *method;
	const char *pattern;
	bt_handler handler;
	unsigned allow;
	const char *name;
	unsigned max_body; /* this route's body limit; 0: the server's */
	/* BT_POOLED: the handler runs on the server's handler pool (each
	 * worker with its own database connection) while the connection
	 * waits, so that a slow write never holds an HTTP thread and every
	 * worker takes the next request whichever thread read it. Such a
	 * handler replies and never parks. */
	bool pooled;
};

#define BT_POOLED true

/* Finds who presents token (an API key); BT_EAUTH if none matches.
 * Supplied by the application so core stays free of its tables. */
typedef enum bt_err (*bt_authenticator)(const char *token,
					struct bt_principal *out);

/* Finds the principal of a session cookie and its CSRF token (32 hex
 * characters); BT_EAUTH if there is no such live session. */
typedef enum bt_err (*bt_session_authenticator)(const char *token,
						struct bt_principal *out,
						char csrf[33]);

struct bt_http_options {
	const char *listen; /* "host:port" */
	unsigned threads;
	size_t max_body;
	size_t max_uri;
	unsigned max_connections;    /* 0: 4096 */
	unsigned per_ip_connections; /* 0: 256; keeps room for others */
	unsigned head_timeout_s;     /* a request head, and keep-alive; 0: 10 */
	unsigned body_timeout_s;     /* a request body once its head came; 60 */
	unsigned workers;	     /* the handler pool's threads; 0: 4 */
	unsigned worker_queue;	     /* requests waiting for one; 0: 256 */
	bt_authenticator authenticate;
	bt_session_authenticator session; /* cookie "bt_session" */
	/* Called once a change (not GET or HEAD) by staff or an insurer was
	 * answered with success, on the request's thread: the audit log. */
	void (*audit)(const struct bt_principal *who, const char *method,
		      const char *path, const char *route, unsigned status);
};

struct bt_server;

/* Starts serving routes (the array must outlive the server). */
enum bt_err bt_server_start(const struct bt_route *routes, size_t nroutes,
			    const struct bt_http_options *opt,
			    struct bt_server **out);
/* The port actually bound (useful when listening on port 0). */
unsigned bt_server_port(const struct bt_server *srv);
/* Stops accepting, finishes requests in flight, frees the server. */
void bt_server_stop(struct bt_server *srv);

/* Request accessors. Returned strings live as long as the request. */
const char *bt_req_method(const struct bt_req *req);
const char *bt_req_path(const struct bt_req *req);
/* The raw request target: path and query, still percent-encoded. */
const char *bt_req_target(const struct bt_req *req);
/* A {name} path parameter, percent-decoded; NULL if the route has none. */
const char *bt_req_param(const struct bt_req *req, const char *name);
/* A query-string argument, decoded; NULL if absent. */
const char *bt_req_query(const struct bt_req *req, const char *name);
const char *bt_req_header(const struct bt_req *req, const char *name);
/* The request body (NUL-terminated), or NULL with *len 0 if none. */
const char *bt_req_body(const struct bt_req *req, size_t *len);
const struct bt_principal *bt_req_principal(const struct bt_req *req);
/* Runs handler on req as if the request's body were body (len bytes: a
 * JSON object, or the XML an API takes) of Content-Type type (NULL: the
 * request's own), with the same principal, path
 * parameters and query, and takes its JSON reply instead of sending it:
 * *status, and *reply (new reference; NULL with status 500 if the
 * handler gave none). For pages whose forms drive the JSON API. The
 * handler sees Accept: application/json (a browser's Accept would ask for
 * XML where an API offers it), must reply with JSON and must not park. */
void bt_req_call(struct bt_req *req, bt_handler handler, const char *body,
		 size_t len, const char *type, unsigned *status,
		 json_t **reply);
/* "zh" or "en", from ?lang= or Accept-Language; zh by default. */
const char *bt_req_lang(const struct bt_req *req);
/* True when the client asked for JSON (?format=json or Accept). */
bool bt_req_wants_json(const struct bt_req *req);
/* A field of an application/x-www-form-urlencoded body, decoded; NULL if
 * absent. */
const char *bt_req_form(struct bt_req *req, const char *name);
/* The uploaded file: the part named field of a multipart/form-data body,
 * or the whole body when it is sent raw (image/..., application/octet-
 * stream). False when there is none. data points into the request. */
bool bt_req_upload(struct bt_req *req, const char *field, const char **data,
		   size_t *len);
/* A cookie of the request, or NULL. */
const char *bt_req_cookie(const struct bt_req *req, const char *name);
/* The CSRF token of the request's session ("" without one): pages put it
 * in every form they render. */
const char *bt_req_csrf(const struct bt_req *req);
/* The client's address as text ("127.0.0.1"). */
const char *bt_req_client_ip(const struct bt_req *req);
/* Takes one request of a rate class (limit.h) for the client's network;
 * when the network is over its limit, replies 429 with Retry-After and
 * returns false. */
bool bt_req_rate(struct bt_req *req, enum bt_rate_class rate_class);
/* Parses the body as a JSON object; on failure replies 400 itself and
 * returns NULL. The caller owns the result (json_decref). */
json_t *bt_req_json_body(struct bt_req *req);

/* Runs on an HTTP thread after bt_req_resume; must reply. */
typedef void (*bt_continuation)(struct bt_req *req, void *data);

/* Parks the request so that a handler can hand it to another thread
 * (e.g. to wait for a group commit) without holding an HTTP thread. The
 * handler returns without replying; after bt_req_resume, cont(req, data)
 * runs on an HTTP thread and replies. Call at most once per request. */
void bt_req_suspend(struct bt_req *req, bt_continuation cont, void *data);
/* Wakes a parked request; callable from any thread. */
void bt_req_resume(struct bt_req *req);

/* Adds a response header to the reply that follows. */
void bt_reply_header(struct bt_req *req, const char *name, const char *value);
/* Replies with json (reference stolen). */
void bt_reply_json(struct bt_req *req, unsigned status, json_t *json);
/* Replies {"error": code, "message": message} as JSON, or the error page
 * when the client wants HTML. */
void bt_reply_error(struct bt_req *req, enum bt_err err, const char *message);
/* As bt_reply_error with an explicit status (e.g. 405, 414). */
void bt_reply_error_status(struct bt_req *req, unsigned status,
			   const char *code, const char *message);
/* Replies with bytes; takes ownership of data (free()). */
void bt_reply_take(struct bt_req *req, unsigned status,
		   const char *content_type, char *data, size_t len);
/* Replies with a copy of a static or short-lived string. */
void bt_reply_text(struct bt_req *req, unsigned status,
		   const char *content_type, const char *text);
/* Renders view through the XSLT template when the client wants HTML, or
 * sends view itself as JSON (reference stolen either way). */
void bt_reply_view(struct bt_req *req, unsigned status, const char *tmpl,
		   json_t *view);
void bt_reply_redirect(struct bt_req *req, unsigned status,
		       const char *location);
/* What bt_reply_view would send, as bytes (for a cache): JSON when the
 * client wants it, else the page rendered through tmpl; view is stolen,
 * the caller frees *body. */
enum bt_err bt_view_body(struct bt_req *req, const char *tmpl, json_t *view,
			 char **body, size_t *len, const char **ctype);
/* Replies with body (taken) as bt_reply_view does, the language cookie of
 * ?lang= included. */
void bt_reply_body(struct bt_req *req, unsigned status, const char *ctype,
		   char *body, size_t len);

/* Fills buf (up to size bytes) with the next part of a streamed body.
 * Returns bytes written, 0 at the end, -1 on error (the connection is
 * then cut, so the client sees a truncated body, never a clean end). */
typedef ssize_t (*bt_stream_fn)(void *cls, char *buf, size_t size);
/* Streams a body of unknown length; free_cls runs when it is done. */
void bt_reply_stream(struct bt_req *req, unsigned status,
		     const char *content_type, bt_stream_fn fn, void *cls,
		     void (*free_cls)(void *cls));

/* JSON request helpers. True if every key of obj is in the NULL-ended
 * allowed list; otherwise replies 400 naming the first unknown one. */
bool bt_json_only(struct bt_req *req, const json_t *obj,
		  const char *const *allowed);
/* Reads an optional string member; false (and a 400 reply naming key) if
 * present but not a string. *out is NULL when absent. */
bool bt_json_opt_string(struct bt_req *req, const json_t *obj, const char *key,
			const char **out);
/* Reads a required whole-number member; false after a 400 reply. */
bool bt_json_req_integer(struct bt_req *req, const json_t *obj, const char *key,
			 long long *out);
/* Copies string member key (absent: "" unless required) into dst of size
 * bytes; false after a 400 reply if it is missing, not a string or too
 * long. */
bool bt_json_copy_string(struct bt_req *req, const json_t *obj, const char *key,
			 bool required, char *dst, size_t size);
/* This thread's database connection, or NULL after replying 503. */
struct bt_db *bt_req_db(struct bt_req *req);
struct bt_stmt;
/* Replies with the JSON stmt answers for the principal's enterprise (its
 * one parameter, $1), or with the error. */
void bt_reply_own_json(struct bt_req *req, const struct bt_stmt *stmt);
/* The route's {id}, a whole number from 1 to max; false after a 400 reply
 * "<what> id is a positive number" (what: "a batch", "an alert"). */
bool bt_req_id(struct bt_req *req, const char *what, long long max,
	       long long *id);
/* ?page= (from 1) and ?per_page= (1 to BT_PER_PAGE_MAX, default
 * BT_PER_PAGE_DEFAULT); false after a 400 reply. */
#define BT_PER_PAGE_DEFAULT 50
#define BT_PER_PAGE_MAX	    200
bool bt_req_paging(struct bt_req *req, int *page, int *per_page);

/* For a page (the client wants HTML): adds what every page's template
 * needs, the CSRF token for its forms and the signed-in role, wrapping a
 * non-object view as {"items": view}. JSON clients get view unchanged.
 * Takes and returns the reference. */
json_t *bt_page_view(struct bt_req *req, json_t *view);
/* Replies 200 with view through tmpl when err is BT_OK, else the error
 * with reason when there is one (view is released). */
void bt_reply_view_or_error(struct bt_req *req, enum bt_err err,
			    const char *tmpl, json_t *view, const char *reason);

/* A count of this server's requests of other methods than GET and HEAD,
 * raised when each is handled and before its reply is sent: a cache of
 * public replies that keeps the count with each entry never serves one
 * kept before a write this server acknowledged. */
unsigned long bt_http_write_epoch(void);

/* Built-in handlers: Prometheus text of this server's counters. */
void bt_http_metrics(struct bt_req *req);

/* Picks "zh" or "en" from an Accept-Language value (NULL: "zh"). */
const char *bt_http_pick_lang(const char *accept_language);
/* "en" or "zh" for one language tag of either (en, en-US, zh-CN,
 * zh-Hans, in any case), else NULL: what ?lang= accepts. */
const char *bt_http_lang_tag(const char *tag);

#endif
