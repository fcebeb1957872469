/* disc_desk.c: the disclosure actions of enterprises (credit repair),
 * regulators (penalties, repair decisions, draws, recomputing) and admins
 * (rule sets), as pages of forms and JSON APIs. */
#include "disc_desk.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/auth.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/input.h"
#include "disclosure/csv.h"
#include "disclosure/draw.h"
#include "disclosure/enterprise.h"
#include "disclosure/objection.h"
#include "disclosure/penalty.h"
#include "disclosure/profile.h"
#include "disclosure/rating.h"

static char *draw_rates;

void disc_api_set_draw_rates(const char *rates)
{
	free(draw_rates);
	draw_rates = rates ? strdup(rates) : NULL;
}

/* Enterprises */

/* What an account page shows: for an enterprise its published facts (to
 * repair or object to), its repairs and objections; for staff the
 * enterprises. */
static enum bt_err account_view(struct bt_req *req, struct bt_db *db,
				json_t *view)
{
	const struct bt_principal *who = bt_req_principal(req);
	enum bt_err err = BT_OK;
	if (who->role == BT_ROLE_ENTERPRISE) {
		char now[BT_CLOCK_ISO_LEN];
		bt_clock_iso(now);
		json_t *profile = NULL, *pend = NULL, *objections = NULL;
		err = disc_profile_get(db, who->enterprise_id, now, &profile);
		if (err == BT_OK)
			err = disc_repair_list(db, "pending",
					       who->enterprise_id, &pend);
		if (err == BT_OK)
			err = disc_objection_list(db, who->enterprise_id, false,
						  NULL, &objections);
		if (err == BT_OK) {
			json_t *rp =
				json_object_get(profile, "rewards_penalties");
			json_object_set(view, "enterprise",
					json_object_get(profile, "enterprise"));
			json_object_set(view, "penalties",
					json_object_get(rp, "penalties"));
			json_object_set(view, "repairs",
					json_object_get(rp, "repairs"));
			json_object_set(
				view, "inspections",
				json_object_get(
					json_object_get(profile, "regulatory"),
					"inspections"));
			json_object_set(
				view, "commitments",
				json_object_get(
					json_object_get(profile, "service"),
					"commitments"));
			json_object_set(view, "pending", pend);
			json_object_set(view, "objections", objections);
		}
		json_decref(profile);
		json_decref(pend);
		json_decref(objections);
	} else if (who->role != BT_ROLE_INSURER) {
		json_t *list = NULL;
		err = disc_enterprise_list(db, &list);
		if (err == BT_OK)
			json_object_set_new(view, "enterprises", list);
	}
	return err;
}

void disc_api_account(struct bt_req *req)
{
	const struct bt_principal *who = bt_req_principal(req);
	struct bt_db *db = bt_req_db(req);
	if (db == NULL)
		return;
	json_t *view = bt_page_view(req, json_object());
	const char *unlocked = bt_req_query(req, "unlocked");
	if (unlocked && who->role == BT_ROLE_ADMIN && !bt_req_wants_json(req))
		json_object_set_new(view, "unlocked", json_string(unlocked));
	const char *done = bt_req_query(req, "done");
	if (done && bt_text_ok(done, 1, 20))
		json_object_set_new(view, "done", json_string(done));
	enum bt_err err = account_view(req, db, view);
	bt_reply_view_or_error(req, err, "account", view,
			       "your account cannot be shown now");
}

