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
#include "disclosure/penalty.h"
#include "disclosure/rating.h"

static char *draw_rates;

void disc_api_set_draw_rates(const char *rates)
{
	free(draw_rates);
	draw_rates = rates ? strdup(rates) : NULL;
}

/* Enterprises */

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
	enum bt_err err = BT_OK;
	if (who->role == BT_ROLE_ENTERPRISE) {
		struct disc_enterprise e;
		char now[BT_CLOCK_ISO_LEN];
		bt_clock_iso(now);
		json_t *pen = NULL, *rep = NULL, *pend = NULL;
		err = disc_enterprise_get(db, who->enterprise_id, &e);
		if (err == BT_OK)
			err = disc_penalty_public(db, e.id, now, 1, 100, NULL,
						  &pen);
		if (err == BT_OK)
			err = disc_repair_list(db, "pending", e.id, &pend);
		if (err == BT_OK)
			err = disc_repair_list(db, "decided", e.id, &rep);
		if (err == BT_OK) {
			json_object_set_new(view, "enterprise",
					    disc_enterprise_json(&e));
			json_object_set(view, "penalties",
					json_object_get(pen, "items"));
			json_object_set(view, "pending", pend);
			json_object_set(view, "repairs", rep);
		}
		json_decref(pen);
		json_decref(pend);
		json_decref(rep);
	} else if (who->role != BT_ROLE_INSURER) {
		json_t *list = NULL;
		err = disc_enterprise_list(db, &list);
		if (err == BT_OK)
			json_object_set_new(view, "enterprises", list);
	}
	bt_reply_view_or_error(req, err, "account", view,
			       "your account cannot be shown now");
}

void disc_api_repair_apply(struct bt_req *req)
{
	long long id, rid = 0;
	struct bt_input in;
	if (!bt_req_id(req, "a penalty", LLONG_MAX, &id) ||
	    !bt_input_open(req, &in))
		return;
	enum bt_err err =
		disc_repair_apply(in.db, bt_req_principal(req)->enterprise_id,
				  id, bt_input_field(req, &in, "commitment"),
				  bt_input_field(req, &in, "rectification"),
				  bt_input_field(req, &in, "proof_url"), in.now,
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
	json_t *pending = NULL, *draws = NULL;
	char now[BT_CLOCK_ISO_LEN];
	bt_clock_iso(now);
	enum bt_err err = disc_repair_list(db, "pending", 0, &pending);
	if (err == BT_OK)
		err = disc_draw_list(db, &draws);
	if (err == BT_OK) {
		json_object_set_new(view, "pending", pending);
		json_object_set_new(view, "draws", draws);
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
static const char *const draw_fields[] = {"title", NULL};
static const char *const penalty_fields[] = {
	"enterprise", "decision_no", "violation",  "legal_basis",
	"penalty",    "amount",	     "decided_on", "authority",
	"severity",   "months",	     NULL};

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

void disc_api_draw_create(struct bt_req *req)
{
	struct bt_input in;
	if (!bt_input_open(req, &in))
		return;
	long long id = 0;
	enum bt_err err =
		disc_draw_create(in.db, bt_input_field(req, &in, "title"),
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
