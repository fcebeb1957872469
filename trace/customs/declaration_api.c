/* declaration_api.c: POST /api/v1/declarations and `bondtrace declare`. */
#include "declaration_api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "trace/customs/declaration.h"
#include "trace/customs/receipt.h"

static bool wants_xml(struct bt_req *req)
{
	const char *accept = bt_req_header(req, "Accept");
	return accept && (strstr(accept, "application/xml") ||
			  strstr(accept, "text/xml"));
}

static void reply_one(struct bt_req *req, struct trace_declare_result *r)
{
	unsigned status = r->accepted ? (r->resent ? 200 : 201) : 400;
	if (wants_xml(req)) {
		struct bt_buf b = BT_BUF_INIT;
		if (trace_receipt_xml(r->receipt, &b) != BT_OK) {
			bt_buf_free(&b);
			bt_reply_error(req, BT_ENOMEM, NULL);
			return;
		}
		size_t len = b.len;
		bt_reply_take(req, status, "application/xml; charset=utf-8",
			      bt_buf_steal(&b), len);
		return;
	}
	if (r->accepted) {
		bt_reply_json(req, status, json_incref(r->receipt));
		return;
	}
	char msg[420];
	snprintf(msg, sizeof(msg), "%s: %s", r->error.path, r->error.rule);
	bt_reply_json(req, 400,
		      json_pack("{s:s, s:s, s:O}", "error", "invalid_input",
				"message", msg, "receipt", r->receipt));
}

static void declare_many(struct bt_req *req, struct bt_db *db,
			 const struct disc_enterprise *ent)
{
	json_t *body = bt_req_json_body(req);
	if (body == NULL)
		return;
	static const char *const allowed[] = {"messages", NULL};
	json_t *list = json_object_get(body, "messages");
	if (!bt_json_only(req, body, allowed)) {
		json_decref(body);
		return;
	}
	if (!json_is_array(list) || json_array_size(list) == 0 ||
	    json_array_size(list) > 1000) {
		bt_reply_error(
			req, BT_EINVAL,
			"'messages' is a list of 1 to 1000 CEB messages, "
			"each an XML string");
		json_decref(body);
		return;
	}
	json_t *receipts = json_array();
	size_t accepted = 0, rejected = 0;
	enum bt_err err = BT_OK;
	for (size_t i = 0; err == BT_OK && i < json_array_size(list); i++) {
		const json_t *m = json_array_get(list, i);
		struct trace_declare_result r;
		if (!json_is_string(m)) {
			json_array_append_new(
				receipts,
				json_pack("{s:s, s:s, s:s}", "status",
					  "rejected", "path", "/", "reason",
					  "each message is an XML "
					  "string"));
			rejected++;
			continue;
		}
		err = trace_declare(db, ent, json_string_value(m),
				    json_string_length(m), &r);
		if (err != BT_OK)
			break;
		json_array_append(receipts, r.receipt);
		if (r.accepted)
			accepted++;
		else
			rejected++;
		trace_declare_result_free(&r);
	}
	json_t *reply = json_pack("{s:I, s:I, s:o}", "accepted",
				  (json_int_t)accepted, "rejected",
				  (json_int_t)rejected, "receipts", receipts);
	if (err != BT_OK) {
		/* What was answered so far is committed; say where we stopped.
		 */
		json_object_set_new(reply, "error",
				    json_string(bt_err_code(err)));
		json_object_set_new(reply, "message",
				    json_string("stopped: the database is "
						"unavailable; the receipts "
						"above were committed, send "
						"the rest again"));
		bt_reply_json(req, bt_err_http_status(err), reply);
	} else {
		bt_reply_json(req, 200, reply);
	}
	json_decref(body);
}

void trace_api_declare(struct bt_req *req)
{
	const struct bt_principal *who = bt_req_principal(req);
	const char *type = bt_req_header(req, "Content-Type");
	bool json = type && strstr(type, "json");
	bool xml = type && strstr(type, "xml");
	if (!json && !xml) {
		bt_reply_error_status(req, 415, "unsupported_media_type",
				      "send one message as application/xml, or "
				      "{\"messages\": [...]} as "
				      "application/json");
		return;
	}
	struct bt_db *db = bt_req_db(req);
	if (db == NULL)
		return;
	struct disc_enterprise ent;
	enum bt_err err = disc_enterprise_get(db, who->enterprise_id, &ent);
	if (err != BT_OK) {
		bt_reply_error(req, err, "cannot read your enterprise now");
		return;
	}
	if (json) {
		declare_many(req, db, &ent);
		return;
	}
	size_t len = 0;
	const char *body = bt_req_body(req, &len);
	struct trace_declare_result r;
	err = trace_declare(db, &ent, body ? body : "", len, &r);

	if (err != BT_OK) {
		bt_reply_error(req, err,
			       "the message could not be judged now; nothing "
			       "was stored, send it again");
		return;
	}
	reply_one(req, &r);
	trace_declare_result_free(&r);
}

/* An enterprise's latest receipts (50) and refusals (20), newest first. */
static const struct bt_stmt recent = {
	"trace.declarations_recent",
	"SELECT json_build_object('receipts', coalesce((SELECT json_agg(x.r "
	"ORDER BY x.received_at DESC) FROM (SELECT receipt || "
	"jsonb_build_object('received_at', to_char(received_at AT TIME ZONE "
	"'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')) AS r, received_at FROM "
	"ceb_message WHERE enterprise_id = $1 ORDER BY received_at DESC "
	"LIMIT 50) x), '[]'), 'refused', coalesce((SELECT json_agg(json_"
	"build_object('guid', guid, 'path', path, 'reason', rule, "
	"'received_at', to_char(received_at AT TIME ZONE 'UTC', "
	"'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')) ORDER BY id DESC) FROM (SELECT "
	"* FROM ceb_rejection WHERE enterprise_id = $1 ORDER BY id DESC "
	"LIMIT 20) y), '[]'))"};

void trace_api_declaration_list(struct bt_req *req)
{
	bt_reply_own_json(req, &recent);
}