void disc_api_objection_file(struct bt_req *req)
{
	struct bt_input in;
	if (!bt_input_open(req, &in))
		return;
	char subject[16] = "";
	long long subject_id = 0;
	const char *fact = bt_input_field(req, &in, "fact"); /* forms */
	const char *named = bt_input_field(req, &in, "subject");
	const char *sid = bt_input_field(req, &in, "subject_id");
	bool ok = fact ? disc_objection_fact(fact, subject, &subject_id)
		       : named && bt_text_ok(named, 1, 15);
	if (ok && fact == NULL) {
		bt_strlcpy(subject, named, sizeof(subject));
		ok = sid == NULL || bt_parse_ll(sid, 1, LLONG_MAX, &subject_id);
	}
	enum bt_err err = BT_EINVAL;
	long long id = 0;
	if (ok)
		err = disc_objection_file(
			in.db, bt_req_principal(req)->enterprise_id, subject,
			subject_id, bt_input_field(req, &in, "grounds"),
			bt_req_principal(req)->name, &id, in.reason,
			sizeof(in.reason));
	else
		bt_strlcpy(in.reason,
			   "fact: the fact you dispute (subject and "
			   "subject_id in the API)",
			   sizeof(in.reason));
	if (err != BT_OK) {
		json_t *view = NULL;
		if (in.json == NULL) {
			view = json_object();
			if (account_view(req, in.db, view) == BT_OK) {
				const char *g =
					bt_input_field(req, &in, "grounds");
				json_object_set_new(
					view, "form",
					json_pack("{s:s, s:s}", "fact",
						  fact ? fact : "", "grounds",
						  g ? g : ""));
				json_object_set_new(view, "form_name",
						    json_string("objection"));
			} else {
				json_decref(view);
				view = NULL;
			}
		}
		bt_input_refused_page(req, &in, err, in.reason, "account",
				      view);
		return;
	}
	bt_input_done(req, &in, 201,
		      json_pack("{s:I, s:s}", "id", (json_int_t)id, "status",
				"pending"),
		      "/account?done=objection#objections");
}

void disc_api_repair_apply(struct bt_req *req)
{
	long long id, rid = 0;
	struct bt_input in;
	if (!bt_req_id(req, "a penalty", LLONG_MAX, &id) ||
	    !bt_input_open(req, &in))
		return;
	struct disc_repair_in r = {
		.commitment = bt_input_field(req, &in, "commitment"),
		.rectification = bt_input_field(req, &in, "rectification"),
		.proof_url = bt_input_field(req, &in, "proof_url"),
		.commitment_en = bt_input_given(req, &in, "commitment_en"),
		.rectification_en =
			bt_input_given(req, &in, "rectification_en"),
	};
	enum bt_err err = disc_repair_apply(
		in.db, bt_req_principal(req)->enterprise_id, id, &r, in.now,
		&rid, in.reason, sizeof(in.reason));
	if (err != BT_OK) {
		bt_input_refused(req, &in, err, in.reason);
		return;
	}
	bt_input_done(req, &in, 201,
		      json_pack("{s:I, s:I, s:s}", "id", (json_int_t)rid,
				"penalty_id", (json_int_t)id, "status",
				"pending"),
		      "/account");
}

/* Regulators */

/* The regulator's desk: pending repairs, the draws, today. */
static enum bt_err regulator_view(struct bt_req *req, struct bt_db *db,
				  json_t **out)
{
	json_t *view = json_object();
	json_t *pending = NULL, *draws = NULL, *objections = NULL;
	char now[BT_CLOCK_ISO_LEN];
	bt_clock_iso(now);
	enum bt_err err = disc_repair_list(db, "pending", 0, &pending);
	if (err == BT_OK)
		err = disc_draw_list(db, &draws);
	if (err == BT_OK)
		err = disc_objection_list(db, 0, true, NULL, &objections);
	if (err == BT_OK) {
		json_object_set_new(view, "pending", pending);
		json_object_set_new(view, "draws", draws);
		json_object_set_new(view, "objections", objections);
		const char *done = bt_req_query(req, "done");
		if (done && bt_text_ok(done, 1, 20))
			json_object_set_new(view, "done", json_string(done));
		/* opened from an objection: the penalty filled in */
		const char *decision = bt_req_query(req, "decision_no");
		if (decision && bt_text_ok(decision, 1, 60))
			json_object_set_new(view, "decision_no",
					    json_string(decision));
		json_object_set_new(view, "today", json_stringn(now, 10));
		/* opened from a profile: the enterprise filled in */
		const char *named = bt_req_query(req, "enterprise");
		if (named && bt_text_ok(named, 1, 40))
			json_object_set_new(view, "enterprise",
					    json_string(named));
		*out = view;
	} else {
		json_decref(pending);
		json_decref(draws);
		json_decref(objections);
		json_decref(view);
		*out = NULL;
	}
	return err;
}

