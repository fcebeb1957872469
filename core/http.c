/* http.c: the server around libmicrohttpd. Each request gets a struct
 * bt_req, made in the URI log callback (so we see the raw, undecoded URI),
 * filled across access-handler calls and freed in the completed callback,
 * which also logs the request and counts it in the metrics. */
#include "http.h"

#include <arpa/inet.h>
#include <limits.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#include "buf.h"
#include "crypto.h"
#include "form.h"
#include "limit.h"
#include "log.h"
#include "render.h"

#define MAX_SEGMENTS 16
#define MAX_PARAMS   8
#define MAX_HEADERS  8
/* Bodies up to this many times the limit are read and dropped before the
 * 413 is sent; larger ones are cut off at once. */
#define DRAIN_FACTOR	8ull
#define TOO_BIG_MESSAGE "the request body is over the size limit"

static const unsigned statuses[] = {200, 201, 204, 206, 301, 302, 303, 304,
				    307, 400, 401, 403, 404, 405, 409, 413,
				    414, 415, 422, 429, 500, 503};
#define NSTATUS (sizeof(statuses) / sizeof(statuses[0]) + 1)
/* Latency histogram upper bounds, seconds. */
static const double buckets[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
				 0.05,	 0.1,	0.25,	0.5,   1,    2.5};
#define NBUCKETS (sizeof(buckets) / sizeof(buckets[0]) + 1)

struct route_metrics {
	_Atomic uint64_t by_status[NSTATUS];
	_Atomic uint64_t by_bucket[NBUCKETS];
	_Atomic uint64_t count;
	_Atomic uint64_t sum_us;
};

struct compiled_route {
	const struct bt_route *route;
	char *copy;
	const char *seg[MAX_SEGMENTS]; /* literal, or NULL for a parameter */
	const char *param[MAX_SEGMENTS];
	int nseg;
	bool rest; /* the last parameter, {name*}, takes the rest of the path */
};

/* A connection as the deadline reaper sees it. MHD's own timeout restarts
 * on every byte, so a client that sends a byte every few seconds could hold
 * a connection for ever; these deadlines do not restart. */
enum conn_phase {
	PHASE_HEAD,    /* waiting for a complete request head */
	PHASE_BODY,    /* head read, receiving the body */
	PHASE_SERVING, /* ours to answer: no deadline */
	PHASE_CUT,     /* shut down by the reaper */
};

struct conn_watch {
	int fd;
	_Atomic int phase;
	_Atomic long long since_ms;
	struct conn_watch *prev, *next;
};

struct bt_server {
	struct MHD_Daemon *daemon;
	pthread_mutex_t watch_lock;
	struct conn_watch *watched;
	pthread_t reaper;
	_Atomic bool reaping;
	bool reaper_started;
	_Atomic long parked; /* requests suspended, not yet resumed */
	struct compiled_route *routes;
	size_t nroutes;
	struct route_metrics *metrics; /* nroutes + 1: the last is "none" */
	struct bt_http_options opt;
};

struct header {
	char *name;
	char *value;
};

struct bt_req {
	struct bt_server *srv;
	struct MHD_Connection *conn;
	char *uri;  /* raw request target */
	char *path; /* raw path, before '?' */
	const char *method;
	const char *pname[MAX_PARAMS];
	char *pvalue[MAX_PARAMS];
	struct bt_buf body;
	size_t received;
	size_t max_body; /* the route's limit, or the server's */
	struct bt_principal principal;
	const char *lang;
	struct MHD_Response *resp;
	struct header headers[MAX_HEADERS];
	struct timespec start;
	bt_continuation cont; /* set while parked */
	void *cont_data;
	char *form_store;
	const char *form_name[16];
	const char *form_value[16];
	long route; /* index, or -1 */
	int nparams;
	int wants_json; /* -1 until asked */
	unsigned status;
	int nheaders;
	int nform;
	char ip[INET6_ADDRSTRLEN];
	char csrf[33]; /* the session's, when signed in by cookie */
	struct conn_watch *watch;
	bool uri_too_long;
	bool started;
	bool queued;
	bool body_too_big;
	bool by_session;
	bool method_mismatch; /* routing found the path, not the method */
	bool bad_escape;
	bool form_parsed;
};

/* Decoding and negotiation helpers. */

const char *bt_http_pick_lang(const char *al)
{
	if (al == NULL)
		return "zh";
	double best_q = -1;
	const char *best = "zh";
	const char *p = al;
	while (*p) {
		while (*p == ' ' || *p == ',')
			p++;
		const char *tag = p;
		while (*p && *p != ',' && *p != ';')
			p++;
		size_t taglen = (size_t)(p - tag);
		double q = 1.0;
		while (*p == ';') {
			p++;
			while (*p == ' ')
				p++;
			if (p[0] == 'q' && p[1] == '=')
				q = strtod(p + 2, NULL);
			while (*p && *p != ',' && *p != ';')
				p++;
		}
		const char *lang = NULL;
		if (taglen >= 2 && strncmp(tag, "en", 2) == 0)
			lang = "en";
		else if (taglen >= 2 && strncmp(tag, "zh", 2) == 0)
			lang = "zh";
		if (lang && q > best_q) {
			best_q = q;
			best = lang;
		}
	}
	return best;
}

/* Request accessors. */

const char *bt_req_method(const struct bt_req *req)
{
	return req->method;
}

const char *bt_req_path(const struct bt_req *req)
{
	return req->path;
}

const char *bt_req_target(const struct bt_req *req)
{
	return req->uri;
}

