/* http_request.c: what a handler reads of its request: the path
 * parameters, query, headers, language, cookies, the body as JSON, form
 * fields or an upload, and the JSON helpers that answer 400 for it. */
#include "http_int.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "db.h"
#include "form.h"
#include "json.h"
#include "limit.h"
#include "log.h"

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
	if (req->call_type != NULL && strcasecmp(name, "Content-Type") == 0)
		return req->call_type;
	/* A call's reply is captured as JSON, whatever the browser accepts. */
	if (req->capture != NULL && strcasecmp(name, "Accept") == 0)
		return "application/json";
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

const char *bt_http_lang_tag(const char *tag)
{
	if (tag == NULL)
		return NULL;
	bool whole = tag[0] && tag[1] &&
		     (tag[2] == '\0' || tag[2] == '-' || tag[2] == '_');
	if (whole && strncasecmp(tag, "en", 2) == 0)
		return "en";
	if (whole && strncasecmp(tag, "zh", 2) == 0)
		return "zh";
	return NULL;
}

const char *bt_req_lang(const struct bt_req *req)
{
	struct bt_req *r = (struct bt_req *)req;
	if (r->lang == NULL) {
		r->lang = bt_http_lang_tag(bt_req_query(req, "lang"));
		if (r->lang == NULL)
			r->lang =
				bt_http_lang_tag(bt_req_cookie(req, "bt_lang"));
		if (r->lang == NULL)
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
					      req->form_value, MAX_FORM_FIELDS);
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

/* JSON and number helpers for handlers. */

bool bt_json_only(struct bt_req *req, const json_t *obj,
		  const char *const *allowed)
{
	const char *key = bt_json_unknown_key(obj, allowed);
	if (key == NULL)
		return true;
	char msg[128];
	snprintf(msg, sizeof(msg), "unknown field [%.64s]", key);
	bt_reply_error(req, BT_EINVAL, msg);
	return false;
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
		snprintf(msg, sizeof(msg), "%s: must be text", key);
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
		snprintf(msg, sizeof(msg), "%s: required, a whole number", key);
		bt_reply_error(req, BT_EINVAL, msg);
		return false;
	}
	*out = json_integer_value(v);
	return true;
}

struct bt_db *bt_req_db(struct bt_req *req)
{
	struct bt_db *db = NULL;
	enum bt_err err = bt_db_thread(&db);
	if (err != BT_OK) {
		bt_reply_error(
			req, err,
			"the database is unavailable; try again shortly");
		return NULL;
	}
	static const char *const kinds[] = {
		[BT_ROLE_PUBLIC] = "consumer",
		[BT_ROLE_ENTERPRISE] = "enterprise",
		[BT_ROLE_REGULATOR] = "regulator",
		[BT_ROLE_ADMIN] = "admin",
		[BT_ROLE_INSURER] = "insurer",
	};
	err = bt_db_set_actor(db, kinds[req->principal.role]);
	if (err != BT_OK) {
		bt_reply_error(req, err, NULL);
		return NULL;
	}
	return db;
}

bool bt_req_id(struct bt_req *req, const char *what, long long max,
	       long long *id)
{
	if (bt_parse_ll(bt_req_param(req, "id"), 1, max, id))
		return true;
	char msg[120];
	snprintf(msg, sizeof(msg), "%s id is a positive number", what);
	bt_reply_error(req, BT_EINVAL, msg);
	return false;
}

/* Deeper pages would make OFFSET walk most of a table. */
#define PAGE_MAX 1000000

bool bt_req_paging(struct bt_req *req, int *page, int *per_page)
{
	long long p = 1, n = BT_PER_PAGE_DEFAULT;
	const char *ps = bt_req_query(req, "page");
	const char *ns = bt_req_query(req, "per_page");
	if ((ps && !bt_parse_ll(ps, 1, PAGE_MAX, &p)) ||
	    (ns && !bt_parse_ll(ns, 1, BT_PER_PAGE_MAX, &n))) {
		bt_reply_error(req, BT_EINVAL,
			       "page is a whole number from 1, per_page from 1 "
			       "to 200");
		return false;
	}
	*page = (int)p;
	*per_page = (int)n;
	return true;
}

bool bt_json_copy_string(struct bt_req *req, const json_t *obj, const char *key,
			 bool required, char *dst, size_t size)
{
	const char *v;
	if (!bt_json_opt_string(req, obj, key, &v))
		return false;
	char msg[128];
	if (v == NULL && required) {
		snprintf(msg, sizeof(msg), "%s: required", key);
		bt_reply_error(req, BT_EINVAL, msg);
		return false;
	}
	if (bt_strlcpy(dst, v ? v : "", size) >= size) {
		snprintf(msg, sizeof(msg), "%s: too long", key);
		bt_reply_error(req, BT_EINVAL, msg);
		return false;
	}
	return true;
}

void bt_req_call(struct bt_req *req, bt_handler handler, const char *body,
		 size_t len, const char *type, unsigned *status, json_t **reply)
{
	struct bt_capture cap = {0, NULL};
	struct bt_buf saved = req->body;
	int wants = req->wants_json, nheaders = req->nheaders;
	memset(&req->body, 0, sizeof(req->body));
	if (body != NULL && len > 0)
		bt_buf_append(&req->body, body, len);
	req->wants_json = 1;
	req->capture = &cap;
	req->call_type = type;
	handler(req);
	req->call_type = NULL;
	req->capture = NULL;
	req->wants_json = wants;
	bt_buf_free(&req->body);
	req->body = saved;
	/* Headers the call set (Location, Retry-After) were its own. */
	while (req->nheaders > nheaders) {
		req->nheaders--;
		free(req->headers[req->nheaders].name);
		free(req->headers[req->nheaders].value);
	}
	*status = cap.status ? cap.status : 500;
	*reply = cap.reply;
}

void bt_reply_own_json(struct bt_req *req, const struct bt_stmt *stmt)
{
	struct bt_db *db = bt_req_db(req);
	if (db == NULL)
		return;
	char ent[24];
	snprintf(ent, sizeof(ent), "%lld", req->principal.enterprise_id);
	const char *p[] = {ent};
	json_t *out = NULL;
	enum bt_err err = bt_db_query_json(db, stmt, 1, p, &out);
	if (err == BT_OK)
		bt_reply_json(req, 200, out);
	else
		bt_reply_error(req, err, NULL);
}
