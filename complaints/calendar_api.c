/* calendar_api.c: the calendar over HTTP (see calendar_api.h). */
#include "calendar_api.h"

#include <string.h>

#include "complaints/calendar.h"
#include "core/buf.h"
#include "core/input.h"

void cmpl_api_due(struct bt_req *req)
{
	const char *from = bt_req_query(req, "from");
	const char *n = bt_req_query(req, "working_days");
	int32_t start = 0;
	long long days = 0;
	if (!cmpl_day_parse(from, &start) || !bt_parse_ll(n, 1, 365, &days)) {
		bt_reply_error(req, BT_EINVAL,
			       "from: a date YYYY-MM-DD; working_days: 1 to "
			       "365");
		return;
	}
	struct bt_db *db = bt_req_db(req);
	if (db == NULL)
		return;
	struct cmpl_calendar cal;
	enum bt_err err = cmpl_calendar_load(db, &cal);
	int32_t due = 0;
	if (err == BT_OK &&
	    !cmpl_calendar_add_working(&cal, start, (int)days, &due)) {
		cmpl_calendar_free(&cal);
		bt_reply_error(req, BT_ENOTFOUND,
			       "the calendar is incomplete: the count runs "
			       "past the last loaded year, and is not guessed");
		return;
	}
	if (err != BT_OK) {
		bt_reply_error(req, err, NULL);
		return;
	}
	json_t *out = cmpl_calendar_explain(&cal, start, due);
	json_object_set_new(out, "from", json_string(from));
	json_object_set_new(out, "working_days", json_integer(days));
	cmpl_calendar_free(&cal);
	bt_reply_json(req, 200, out);
}

void cmpl_api_calendar(struct bt_req *req)
{
	struct bt_db *db = bt_req_db(req);
	if (db == NULL)
		return;
	json_t *out = NULL;
	enum bt_err err = cmpl_calendar_json(db, &out);
	bt_reply_view_or_error(req, err, "calendar", bt_page_view(req, out),
			       NULL);
}

void cmpl_api_calendar_load(struct bt_req *req)
{
	struct bt_input in;
	if (!bt_input_open(req, &in))
		return;
	json_t *parsed = NULL;
	const json_t *year = in.json;
	if (year == NULL) {
		const char *text = bt_input_field(req, &in, "year");
		json_error_t jerr;
		parsed = text ? json_loads(text, JSON_REJECT_DUPLICATES, &jerr)
			      : NULL;
		year = parsed;
	}
	const char *reason = "year: the year's file as JSON";
	enum bt_err err = year ? cmpl_calendar_store_year(in.db, year,
							  "admin page", &reason)
			       : BT_EINVAL;
	json_int_t y = json_integer_value(json_object_get(year, "year"));
	json_decref(parsed);
	if (err != BT_OK) {
		json_t *page = NULL;
		if (in.json == NULL &&
		    cmpl_calendar_json(in.db, &page) != BT_OK)
			page = NULL;
		bt_input_refused_page(req, &in, err, reason, "calendar", page);
		return;
	}
	bt_input_done(req, &in, 201, json_pack("{s:I}", "year", y),
		      "/admin/calendar");
}