const char *bt_req_param(const struct bt_req *req, const char *name)
{
	for (int i = 0; i < req->nparams; i++)
		if (strcmp(req->pname[i], name) == 0)
			return req->pvalue[i];
	return NULL;
}

const char *bt_req_query(const struct bt_req *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND,
					   name);
}

const char *bt_req_header(const struct bt_req *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

const char *bt_req_body(const struct bt_req *req, size_t *len)
{
	*len = req->body.len;
	return req->body.data;
}

const struct bt_principal *bt_req_principal(const struct bt_req *req)
{
	return &req->principal;
}

const char *bt_req_lang(const struct bt_req *req)
{
	struct bt_req *r = (struct bt_req *)req;
	if (r->lang == NULL) {
		const char *q = bt_req_query(req, "lang");
		if (q == NULL || (strcmp(q, "en") != 0 && strcmp(q, "zh") != 0))
			q = bt_req_cookie(req, "bt_lang");
		if (q && (strcmp(q, "en") == 0 || strcmp(q, "zh") == 0))
			r->lang = strcmp(q, "en") == 0 ? "en" : "zh";
		else
			r->lang = bt_http_pick_lang(
				bt_req_header(req, "Accept-Language"));
	}
	return r->lang;
}

bool bt_req_wants_json(const struct bt_req *req)
{
	struct bt_req *r = (struct bt_req *)req;
	if (r->wants_json < 0) {
		const char *f = bt_req_query(req, "format");
		const char *accept = bt_req_header(req, "Accept");
		if (strncmp(req->path, "/api/", 5) == 0)
			r->wants_json = 1; /* format= means a file type here */
		else if (f)
			r->wants_json = strcmp(f, "json") == 0;

		else if (accept == NULL)
			r->wants_json = 0;
		else {
			const char *j = strstr(accept, "json");
			const char *h = strstr(accept, "text/html");
			r->wants_json = j && (h == NULL || j < h);
		}
	}
	return r->wants_json;
}

bool bt_req_upload(struct bt_req *req, const char *field, const char **data,
		   size_t *len)
{
	const char *type = bt_req_header(req, "Content-Type");
	if (req->body.data == NULL || type == NULL)
		return false;
	if (strncmp(type, "multipart/form-data", 19) == 0)
		return bt_multipart_part(req->body.data, req->body.len, type,
					 field, data, len);
	if (strncmp(type, "image/", 6) == 0 ||
	    strncmp(type, "application/octet-stream", 24) == 0) {
		*data = req->body.data;
		*len = req->body.len;
		return true;
	}
	return false;
}

const char *bt_req_cookie(const struct bt_req *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, name);
}

const char *bt_req_csrf(const struct bt_req *req)
{
	return req->csrf;
}

const char *bt_req_form(struct bt_req *req, const char *name)
{
	if (!req->form_parsed) {
		req->form_parsed = true;
		const char *type = bt_req_header(req, "Content-Type");
		if (req->body.data && type &&
		    strncmp(type, "application/x-www-form-urlencoded", 33) == 0)
			req->form_store = strdup(req->body.data);
		if (req->form_store)
			req->nform =
				bt_form_split(req->form_store, req->form_name,
					      req->form_value, 16);
	}
	for (int i = 0; i < req->nform; i++)
		if (strcmp(req->form_name[i], name) == 0)
			return req->form_value[i];
	return NULL;
}

const char *bt_req_client_ip(const struct bt_req *req)
{
	return req->ip;
}

bool bt_req_rate(struct bt_req *req, enum bt_rate_class rate_class)
{
	unsigned wait = 0;
	if (bt_rate_take(rate_class, req->ip, &wait))
		return true;
	char secs[16];
	snprintf(secs, sizeof(secs), "%u", wait);
	bt_reply_header(req, "Retry-After", secs);
	bt_reply_error_status(req, 429, "too_many_requests",
			      "too many requests from your network; wait a "
			      "little and try again");
	return false;
}

json_t *bt_req_json_body(struct bt_req *req)
{
	if (req->body.len == 0) {
		bt_reply_error(req, BT_EINVAL,
			       "the request needs a JSON object body");
		return NULL;
	}
	json_error_t jerr;
	json_t *j = json_loadb(req->body.data, req->body.len,
			       JSON_REJECT_DUPLICATES, &jerr);
	if (j == NULL || !json_is_object(j)) {
		char msg[256];
		if (j == NULL)
			snprintf(msg, sizeof(msg),
				 "the body is not valid JSON: %s (line %d, "
				 "column %d)",
				 jerr.text, jerr.line, jerr.column);
		else
			snprintf(msg, sizeof(msg),
				 "the body must be a JSON object");
		json_decref(j);
		bt_reply_error(req, BT_EINVAL, msg);
		return NULL;
	}
	return j;
}

/* Parking. */

void bt_req_suspend(struct bt_req *req, bt_continuation cont, void *data)
{
	req->cont = cont;
	req->cont_data = data;
	atomic_fetch_add(&req->srv->parked, 1);
	MHD_suspend_connection(req->conn);
}

void bt_req_resume(struct bt_req *req)
{
	MHD_resume_connection(req->conn);
}

/* Replies. */

void bt_reply_header(struct bt_req *req, const char *name, const char *value)
{
	if (req->nheaders == MAX_HEADERS)
		return;
	struct header *h = &req->headers[req->nheaders];
	h->name = strdup(name);
	h->value = strdup(value);
	if (h->name && h->value) {
		req->nheaders++;
	} else {
		free(h->name);
		free(h->value);
	}
}

