/* ins_api.c: insurance over HTTP (see ins_api.h). */
#include "ins_api.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "complaints/cmpl_api.h"
#include "complaints/event_data.h"
#include "complaints/photos.h"
#include "complaints/photos_api.h"
#include "complaints/recover.h"
#include "core/auth.h"
#include "core/buf.h"
#include "core/input.h"
#include "core/json.h"
#include "disclosure/csv.h"
#include "disclosure/penalty.h"
#include "insurance/intake.h"
#include "insurance/policy.h"
#include "trace/scan/evidence.h"
#include "trace/trace.h"

static const char *const filing_keys[] = {
	"code",		"reason",      "amount_fen", "amount", "order_no",
	"purchased_on", "description", "id_number",  "phone",  "name",
	"case",		"csrf",	       NULL};

void ins_viewer_from(const struct bt_principal *p, const char *token,
		     struct ins_viewer *v)
{
	memset(v, 0, sizeof(*v));
	v->name = p->name;
	switch (p->role) {
	case BT_ROLE_ENTERPRISE:
		v->actor = INS_BY_ENTERPRISE;
		v->enterprise_id = p->enterprise_id;
		break;
	case BT_ROLE_INSURER:
		v->actor = INS_BY_INSURER;
		v->insurer_id = p->insurer_id;
		break;
	case BT_ROLE_REGULATOR:
	case BT_ROLE_ADMIN: v->actor = INS_BY_REGULATOR; break;
	case BT_ROLE_PUBLIC:
		v->actor = INS_BY_CONSUMER;
		v->token = token;
		v->name = "consumer";
		break;
	}
}

static json_t *form_view(json_t *form)
{
	return json_pack("{s:o, s:o}", "form", form, "reasons",
			 bt_json_strings(ins_reasons));
}

static json_t *entered(struct bt_req *req, struct bt_input *in)
{
	json_t *form = json_object();
	for (const char *const *k = filing_keys; *k; k++) {
		const char *v = bt_input_field(req, in, *k);
		/* The claimant's ID number is never echoed into a page. */
		if (v && strcmp(*k, "csrf") != 0 &&
		    strcmp(*k, "id_number") != 0)
			json_object_set_new(form, *k, json_string(v));
	}
	return form;
}

/* The not-genuine page (404) for a code we did not issue. */
static void not_genuine(struct bt_req *req, struct bt_input *in,
			const char *code, const char *reason)
{
	if (in->json != NULL) {
		bt_input_refused(req, in, BT_ENOTFOUND, reason);
		return;
	}
	json_t *view = json_pack("{s:s, s:s, s:s, s:b, s:s}", "error",
				 "not_genuine", "message", reason, "reason",
				 "not_issued", "genuine", 0, "scanned", code);
	bt_input_refused_page(req, in, BT_ENOTFOUND, reason, "notgenuine",
			      view);
}

