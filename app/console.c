/* console.c: the work pages after signing in (/console): an enterprise's
 * products, batches, provenance, GS1 links, licences, commitments and
 * alerts; a regulator's alerts of every enterprise, status ranges,
 * commendations, broken commitments and customs classes; a form for
 * each action. A form drives the very JSON handler the API has (bt_req_call),
 * so a clerk and an integrator meet the same checks: an accepted form
 * redirects (303) to the console with a confirmation, a refused one comes
 * back filled in, the reason next to it in the page's language. */
#include "app/console.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "disclosure/facts.h"
#include "trace/code/batch.h"
#include "trace/code/product.h"
#include "trace/customs/binding.h"
#include "trace/customs/declaration_api.h"
#include "trace/customs/provenance.h"
#include "trace/scan/alert.h"
#include "trace/scan/links.h"
#include "trace/scan/status.h"

/* How a form field becomes a member of the API's JSON body. */
enum kind {
	TEXT,	 /* a string; left out when empty */
	NUMBER,	 /* a whole number (as typed when it is not one) */
	CHECKED, /* a checkbox: true when sent, else false */
	LOT_ROW, /* gtin, lot and quantity as the one row of "lots" */
	XML,	 /* the body itself: an uploaded file, else a text field */
};

struct field {
	const char *name;
	enum kind kind;
};

#define FIELDS_MAX 10

/* One form: /console/NAME posts it, the handler takes it, for the roles
 * in allow (as the route of the API's handler has it: the call does not
 * pass through the router). */
struct action {
	const char *name;
	bt_handler handler;
	unsigned allow;
	struct field fields[FIELDS_MAX];
};

#define OWN BT_ENTERPRISE_ONLY

static const struct action actions[] = {
	{"product",
	 trace_api_product_create,
	 OWN,
	 {{"gtin", TEXT},
	  {"name_zh", TEXT},
	  {"name_en", TEXT},
	  {"brand", TEXT},
	  {"origin_country", TEXT},
	  {"category", TEXT}}},
	{"master",
	 trace_api_record_product,
	 OWN,
	 {{"manufacturer", TEXT},
	  {"hs_code", TEXT},
	  {"shelf_life_days", NUMBER},
	  {"category", TEXT}}},
	{"batch",
	 trace_api_batch_create,
	 OWN,
	 {{"gtin", TEXT}, {"count", NUMBER}, {"lot", TEXT}, {"expiry", TEXT}}},
	{"binding",
	 trace_api_binding_add,
	 OWN,
	 {{"batch", NUMBER},
	  {"from", NUMBER},
	  {"to", NUMBER},
	  {"inventory", TEXT},
	  {"gnum", NUMBER},
	  {"lot", TEXT}}},
	{"status",
	 trace_api_status_set,
	 BT_SIGNED_IN,
	 {{"from", NUMBER},
	  {"to", NUMBER},
	  {"status", TEXT},
	  {"reason", TEXT},
	  {"reason_en", TEXT},
	  {"effective_at", TEXT}}},
	{"lot",
	 trace_api_record_lot,
	 OWN,
	 {{"gtin", TEXT},
	  {"lot", TEXT},
	  {"production_date", TEXT},
	  {"expiry_date", TEXT}}},
	{"shipment",
	 trace_api_record_shipment,
	 OWN,
	 {{"bill_no", TEXT},
	  {"departure_country", TEXT},
	  {"port", TEXT},
	  {"arrival_date", TEXT},
	  {"warehouse", TEXT},
	  {"warehouse_en", TEXT},
	  {"lots", LOT_ROW}}},
	{"inspection",
	 trace_api_record_inspection,
	 OWN,
	 {{"gtin", TEXT},
	  {"lot", TEXT},
	  {"lab", TEXT},
	  {"report_no", TEXT},
	  {"tested_on", TEXT},
	  {"items", TEXT},
	  {"passed", CHECKED},
	  {"certificate", TEXT},
	  {"lab_en", TEXT},
	  {"items_en", TEXT}}},
	{"link",
	 trace_api_link_create,
	 OWN,
	 {{"gtin", TEXT},
	  {"lot", TEXT},
	  {"type", TEXT},
	  {"href", TEXT},
	  {"title", TEXT},
	  {"lang", TEXT}}},
	{"link_delete", trace_api_link_delete, OWN, {{NULL, TEXT}}},
	{"declaration", trace_api_declare, OWN, {{"xml", XML}}},
	{"licence",
	 disc_api_fact_licence,
	 OWN,
	 {{"kind", TEXT},
	  {"number", TEXT},
	  {"authority", TEXT},
	  {"issued_on", TEXT},
	  {"expires_on", TEXT}}},
	{"commitment",
	 disc_api_fact_commitment,
	 OWN,
	 {{"text_zh", TEXT}, {"text_en", TEXT}, {"since", TEXT}}},
	{"commendation",
	 disc_api_fact_commendation,
	 BT_STAFF,
	 {{"enterprise_id", NUMBER},
	  {"title_zh", TEXT},
	  {"title_en", TEXT},
	  {"authority", TEXT},
	  {"decided_on", TEXT}}},
	{"broken",
	 disc_api_fact_broken,
	 BT_STAFF,
	 {{"enterprise_id", NUMBER},
	  {"broken_on", TEXT},
	  {"broken_reason", TEXT},
	  {"broken_reason_en", TEXT}}},
	{"customs_class",
	 disc_api_fact_customs_class,
	 BT_STAFF,
	 {{"customs_class", TEXT}}},
	{"alert_acknowledge",
	 trace_api_alert_acknowledge,
	 BT_SIGNED_IN,
	 {{"note", TEXT}}},
	{"alert_close", trace_api_alert_close, BT_SIGNED_IN, {{"note", TEXT}}},
};

