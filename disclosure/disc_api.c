/* disc_api.c: the disclosure portal's handlers. */
#include "disc_api.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/auth.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/input.h"
#include "disclosure/csv.h"
#include "disclosure/draw.h"
#include "disclosure/enterprise.h"
#include "disclosure/penalty.h"
#include "disclosure/profile.h"
#include "disclosure/rating.h"

#define PER_PAGE_DEFAULT 50
#define PER_PAGE_MAX	 200

static char *draw_rates;

void disc_api_set_draw_rates(const char *rates)
{
	free(draw_rates);
	draw_rates = rates ? strdup(rates) : NULL;
}

/* Helpers */

static bool id_param(struct bt_req *req, const char *what, long long *id)
{
	if (bt_parse_ll(bt_req_param(req, "id"), 1, LLONG_MAX, id))
		return true;
	char msg[120];
	snprintf(msg, sizeof(msg), "%s id is a positive whole number", what);
	bt_reply_error(req, BT_EINVAL, msg);
	return false;
}

static bool paging(struct bt_req *req, int *page, int *per_page)
{
	long long p = 1, n = PER_PAGE_DEFAULT;
	const char *ps = bt_req_query(req, "page");
	const char *ns = bt_req_query(req, "per_page");
	if ((ps && !bt_parse_ll(ps, 1, 1000000, &p)) ||
	    (ns && !bt_parse_ll(ns, 1, PER_PAGE_MAX, &n))) {
		bt_reply_error(req, BT_EINVAL,
			       "page is a whole number from 1, per_page from 1 "
			       "to 200");
		return false;
	}
	*page = (int)p;
	*per_page = (int)n;
	return true;
}

/* Replies with view (or the error, with reason when there is one). */
static void reply(struct bt_req *req, enum bt_err err, const char *tmpl,
		  json_t *view, const char *reason)
{
	if (err == BT_OK) {
		bt_reply_view(req, 200, tmpl, view);
		return;
	}
	json_decref(view);
	bt_reply_error(req, err, reason && reason[0] ? reason : NULL);
}

/* Adds what every page needs: the CSRF token for its forms and the
 * signed-in role. */
static json_t *page_view(struct bt_req *req, json_t *view)
{
	if (view == NULL || bt_req_wants_json(req))
		return view;
	if (!json_is_object(view)) {
		json_t *wrap = json_pack("{s:o}", "items", view);
		view = wrap;
	}
	const struct bt_principal *who = bt_req_principal(req);
	json_object_set_new(view, "csrf", json_string(bt_req_csrf(req)));
	json_object_set_new(view, "role", json_string(bt_role_name(who->role)));
	return view;
}

/* Public pages and data */

/* A read-only view: fn fills it from the database as of the clock's now,
 * for what the request asked (an id, a page, a search). */
struct query {
	long long id;
	int page, per_page;
	const char *q;
};

typedef enum bt_err (*view_fn)(struct bt_db *db, const char *now,
			       const struct query *q, json_t **out);

static void show(struct bt_req *req, const char *tmpl, view_fn fn,
		 const struct query *q, const char *missing)
{
	struct bt_db *db = bt_req_db(req);
	if (db == NULL)
		return;
	char now[BT_CLOCK_ISO_LEN];
	bt_clock_iso(now);
	json_t *view = NULL;
	enum bt_err err = fn(db, now, q, &view);
	if (tmpl == NULL && err == BT_OK) { /* data only, no page */
		bt_reply_json(req, 200, view);
		return;
	}
	reply(req, err, tmpl, page_view(req, view), missing);
}

static enum bt_err search_view(struct bt_db *db, const char *now,
			       const struct query *q, json_t **out)
{
	(void)now;
	enum bt_err err =
		disc_enterprise_search(db, q->q, q->page, q->per_page, out);
	if (err == BT_OK)
		json_object_set_new(*out, "q", json_string(q->q));
	return err;
}

