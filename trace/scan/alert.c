/* alert.c: alert listing and handling. */
#include "alert.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "disclosure/csv.h"

enum {
	ST_LIST,
	ST_MOVE,
	ST_GET,
};

/* $1 enterprise (0: all), $2 state ('' : all), $3 before (0: none), $4
 * limit. */
static const struct bt_stmt stmts[] = {
	[ST_LIST] = {"trace.alert_list",
		     "SELECT coalesce(json_agg(j ORDER BY id DESC), '[]') FROM "
		     "(SELECT id, " TRACE_ALERT_JSON
		     " AS j FROM alert WHERE ($1 = 0 "
		     "OR enterprise_id = $1) AND ($2 = '' OR state = $2) AND "
		     "($3 = 0 OR id < $3) ORDER BY id DESC LIMIT $4) x"},
	[ST_MOVE] =
		{"trace.alert_move",
		 "UPDATE alert SET state = $3, note = $4, updated_at = now() "
		 "WHERE id = $1 AND ($2 = 0 OR enterprise_id = $2) AND "
		 "(state = 'open' OR ($3 = 'closed' AND state = "
		 "'acknowledged')) RETURNING " TRACE_ALERT_JSON},
	[ST_GET] = {"trace.alert_get",
		    "SELECT state FROM alert WHERE id = $1 AND ($2 = 0 OR "
		    "enterprise_id = $2)"},
};

static long long scope(const struct bt_principal *who)
{
	return who->role == BT_ROLE_ENTERPRISE ? who->enterprise_id : 0;
}

enum bt_err trace_alert_list(struct bt_db *db, const struct bt_principal *who,
			     const char *state, long long before,
			     unsigned limit, json_t **out)
{
	char ent[24], bef[24], lim[16];
	snprintf(ent, sizeof(ent), "%lld", scope(who));
	snprintf(bef, sizeof(bef), "%lld", before);
	snprintf(lim, sizeof(lim), "%u", limit);
	const char *params[] = {ent, state ? state : "", bef, lim};
	return bt_db_query_json(db, &stmts[ST_LIST], 4, params, out);
}

enum bt_err trace_alert_move(struct bt_db *db, const struct bt_principal *who,
			     long long id, const char *state, const char *note,
			     json_t **out, const char **reason)
{
	if (note && !bt_text_ok(note, 0, 1000)) {
		*reason = "the note must be at most 1000 characters of text";
		return BT_EINVAL;
	}
	char key[24], ent[24];
	snprintf(key, sizeof(key), "%lld", id);
	snprintf(ent, sizeof(ent), "%lld", scope(who));
	const char *params[] = {key, ent, state, note ? note : ""};
	enum bt_err err = bt_db_query_json(db, &stmts[ST_MOVE], 4, params, out);
	if (err != BT_ENOTFOUND)
		return err;
	/* Nothing moved: say whether it is missing or in the wrong state. */
	PGresult *r = NULL;
	err = bt_db_query_take(db, &stmts[ST_GET], 2, params, &r);
	if (err == BT_OK && PQntuples(r) == 0) {
		*reason = "no such alert";
		err = BT_ENOTFOUND;
	} else if (err == BT_OK) {
		*reason = "the alert cannot move from its current state "
			  "(open -> acknowledged -> closed)";
		err = BT_ECONFLICT;
	}
	PQclear(r);
	return err;
}

void trace_api_alert_list(struct bt_req *req)
{
	const char *state = bt_req_query(req, "state");
	const char *b = bt_req_query(req, "before");
	const char *l = bt_req_query(req, "limit");
	long long before = 0, limit = 100;
	if (state && strcmp(state, "open") != 0 &&
	    strcmp(state, "acknowledged") != 0 &&
	    strcmp(state, "closed") != 0) {
		bt_reply_error(req, BT_EINVAL,
			       "state is open, acknowledged or closed");
		return;
	}
	if ((b && !bt_parse_ll(b, 1, LLONG_MAX, &before)) ||
	    (l && !bt_parse_ll(l, 1, 1000, &limit))) {
		bt_reply_error(req, BT_EINVAL,
			       "before is an alert id and limit 1 to 1000");
		return;
	}
	struct bt_db *db = bt_req_db(req);
	json_t *list = NULL;
	if (db != NULL) {
		enum bt_err err =
			trace_alert_list(db, bt_req_principal(req), state,
					 before, (unsigned)limit, &list);
		static const char *const cols[] = {
			"id",		"enterprise_id", "batch", "index",
			"state",	"reasons",	 "scans", "created_at",
			"last_scan_at", "note",		 NULL};
		if (err != BT_OK) {
			bt_reply_error(req, err, NULL);
		} else if (disc_csv_asked(req)) {
			disc_csv_reply(req, list, cols, "alerts.csv");
			json_decref(list);
		} else {
			json_t *page = json_pack("{s:o}", "alerts", list);
			size_t n = json_array_size(list);
			if (n == (size_t)limit) {
				json_t *last = json_array_get(list, n - 1);
				json_object_set(page, "next_before",
						json_object_get(last, "id"));
			}
			bt_reply_json(req, 200, page);
		}
	}
}

static void move(struct bt_req *req, const char *state)
{
	long long id;
	if (!bt_req_id(req, "an alert", LLONG_MAX, &id))
		return;
	size_t len = 0;
	bt_req_body(req, &len);
	json_t *body = len ? bt_req_json_body(req) : json_object();
	if (body == NULL)
		return;
	static const char *const allowed[] = {"note", NULL};
	const char *note = NULL;
	if (bt_json_only(req, body, allowed) &&
	    bt_json_opt_string(req, body, "note", &note)) {
		struct bt_db *db = bt_req_db(req);
		json_t *out = NULL;
		const char *reason = NULL;
		if (db != NULL) {
			enum bt_err err =
				trace_alert_move(db, bt_req_principal(req), id,
						 state, note, &out, &reason);
			if (err != BT_OK)
				bt_reply_error(req, err, reason);
			else
				bt_reply_json(req, 200, out);
		}
	}
	json_decref(body);
}

void trace_api_alert_acknowledge(struct bt_req *req)
{
	move(req, "acknowledged");
}

void trace_api_alert_close(struct bt_req *req)
{
	move(req, "closed");
}