void disc_api_regulator(struct bt_req *req)
{
	struct bt_db *db = bt_req_db(req);
	if (db == NULL)
		return;
	json_t *view = NULL;
	enum bt_err err = regulator_view(req, db, &view);
	bt_reply_view_or_error(req, err, "regulator", bt_page_view(req, view),
			       NULL);
}

/* A desk form refused: a browser gets the desk again, the form (named
 * form, its id for a repair) filled in with fields and the reason above
 * it, in the page's language; an API caller the error. */
static void desk_refused(struct bt_req *req, struct bt_input *in,
			 enum bt_err err, const char *reason, const char *form,
			 long long id, const char *const *fields)
{
	json_t *view = NULL;
	if (in->json == NULL && regulator_view(req, in->db, &view) == BT_OK) {
		json_t *entered = json_object();
		for (const char *const *f = fields; *f; f++) {
			const char *v = bt_input_field(req, in, *f);
			if (v != NULL)
				json_object_set_new(entered, *f,
						    json_string(v));
		}
		json_object_set_new(view, "form_name", json_string(form));
		json_object_set_new(view, "form_id", json_integer(id));
		json_object_set_new(view, "form", entered);
	}
	bt_input_refused_page(req, in, err, reason, "regulator", view);
}

static const char *const repair_fields[] = {"reason", NULL};
static const char *const draw_fields[] = {"title", "title_en", NULL};
static const char *const penalty_fields[] = {
	"enterprise",	  "decision_no", "violation",
	"legal_basis",	  "penalty",	 "violation_en",
	"legal_basis_en", "penalty_en",	 "authority_en",
	"amount",	  "decided_on",	 "authority",
	"severity",	  "months",	 NULL};

void disc_api_penalty_create(struct bt_req *req)
{
	struct bt_input in;
	if (!bt_input_open(req, &in))
		return;
	struct disc_penalty_in p = {.months = -1};
	char *reason = in.reason;
	size_t rsize = sizeof(in.reason);
	const char *ent = bt_input_field(req, &in, "enterprise_id");
	const char *named = bt_input_field(req, &in, "enterprise"); /* forms */
	const char *fen = bt_input_field(req, &in, "amount_fen");
	const char *yuan = bt_input_field(req, &in, "amount");
	const char *months = bt_input_field(req, &in, "months");
	bool ok = ent && bt_parse_ll(ent, 1, LLONG_MAX, &p.enterprise_id);
	struct disc_enterprise e;
	if (!ok && named && named[0] &&
	    disc_enterprise_find(in.db, named, &e) == BT_OK) {
		p.enterprise_id = e.id;
		ok = true;
	}
	if (!ok)
		bt_strlcpy(reason,
			   "enterprise: no enterprise has this USCC, customs "
			   "code or id (enterprise_id in the API)",
			   rsize);
	if (ok && fen && fen[0])
		ok = bt_parse_ll(fen, 0, LLONG_MAX, &p.amount_fen);
	else if (ok && yuan && yuan[0])
		ok = disc_parse_yuan(yuan, &p.amount_fen);
	if (!ok && reason[0] == '\0')
		bt_strlcpy(reason,
			   "amount: the fine in yuan, e.g. 20000 or 20000.50 "
			   "(amount_fen in the API)",
			   rsize);
	if (ok)
		ok = disc_penalty_months(months, &p.months, reason, rsize);
	if (!ok) {
		desk_refused(req, &in, BT_EINVAL, reason, "penalty", 0,
			     penalty_fields);
		return;
	}
	p.decision_no = bt_input_field(req, &in, "decision_no");
	p.violation = bt_input_field(req, &in, "violation");
	p.legal_basis = bt_input_field(req, &in, "legal_basis");
	p.penalty = bt_input_field(req, &in, "penalty");
	p.decided_on = bt_input_field(req, &in, "decided_on");
	p.authority = bt_input_field(req, &in, "authority");
	p.severity = bt_input_field(req, &in, "severity");
	p.violation_en = bt_input_given(req, &in, "violation_en");
	p.legal_basis_en = bt_input_given(req, &in, "legal_basis_en");
	p.penalty_en = bt_input_given(req, &in, "penalty_en");
	p.authority_en = bt_input_given(req, &in, "authority_en");
	long long id = 0;
	enum bt_err err =
		disc_penalty_record(in.db, &p, bt_req_principal(req)->name,
				    in.now, &id, in.reason, sizeof(in.reason));
	if (err != BT_OK) {
		desk_refused(req, &in, err, in.reason, "penalty", 0,
			     penalty_fields);
		return;
	}
	char page[64];
	snprintf(page, sizeof(page), "/enterprises/%lld", p.enterprise_id);
	bt_input_done(req, &in, 201,
		      json_pack("{s:I, s:I}", "id", (json_int_t)id,
				"enterprise_id", (json_int_t)p.enterprise_id),
		      page);
}

