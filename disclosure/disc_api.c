/* disc_api.c: the disclosure portal's public pages, open-data JSON and
 * CSV; the actions of enterprises, regulators and admins are in
 * disc_desk.c. */
#include "disc_api.h"

#include <limits.h>
#include <string.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/input.h"
#include "disclosure/csv.h"
#include "disclosure/draw.h"
#include "disclosure/enterprise.h"
#include "disclosure/penalty.h"
#include "disclosure/portal_cache.h"
#include "disclosure/profile.h"
#include "disclosure/rating.h"
#include "disclosure/report.h"

/* Public pages and data */

/* A read-only view: fn fills it from the database as of the clock's now,
 * for what the request asked (an id, a page, a search). */
struct query {
	long long id;
	int page, per_page;
	const char *q;
	struct disc_penalty_filter penalties;
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
	bt_reply_view_or_error(req, err, tmpl, bt_page_view(req, view),
			       missing);
}

/* As show, for what an anonymous reader gets the same for everyone: the
 * reply is kept (disclosure/portal_cache.h) under the request, its
 * language and format and the Beijing day, for enterprise (0: the
 * platform's). Signed-in readers always get a fresh one. */
static void show_cached(struct bt_req *req, const char *tmpl, view_fn fn,
			const struct query *q, const char *missing,
			long long enterprise)
{
	if (bt_req_principal(req)->role != BT_ROLE_PUBLIC) {
		show(req, tmpl, fn, q, missing);
		return;
	}
	char now[BT_CLOCK_ISO_LEN], day[11], key[256];
	bt_clock_iso(now);
	bt_clock_day_cn(now, day);
	int n = snprintf(key, sizeof(key), "%s|%s|%s|%s|%s", tmpl,
			 bt_req_target(req), bt_req_lang(req),
			 bt_req_wants_json(req) ? "json" : "html", day);
	char *body = NULL, ctype[64];
	size_t len = 0;
	bool keyed = n > 0 && (size_t)n < sizeof(key);
	if (keyed && disc_cache_get(key, &body, &len, ctype)) {
		bt_reply_header(req, "X-Cache", "hit");
		bt_reply_body(req, 200, ctype, body, len);
		return;
	}
	struct disc_cache_mark mark = disc_cache_mark(enterprise);
	struct bt_db *db = bt_req_db(req);
	if (db == NULL)
		return;
	json_t *view = NULL;
	enum bt_err err = fn(db, now, q, &view);
	if (err != BT_OK) {
		bt_reply_view_or_error(req, err, tmpl, view, missing);
		return;
	}
	const char *ct = NULL;
	err = bt_view_body(req, tmpl, bt_page_view(req, view), &body, &len,
			   &ct);
	if (err != BT_OK) {
		bt_reply_error(req, err, NULL);
		return;
	}
	if (keyed)
		disc_cache_put(key, enterprise, ct, body, len, mark);
	bt_reply_header(req, "X-Cache", "miss");
	bt_reply_body(req, 200, ct, body, len);
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
	const struct disc_penalty_filter *f = &q->penalties;
	enum bt_err err = disc_penalty_public(db, q->id, now, q->page,
					      q->per_page, f, out);
	if (err == BT_OK)
		json_object_set_new(
			*out, "filter",
			json_pack("{s:s, s:s, s:s, s:s}", "authority",
				  f->authority ? f->authority : "", "severity",
				  f->severity ? f->severity : "", "from",
				  f->from ? f->from : "", "to",
				  f->to ? f->to : ""));
	return err;
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
	if (!bt_req_paging(req, &q.page, &q.per_page))
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
	if (bt_req_id(req, "an enterprise", LLONG_MAX, &q.id))
		show_cached(req, "enterprise", profile_view, &q,
			    "no such enterprise", q.id);
}

static char portal_url[200] = "http://localhost:8080";

void disc_api_set_portal_url(const char *url)
{
	bt_strlcpy(portal_url, url, sizeof(portal_url));
}

void disc_api_report(struct bt_req *req)
{
	long long id = 0;
	if (!bt_req_id(req, "an enterprise", LLONG_MAX, &id))
		return;
	struct bt_db *db = bt_req_db(req);
	if (db == NULL)
		return;
	char now[BT_CLOCK_ISO_LEN];
	bt_clock_iso(now);
	json_t *profile = NULL;
	enum bt_err err = disc_profile_get(db, id, now, &profile);
	if (err != BT_OK) {
		bt_reply_error(req, err,
			       err == BT_ENOTFOUND ? "no such enterprise"
						   : NULL);
		return;
	}
	char url[260];
	bt_fmt(url, sizeof(url), "%s/enterprises/%lld", portal_url, id);
	struct bt_buf pdf = BT_BUF_INIT;
	err = disc_report_pdf(profile, bt_req_lang(req), url, &pdf);
	json_decref(profile);
	if (err != BT_OK) {
		bt_buf_free(&pdf);
		bt_reply_error(req, err, NULL);
		return;
	}
	char disp[80];
	bt_fmt(disp, sizeof(disp),
	       "inline; filename=\"credit-report-%lld.pdf\"", id);
	bt_reply_header(req, "Content-Disposition", disp);
	bt_reply_take(req, 200, "application/pdf", pdf.data, pdf.len);
}