static void set_response(struct bt_req *req, unsigned status,
			 struct MHD_Response *resp, const char *content_type)
{
	if (resp == NULL) {
		bt_log_error("cannot create response");
		return;
	}
	if (req->resp) /* a second reply replaces the first */
		MHD_destroy_response(req->resp);
	if (content_type)
		MHD_add_response_header(resp, "Content-Type", content_type);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	if (content_type && strncmp(content_type, "text/html", 9) == 0) {
		MHD_add_response_header(
			resp, "Content-Security-Policy",
			"default-src 'self'; img-src 'self' data:; "
			"frame-ancestors 'none'");
		MHD_add_response_header(resp, "Vary",
					"Accept, Accept-Language");
	}
	for (int i = 0; i < req->nheaders; i++)
		MHD_add_response_header(resp, req->headers[i].name,
					req->headers[i].value);
	req->resp = resp;
	req->status = status;
}

void bt_reply_take(struct bt_req *req, unsigned status,
		   const char *content_type, char *data, size_t len)
{
	set_response(req, status,
		     MHD_create_response_from_buffer(len, data,
						     MHD_RESPMEM_MUST_FREE),
		     content_type);
}

void bt_reply_text(struct bt_req *req, unsigned status,
		   const char *content_type, const char *text)
{
	set_response(req, status,
		     MHD_create_response_from_buffer(strlen(text), (void *)text,
						     MHD_RESPMEM_MUST_COPY),
		     content_type);
}

void bt_reply_json(struct bt_req *req, unsigned status, json_t *json)
{
	char *s = json_dumps(json, JSON_COMPACT | JSON_ENSURE_ASCII);
	json_decref(json);
	if (s == NULL) {
		bt_reply_text(req, 500, "text/plain", "out of memory\n");
		return;
	}
	size_t n = strlen(s);
	s[n] = '\0';
	bt_reply_take(req, status, "application/json", s, n);
}

void bt_reply_view(struct bt_req *req, unsigned status, const char *tmpl,
		   json_t *view)
{
	if (bt_req_wants_json(req)) {
		bt_reply_json(req, status, view);
		return;
	}
	char *html = NULL;
	size_t len = 0;
	enum bt_err err =
		bt_render_html(tmpl, view, bt_req_lang(req), &html, &len);
	json_decref(view);
	if (err != BT_OK) {
		bt_reply_text(req, 500, "text/plain; charset=utf-8",
			      "internal error rendering the page\n");
		return;
	}
	/* A language picked with ?lang= stays for the pages that follow. */
	const char *q = bt_req_query(req, "lang");
	if (q && (strcmp(q, "en") == 0 || strcmp(q, "zh") == 0))
		bt_reply_header(req, "Set-Cookie",
				strcmp(q, "en") == 0
					? "bt_lang=en; Path=/; SameSite=Lax; "
					  "Max-Age=31536000"
					: "bt_lang=zh; Path=/; SameSite=Lax; "
					  "Max-Age=31536000");
	bt_reply_take(req, status, "text/html; charset=utf-8", html, len);
}

void bt_reply_error_status(struct bt_req *req, unsigned status,
			   const char *code, const char *message)
{
	bool has_retry = false;
	for (int i = 0; i < req->nheaders; i++)
		has_retry = has_retry || strcasecmp(req->headers[i].name,
						    "Retry-After") == 0;
	if ((status == 503 || status == 429) && !has_retry)
		bt_reply_header(req, "Retry-After", "5");
	json_t *j = json_pack("{s:s, s:s}", "error", code, "message", message);
	if (!bt_req_wants_json(req))
		json_object_set_new(j, "status", json_integer(status));
	bt_reply_view(req, status, "error", j);
}

void bt_reply_error(struct bt_req *req, enum bt_err err, const char *message)
{
	bt_reply_error_status(req, bt_err_http_status(err), bt_err_code(err),
			      message ? message : bt_strerror(err));
}

void bt_reply_redirect(struct bt_req *req, unsigned status,
		       const char *location)
{
	bt_reply_header(req, "Location", location);
	bt_reply_text(req, status, "text/plain; charset=utf-8", location);
}

struct stream {
	bt_stream_fn fn;
	void *cls;
	void (*free_cls)(void *);
};

static ssize_t stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	(void)pos;
	struct stream *s = cls;
	ssize_t n = s->fn(s->cls, buf, max);
	if (n == 0)
		return MHD_CONTENT_READER_END_OF_STREAM;
	if (n < 0)
		return MHD_CONTENT_READER_END_WITH_ERROR;
	return n;
}

static void stream_free(void *cls)
{
	struct stream *s = cls;
	if (s->free_cls)
		s->free_cls(s->cls);
	free(s);
}

void bt_reply_stream(struct bt_req *req, unsigned status,
		     const char *content_type, bt_stream_fn fn, void *cls,
		     void (*free_cls)(void *cls))
{
	struct stream *s = malloc(sizeof(*s));
	if (s == NULL) {
		if (free_cls)
			free_cls(cls);
		bt_reply_text(req, 503, "text/plain", "out of memory\n");
		return;
	}
	s->fn = fn;
	s->cls = cls;
	s->free_cls = free_cls;
	struct MHD_Response *resp = MHD_create_response_from_callback(
		MHD_SIZE_UNKNOWN, (size_t)64 * 1024, stream_read, s,
		stream_free);
	if (resp == NULL) {
		stream_free(s);
		bt_reply_text(req, 503, "text/plain", "out of memory\n");
		return;
	}
	set_response(req, status, resp, content_type);
}