void ins_api_file(struct bt_req *req)
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
		       "%s: not a member of a claim", bad);
		bt_input_refused(req, &in, BT_EINVAL, in.reason);
		return;
	}
	struct ins_filing f = {
		.code = bt_input_given(req, &in, "code"),
		.reason = bt_input_given(req, &in, "reason"),
		.amount_fen = -1,
		.order_no = bt_input_given(req, &in, "order_no"),
		.purchased_on = bt_input_given(req, &in, "purchased_on"),
		.description = bt_input_given(req, &in, "description"),
		.id_number = bt_input_given(req, &in, "id_number"),
		.phone = bt_input_given(req, &in, "phone"),
		.name = bt_input_given(req, &in, "name"),
		.case_number = bt_input_given(req, &in, "case"),
	};
	const char *fen = bt_input_given(req, &in, "amount_fen");
	const char *yuan = bt_input_given(req, &in, "amount");
	const char *reason = NULL;
	if (fen && !bt_parse_ll(fen, 1, LLONG_MAX, &f.amount_fen))
		reason = "amount_fen: the amount claimed, whole fen from 1 to "
			 "10000000000 (amount, in yuan, on the page)";
	else if (!fen && yuan && !disc_parse_yuan(yuan, &f.amount_fen))
		reason = "amount: an amount in yuan, e.g. 299 or 299.50";
	struct ins_receipt r;
	enum bt_err err = reason ? BT_EINVAL : ins_file(in.db, &f, &r, &reason);
	if (err == BT_ENOTFOUND) {
		not_genuine(req, &in, f.code, reason);
		return;
	}
	if (err != BT_OK) {
		bt_input_refused_page(req, &in, err, reason, "claim_new",
				      form_view(entered(req, &in)));
		return;
	}
	char page[160], url[512];
	snprintf(page, sizeof(page), "/claims/%s?token=%s", r.number, r.token);
	snprintf(url, sizeof(url), "%s%s", trace_public_url(), page);
	bt_strlcpy(page + strlen(page), "&filed=1",
		   sizeof(page) - strlen(page));
	bt_input_done(req, &in, 201,
		      json_pack("{s:s, s:s, s:s}", "number", r.number, "token",
				r.token, "url", url),
		      page);
}

void ins_api_new(struct bt_req *req)
{
	const char *code = bt_req_query(req, "code");
	const char *cas = bt_req_query(req, "case");
	json_t *form = json_object();
	json_t *about = NULL;
	if (code == NULL || !code[0] || strlen(code) > 512) {
		json_decref(form);
		bt_reply_error(req, BT_EINVAL,
			       "code: a claim starts from the item's code; "
			       "open this form from the product page");
		return;
	}
	struct bt_db *db = bt_req_db(req);
	if (db == NULL) {
		json_decref(form);
		return;
	}
	struct trace_evidence_ref ref;
	const char *why = NULL;
	enum bt_err err = trace_code_evidence(db, code, &about, &ref, &why);
	if (err != BT_OK || !ref.genuine) {
		json_decref(form);
		json_decref(about);
		if (err == BT_OK || err == BT_EINVAL) {
			json_t *view = json_pack(
				"{s:s, s:s, s:s, s:b, s:s}", "error",
				"not_genuine", "message",
				"this code was not issued by bondtrace; the "
				"item may not be genuine",
				"reason", "not_issued", "genuine", 0, "scanned",
				code);
			bt_reply_view(req, 404, "notgenuine", view);
		} else {
			bt_reply_error(req, err, NULL);
		}
		return;
	}
	json_object_set_new(form, "code", json_string(code));
	if (cas && strlen(cas) <= 24)
		json_object_set_new(form, "case", json_string(cas));
	json_t *view = form_view(form);
	json_object_set_new(view, "about", about);
	bt_reply_view(req, 200, "claim_new", bt_page_view(req, view));
}

/* What the claim page's forms offer. */
static void page_extras(json_t *view, const char *token)
{
	json_object_set_new(
		view, "choices",
		json_pack("{s:o, s:o, s:o}", "reject_reasons",
			  bt_json_strings(ins_reject_reasons), "payers",
			  bt_json_strings(ins_advance_payers), "results",
			  bt_json_strings(ins_appraisal_results)));
	if (token != NULL) {
		char keep[64];
		snprintf(keep, sizeof(keep), "token=%.32s&", token);
		json_object_set_new(view, "token", json_string(token));
		json_object_set_new(view, "keep_query", json_string(keep));
	}
}

#define NOT_FOUND "no claim with this number and access code"