static enum bt_err profile_view(struct bt_db *db, const char *now,
				const struct query *q, json_t **out)
{
	return disc_profile_get(db, q->id, now, out);
}

static enum bt_err rating_view(struct bt_db *db, const char *now,
			       const struct query *q, json_t **out)
{
	(void)now;
	return disc_rating_get(db, q->id, out);
}

static enum bt_err penalties_view(struct bt_db *db, const char *now,
				  const struct query *q, json_t **out)
{
	return disc_penalty_public(db, q->id, now, q->page, q->per_page, out);
}

static enum bt_err lists_view(struct bt_db *db, const char *now,
			      const struct query *q, json_t **out)
{
	(void)q;
	return disc_lists(db, now, 0, out);
}

static enum bt_err statistics_view(struct bt_db *db, const char *now,
				   const struct query *q, json_t **out)
{
	(void)q;
	return disc_statistics(db, now, out);
}

static enum bt_err draws_view(struct bt_db *db, const char *now,
			      const struct query *q, json_t **out)
{
	(void)now;
	(void)q;
	return disc_draw_list(db, out);
}

static enum bt_err draw_view(struct bt_db *db, const char *now,
			     const struct query *q, json_t **out)
{
	(void)now;
	return disc_draw_get(db, q->id, out);
}

static enum bt_err repairs_view(struct bt_db *db, const char *now,
				const struct query *q, json_t **out)
{
	(void)now;
	return disc_repair_list(db, q->q, 0, out);
}

static enum bt_err rules_view(struct bt_db *db, const char *now,
			      const struct query *q, json_t **out)
{
	(void)now;
	(void)q;
	return disc_rules_list(db, out);
}

void disc_api_home(struct bt_req *req)
{
	struct query q = {.q = "", .page = 1, .per_page = 20};
	show(req, "home", search_view, &q, NULL);
}

void disc_api_search(struct bt_req *req)
{
	struct query q = {.q = bt_req_query(req, "q")};
	if (!paging(req, &q.page, &q.per_page))
		return;
	if (q.q == NULL)
		q.q = "";
	if (!bt_text_ok(q.q, 0, 100)) {
		bt_reply_error(req, BT_EINVAL,
			       "q: a name, USCC or customs code of up to 100 "
			       "characters");
		return;
	}
	show(req, "enterprises", search_view, &q, NULL);
}

void disc_api_profile(struct bt_req *req)
{
	struct query q = {0};
	if (id_param(req, "an enterprise", &q.id))
		show(req, "enterprise", profile_view, &q, "no such enterprise");
}

void disc_api_rating(struct bt_req *req)
{
	struct query q = {0};
	if (id_param(req, "an enterprise", &q.id))
		show(req, NULL, rating_view, &q,
		     "no rating: no such enterprise, or it has not been rated "
		     "yet");
}

void disc_api_penalties(struct bt_req *req)
{
	struct query q = {0};
	if (!paging(req, &q.page, &q.per_page))
		return;
	const char *e = bt_req_query(req, "enterprise");
	if (e && !bt_parse_ll(e, 1, LLONG_MAX, &q.id)) {
		bt_reply_error(req, BT_EINVAL,
			       "enterprise is an enterprise id");
		return;
	}
	show(req, "penalties", penalties_view, &q, NULL);
}

void disc_api_lists(struct bt_req *req)
{
	show(req, "lists", lists_view, NULL, NULL);
}

void disc_api_statistics(struct bt_req *req)
{
	show(req, "statistics", statistics_view, NULL, NULL);
}

void disc_api_draws(struct bt_req *req)
{
	show(req, "draws", draws_view, NULL, NULL);
}

void disc_api_draw(struct bt_req *req)
{
	struct query q = {0};
	if (id_param(req, "a draw", &q.id))
		show(req, "draw", draw_view, &q, "no such draw");
}

void disc_api_repairs(struct bt_req *req)
{
	struct query q = {.q = "decided"};
	show(req, NULL, repairs_view, &q, NULL);
}