/* Routing. */

static enum bt_err compile_route(const struct bt_route *r,
				 struct compiled_route *c)
{
	c->route = r;
	c->copy = strdup(r->pattern);
	if (c->copy == NULL)
		return BT_ENOMEM;
	char *p = c->copy;
	if (*p != '/')
		return BT_EINVAL;
	p++;
	while (*p) {
		if (c->nseg == MAX_SEGMENTS)
			return BT_EINVAL;
		char *slash = strchr(p, '/');
		if (slash)
			*slash = '\0';
		size_t n = strlen(p);
		if (n >= 2 && p[0] == '{' && p[n - 1] == '}') {
			p[n - 1] = '\0';
			if (n >= 3 && p[n - 2] == '*') {
				if (slash != NULL)
					return BT_EINVAL; /* only last */
				p[n - 2] = '\0';
				c->rest = true;
			}
			c->seg[c->nseg] = NULL;
			c->param[c->nseg] = p + 1;
		} else {
			c->seg[c->nseg] = p;
			c->param[c->nseg] = NULL;
		}
		c->nseg++;
		if (slash == NULL)
			break;
		p = slash + 1;
		if (*p == '\0') { /* trailing slash: an empty last segment */
			c->seg[c->nseg] = "";
			c->param[c->nseg++] = NULL;
		}
	}
	return BT_OK;
}

static int split_path(char *path, char *seg[MAX_SEGMENTS + 1])
{
	int n = 0;
	char *p = path + 1;
	if (*p == '\0')
		return 0;
	for (;;) {
		if (n > MAX_SEGMENTS)
			return -1;
		seg[n++] = p;
		char *slash = strchr(p, '/');
		if (slash == NULL)
			break;
		*slash = '\0';
		p = slash + 1;
	}
	return n;
}

/* The decoded segments joined by '/' (the caller frees), or NULL. */
static char *join_segments(char *const *seg, int n)
{
	struct bt_buf b = BT_BUF_INIT;
	for (int i = 0; i < n; i++)
		bt_buf_printf(&b, "%s%s", i ? "/" : "", seg[i]);
	if (b.data == NULL)
		return strdup("");
	return bt_buf_steal(&b);
}

/* Matches req->path against the routes; sets req->route, the parameters,
 * and *method_mismatch when only the method differed. */
static void route_request(struct bt_req *req, bool *method_mismatch,
			  bool *bad_escape)
{
	*method_mismatch = false;
	*bad_escape = false;
	req->route = -1;
	char *copy = strdup(req->path);
	if (copy == NULL)
		return;
	char *seg[MAX_SEGMENTS + 1];
	int n = split_path(copy, seg);
	for (int i = 0; n >= 0 && i < n; i++) {
		if (!bt_pct_decode(seg[i])) {
			*bad_escape = true;
			free(copy);
			return;
		}
	}
	const char *method = req->method;
	if (strcmp(method, "HEAD") == 0)
		method = "GET";
	for (size_t r = 0; n >= 0 && r < req->srv->nroutes; r++) {
		const struct compiled_route *c = &req->srv->routes[r];
		if (c->rest ? n < c->nseg : c->nseg != n)
			continue;
		bool ok = true;
		for (int i = 0; ok && i < c->nseg; i++)
			ok = c->seg[i] == NULL
				     ? seg[i][0] != '\0' ||
					       (c->rest && i == c->nseg - 1)
				     : strcmp(c->seg[i], seg[i]) == 0;
		if (!ok)
			continue;
		if (strcmp(c->route->method, method) != 0) {
			*method_mismatch = true;
			continue;
		}
		req->route = (long)r;
		for (int i = 0; i < c->nseg && req->nparams < MAX_PARAMS; i++) {
			if (c->seg[i] != NULL)
				continue;
			char *v = c->rest && i == c->nseg - 1
					  ? join_segments(seg + i, n - i)
					  : strdup(seg[i]);
			if (v == NULL)
				break;
			req->pname[req->nparams] = c->param[i];
			req->pvalue[req->nparams++] = v;
		}
		break;
	}
	free(copy);
}

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
	if (sent && bt_same_secret(sent, req->csrf))
		return true;
	bt_reply_error(req, BT_EFORBIDDEN,
		       "this form is stale or did not come from this site; "
		       "reload the page and try again");
	return false;
}

static bool authorize(struct bt_req *req, const struct bt_route *route)
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
		if (req->by_session && route->role != BT_ROLE_PUBLIC &&
		    !csrf_ok(req))
			return false;
	}

	if (route->role == BT_ROLE_PUBLIC)
		return true;
	if (token == NULL && !req->by_session) {
		if (!bt_req_wants_json(req)) {
			char next[600];
			snprintf(next, sizeof(next), "/login?next=%s",
				 req->path);
			bt_reply_redirect(req, 303, next);
			return false;
		}
		bt_reply_error(req, BT_EAUTH,
			       "this request needs an API key: send "
			       "'Authorization: Bearer <key>'");
		return false;
	}
	if (req->by_session) {
		if (req->principal.role < route->role) {
			bt_reply_error(req, BT_EFORBIDDEN,
				       "your sign-in does not allow this");
			return false;
		}
		return true;
	}
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
	if (req->principal.role < route->role) {
		bt_reply_error(req, BT_EFORBIDDEN,
			       "this API key's role may not make this request");
		return false;
	}
	return true;
}

