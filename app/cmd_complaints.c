/* cmd_complaints.c: the complaints commands: loading a year of the
 * official calendar, and computing a due date on it. */
#include "app/commands.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "complaints/calendar.h"
#include "core/buf.h"

/* A year's file is small (a real one is ~4 KiB). */
#define CALENDAR_FILE_MAX ((size_t)256 * 1024)

int cmd_calendar_load(struct bt_cli *cli)
{
	if (cli->nargs != 1)
		return bt_cli_usage_error(cli, "name one year's JSON file");
	struct bt_buf text = BT_BUF_INIT;
	enum bt_err err = bt_read_file(cli->args[0], CALENDAR_FILE_MAX, &text);
	if (err != BT_OK) {
		bt_buf_free(&text);
		return bt_cli_fail(cli, err, "cannot read %s: %s", cli->args[0],
				   bt_strerror(err));
	}
	json_error_t jerr;
	json_t *year =
		json_loadb(text.data, text.len, JSON_REJECT_DUPLICATES, &jerr);
	bt_buf_free(&text);
	if (year == NULL)
		return bt_cli_fail(cli, BT_EINVAL, "%s is not JSON (line %d)",
				   cli->args[0], jerr.line);
	int rc = 0;
	struct bt_db *db = app_need_db(cli, &rc);
	if (db == NULL) {
		json_decref(year);
		return rc;
	}
	const char *reason = NULL;
	const char *name = strrchr(cli->args[0], '/');
	err = cmpl_calendar_store_year(db, year, name ? name + 1 : cli->args[0],
				       &reason);
	json_int_t y = json_integer_value(json_object_get(year, "year"));
	size_t n = json_array_size(json_object_get(year, "days"));
	json_decref(year);
	if (err != BT_OK)
		return bt_cli_refused(cli, err, reason);
	printf("calendar %lld loaded: %zu listed days\n", (long long)y, n);
	return 0;
}

int cmd_calendar_due(struct bt_cli *cli)
{
	int32_t from = 0;
	long long n = 0;
	if (cli->nargs != 2 || !cmpl_day_parse(cli->args[0], &from) ||
	    !bt_parse_ll(cli->args[1], 1, 365, &n))
		return bt_cli_usage_error(cli, "give a date YYYY-MM-DD and a "
					       "number of working days");
	int rc = 0;
	struct bt_db *db = app_need_db(cli, &rc);
	if (db == NULL)
		return rc;
	struct cmpl_calendar cal;
	enum bt_err err = cmpl_calendar_load(db, &cal);
	if (err != BT_OK)
		return bt_cli_fail(cli, err, "cannot read the calendar");
	int32_t due = 0;
	bool ok = cmpl_calendar_add_working(&cal, from, (int)n, &due);
	if (ok)
		app_print_json(cmpl_calendar_explain(&cal, from, due));
	cmpl_calendar_free(&cal);
	if (!ok)
		return bt_cli_fail(cli, BT_ENOTFOUND,
				   "the calendar is incomplete: the count runs "
				   "past the last loaded year");
	return 0;
}