static const struct action *action_named(const char *name)
{
	for (size_t i = 0; name && i < sizeof(actions) / sizeof(actions[0]);
	     i++)
		if (strcmp(actions[i].name, name) == 0)
			return &actions[i];
	return NULL;
}

static void add_number(json_t *body, const char *name, const char *v)
{
	long long n = 0;
	json_object_set_new(body, name,
			    bt_parse_ll(v, LLONG_MIN, LLONG_MAX, &n)
				    ? json_integer(n)
				    : json_string(v));
}

/* The JSON body of form a as the browser sent it; the form's fields go
 * into *form as well, to come back on a refusal. */
static json_t *body_of(struct bt_req *req, const struct action *a, json_t *form)
{
	json_t *body = json_object();
	for (int i = 0; i < FIELDS_MAX && a->fields[i].name; i++) {
		const struct field *f = &a->fields[i];
		const char *v = bt_req_form(req, f->name);
		if (f->kind == CHECKED) {
			json_object_set_new(body, f->name, json_boolean(v));
			if (v)
				json_object_set_new(form, f->name,
						    json_string("on"));
			continue;
		}
		if (f->kind == LOT_ROW) {
			const char *g = bt_req_form(req, "lot_gtin");
			const char *l = bt_req_form(req, "lot_lot");
			const char *q = bt_req_form(req, "lot_quantity");
			json_t *row = json_object();
			if (g && g[0])
				json_object_set_new(row, "gtin",
						    json_string(g));
			if (l && l[0])
				json_object_set_new(row, "lot", json_string(l));
			if (q && q[0])
				add_number(row, "quantity", q);
			json_object_set_new(body, "lots",
					    json_pack("[o]", row));
			json_object_set_new(form, "lot_gtin",
					    json_string(g ? g : ""));
			json_object_set_new(form, "lot_lot",
					    json_string(l ? l : ""));
			json_object_set_new(form, "lot_quantity",
					    json_string(q ? q : ""));
			continue;
		}
		if (v == NULL || v[0] == '\0')
			continue;
		json_object_set_new(form, f->name, json_string(v));
		if (f->kind == NUMBER)
			add_number(body, f->name, v);
		else
			json_object_set_new(body, f->name, json_string(v));
	}
	return body;
}

/* Takes what a list handler answers, or an empty list. */
static json_t *listed(struct bt_req *req, bt_handler handler,
		      const char *member)
{
	unsigned status = 0;
	json_t *reply = NULL;
	bt_req_call(req, handler, NULL, 0, NULL, &status, &reply);
	json_t *list = member ? json_object_get(reply, member) : reply;
	json_t *out = status == 200 && json_is_array(list) ? json_incref(list)
							   : json_array();
	json_decref(reply);
	return out;
}