static void dispatch(struct bt_req *req)
{
	if (req->uri_too_long) {
		bt_reply_error_status(req, 414, "uri_too_long",
				      "the request URI is too long");
		return;
	}
	bool method_mismatch = req->method_mismatch;
	bool bad_escape = req->bad_escape;
	if (bad_escape) {
		bt_reply_error(req, BT_EINVAL,
			       "the path holds a malformed percent escape");
		return;
	}
	if (req->route < 0) {
		if (method_mismatch)
			bt_reply_error_status(
				req, 405, "method_not_allowed",
				"this method is not allowed here");
		else
			bt_reply_error(req, BT_ENOTFOUND,
				       "there is no page at this address");
		return;
	}
	const struct bt_route *route = req->srv->routes[req->route].route;
	if (!authorize(req, route))
		return;
	route->handler(req);
	if (req->resp == NULL && req->cont == NULL) {
		bt_log_error("handler gave no reply", "route", route->name);
		bt_reply_error(req, BT_EINTERNAL, NULL);
	}
}

/* Deadlines. */

static long long mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void watch_set(struct conn_watch *w, enum conn_phase phase)
{
	if (w == NULL)
		return;
	atomic_store(&w->since_ms, mono_ms());
	atomic_store(&w->phase, (int)phase);
}

static void on_connection(void *cls, struct MHD_Connection *conn,
			  void **socket_context,
			  enum MHD_ConnectionNotificationCode code)
{
	struct bt_server *srv = cls;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(
			conn, MHD_CONNECTION_INFO_CONNECTION_FD);
		struct conn_watch *w = calloc(1, sizeof(*w));
		if (w == NULL || ci == NULL) {
			free(w);
			return;
		}
		w->fd = ci->connect_fd;
		watch_set(w, PHASE_HEAD);
		pthread_mutex_lock(&srv->watch_lock);
		w->next = srv->watched;
		if (w->next)
			w->next->prev = w;
		srv->watched = w;
		pthread_mutex_unlock(&srv->watch_lock);
		*socket_context = w;
		return;
	}
	/* Closed: MHD calls this before it closes the socket, and the reaper
	 * shuts sockets down only under the same lock, so it never touches a
	 * descriptor that was already reused. */
	struct conn_watch *w = *socket_context;
	if (w == NULL)
		return;
	pthread_mutex_lock(&srv->watch_lock);
	if (w->prev)
		w->prev->next = w->next;
	else
		srv->watched = w->next;
	if (w->next)
		w->next->prev = w->prev;
	pthread_mutex_unlock(&srv->watch_lock);
	free(w);
	*socket_context = NULL;
}

static void *reaper_loop(void *arg)
{
	struct bt_server *srv = arg;
	long long head_ms = (long long)srv->opt.head_timeout_s * 1000;
	long long body_ms = (long long)srv->opt.body_timeout_s * 1000;
	while (atomic_load(&srv->reaping)) {
		poll(NULL, 0, 250);
		long long now = mono_ms();
		pthread_mutex_lock(&srv->watch_lock);
		for (struct conn_watch *w = srv->watched; w; w = w->next) {
			int phase = atomic_load(&w->phase);
			long long age = now - atomic_load(&w->since_ms);
			if ((phase == PHASE_HEAD && age > head_ms) ||
			    (phase == PHASE_BODY && age > body_ms)) {
				atomic_store(&w->phase, PHASE_CUT);
				shutdown(w->fd, SHUT_RDWR);
			}
		}
		pthread_mutex_unlock(&srv->watch_lock);
	}
	return NULL;
}

/* libmicrohttpd callbacks. */