void disc_api_rating(struct bt_req *req)
{
	struct query q = {0};
	if (bt_req_id(req, "an enterprise", LLONG_MAX, &q.id))
		show(req, NULL, rating_view, &q,
		     "no rating: no such enterprise, or it has not been rated "
		     "yet");
}

void disc_api_penalties(struct bt_req *req)
{
	struct query q = {0};
	if (!bt_req_paging(req, &q.page, &q.per_page))
		return;
	const char *e = bt_req_query(req, "enterprise");
	if (e && !bt_parse_ll(e, 1, LLONG_MAX, &q.id)) {
		bt_reply_error(req, BT_EINVAL,
			       "enterprise is an enterprise id");
		return;
	}
	static const char *const severities[] = {"minor", "general", "serious",
						 NULL};
	struct disc_penalty_filter *f = &q.penalties;
	f->authority = bt_req_query(req, "authority");
	f->severity = bt_req_query(req, "severity");
	f->from = bt_req_query(req, "from");
	f->to = bt_req_query(req, "to");
	int y, m, d;
	if ((f->authority && strlen(f->authority) > 100) ||
	    (f->severity && f->severity[0] &&
	     !bt_one_of(f->severity, severities)) ||
	    (f->from && f->from[0] && !bt_date_parse(f->from, &y, &m, &d)) ||
	    (f->to && f->to[0] && !bt_date_parse(f->to, &y, &m, &d))) {
		bt_reply_error(
			req, BT_EINVAL,
			"filters: authority (part of its name), severity "
			"(minor, general or serious), from and to "
			"(YYYY-MM-DD)");
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
	show_cached(req, "statistics", statistics_view, NULL, NULL, 0);
}

void disc_api_draws(struct bt_req *req)
{
	show(req, "draws", draws_view, NULL, NULL);
}

void disc_api_draw(struct bt_req *req)
{
	struct query q = {0};
	if (bt_req_id(req, "a draw", LLONG_MAX, &q.id))
		show(req, "draw", draw_view, &q, "no such draw");
}

void disc_api_repairs(struct bt_req *req)
{
	struct query q = {.q = "decided"};
	show(req, NULL, repairs_view, &q, NULL);
}

void disc_api_rules(struct bt_req *req)
{
	show(req, NULL, rules_view, NULL, NULL);
}

/* CSV */

/* Every row of a view (its items, or the view itself when it is a list)
 * for q as a CSV attachment; q NULL: all rows. */
static void csv(struct bt_req *req, view_fn fn, const struct query *q,
		const char *const *cols, const char *filename)
{
	struct bt_db *db = bt_req_db(req);
	if (db == NULL)
		return;
	char now[BT_CLOCK_ISO_LEN];
	bt_clock_iso(now);
	const struct query all = {.q = "", .page = 1, .per_page = INT_MAX / 2};
	json_t *out = NULL;
	enum bt_err err = fn(db, now, q ? q : &all, &out);
	if (err != BT_OK) {
		bt_reply_error(req, err, NULL);
		return;
	}
	disc_csv_reply(req,
		       json_is_array(out) ? out : json_object_get(out, "items"),
		       cols, filename);
	json_decref(out);
}

void disc_api_repairs_pending(struct bt_req *req)
{
	struct query q = {.q = "pending"};
	static const char *const cols[] = {"id",
					   "penalty_id",
					   "decision_no",
					   "severity",
					   "decided_on_penalty",
					   "enterprise_id",
					   "uscc",
					   "name_zh",
					   "name_en",
					   "commitment",
					   "rectification",
					   "commitment_en",
					   "rectification_en",
					   "proof_url",
					   "applied_on",
					   NULL};
	if (disc_csv_asked(req))
		csv(req, repairs_view, &q, cols, "repairs-pending.csv");
	else
		show(req, NULL, repairs_view, &q, NULL);
}

void disc_api_enterprises_csv(struct bt_req *req)
{
	static const char *const cols[] = {"id",      "uscc",	 "customs_code",
					   "name_zh", "name_en", "grade",
					   "score",   NULL};
	csv(req, search_view, NULL, cols, "enterprises.csv");
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
					   "violation_en",
					   "legal_basis_en",
					   "penalty_en",
					   "authority_en",
					   "amount_fen",
					   "decided_on",
					   "authority",
					   "severity",
					   "publish_until",
					   NULL};
	csv(req, penalties_view, NULL, cols, "penalties.csv");
}