void ins_api_claim(struct bt_req *req)
{
	struct bt_db *db = bt_req_db(req);
	if (db == NULL)
		return;
	struct ins_viewer v;
	const char *token = bt_req_query(req, "token");
	ins_viewer_from(bt_req_principal(req), token, &v);
	json_t *view = NULL;
	enum bt_err err =
		ins_claim_view(db, bt_req_param(req, "number"), &v, &view);
	if (err == BT_ENOTFOUND) {
		bt_reply_error(req, err, NOT_FOUND);
		return;
	}
	if (err == BT_OK && !bt_req_wants_json(req))
		page_extras(view, v.actor == INS_BY_CONSUMER ? token : NULL);
	if (err == BT_OK && bt_req_query(req, "filed"))
		json_object_set_new(view, "filed", json_true());
	bt_reply_view_or_error(req, err, "claim", bt_page_view(req, view),
			       NULL);
}

void ins_api_act(struct bt_req *req)
{
	struct bt_input in;
	if (!bt_input_open(req, &in))
		return;
	const char *number = bt_req_param(req, "number");
	const char *event = bt_input_given(req, &in, "event");
	const char *token = bt_input_given(req, &in, "token");
	struct ins_viewer v;
	ins_viewer_from(bt_req_principal(req), token, &v);
	enum ins_ev ev = INS_EV_COUNT;
	const char *reason = NULL;
	if (!ins_ev_parse(event, &ev)) {
		reason = "event: the action to take (the claim lists those "
			 "allowed now)";
	}
	json_t *data = reason ? NULL
			      : cmpl_input_data(req, &in, ins_event_fields(ev),
						&reason);
	json_t *out = NULL;
	struct ins_receipt appeal;
	enum bt_err err = data ? ins_claim_act(in.db, number, &v, event, data,
					       &out, &appeal, &reason)
			       : BT_EINVAL;
	json_decref(data);
	if (err == BT_ENOTFOUND)
		reason = NOT_FOUND;
	if (err != BT_OK) {
		json_t *page = NULL;
		if (in.json == NULL && err != BT_ENOTFOUND &&
		    ins_claim_view(in.db, number, &v, &page) == BT_OK) {
			json_object_set_new(
				page, "failed",
				cmpl_failed_form(req, &in, event,
						 ev < INS_EV_COUNT
							 ? ins_event_fields(ev)
							 : NULL));
			page_extras(page,
				    v.actor == INS_BY_CONSUMER ? token : NULL);
		}
		bt_input_refused_page(req, &in, err, reason, "claim", page);
		return;
	}
	char back[200];
	if (appeal.number[0]) {
		/* The appeal is a claim of its own, with its own token. */
		json_object_set_new(out, "appeal",
				    json_pack("{s:s, s:s}", "number",
					      appeal.number, "token",
					      appeal.token));
		snprintf(back, sizeof(back), "/claims/%s?token=%s&filed=1",
			 appeal.number, appeal.token);
	} else if (v.actor == INS_BY_CONSUMER) {
		snprintf(back, sizeof(back), "/claims/%s?token=%s", number,
			 token);
	} else {
		snprintf(back, sizeof(back), "/claims/%s", number);
	}
	bt_input_done(req, &in, 200, out, back);
}

static const char *const views[] = {"open",    "new",	 "overdue", "frozen",
				    "flagged", "closed", "all",	    NULL};

