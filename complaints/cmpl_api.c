/* cmpl_api.c: complaints over HTTP (see cmpl_api.h). */
#include "cmpl_api.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "complaints/credit.h"
#include "complaints/event_data.h"
#include "complaints/intake.h"
#include "complaints/store.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/input.h"
#include "core/json.h"
#include "disclosure/csv.h"
#include "disclosure/penalty.h"
#include "trace/code/batch.h"
#include "trace/scan/evidence.h"
#include "trace/scan/status.h"
#include "trace/trace.h"

/* Filing fields: what the API takes and the form sends. */
static const char *const filing_keys[] = {
	"kind",	  "code",	"enterprise_id", "category",
	"demand", "amount_fen", "description",	 "purchased_on",
	"name",	  "phone",	"amount",	 "csrf",
	NULL};
void cmpl_viewer_of(struct bt_req *req, const char *token,
		    struct cmpl_viewer *v)
{
	cmpl_viewer_from(bt_req_principal(req), token, v);
}

void cmpl_viewer_from(const struct bt_principal *p, const char *token,
		      struct cmpl_viewer *v)
{
	memset(v, 0, sizeof(*v));
	v->name = p->name;
	switch (p->role) {
	case BT_ROLE_ENTERPRISE:
		v->actor = CMPL_BY_ENTERPRISE;
		v->enterprise_id = p->enterprise_id;
		break;
	case BT_ROLE_REGULATOR:
	case BT_ROLE_ADMIN: v->actor = CMPL_BY_REGULATOR; break;
	case BT_ROLE_INSURER: /* sees a case as anyone without its token */
	case BT_ROLE_PUBLIC:
		v->actor = CMPL_BY_CONSUMER;
		v->token = token;
		v->name = "consumer";
		break;
	}
}
static json_t *form_view(json_t *form)
{
	return json_pack("{s:o, s:o, s:o}", "form", form, "categories",
			 bt_json_strings(cmpl_categories), "remedies",
			 bt_json_strings(cmpl_remedies));
}

/* What the filer entered, to give the form back with. */
static json_t *entered(struct bt_req *req, struct bt_input *in)
{
	json_t *form = json_object();
	for (const char *const *k = filing_keys; *k; k++) {
		const char *v = bt_input_field(req, in, *k);
		if (v && strcmp(*k, "csrf") != 0)
			json_object_set_new(form, *k, json_string(v));
	}
	return form;
}

void cmpl_api_file(struct bt_req *req)
{
	if (!bt_req_rate(req, BT_RATE_INTAKE))
		return;
	struct bt_input in;
	if (!bt_input_open(req, &in))
		return;
	const char *bad =
		in.json ? bt_json_unknown_key(in.json, filing_keys) : NULL;
	if (bad != NULL) {
		bt_fmt(in.reason, sizeof(in.reason),
		       "%s: not a member of a filing", bad);
		bt_input_refused(req, &in, BT_EINVAL, in.reason);
		return;
	}
	const struct bt_principal *who = bt_req_principal(req);
	bool staff =
		who->role == BT_ROLE_REGULATOR || who->role == BT_ROLE_ADMIN;
	struct cmpl_filing f = {
		.kind = bt_input_given(req, &in, "kind"),
		.code = bt_input_given(req, &in, "code"),
		.category = bt_input_given(req, &in, "category"),
		.demand = bt_input_given(req, &in, "demand"),
		.amount_fen = -1,
		.description = bt_input_given(req, &in, "description"),
		.purchased_on = bt_input_given(req, &in, "purchased_on"),
		.name = bt_input_given(req, &in, "name"),
		.phone = bt_input_given(req, &in, "phone"),
		.by = staff ? CMPL_BY_REGULATOR : CMPL_BY_CONSUMER,
		.by_name = staff ? who->name : "consumer",
	};
	const char *ent = bt_input_given(req, &in, "enterprise_id");
	const char *fen = bt_input_given(req, &in, "amount_fen");
	const char *yuan = bt_input_given(req, &in, "amount");
	const char *reason = NULL;
	if ((ent && !bt_parse_ll(ent, 1, LLONG_MAX, &f.enterprise_id)) ||
	    (fen && !bt_parse_ll(fen, 0, LLONG_MAX, &f.amount_fen)) ||
	    (!fen && yuan && !disc_parse_yuan(yuan, &f.amount_fen)))
		reason = ent && f.enterprise_id <= 0
				 ? "enterprise_id: a positive whole number"
				 : "amount: an amount in yuan, e.g. 299 or "
				   "299.50 (amount_fen in the API)";
	struct cmpl_receipt r;
	enum bt_err err =
		reason ? BT_EINVAL : cmpl_file(in.db, &f, &r, &reason);
	if (err != BT_OK) {
		bt_input_refused_page(req, &in, err, reason, "complaint_new",
				      form_view(entered(req, &in)));
		return;
	}
	char page[160], url[512];
	snprintf(page, sizeof(page), "/complaints/%s?token=%s", r.number,
		 r.token);
	snprintf(url, sizeof(url), "%s%s", trace_public_url(), page);
	/* The form's filer lands on the case with a word on keeping it. */
	bt_strlcpy(page + strlen(page), "&filed=1",
		   sizeof(page) - strlen(page));
	bt_input_done(req, &in, 201,
		      json_pack("{s:s, s:s, s:s}", "number", r.number, "token",
				r.token, "url", url),
		      page);
}