static void *uri_logger(void *cls, const char *uri, struct MHD_Connection *conn)
{
	struct bt_server *srv = cls;
	struct bt_req *req = calloc(1, sizeof(*req));
	if (req == NULL)
		return NULL;
	clock_gettime(CLOCK_MONOTONIC, &req->start);
	req->srv = srv;
	req->conn = conn;
	req->route = -1;
	req->wants_json = -1;
	const union MHD_ConnectionInfo *sc = MHD_get_connection_info(
		conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	req->watch = sc ? sc->socket_context : NULL;
	size_t n = strlen(uri);
	if (n > srv->opt.max_uri) {
		req->uri_too_long = true;
		n = 0;
	}
	req->uri = strndup(uri, n);
	if (req->uri == NULL) {
		free(req);
		return NULL;
	}
	size_t plen = strcspn(req->uri, "?#");
	req->path = strndup(req->uri, plen);
	if (req->path == NULL || req->path[0] != '/') {
		free(req->path);
		req->path = strdup("/");
	}
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(
		conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(
				AF_INET,
				&((const struct sockaddr_in *)(const void *)sa)
					 ->sin_addr,
				req->ip, sizeof(req->ip));
		else if (sa->sa_family == AF_INET6)
			inet_ntop(
				AF_INET6,
				&((const struct sockaddr_in6 *)(const void *)sa)
					 ->sin6_addr,
				req->ip, sizeof(req->ip));
	}
	return req;
}

static enum MHD_Result queue(struct bt_req *req)
{
	if (req->resp == NULL)
		bt_reply_text(req, 500, "text/plain", "internal error\n");
	if (req->resp == NULL)
		return MHD_NO;
	req->queued = true;
	return MHD_queue_response(req->conn, req->status, req->resp);
}

struct framing {
	int content_lengths;
	const char *first_length;
	bool differ;
	bool chunked;
};

static enum MHD_Result count_framing(void *cls, enum MHD_ValueKind kind,
				     const char *key, const char *value)
{
	(void)kind;
	struct framing *f = cls;
	if (strcasecmp(key, "Content-Length") == 0) {
		if (f->content_lengths++ == 0)
			f->first_length = value;
		else if (value == NULL || f->first_length == NULL ||
			 strcmp(value, f->first_length) != 0)
			f->differ = true;
	} else if (strcasecmp(key, "Transfer-Encoding") == 0) {
		f->chunked = true;
	}
	return MHD_YES;
}

/* A body's length must have one meaning (RFC 9112, section 6.3): both
 * Content-Length and Transfer-Encoding, or two different lengths, let a
 * proxy in front and this server disagree on where the next request
 * starts. Such a request is refused and its connection closed. */
static bool framing_ok(struct bt_req *req)
{
	struct framing f = {0};
	MHD_get_connection_values(req->conn, MHD_HEADER_KIND, count_framing,
				  &f);
	if (!(f.chunked && f.content_lengths > 0) && !f.differ)
		return true;
	bt_reply_header(req, "Connection", "close");
	bt_reply_error(req, BT_EINVAL,
		       "the request gives its body length twice (Content-"
		       "Length with Transfer-Encoding, or two lengths)");
	return false;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
				  const char *url, const char *method,
				  const char *version, const char *upload,
				  size_t *upload_size, void **req_cls)
{
	(void)cls;
	(void)url;
	(void)version;
	(void)conn;
	struct bt_req *req = *req_cls;
	if (req == NULL)
		return MHD_NO;
	if (!req->started) {
		req->started = true;
		req->method = method;
		watch_set(req->watch, PHASE_BODY);
		if (!framing_ok(req))
			return queue(req);
		/* Routing now gives the route's own body limit. */
		route_request(req, &req->method_mismatch, &req->bad_escape);
		req->max_body = req->srv->opt.max_body;
		if (req->route >= 0 &&
		    req->srv->routes[req->route].route->max_body > 0)
			req->max_body =
				req->srv->routes[req->route].route->max_body;
		const char *cl = bt_req_header(req, "Content-Length");
		unsigned long long declared = cl ? strtoull(cl, NULL, 10) : 0;
		if (declared > req->max_body)
			req->body_too_big = true;
		/* A body far beyond the limit is refused at once (and the
		 * connection closed); a moderately large one is read and
		 * dropped so that the client gets to read the 413. */
		if (declared > DRAIN_FACTOR * req->max_body) {
			bt_reply_error(req, BT_ETOOBIG, TOO_BIG_MESSAGE);
			return queue(req);
		}
		return MHD_YES; /* answering later keeps the connection alive */
	}
	if (req->queued) {
		*upload_size = 0; /* discard what follows a refused upload */
		return MHD_YES;
	}
	if (*upload_size > 0) {
		req->received += *upload_size;
		if (req->received > req->max_body) {
			req->body_too_big = true;
			bt_buf_free(&req->body);
		}
		if (req->received > DRAIN_FACTOR * req->max_body) {
			*upload_size = 0;
			bt_reply_error(req, BT_ETOOBIG, TOO_BIG_MESSAGE);
			return queue(req);
		}
		if (!req->body_too_big &&
		    bt_buf_append(&req->body, upload, *upload_size) != BT_OK) {
			*upload_size = 0;
			bt_reply_error(req, BT_ENOMEM, NULL);
			return queue(req);
		}
		*upload_size = 0;
		return MHD_YES;
	}
	watch_set(req->watch, PHASE_SERVING);
	if (req->body_too_big) {
		bt_reply_error(req, BT_ETOOBIG, TOO_BIG_MESSAGE);
		return queue(req);
	}
	if (req->cont != NULL) { /* resumed after parking */
		bt_continuation cont = req->cont;
		req->cont = NULL;
		atomic_fetch_sub(&req->srv->parked, 1);
		cont(req, req->cont_data);
		return queue(req);
	}
	dispatch(req);
	if (req->cont != NULL && req->resp == NULL)
		return MHD_YES; /* parked; the continuation will reply */
	return queue(req);
}

static size_t status_index(unsigned status)
{
	for (size_t i = 0; i < NSTATUS - 1; i++)
		if (statuses[i] == status)
			return i;
	return NSTATUS - 1;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **req_cls,
			 enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)conn;
	struct bt_req *req = *req_cls;
	if (req == NULL)
		return;
	*req_cls = NULL;
	struct timespec end;
	clock_gettime(CLOCK_MONOTONIC, &end);
	double secs = (double)(end.tv_sec - req->start.tv_sec) +
		      (double)(end.tv_nsec - req->start.tv_nsec) / 1e9;
	struct bt_server *srv = req->srv;
	size_t ri = req->route >= 0 ? (size_t)req->route : srv->nroutes;
	struct route_metrics *m = &srv->metrics[ri];
	unsigned status = req->status ? req->status : 499;
	if (req->method) { /* a request MHD refused itself never started */
		atomic_fetch_add(&m->by_status[status_index(status)], 1);
		size_t b = 0;
		while (b < NBUCKETS - 1 && secs > buckets[b])
			b++;
		atomic_fetch_add(&m->by_bucket[b], 1);
		atomic_fetch_add(&m->count, 1);
		atomic_fetch_add(&m->sum_us, (uint64_t)(secs * 1e6));
		if (bt_log_get_level() <= BT_LOG_INFO) {
			char st[16], ms[32];
			snprintf(st, sizeof(st), "%u", status);
			snprintf(ms, sizeof(ms), "%.3f", secs * 1e3);
			bt_log_info(
				"request", "method", req->method, "path",
				req->path, "route",
				req->route >= 0
					? srv->routes[req->route].route->name
					: "-",
				"status", st, "ms", ms, "ip", req->ip,
				"complete",
				toe == MHD_REQUEST_TERMINATED_COMPLETED_OK
					? "yes"
					: "no");
		}
	}
	if (req->watch && atomic_load(&req->watch->phase) != PHASE_CUT)
		watch_set(req->watch, PHASE_HEAD); /* keep-alive: the next */
	if (req->resp)
		MHD_destroy_response(req->resp);
	for (int i = 0; i < req->nparams; i++)
		free(req->pvalue[i]);
	for (int i = 0; i < req->nheaders; i++) {
		free(req->headers[i].name);
		free(req->headers[i].value);
	}
	bt_buf_free(&req->body);
	free(req->form_store);
	free(req->uri);
	free(req->path);
	free(req);
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	char msg[512];
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	vsnprintf(msg, sizeof(msg), fmt, ap);
#pragma GCC diagnostic pop
	size_t n = strlen(msg);
	while (n > 0 && msg[n - 1] == '\n')
		msg[--n] = '\0';
	bt_log_warn("http server", "detail", msg);
}

