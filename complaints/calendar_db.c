/* calendar_db.c: the calendar in the database: loading every year,
 * storing one, listing them. */
#include "calendar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

enum {
	ST_DAYS,
	ST_YEARS,
	ST_CLEAR,
	ST_INSERT,
	ST_YEAR,
	ST_LIST,
};

static const struct bt_stmt stmts[] = {
	[ST_DAYS] = {"cmpl.calendar_days",
		     "SELECT to_char(day, 'YYYY-MM-DD'), off, name FROM "
		     "calendar_day ORDER BY day"},
	[ST_YEARS] = {"cmpl.calendar_years",
		      "SELECT year FROM calendar_year WHERE year BETWEEN 2000 "
		      "AND 2100 ORDER BY year"},
	[ST_CLEAR] = {"cmpl.calendar_clear",
		      "DELETE FROM calendar_day WHERE extract(year FROM day) "
		      "= $1::int"},
	[ST_INSERT] =
		{"cmpl.calendar_insert",
		 "INSERT INTO calendar_day (day, off, name) VALUES "
		 "($1::date, $2::boolean, $3) ON CONFLICT (day) DO UPDATE "
		 "SET off = $2::boolean, name = $3"},
	[ST_YEAR] = {"cmpl.calendar_year",
		     "INSERT INTO calendar_year (year, source) VALUES ($1, $2) "
		     "ON CONFLICT (year) DO UPDATE SET source = $2, "
		     "loaded_at = now()"},
	[ST_LIST] =
		{"cmpl.calendar_list",
		 "SELECT json_build_object('years', coalesce(json_agg("
		 "json_build_object('year', y.year, 'source', y.source, "
		 "'loaded_on', cn_day(y.loaded_at)::text, 'days', (SELECT "
		 "coalesce(json_agg(json_build_object('date', d.day::text, "
		 "'off', d.off, 'name', d.name) ORDER BY d.day), '[]') FROM "
		 "calendar_day d WHERE extract(year FROM d.day) = y.year)) "
		 "ORDER BY y.year DESC), '[]')) FROM calendar_year y"},
};

enum bt_err cmpl_calendar_load(struct bt_db *db, struct cmpl_calendar *cal)
{
	memset(cal, 0, sizeof(*cal));
	PGresult *y = NULL, *r = NULL;
	enum bt_err err = bt_db_query_take(db, &stmts[ST_YEARS], 0, NULL, &y);
	if (err == BT_OK)
		err = bt_db_query_take(db, &stmts[ST_DAYS], 0, NULL, &r);
	if (err != BT_OK) {
		PQclear(y);
		return err;
	}
	int years[CMPL_YEAR_MAX - CMPL_YEAR_MIN + 1];
	size_t ny = 0;
	for (int i = 0; i < PQntuples(y) && ny < sizeof(years) / sizeof(*years);
	     i++)
		years[ny++] = (int)bt_db_int(y, i, 0);
	PQclear(y);
	size_t n = (size_t)PQntuples(r);
	struct cmpl_listed_day *days = calloc(n ? n : 1, sizeof(*days));
	if (days == NULL) {
		PQclear(r);
		return BT_ENOMEM;
	}
	size_t kept = 0;
	for (size_t i = 0; i < n; i++) {
		struct cmpl_listed_day *d = &days[kept];
		if (!cmpl_day_parse(bt_db_text(r, (int)i, 0), &d->day))
			continue;
		d->off = strcmp(bt_db_text(r, (int)i, 1), "t") == 0;
		bt_strlcpy(d->name, bt_db_text(r, (int)i, 2), sizeof(d->name));
		kept++;
	}
	PQclear(r);
	err = cmpl_calendar_build_years(cal, years, ny, days, kept);
	free(days);
	return err;
}

static enum bt_err store_days(struct bt_db *db, const char *ytext,
			      const struct cmpl_listed_day *days, size_t n,
			      const char *source)
{
	const char *p[] = {ytext};
	enum bt_err err = bt_db_run(db, &stmts[ST_CLEAR], 1, p, NULL);
	for (size_t i = 0; err == BT_OK && i < n; i++) {
		char date[11];
		cmpl_day_format(days[i].day, date);
		const char *q[] = {date, days[i].off ? "true" : "false",
				   days[i].name};
		err = bt_db_run(db, &stmts[ST_INSERT], 3, q, NULL);
	}
	if (err == BT_OK) {
		const char *q[] = {ytext, source};
		err = bt_db_run(db, &stmts[ST_YEAR], 2, q, NULL);
	}
	return err;
}

enum bt_err cmpl_calendar_store_year(struct bt_db *db, const json_t *year,
				     const char *source, const char **reason)
{
	struct cmpl_listed_day *days =
		calloc(CMPL_LISTED_PER_YEAR_MAX, sizeof(*days));
	if (days == NULL)
		return BT_ENOMEM;
	int y = 0;
	size_t n = 0;
	enum bt_err err = cmpl_calendar_parse_year(
		year, &y, days, CMPL_LISTED_PER_YEAR_MAX, &n, reason);
	char ytext[8];
	snprintf(ytext, sizeof(ytext), "%d", y);
	if (err == BT_OK && (err = bt_db_begin(db)) == BT_OK)
		err = bt_db_finish(db, store_days(db, ytext, days, n, source));
	free(days);
	return err;
}

enum bt_err cmpl_calendar_json(struct bt_db *db, json_t **out)
{
	return bt_db_query_json(db, &stmts[ST_LIST], 0, NULL, out);
}