void disc_api_repair_decide(struct bt_req *req)
{
	long long id;
	struct bt_input in;
	if (!bt_req_id(req, "a repair", LLONG_MAX, &id) ||
	    !bt_input_open(req, &in))
		return;
	const char *decision = bt_input_field(req, &in, "decision");
	if (decision == NULL || (strcmp(decision, "approve") != 0 &&
				 strcmp(decision, "reject") != 0)) {
		desk_refused(req, &in, BT_EINVAL, "decision: approve or reject",
			     "repair", id, repair_fields);
		return;
	}
	bool approve = strcmp(decision, "approve") == 0;
	enum bt_err err = disc_repair_decide(
		in.db, id, approve, bt_input_field(req, &in, "reason"),
		bt_req_principal(req)->name, in.now, in.reason,
		sizeof(in.reason));
	if (err != BT_OK) {
		desk_refused(req, &in, err, in.reason, "repair", id,
			     repair_fields);
		return;
	}
	bt_input_done(req, &in, 200,
		      json_pack("{s:I, s:s}", "id", (json_int_t)id, "status",
				approve ? "approved" : "rejected"),
		      "/regulator");
}

static const char *const objection_fields[] = {"answer", NULL};
static const char *const revision_fields[] = {"decision_no",
					      "kind",
					      "reason",
					      "violation",
					      "legal_basis",
					      "penalty",
					      "amount",
					      "authority",
					      "violation_en",
					      "legal_basis_en",
					      "penalty_en",
					      "authority_en",
					      NULL};

void disc_api_objection_answer(struct bt_req *req)
{
	long long id;
	struct bt_input in;
	if (!bt_req_id(req, "an objection", LLONG_MAX, &id) ||
	    !bt_input_open(req, &in))
		return;
	const char *decision = bt_input_field(req, &in, "decision");
	if (decision == NULL || (strcmp(decision, "uphold") != 0 &&
				 strcmp(decision, "reject") != 0)) {
		desk_refused(req, &in, BT_EINVAL, "decision: uphold or reject",
			     "objection", id, objection_fields);
		return;
	}
	bool uphold = strcmp(decision, "uphold") == 0;
	enum bt_err err = disc_objection_answer(
		in.db, id, uphold, bt_input_field(req, &in, "answer"),
		bt_req_principal(req)->name, in.reason, sizeof(in.reason));
	if (err != BT_OK) {
		desk_refused(req, &in, err, in.reason, "objection", id,
			     objection_fields);
		return;
	}
	bt_input_done(req, &in, 200,
		      json_pack("{s:I, s:s}", "id", (json_int_t)id, "status",
				uphold ? "upheld" : "rejected"),
		      "/regulator?done=objection#objections");
}