static void list(struct bt_req *req, const char *tmpl)
{
	const struct bt_principal *who = bt_req_principal(req);
	struct ins_queue_filter f = {0};
	f.view = bt_req_query(req, "view");
	if (f.view && !f.view[0])
		f.view = NULL;
	bool ok = f.view == NULL;
	for (const char *const *w = views; f.view && *w; w++)
		ok = ok || strcmp(*w, f.view) == 0;
	if (!ok) {
		bt_reply_error(req, BT_EINVAL,
			       "view: open, new, overdue, frozen, flagged, "
			       "closed or all");
		return;
	}
	if (!bt_req_paging(req, &f.page, &f.per_page))
		return;
	if (who->role == BT_ROLE_INSURER)
		f.insurer_id = who->insurer_id;
	else if (who->role == BT_ROLE_ENTERPRISE)
		f.enterprise_id = who->enterprise_id;
	struct bt_db *db = bt_req_db(req);
	if (db == NULL)
		return;
	json_t *out = NULL;
	enum bt_err err = ins_queue(db, &f, &out);
	if (err == BT_OK) {
		json_object_set_new(out, "page", json_integer(f.page));
		json_object_set_new(out, "per_page", json_integer(f.per_page));
		json_object_set_new(out, "views", bt_json_strings(views));
		json_object_set_new(
			out, "filter",
			json_pack("{s:s}", "view", f.view ? f.view : "open"));
		json_object_set_new(out, "role",
				    json_string(bt_role_name(who->role)));
	}
	static const char *const cols[] = {"number",
					   "state",
					   "reason",
					   "amount_fen",
					   "approved_fen",
					   "paid_fen",
					   "advance_fen",
					   "received_on",
					   "next_due",
					   "next_clock",
					   "overdue",
					   "flags",
					   "gtin",
					   "lot",
					   "enterprise.id",
					   "enterprise.name_zh",
					   "insurer.id",
					   "insurer.name_zh",
					   NULL};
	disc_csv_list_reply(req, err, tmpl, out, cols, "claims.csv");
}

void ins_api_list(struct bt_req *req)
{
	list(req, NULL);
}

void ins_api_desk(struct bt_req *req)
{
	list(req, "claims_desk");
}

/* Photos: the claim's door. */
static const struct cmpl_photo_sql claim_sql = {
	{"ins.photo_count",
	 "SELECT count(*), (SELECT state FROM ins_claim WHERE id = $1) FROM "
	 "ins_evidence WHERE claim_id = $1"},
	{"ins.photo_insert",
	 "INSERT INTO ins_evidence (claim_id, added_by, png, width, height) "
	 "VALUES ($1, $2, $3::bytea, $4, $5) RETURNING id"},
	{"ins.photo_get",
	 "SELECT encode(png, 'hex') FROM ins_evidence WHERE id = $2 AND "
	 "claim_id = $1"},
	"a claim holds at most 5 photos",
	"the claim is closed",
};

static enum bt_err claim_find(struct bt_db *db, const char *number,
			      const struct bt_principal *who, const char *token)
{
	struct ins_viewer v;
	ins_viewer_from(who, token, &v);
	long long id = 0;
	return ins_claim_find(db, number, &v, false, &id);
}

static enum bt_err claim_add(struct bt_db *db, const char *number,
			     const struct bt_principal *who, const char *token,
			     const struct bt_buf *png, int w, int h,
			     long long *id, const char **reason)
{
	struct ins_viewer v;
	ins_viewer_from(who, token, &v);
	long long claim = 0;
	enum bt_err err = bt_db_begin(db);
	if (err == BT_OK)
		err = ins_claim_find(db, number, &v, true, &claim);
	if (err == BT_OK)
		err = cmpl_photo_insert(db, &claim_sql, claim, v.name, png, w,
					h, id, reason);
	return bt_db_finish(db, err);
}

static enum bt_err claim_get(struct bt_db *db, const char *number,
			     const struct bt_principal *who, const char *token,
			     long long id, struct bt_buf *out)
{
	struct ins_viewer v;
	ins_viewer_from(who, token, &v);
	long long claim = 0;
	enum bt_err err = ins_claim_find(db, number, &v, false, &claim);
	return err == BT_OK ? cmpl_photo_read(db, &claim_sql, claim, id, out)
			    : err;
}

static const struct cmpl_photo_door claim_door = {
	"/claims", NOT_FOUND, claim_find, claim_add, claim_get};

void ins_api_photo_add(struct bt_req *req)
{
	cmpl_photo_add_via(req, &claim_door);
}

void ins_api_photo_get(struct bt_req *req)
{
	cmpl_photo_get_via(req, &claim_door);
}

/* Policies. */