void disc_api_repairs_pending(struct bt_req *req)
{
	struct query q = {.q = "pending"};
	show(req, NULL, repairs_view, &q, NULL);
}

void disc_api_rules(struct bt_req *req)
{
	show(req, NULL, rules_view, NULL, NULL);
}

/* CSV */

/* Every row of a view (its items) as a CSV attachment. */
static void csv(struct bt_req *req, view_fn fn, const char *const *cols,
		const char *filename)
{
	struct bt_db *db = bt_req_db(req);
	if (db == NULL)
		return;
	char now[BT_CLOCK_ISO_LEN];
	bt_clock_iso(now);
	struct query q = {.q = "", .page = 1, .per_page = INT_MAX / 2};
	json_t *out = NULL;
	enum bt_err err = fn(db, now, &q, &out);
	if (err != BT_OK) {
		bt_reply_error(req, err, NULL);
		return;
	}
	disc_csv_reply(req, json_object_get(out, "items"), cols, filename);
	json_decref(out);
}

void disc_api_enterprises_csv(struct bt_req *req)
{
	static const char *const cols[] = {"id",      "uscc",	 "customs_code",
					   "name_zh", "name_en", "grade",
					   "score",   NULL};
	csv(req, search_view, cols, "enterprises.csv");
}

void disc_api_penalties_csv(struct bt_req *req)
{
	static const char *const cols[] = {"id",
					   "enterprise_id",
					   "uscc",
					   "name_zh",
					   "decision_no",
					   "violation",
					   "legal_basis",
					   "penalty",
					   "amount_fen",
					   "decided_on",
					   "authority",
					   "severity",
					   "publish_until",
					   NULL};
	csv(req, penalties_view, cols, "penalties.csv");
}

/* Enterprises */

void disc_api_account(struct bt_req *req)
{
	const struct bt_principal *who = bt_req_principal(req);
	struct bt_db *db = bt_req_db(req);
	if (db == NULL)
		return;
	json_t *view = page_view(req, json_object());
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
			err = disc_penalty_public(db, e.id, now, 1, 100, &pen);
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
	} else {
		json_t *list = NULL;
		err = disc_enterprise_list(db, &list);
		if (err == BT_OK)
			json_object_set_new(view, "enterprises", list);
	}
	reply(req, err, "account", view, "your account cannot be shown now");
}

void disc_api_repair_apply(struct bt_req *req)
{
	long long id, rid = 0;
	struct bt_input in;
	if (!id_param(req, "a penalty", &id) || !bt_input_open(req, &in))
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

void disc_api_regulator(struct bt_req *req)
{
	struct bt_db *db = bt_req_db(req);
	if (db == NULL)
		return;
	json_t *view = page_view(req, json_object());
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
	} else {
		json_decref(pending);
		json_decref(draws);
	}
	reply(req, err, "regulator", view, NULL);
}

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
		bt_input_refused(req, &in, BT_EINVAL, reason);
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
		bt_input_refused(req, &in, err, in.reason);
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
	if (!id_param(req, "a repair", &id) || !bt_input_open(req, &in))
		return;
	const char *decision = bt_input_field(req, &in, "decision");
	if (decision == NULL || (strcmp(decision, "approve") != 0 &&
				 strcmp(decision, "reject") != 0)) {
		bt_input_refused(req, &in, BT_EINVAL,
				 "decision: approve or reject");
		return;
	}
	bool approve = strcmp(decision, "approve") == 0;
	enum bt_err err = disc_repair_decide(
		in.db, id, approve, bt_input_field(req, &in, "reason"),
		bt_req_principal(req)->name, in.now, in.reason,
		sizeof(in.reason));
	if (err != BT_OK) {
		bt_input_refused(req, &in, err, in.reason);
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
		bt_input_refused(req, &in, err, in.reason);
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
	if (!id_param(req, "a draw", &id) || !bt_input_open(req, &in))
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
	reply(req, err, "rules", page_view(req, view), NULL);
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