void cmpl_api_new(struct bt_req *req)
{
	const char *code = bt_req_query(req, "code");
	const char *ent = bt_req_query(req, "enterprise");
	const char *kind = bt_req_query(req, "kind");
	json_t *form = json_object();
	json_object_set_new(form, "kind",
			    json_string(kind && strcmp(kind, "report") == 0
						? "report"
						: "complaint"));
	json_t *about = NULL;
	if (code != NULL && code[0] && strlen(code) <= 512) {
		struct bt_db *db = bt_req_db(req);
		if (db == NULL) {
			json_decref(form);
			return;
		}
		struct trace_evidence_ref ref;
		const char *why = NULL;
		if (trace_code_evidence(db, code, &about, &ref, &why) ==
		    BT_OK) {
			json_object_set_new(form, "code", json_string(code));
			/* A copied code is reported, never complained of to
			 * the enterprise whose code it copies. */
			if (!ref.genuine) {
				json_object_set_new(form, "kind",
						    json_string("report"));
				json_object_set_new(form, "category",
						    json_string("counterfeit"));
			}
			json_object_set_new(form, "platform",
					    json_string(ref.platform));
		}
	} else if (ent != NULL) {
		long long id = 0;
		if (bt_parse_ll(ent, 1, LLONG_MAX, &id))
			json_object_set_new(form, "enterprise_id",
					    json_integer(id));
	}
	json_t *view = form_view(form);
	json_object_set_new(view, "about", about ? about : json_null());
	bt_reply_view(req, 200, "complaint_new", bt_page_view(req, view));
}

/* What the case page's forms offer, and the link back with the code. */
static void page_extras(struct bt_db *db, json_t *view, const char *token)
{
	json_t *offices = NULL;
	if (cmpl_offices(db, &offices) != BT_OK)
		offices = json_array();
	json_object_set_new(
		view, "choices",
		json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "grounds",
			  bt_json_strings(cmpl_not_accepted_grounds),
			  "end_reasons",
			  bt_json_strings(cmpl_mediation_end_reasons), "payers",
			  bt_json_strings(cmpl_payers), "testing_payers",
			  bt_json_strings(cmpl_testing_payers), "lead_results",
			  bt_json_strings(cmpl_lead_results), "remedies",
			  bt_json_strings(cmpl_remedies), "offices", offices));
	if (token != NULL) {
		char keep[64];
		snprintf(keep, sizeof(keep), "token=%.32s&", token);
		json_object_set_new(view, "token", json_string(token));
		json_object_set_new(view, "keep_query", json_string(keep));
	}
}

void cmpl_api_case(struct bt_req *req)
{
	struct bt_db *db = bt_req_db(req);
	if (db == NULL)
		return;
	struct cmpl_viewer v;
	const char *token = bt_req_query(req, "token");
	cmpl_viewer_of(req, token, &v);
	json_t *view = NULL;
	enum bt_err err =
		cmpl_case_view(db, bt_req_param(req, "number"), &v, &view);
	if (err == BT_ENOTFOUND) {
		bt_reply_error(req, err,
			       "no case with this number and access code");
		return;
	}
	if (err == BT_OK && !bt_req_wants_json(req))
		page_extras(db, view,
			    v.actor == CMPL_BY_CONSUMER ? token : NULL);
	if (err == BT_OK && bt_req_query(req, "filed"))
		json_object_set_new(view, "filed", json_true());
	bt_reply_view_or_error(req, err, "complaint", bt_page_view(req, view),
			       NULL);
}