/* Metrics. */

void bt_http_metrics(struct bt_req *req)
{
	struct bt_server *srv = req->srv;
	struct bt_buf b = BT_BUF_INIT;
	bt_buf_puts(&b, "# HELP bondtrace_http_requests_total HTTP requests "
			"by route and status.\n"
			"# TYPE bondtrace_http_requests_total counter\n");
	for (size_t r = 0; r <= srv->nroutes; r++) {
		const char *name =
			r < srv->nroutes ? srv->routes[r].route->name : "none";
		for (size_t s = 0; s < NSTATUS; s++) {
			uint64_t v = atomic_load(&srv->metrics[r].by_status[s]);
			if (v == 0)
				continue;
			char status[16] = "other";
			if (s < NSTATUS - 1)
				snprintf(status, sizeof(status), "%u",
					 statuses[s]);
			bt_buf_printf(
				&b,
				"bondtrace_http_requests_total{route=\"%s\","
				"status=\"%s\"} %llu\n",
				name, status, (unsigned long long)v);
		}
	}
	bt_buf_puts(&b,
		    "# HELP bondtrace_http_request_duration_seconds Time from "
		    "request line to response end.\n"
		    "# TYPE bondtrace_http_request_duration_seconds "
		    "histogram\n");
	for (size_t r = 0; r <= srv->nroutes; r++) {
		const struct route_metrics *m = &srv->metrics[r];
		uint64_t count = atomic_load(&m->count);
		if (count == 0)
			continue;
		const char *name =
			r < srv->nroutes ? srv->routes[r].route->name : "none";
		uint64_t cum = 0;
		for (size_t k = 0; k < NBUCKETS; k++) {
			cum += atomic_load(&m->by_bucket[k]);
			char le[16] = "+Inf";
			if (k < NBUCKETS - 1)
				snprintf(le, sizeof(le), "%g", buckets[k]);
			bt_buf_printf(&b,
				      "bondtrace_http_request_duration_seconds_"
				      "bucket{route=\"%s\",le=\"%s\"} %llu\n",
				      name, le, (unsigned long long)cum);
		}
		bt_buf_printf(&b,
			      "bondtrace_http_request_duration_seconds_sum{"
			      "route=\"%s\"} %.6f\n"
			      "bondtrace_http_request_duration_seconds_count{"
			      "route=\"%s\"} %llu\n",
			      name, (double)atomic_load(&m->sum_us) / 1e6, name,
			      (unsigned long long)count);
	}
	size_t len = b.len;
	char *text = bt_buf_steal(&b);
	if (text == NULL) {
		bt_reply_error(req, BT_ENOMEM, NULL);
		return;
	}
	bt_reply_take(req, 200, "text/plain; version=0.0.4", text, len);
}

/* Lifecycle. */

static enum bt_err parse_listen(const char *listen, struct sockaddr_in *sa)
{
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	const char *colon = strrchr(listen, ':');
	if (colon == NULL || colon == listen ||
	    (size_t)(colon - listen) >= INET_ADDRSTRLEN)
		return BT_EINVAL;
	char host[INET_ADDRSTRLEN];
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	char *end = NULL;
	unsigned long port = strtoul(colon + 1, &end, 10);
	if (*end != '\0' || end == colon + 1 || port > 65535)
		return BT_EINVAL;
	if (strcmp(host, "localhost") == 0)
		bt_strlcpy(host, "127.0.0.1", sizeof(host));
	if (inet_pton(AF_INET, host, &sa->sin_addr) != 1)
		return BT_EINVAL;
	sa->sin_port = htons((uint16_t)port);
	return BT_OK;
}

