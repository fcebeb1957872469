/* audit.c: the audit log of staff changes (migration 0021): written once
 * each change is answered (the server's audit hook), read on the desk's
 * audit page and as CSV. */
#include "app/audit.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "core/auth.h"
#include "core/db.h"
#include "core/log.h"
#include "disclosure/csv.h"

static const struct bt_stmt add = {
	"audit.add", "INSERT INTO audit_log (actor_role, actor, method, path, "
		     "route, status) VALUES ($1, $2, $3, $4, $5, $6)"};

/* The latest 500 entries, of one actor ($1) or all (''), before id $2
 * (0: the newest). */
static const struct bt_stmt list = {
	"audit.list",
	"SELECT coalesce(json_agg(json_build_object('id', id, 'at', "
	"to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
	"'actor_role', actor_role, 'actor', actor, 'method', method, 'path', "
	"path, 'route', route, 'status', status) ORDER BY id DESC), '[]') "
	"FROM (SELECT * FROM audit_log WHERE ($1 = '' OR actor = $1) AND ($2 "
	"= 0 OR id < $2::bigint) ORDER BY id DESC LIMIT 500) a"};

void app_audit(const struct bt_principal *who, const char *method,
	       const char *path, const char *route, unsigned status)
{
	struct bt_db *db = NULL;
	if (bt_db_thread(&db) != BT_OK)
		return;
	char st[16];
	snprintf(st, sizeof(st), "%u", status);
	const char *p[] = {
		bt_role_name(who->role), who->name, method, path, route, st};
	if (bt_db_run(db, &add, 6, p, NULL) != BT_OK)
		bt_log_error("audit entry not written", "actor", who->name,
			     "path", path);
}

void app_audit_page(struct bt_req *req)
{
	const char *actor = bt_req_query(req, "actor");
	const char *before = bt_req_query(req, "before");
	long long b = 0;
	if ((actor && strlen(actor) > 64) ||
	    (before && !bt_parse_ll(before, 1, LLONG_MAX, &b))) {
		bt_reply_error(req, BT_EINVAL,
			       "actor is an account name and before an entry "
			       "number");
		return;
	}
	struct bt_db *db = bt_req_db(req);
	if (db == NULL)
		return;
	char bs[24];
	snprintf(bs, sizeof(bs), "%lld", b);
	const char *p[] = {actor ? actor : "", bs};
	json_t *rows = NULL;
	enum bt_err err = bt_db_query_json(db, &list, 2, p, &rows);
	if (err != BT_OK) {
		bt_reply_error(req, err, NULL);
		return;
	}
	if (disc_csv_asked(req)) {
		static const char *const cols[] = {
			"id",	"at",	 "actor_role", "actor", "method",
			"path", "route", "status",     NULL};
		disc_csv_reply(req, rows, cols, "audit.csv");
		json_decref(rows);
		return;
	}
	json_t *view = json_pack("{s:o, s:s}", "items", rows, "actor",
				 actor ? actor : "");
	bt_reply_view(req, 200, "audit", bt_page_view(req, view));
}