json_t *cmpl_input_data(struct bt_req *req, struct bt_input *in,
			const struct cmpl_field *fields, const char **reason)
{
	const char *bad =
		in->json ? cmpl_unknown_member(in->json, fields) : NULL;
	if (bad != NULL) {
		bt_fmt(in->reason, sizeof(in->reason),
		       "%s: not a member of this action", bad);
		*reason = in->reason;
		return NULL;
	}
	json_t *data = json_object();
	for (const struct cmpl_field *f = fields; f->name; f++) {
		const char *v = bt_input_given(req, in, f->name);
		bool number = f->type == CMPL_F_AMOUNT ||
			      f->type == CMPL_F_PAID || f->type == CMPL_F_ID;
		if (v == NULL &&
		    (f->type == CMPL_F_AMOUNT || f->type == CMPL_F_PAID) &&
		    in->json == NULL) {
			const char *yuan = bt_input_given(req, in, "amount");
			long long fen;
			if (yuan && disc_parse_yuan(yuan, &fen)) {
				json_object_set_new(data, f->name,
						    json_integer(fen));
				continue;
			}
		}
		if (v == NULL)
			continue;
		long long n;
		if (number && !bt_parse_ll(v, 0, LLONG_MAX, &n)) {
			*reason = f->type != CMPL_F_ID
					  ? "amount_fen: a whole number of fen "
					    "(amount, in yuan, on the page)"
					  : "payment: the payment's number";
			json_decref(data);
			return NULL;
		}
		json_object_set_new(data, f->name,
				    number ? json_integer(n) : json_string(v));
	}
	return data;
}

json_t *cmpl_failed_form(struct bt_req *req, struct bt_input *in,
			 const char *event, const struct cmpl_field *fields)
{
	json_t *values = json_object();
	for (const struct cmpl_field *f = fields; f && f->name; f++) {
		const char *val = bt_input_given(req, in, f->name);
		if (val)
			json_object_set_new(values, f->name, json_string(val));
	}
	return json_pack("{s:s?, s:o}", "event", event, "values", values);
}

const char *cmpl_unknown_member(const json_t *body,
				const struct cmpl_field *fields)
{
	const char *key;
	json_t *v;
	json_object_foreach ((json_t *)body, key, v) {
		if (strcmp(key, "event") == 0 || strcmp(key, "token") == 0)
			continue;
		const struct cmpl_field *f = fields;
		while (f->name && strcmp(f->name, key) != 0)
			f++;
		if (f->name == NULL)
			return key;
	}
	return NULL;
}

void cmpl_api_act(struct bt_req *req)
{
	struct bt_input in;
	if (!bt_input_open(req, &in))
		return;
	const char *number = bt_req_param(req, "number");
	const char *event = bt_input_given(req, &in, "event");
	const char *token = bt_input_given(req, &in, "token");
	struct cmpl_viewer v;
	cmpl_viewer_of(req, token, &v);
	enum cmpl_ev ev = CMPL_EV_COUNT;
	const char *reason = NULL;
	if (!cmpl_ev_parse(event, &ev)) {
		reason = "event: the action to take (the case lists those "
			 "allowed now)";
	}
	json_t *data = reason ? NULL
			      : cmpl_input_data(req, &in, cmpl_event_fields(ev),
						&reason);
	json_t *out = NULL;
	enum bt_err err = data ? cmpl_case_act(in.db, number, &v, event, data,
					       &out, &reason)
			       : BT_EINVAL;
	json_decref(data);
	if (err == BT_ENOTFOUND)
		reason = "no case with this number and access code";
	if (err != BT_OK) {
		/* A form gets its case back with the reason and the
		 * action's input kept. */
		json_t *page = NULL;
		if (in.json == NULL && err != BT_ENOTFOUND &&
		    cmpl_case_view(in.db, number, &v, &page) == BT_OK) {
			json_object_set_new(
				page, "failed",
				cmpl_failed_form(req, &in, event,
						 ev < CMPL_EV_COUNT
							 ? cmpl_event_fields(ev)
							 : NULL));
			page_extras(in.db, page,
				    v.actor == CMPL_BY_CONSUMER ? token : NULL);
		}
		bt_input_refused_page(req, &in, err, reason, "complaint", page);
		return;
	}
	char back[200];
	if (v.actor == CMPL_BY_CONSUMER)
		snprintf(back, sizeof(back), "/complaints/%s?token=%s", number,
			 token);
	else
		snprintf(back, sizeof(back), "/complaints/%s", number);
	bt_input_done(req, &in, 200, out, back);
}