/* The policies page's view for principal who (an enterprise sees its
 * own): the list, the insurers the form offers and who is looking. */
static enum bt_err policies_view(struct bt_db *db,
				 const struct bt_principal *who, long long ent,
				 bool page, json_t **out)
{
	if (who->role == BT_ROLE_ENTERPRISE)
		ent = who->enterprise_id;
	json_t *insurers = NULL;
	enum bt_err err = ins_policies(
		db, who->role == BT_ROLE_INSURER ? who->insurer_id : 0, ent,
		out);
	if (err == BT_OK && page)
		err = ins_insurers(db, &insurers);
	if (err == BT_OK && page) {
		json_object_set_new(*out, "insurers", insurers);
		json_object_set_new(*out, "role",
				    json_string(bt_role_name(who->role)));
		json_object_set_new(*out, "my_insurer",
				    json_integer(who->insurer_id));
	}
	if (err != BT_OK) {
		json_decref(*out);
		*out = NULL;
	}
	return err;
}

static void policies(struct bt_req *req, const char *tmpl)
{
	long long ent = 0;
	const char *e = bt_req_query(req, "enterprise");
	if (e && e[0] && !bt_parse_ll(e, 1, LLONG_MAX, &ent)) {
		bt_reply_error(req, BT_EINVAL, "enterprise: an id");
		return;
	}
	struct bt_db *db = bt_req_db(req);
	if (db == NULL)
		return;
	json_t *out = NULL;
	enum bt_err err = policies_view(db, bt_req_principal(req), ent,
					tmpl != NULL, &out);
	if (tmpl == NULL && err == BT_OK)
		bt_reply_json(req, 200, out);
	else
		bt_reply_view_or_error(req, err, tmpl, bt_page_view(req, out),
				       NULL);
}

void ins_api_policies(struct bt_req *req)
{
	policies(req, NULL);
}

void ins_api_policies_page(struct bt_req *req)
{
	policies(req, "policies");
}

static const char *const policy_keys[] = {"insurer",
					  "number",
					  "enterprise_id",
					  "gtins",
					  "categories",
					  "starts_on",
					  "ends_on",
					  "per_claim_fen",
					  "aggregate_fen",
					  "deductible_fen",
					  "claim_days",
					  "pays_in_advance",
					  "per_claim",
					  "aggregate",
					  "deductible",
					  "csrf",
					  NULL};

/* A form's list field: GTINs or categories separated by commas, spaces
 * or lines, as a JSON array; the API's is its own. */
static json_t *list_field(struct bt_input *in, struct bt_req *req,
			  const char *name)
{
	if (in->json)
		return json_incref(json_object_get(in->json, name));
	const char *v = bt_input_given(req, in, name);
	json_t *a = json_array();
	if (v == NULL || strlen(v) > 4000)
		return a;
	char buf[4001];
	bt_strlcpy(buf, v, sizeof(buf));
	char *save = NULL;
	for (char *t = strtok_r(buf, ", \r\n\t", &save); t;
	     t = strtok_r(NULL, ", \r\n\t", &save))
		json_array_append_new(a, json_string(t));
	return a;
}

/* A money field: whole fen in the API, yuan on the form. */
static bool money(struct bt_req *req, struct bt_input *in, const char *fen,
		  const char *yuan, long long *out)
{
	const char *f = bt_input_given(req, in, fen);
	const char *y = bt_input_given(req, in, yuan);
	*out = -1;
	if (f)
		return bt_parse_ll(f, 0, LLONG_MAX, out);
	if (y)
		return disc_parse_yuan(y, out);
	return fen[0] == 'd'; /* the deductible may be left out: 0 */
}