void disc_api_penalty_revise(struct bt_req *req)
{
	long long id = 0;
	struct bt_input in;
	if ((bt_req_param(req, "id") &&
	     !bt_req_id(req, "a penalty", LLONG_MAX, &id)) ||
	    !bt_input_open(req, &in))
		return;
	const char *kind = bt_input_field(req, &in, "kind");
	const char *fen = bt_input_given(req, &in, "amount_fen");
	const char *yuan = bt_input_given(req, &in, "amount");
	struct disc_penalty_fix fix = {
		.withdraw = kind && strcmp(kind, "withdrawal") == 0,
		.violation = bt_input_given(req, &in, "violation"),
		.legal_basis = bt_input_given(req, &in, "legal_basis"),
		.penalty = bt_input_given(req, &in, "penalty"),
		.amount_fen = -1,
		.authority = bt_input_given(req, &in, "authority"),
		.violation_en = bt_input_given(req, &in, "violation_en"),
		.legal_basis_en = bt_input_given(req, &in, "legal_basis_en"),
		.penalty_en = bt_input_given(req, &in, "penalty_en"),
		.authority_en = bt_input_given(req, &in, "authority_en"),
	};
	const char *why = NULL;
	if (kind == NULL || (strcmp(kind, "correction") != 0 && !fix.withdraw))
		why = "kind: correction or withdrawal";
	else if (fen && !bt_parse_ll(fen, 0, LLONG_MAX, &fix.amount_fen))
		why = "amount_fen: the fine in fen, 0 if none";
	else if (!fen && yuan && !disc_parse_yuan(yuan, &fix.amount_fen))
		why = "amount: the fine in yuan, e.g. 20000 or 20000.50 "
		      "(amount_fen in the API)";
	const char *decision_no = bt_input_field(req, &in, "decision_no");
	if (why == NULL && id == 0 && !bt_text_ok(decision_no, 1, 60))
		why = "decision_no: the decision number of the published "
		      "penalty";
	if (why != NULL) {
		desk_refused(req, &in, BT_EINVAL, why, "revision", 0,
			     revision_fields);
		return;
	}
	long long revision = 0, enterprise = 0;
	enum bt_err err = disc_penalty_revise(
		in.db, id, decision_no, &fix,
		bt_input_field(req, &in, "reason"), bt_req_principal(req)->name,
		in.now, &revision, &enterprise, in.reason, sizeof(in.reason));
	if (err != BT_OK) {
		desk_refused(req, &in, err, in.reason, "revision", 0,
			     revision_fields);
		return;
	}
	char page[64];
	snprintf(page, sizeof(page), "/enterprises/%lld#penalties", enterprise);
	bt_input_done(req, &in, 201,
		      json_pack("{s:I, s:I, s:s}", "id", (json_int_t)revision,
				"enterprise_id", (json_int_t)enterprise, "kind",
				fix.withdraw ? "withdrawal" : "correction"),
		      page);
}

void disc_api_objections_pending(struct bt_req *req)
{
	struct bt_db *db = bt_req_db(req);
	if (db == NULL)
		return;
	json_t *list = NULL;
	enum bt_err err = disc_objection_list(db, 0, true, NULL, &list);
	static const char *const cols[] = {
		"id",	    "enterprise_id", "uscc",	   "name_zh",
		"name_en",  "subject",	     "subject_id", "label_zh",
		"label_en", "grounds",	     "filed_on",   NULL};
	if (err != BT_OK) {
		bt_reply_error(req, err, NULL);
	} else if (disc_csv_asked(req)) {
		disc_csv_reply(req, list, cols, "objections-pending.csv");
		json_decref(list);
	} else {
		bt_reply_json(req, 200, json_pack("{s:o}", "objections", list));
	}
}

void disc_api_draw_create(struct bt_req *req)
{
	struct bt_input in;
	if (!bt_input_open(req, &in))
		return;
	long long id = 0;
	enum bt_err err =
		disc_draw_create(in.db, bt_input_field(req, &in, "title"),
				 bt_input_given(req, &in, "title_en"),
				 draw_rates, bt_req_principal(req)->name,
				 in.now, &id, in.reason, sizeof(in.reason));
	if (err != BT_OK) {
		desk_refused(req, &in, err, in.reason, "draw", 0, draw_fields);
		return;
	}
	json_t *draw = NULL;
	if (in.json && disc_draw_get(in.db, id, &draw) != BT_OK)
		draw = json_pack("{s:I}", "id", (json_int_t)id);
	char page[64];
	snprintf(page, sizeof(page), "/draws/%lld", id);
	bt_input_done(req, &in, 201, draw, page);
}