enum bt_err bt_server_start(const struct bt_route *routes, size_t nroutes,
			    const struct bt_http_options *opt,
			    struct bt_server **out)
{
	*out = NULL;
	struct sockaddr_in sa;
	if (parse_listen(opt->listen, &sa) != BT_OK) {
		fprintf(stderr,
			"bondtrace: listen address '%s' is not IPv4 "
			"address:port\n",
			opt->listen);
		return BT_EINVAL;
	}
	struct bt_server *srv = calloc(1, sizeof(*srv));
	if (srv == NULL)
		return BT_ENOMEM;
	srv->opt = *opt;
	srv->nroutes = nroutes;
	srv->routes = calloc(nroutes, sizeof(*srv->routes));
	srv->metrics = calloc(nroutes + 1, sizeof(*srv->metrics));
	enum bt_err err = srv->routes && srv->metrics ? BT_OK : BT_ENOMEM;
	for (size_t i = 0; err == BT_OK && i < nroutes; i++) {
		err = compile_route(&routes[i], &srv->routes[i]);
		if (err != BT_OK)
			bt_log_error("bad route pattern", "pattern",
				     routes[i].pattern);
	}
	if (err != BT_OK) {
		bt_server_stop(srv);
		return err;
	}
	unsigned threads = opt->threads ? opt->threads : 2;
	if (srv->opt.max_connections == 0)
		srv->opt.max_connections = 4096;
	if (srv->opt.per_ip_connections == 0)
		srv->opt.per_ip_connections = 256;
	if (srv->opt.head_timeout_s == 0)
		srv->opt.head_timeout_s = 10;
	if (srv->opt.body_timeout_s == 0)
		srv->opt.body_timeout_s = 60;
	pthread_mutex_init(&srv->watch_lock, NULL);
	srv->daemon = MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
			MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME |
			MHD_USE_ITC,
		0, NULL, NULL, on_request, srv, MHD_OPTION_EXTERNAL_LOGGER,
		mhd_log, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
		MHD_OPTION_THREAD_POOL_SIZE, threads,
		MHD_OPTION_URI_LOG_CALLBACK, uri_logger, srv,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
		MHD_OPTION_NOTIFY_CONNECTION, on_connection, srv,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)64 * 1024,
		MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_CONNECTION_LIMIT,
		srv->opt.max_connections, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
		srv->opt.per_ip_connections, MHD_OPTION_LISTENING_ADDRESS_REUSE,
		1u, MHD_OPTION_END);
	if (srv->daemon == NULL) {
		fprintf(stderr, "bondtrace: cannot listen on %s (in use?)\n",
			opt->listen);
		bt_server_stop(srv);
		return BT_EIO;
	}
	atomic_store(&srv->reaping, true);
	if (pthread_create(&srv->reaper, NULL, reaper_loop, srv) != 0) {
		bt_server_stop(srv);
		return BT_EINTERNAL;
	}
	srv->reaper_started = true;
	*out = srv;
	return BT_OK;
}

unsigned bt_server_port(const struct bt_server *srv)
{
	const union MHD_DaemonInfo *info =
		MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
	return info ? info->port : 0;
}

void bt_server_stop(struct bt_server *srv)
{
	if (srv == NULL)
		return;
	if (srv->reaper_started) {
		atomic_store(&srv->reaping, false);
		pthread_join(srv->reaper, NULL);
	}
	if (srv->daemon) {
		/* libmicrohttpd aborts if stopped with requests parked: stop
		 * listening, then give their owners (the scan writer) up to ten
		 * seconds to hand them back. */
		MHD_quiesce_daemon(srv->daemon);
		for (int i = 0; i < 1000 && atomic_load(&srv->parked) > 0; i++)
			poll(NULL, 0, 10);
		MHD_stop_daemon(srv->daemon);
	}
	for (size_t i = 0; srv->routes && i < srv->nroutes; i++)
		free(srv->routes[i].copy);
	free(srv->routes);
	free(srv->metrics);
	free(srv);
}

/* JSON and number helpers for handlers. */

bool bt_json_only(struct bt_req *req, const json_t *obj,
		  const char *const *allowed)
{
	for (void *it = json_object_iter((json_t *)obj); it;
	     it = json_object_iter_next((json_t *)obj, it)) {
		const char *key = json_object_iter_key(it);
		bool known = false;
		for (const char *const *a = allowed; *a && !known; a++)
			known = strcmp(*a, key) == 0;
		if (!known) {
			char msg[128];
			snprintf(msg, sizeof(msg), "unknown field '%.64s'",
				 key);
			bt_reply_error(req, BT_EINVAL, msg);
			return false;
		}
	}
	return true;
}

bool bt_json_opt_string(struct bt_req *req, const json_t *obj, const char *key,
			const char **out)
{
	const json_t *v = json_object_get(obj, key);
	*out = NULL;
	if (v == NULL || json_is_null(v))
		return true;
	if (!json_is_string(v)) {
		char msg[160];
		snprintf(msg, sizeof(msg), "'%s' must be a string", key);
		bt_reply_error(req, BT_EINVAL, msg);
		return false;
	}
	*out = json_string_value(v);
	return true;
}

bool bt_json_req_integer(struct bt_req *req, const json_t *obj, const char *key,
			 long long *out)
{
	const json_t *v = json_object_get(obj, key);
	if (!json_is_integer(v)) {
		char msg[160];
		snprintf(msg, sizeof(msg),
			 "'%s' is required and must be a "
			 "whole number",
			 key);
		bt_reply_error(req, BT_EINVAL, msg);
		return false;
	}
	*out = json_integer_value(v);
	return true;
}

bool bt_parse_ll(const char *s, long long min, long long max, long long *out)
{
	if (s == NULL || *s == '\0')
		return false;
	long long v = 0;
	bool neg = *s == '-';
	const char *p = s + (neg ? 1 : 0);
	if (*p == '\0')
		return false;
	for (; *p; p++) {
		if (*p < '0' || *p > '9' || v > (LLONG_MAX - 9) / 10)
			return false;
		v = v * 10 + (*p - '0');
	}
	if (neg)
		v = -v;
	if (v < min || v > max)
		return false;
	*out = v;
	return true;
}