static const char *const views[] = {"open",   "overdue", "due_soon",
				    "closed", "all",	 NULL};

/* Staff filters, shared by the JSON list and the desk page. */
static bool queue_filter(struct bt_req *req, struct cmpl_queue_filter *f)
{
	memset(f, 0, sizeof(*f));
	f->view = bt_req_query(req, "view");
	f->kind = bt_req_query(req, "kind");
	const char *ent = bt_req_query(req, "enterprise");
	bool ok = true;
	if (f->view && f->view[0]) {
		ok = false;
		for (const char *const *v = views; *v; v++)
			ok = ok || strcmp(*v, f->view) == 0;
	}
	if (ok && f->kind && f->kind[0])
		ok = strcmp(f->kind, "complaint") == 0 ||
		     strcmp(f->kind, "report") == 0;
	if (ok && ent && ent[0])
		ok = bt_parse_ll(ent, 1, LLONG_MAX, &f->enterprise);
	if (!ok) {
		bt_reply_error(req, BT_EINVAL,
			       "view: open, overdue, due_soon, closed or all; "
			       "kind: complaint or report; enterprise: an id");
		return false;
	}
	if (f->view && !f->view[0])
		f->view = NULL;
	if (f->kind && !f->kind[0])
		f->kind = NULL;
	return bt_req_paging(req, &f->page, &f->per_page);
}

static void list(struct bt_req *req, const char *tmpl)
{
	const struct bt_principal *who = bt_req_principal(req);
	struct cmpl_queue_filter f;
	if (!queue_filter(req, &f))
		return;
	struct bt_db *db = bt_req_db(req);
	if (db == NULL)
		return;
	json_t *out = NULL;
	enum bt_err err =
		who->role == BT_ROLE_ENTERPRISE
			? cmpl_enterprise_cases(db, who->enterprise_id, f.page,
						f.per_page, &out)
			: cmpl_queue(db, &f, &out);
	if (err == BT_OK) {
		json_object_set_new(out, "page", json_integer(f.page));
		json_object_set_new(out, "per_page", json_integer(f.per_page));
		json_object_set_new(out, "views", bt_json_strings(views));
		json_object_set_new(out, "filter",
				    json_pack("{s:s, s:s, s:I}", "view",
					      f.view ? f.view : "open", "kind",
					      f.kind ? f.kind : "",
					      "enterprise",
					      (json_int_t)f.enterprise));
	}
	if (err == BT_OK && who->role != BT_ROLE_ENTERPRISE) {
		char now[BT_CLOCK_ISO_LEN];
		bt_clock_iso(now);
		json_t *alerts = NULL;
		err = cmpl_alerts(db, now, &alerts);
		json_object_set_new(out, "alerts", alerts);
	}
	static const char *const cols[] = {"number",
					   "kind",
					   "state",
					   "category",
					   "received_on",
					   "next_due",
					   "next_clock",
					   "overdue",
					   "flags",
					   "enterprise.id",
					   "enterprise.name_zh",
					   "enterprise.name_en",
					   NULL};
	disc_csv_list_reply(req, err, tmpl, out, cols, "complaints.csv");
}

void cmpl_api_list(struct bt_req *req)
{
	list(req, NULL);
}

void cmpl_api_desk(struct bt_req *req)
{
	list(req, "complaints_desk");
}

void cmpl_api_recall(struct bt_req *req)
{
	struct bt_input in;
	if (!bt_input_open(req, &in))
		return;
	const char *batch = bt_input_given(req, &in, "batch");
	const char *why = bt_input_given(req, &in, "reason");
	long long id = 0;
	struct trace_batch b;
	const char *reason = "batch: the batch to recall";
	enum bt_err err =
		batch && bt_parse_ll(batch, 1, TRACE_BATCH_ID_MAX, &id)
			? trace_batch_get(in.db, (uint32_t)id, &b)
			: BT_EINVAL;
	json_t *out = NULL;
	if (err == BT_OK) {
		/* The whole batch, from now: the lot the complaints name. */
		struct trace_status_request q = {.batch = b.id,
						 .from = 0,
						 .to = b.count,
						 .status = "recalled",
						 .reason = why};
		err = trace_status_set(in.db, bt_req_principal(req), &q, &out,
				       &reason);
	} else if (err == BT_ENOTFOUND) {
		reason = "batch: no such batch";
	}
	if (err != BT_OK) {
		bt_input_refused(req, &in, err, reason);
		return;
	}
	bt_input_done(req, &in, 201, out, "/desk/complaints");
}