static void picks(struct bt_req *req, json_t *view);

/* The console: everything the enterprise keeps here, with the outcome of
 * the last form (done, or error and the fields as sent). */
static void console_page(struct bt_req *req, unsigned status, const char *done,
			 const char *which, json_t *error, json_t *form)
{
	json_t *view = json_pack("{s:o}", "alerts",
				 listed(req, trace_api_alert_list, "alerts"));
	if (bt_req_principal(req)->role == BT_ROLE_ENTERPRISE) {
		json_object_set_new(
			view, "products",
			listed(req, trace_api_product_list, "products"));
		json_object_set_new(view, "batches",
				    listed(req, trace_api_batch_list, NULL));
		json_object_set_new(view, "links",
				    listed(req, trace_api_link_list, "links"));
		unsigned got = 0;
		json_t *decl = NULL;
		bt_req_call(req, trace_api_declaration_list, NULL, 0, NULL,
			    &got, &decl);
		if (got != 200 || decl == NULL) {
			json_decref(decl);
			decl = json_object();
		}
		json_object_set_new(view, "declarations", decl);
	}
	picks(req, view);
	if (done && action_named(done))
		json_object_set_new(view, "done", json_string(done));
	if (which != NULL) {
		json_object_set_new(view, "form_name", json_string(which));
		json_object_set_new(view, "error", error);
		json_object_set_new(view, "form", form);
	}
	bt_reply_view(req, status, "console", bt_page_view(req, view));
}

void app_console(struct bt_req *req)
{
	console_page(req, 200, bt_req_query(req, "done"), NULL, NULL, NULL);
}

/* A regulator's picks (?enterprise=, ?batch=, ?commitment=): the record
 * the forms below act on. */
static void picks(struct bt_req *req, json_t *view)
{
	static const char *const names[] = {"enterprise", "batch",
					    "commitment"};
	if (bt_req_principal(req)->role == BT_ROLE_ENTERPRISE)
		return;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		long long id = 0;
		const char *v = bt_req_query(req, names[i]);
		char key[24];
		snprintf(key, sizeof(key), "%s_pick", names[i]);
		if (v && bt_parse_ll(v, 1, 2147483647LL, &id))
			json_object_set_new(view, key, json_integer(id));
	}
}

void app_console_act(struct bt_req *req)
{
	const struct action *a = action_named(bt_req_param(req, "action"));
	if (a == NULL || !(a->allow & BT_ALLOW(bt_req_principal(req)->role))) {
		bt_reply_error(req, BT_ENOTFOUND,
			       "there is no page at this address");
		return;
	}
	json_t *form = json_object();
	unsigned status = 500;
	json_t *reply = NULL;
	if (a->fields[0].kind == XML) {
		/* A customs message as it is: a file, or pasted. */
		const char *data = NULL;
		size_t len = 0;
		if ((!bt_req_upload(req, "file", &data, &len) || len == 0) &&
		    !bt_req_upload(req, a->fields[0].name, &data, &len)) {
			data = bt_req_form(req, a->fields[0].name);
			len = data ? strlen(data) : 0;
		}
		bt_req_call(req, a->handler, data, len, "application/xml",
			    &status, &reply);
	} else {
		json_t *body = body_of(req, a, form);
		char *text = json_dumps(body, JSON_COMPACT);
		json_decref(body);
		if (text != NULL)
			bt_req_call(req, a->handler, text, strlen(text),
				    "application/json", &status, &reply);
		free(text);
	}
	if (status >= 200 && status < 400) {
		json_decref(reply);
		json_decref(form);
		/* Back to where the form was, the regulator's picks kept. */
		const char *q = strchr(bt_req_target(req), '?');
		char to[256];
		snprintf(to, sizeof(to), "/console?%.160s%sdone=%s#%s",
			 q ? q + 1 : "", q && q[1] ? "&" : "", a->name,
			 a->name);
		bt_reply_redirect(req, 303, to);
		return;
	}
	const char *message =
		json_string_value(json_object_get(reply, "message"));
	json_t *error = json_string(message ? message : "internal error");
	json_decref(reply);
	console_page(req, status >= 400 ? status : 500, NULL, a->name, error,
		     form);
}