void ins_api_policy_add(struct bt_req *req)
{
	struct bt_input in;
	if (!bt_input_open(req, &in))
		return;
	const char *bad =
		in.json ? bt_json_unknown_key(in.json, policy_keys) : NULL;
	if (bad != NULL) {
		bt_fmt(in.reason, sizeof(in.reason),
		       "%s: not a member of a policy", bad);
		bt_input_refused(req, &in, BT_EINVAL, in.reason);
		return;
	}
	const struct bt_principal *who = bt_req_principal(req);
	struct ins_policy_in p = {
		.number = bt_input_given(req, &in, "number"),
		.starts_on = bt_input_given(req, &in, "starts_on"),
		.ends_on = bt_input_given(req, &in, "ends_on"),
	};
	const char *reason = NULL;
	const char *code = bt_input_given(req, &in, "insurer");
	enum bt_err err = BT_OK;
	if (who->role == BT_ROLE_INSURER && code == NULL)
		p.insurer_id = who->insurer_id;
	else if (code == NULL ||
		 ins_insurer_find(in.db, code, &p.insurer_id) != BT_OK) {
		err = BT_EINVAL;
		reason = "insurer: the insurer's code";
	}
	const char *ent = bt_input_given(req, &in, "enterprise_id");
	const char *days = bt_input_given(req, &in, "claim_days");
	const char *adv = bt_input_given(req, &in, "pays_in_advance");
	p.pays_in_advance =
		adv && (strcmp(adv, "true") == 0 || strcmp(adv, "on") == 0 ||
			strcmp(adv, "1") == 0);
	if (err == BT_OK && (ent == NULL || !bt_parse_ll(ent, 1, LLONG_MAX,
							 &p.enterprise_id))) {
		err = BT_EINVAL;
		reason = "enterprise_id: the insured enterprise's id";
	}
	if (err == BT_OK &&
	    (!money(req, &in, "per_claim_fen", "per_claim", &p.per_claim_fen) ||
	     !money(req, &in, "aggregate_fen", "aggregate", &p.aggregate_fen) ||
	     !money(req, &in, "deductible_fen", "deductible",
		    &p.deductible_fen))) {
		err = BT_EINVAL;
		reason = "per_claim, aggregate, deductible: amounts in yuan "
			 "(whole fen in the API)";
	}
	if (p.deductible_fen < 0)
		p.deductible_fen = 0;
	if (err == BT_OK &&
	    (days == NULL || !bt_parse_ll(days, 1, 3650, &p.claim_days))) {
		err = BT_EINVAL;
		reason = "claim_days: the days after purchase a claim may come "
			 "in, 1 to 3650";
	}
	json_t *gtins = list_field(&in, req, "gtins");
	json_t *cats = list_field(&in, req, "categories");
	p.gtins = gtins;
	p.categories = cats;
	json_t *out = NULL;
	if (err == BT_OK)
		err = ins_policy_add(in.db, who, &p, &out, &reason);
	json_decref(gtins);
	json_decref(cats);
	if (err != BT_OK) {
		/* A form comes back filled in, the reason above it. */
		json_t *view = NULL;
		if (in.json == NULL &&
		    policies_view(in.db, who, 0, true, &view) == BT_OK) {
			json_t *form = json_object();
			for (const char *const *k = policy_keys; *k; k++) {
				const char *v = bt_input_field(req, &in, *k);
				if (v && strcmp(*k, "csrf") != 0)
					json_object_set_new(form, *k,
							    json_string(v));
			}
			json_object_set_new(view, "form", form);
		}
		bt_input_refused_page(req, &in, err, reason, "policies", view);
		return;
	}
	bt_input_done(req, &in, 201, out, "/desk/policies");
}

/* A claimant's lost access code (complaints/recover.c). */

static const struct cmpl_recover_door claim_recover = {"/claims", "claims",
						       &ins_claim_renew};

void ins_api_recover_page(struct bt_req *req)
{
	cmpl_recover_page_via(req, &claim_recover);
}

void ins_api_recover(struct bt_req *req)
{
	cmpl_recover_via(req, &claim_recover);
}