void disc_api_draw_run(struct bt_req *req)
{
	long long id;
	struct bt_input in;
	if (!bt_req_id(req, "a draw", LLONG_MAX, &id) ||
	    !bt_input_open(req, &in))
		return;
	enum bt_err err =
		disc_draw_run(in.db, id, in.now, in.reason, sizeof(in.reason));
	json_t *draw = NULL;
	if (err == BT_OK && in.json)
		err = disc_draw_get(in.db, id, &draw);
	if (err != BT_OK) {
		bt_input_refused(req, &in, err, in.reason);
		return;
	}
	char page[64];
	snprintf(page, sizeof(page), "/draws/%lld", id);
	bt_input_done(req, &in, 200, draw, page);
}

void disc_api_recompute(struct bt_req *req)
{
	struct bt_db *db = bt_req_db(req);
	if (db == NULL)
		return;
	char now[BT_CLOCK_ISO_LEN];
	bt_clock_iso(now);
	int changed = 0;
	enum bt_err err = disc_rating_recompute_all(db, now, &changed);
	if (err != BT_OK) {
		bt_reply_error(req, err, NULL);
		return;
	}
	bt_reply_json(
		req, 200,
		json_pack("{s:i, s:s}", "changed", changed, "as_of", now));
}

/* Admins */

void disc_api_rules_page(struct bt_req *req)
{
	struct bt_db *db = bt_req_db(req);
	if (db == NULL)
		return;
	json_t *list = NULL;
	enum bt_err err = disc_rules_list(db, &list);
	json_t *view = NULL;
	if (err == BT_OK) {
		char *text = NULL;
		const json_t *active = json_array_get(list, 0);
		for (size_t i = 0; i < json_array_size(list); i++)
			if (json_is_true(json_object_get(
				    json_array_get(list, i), "active")))
				active = json_array_get(list, i);
		text = json_dumps(json_object_get(active, "body"),
				  JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		view = json_pack("{s:o, s:s}", "versions", list, "current",
				 text ? text : "");
		free(text);
	}
	bt_reply_view_or_error(req, err, "rules", bt_page_view(req, view),
			       NULL);
}

void disc_api_rules_add(struct bt_req *req)
{
	struct bt_input in;
	if (!bt_input_open(req, &in))
		return;
	json_t *rules = NULL;
	if (in.json) {
		rules = json_incref(json_object_get(in.json, "rules"));
	} else {
		const char *text = bt_req_form(req, "rules");
		json_error_t jerr;
		rules = text ? json_loads(text, JSON_REJECT_DUPLICATES, &jerr)
			     : NULL;
		if (rules == NULL && text) {
			char msg[240];
			snprintf(msg, sizeof(msg),
				 "the rule set is not valid JSON: %s (line "
				 "%d, column %d)",
				 jerr.text, jerr.line, jerr.column);
			bt_input_refused(req, &in, BT_EINVAL, msg);
			return;
		}
	}
	if (rules == NULL) {
		bt_input_refused(
			req, &in, BT_EINVAL,
			"rules: the rule set, a JSON object (docs/credit.md)");
		return;
	}
	int version = 0;
	enum bt_err err =
		disc_rules_add(in.db, rules, bt_input_field(req, &in, "note"),
			       bt_req_principal(req)->name, in.now, &version,
			       in.reason, sizeof(in.reason));
	json_decref(rules);
	if (err != BT_OK) {
		bt_input_refused(req, &in, err, in.reason);
		return;
	}
	bt_input_done(req, &in, 201, json_pack("{s:i}", "version", version),
		      "/admin/rules");
}
