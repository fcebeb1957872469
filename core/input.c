/* input.c: an action's input, from a JSON body or form fields. */
#include "input.h"

#include <stdio.h>
#include <string.h>

#include "buf.h"

static void input_close(struct bt_input *in)
{
	json_decref(in->json);
	in->json = NULL;
}

bool bt_input_open(struct bt_req *req, struct bt_input *in)
{
	memset(in, 0, sizeof(*in));
	const char *type = bt_req_header(req, "Content-Type");
	if (type && strncmp(type, "application/json", 16) == 0) {
		in->json = bt_req_json_body(req);
		if (in->json == NULL)
			return false;
	}
	return bt_input_db(req, in);
}

bool bt_input_open_json(struct bt_req *req, struct bt_input *in)
{
	memset(in, 0, sizeof(*in));
	in->json = bt_req_json_body(req);
	return in->json != NULL;
}

bool bt_input_db(struct bt_req *req, struct bt_input *in)
{
	in->db = bt_req_db(req);
	if (in->db == NULL) {
		input_close(in);
		return false;
	}
	bt_clock_iso(in->now);
	return true;
}

const char *bt_input_field(struct bt_req *req, struct bt_input *in,
			   const char *name)
{
	if (in->json == NULL)
		return bt_req_form(req, name);
	const json_t *v = json_object_get(in->json, name);
	if (json_is_string(v))
		return json_string_value(v);
	if (in->nbuf == 8 || !(json_is_integer(v) || json_is_boolean(v)))
		return NULL;
	char *b = in->buf[in->nbuf++];
	if (json_is_integer(v))
		snprintf(b, 32, "%lld", (long long)json_integer_value(v));
	else
		bt_strlcpy(b, json_is_true(v) ? "true" : "false", 32);
	return b;
}

void bt_input_done(struct bt_req *req, struct bt_input *in, unsigned status,
		   json_t *body, const char *page)
{
	if (in->json) {
		bt_reply_json(req, status, body);
	} else {
		json_decref(body);
		bt_reply_redirect(req, 303, page);
	}
	input_close(in);
}

void bt_input_refused(struct bt_req *req, struct bt_input *in, enum bt_err err,
		      const char *reason)
{
	input_close(in);
	bt_reply_error(req, err, reason && reason[0] ? reason : NULL);
}

void bt_input_refused_page(struct bt_req *req, struct bt_input *in,
			   enum bt_err err, const char *reason,
			   const char *tmpl, json_t *view)
{
	if (in->json != NULL || view == NULL) {
		json_decref(view);
		bt_input_refused(req, in, err, reason);
		return;
	}
	input_close(in);
	json_object_set_new(
		view, "error",
		json_string(reason && reason[0] ? reason : bt_strerror(err)));
	json_object_set_new(view, "error_status",
			    json_integer(bt_err_http_status(err)));
	bt_reply_view(req, bt_err_http_status(err), tmpl,
		      bt_page_view(req, view));
}

const char *bt_input_given(struct bt_req *req, struct bt_input *in,
			   const char *name)
{
	const char *v = bt_input_field(req, in, name);
	return v && v[0] ? v : NULL;
}
