/* http_reply.c: the replies a handler ends with: JSON, text, a
 * rendered page, an error in the request's language, a redirect, a stream. */
#include "http_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "auth.h"
#include "buf.h"
#include "log.h"
#include "render.h"

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
	if (req->capture != NULL) { /* bt_req_call: the status is all */
		if (resp != NULL)
			MHD_destroy_response(resp);
		json_decref(req->capture->reply);
		req->capture->reply = NULL;
		req->capture->status = status;
		return;
	}
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
	if (req->capture != NULL) {
		json_decref(req->capture->reply);
		req->capture->status = status;
		req->capture->reply = json;
		return;
	}
	char *s = json_dumps(json, JSON_COMPACT | JSON_ENSURE_ASCII);
	json_decref(json);
	if (s == NULL) {
		bt_reply_text(req, 500, "text/plain", "out of memory\n");
		return;
	}
	bt_reply_take(req, status, "application/json", s, strlen(s));
}

/* The request's query (still percent-encoded) without the keys in drop,
 * each kept pair followed by '&', so that a link can append its own: what
 * a page's language toggle and pager keep of where the reader is. */
static json_t *query_kept(const struct bt_req *req, const char *const *drop)
{
	const char *q = strchr(req->uri, '?');
	struct bt_buf b = BT_BUF_INIT;
	bt_buf_puts(&b, "");
	for (q = q ? q + 1 : NULL; q && *q;) {
		size_t n = strcspn(q, "&#");
		size_t key = strcspn(q, "=&#");
		bool dropped = n == 0;
		for (const char *const *d = drop; *d && !dropped; d++)
			dropped = key == strlen(*d) && strncmp(q, *d, key) == 0;
		if (!dropped)
			bt_buf_printf(&b, "%.*s&", (int)n, q);
		if (q[n] != '&')
			break;
		q += n + 1;
	}
	json_t *out = json_string(b.data ? b.data : "");
	bt_buf_free(&b);
	return out;
}

enum bt_err bt_view_body(struct bt_req *req, const char *tmpl, json_t *view,
			 char **body, size_t *len, const char **ctype)
{
	*body = NULL;
	*len = 0;
	if (bt_req_wants_json(req)) {
		*ctype = "application/json";
		*body = json_dumps(view, JSON_COMPACT | JSON_ENSURE_ASCII);
		json_decref(view);
		if (*body == NULL)
			return BT_ENOMEM;
		*len = strlen(*body);
		return BT_OK;
	}
	*ctype = "text/html; charset=utf-8";
	if (json_is_object(view) && req->method &&
	    strcmp(req->method, "GET") == 0) {
		static const char *const lang[] = {"lang", NULL};
		static const char *const paging[] = {"lang", "page", NULL};
		if (json_object_get(view, "keep_query") == NULL)
			json_object_set_new(view, "keep_query",
					    query_kept(req, lang));
		json_object_set_new(view, "page_query",
				    query_kept(req, paging));
	}
	enum bt_err err =
		bt_render_html(tmpl, view, bt_req_lang(req), body, len);
	json_decref(view);
	return err;
}

void bt_reply_body(struct bt_req *req, unsigned status, const char *ctype,
		   char *body, size_t len)
{
	/* A language picked with ?lang= stays for the pages that follow. */
	const char *q = bt_http_lang_tag(bt_req_query(req, "lang"));
	if (q != NULL && strncmp(ctype, "text/html", 9) == 0)
		bt_reply_header(req, "Set-Cookie",
				strcmp(q, "en") == 0
					? "bt_lang=en; Path=/; SameSite=Lax; "
					  "Max-Age=31536000"
					: "bt_lang=zh; Path=/; SameSite=Lax; "
					  "Max-Age=31536000");
	bt_reply_take(req, status, ctype, body, len);
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
	const char *ctype = NULL;
	if (bt_view_body(req, tmpl, view, &html, &len, &ctype) != BT_OK) {
		bt_reply_text(req, 500, "text/plain; charset=utf-8",
			      "internal error rendering the page\n");
		return;
	}
	bt_reply_body(req, status, ctype, html, len);
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

json_t *bt_page_view(struct bt_req *req, json_t *view)
{
	if (view == NULL || bt_req_wants_json(req))
		return view;
	if (!json_is_object(view))
		view = json_pack("{s:o}", "items", view);
	const struct bt_principal *who = bt_req_principal(req);
	json_object_set_new(view, "csrf", json_string(bt_req_csrf(req)));
	json_object_set_new(view, "role", json_string(bt_role_name(who->role)));
	return view;
}

void bt_reply_view_or_error(struct bt_req *req, enum bt_err err,
			    const char *tmpl, json_t *view, const char *reason)
{
	if (err == BT_OK) {
		bt_reply_view(req, 200, tmpl, view);
		return;
	}
	json_decref(view);
	bt_reply_error(req, err, reason && reason[0] ? reason : NULL);
}
