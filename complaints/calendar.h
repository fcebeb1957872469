/* calendar.h: the official working-day calendar, as data. A day is a
 * working day Monday to Friday unless the State Council lists it as a day
 * off, and a weekend day is one only if listed as a working day (调休).
 * Outside the loaded years nothing is known: arithmetic that needs such a
 * day answers "incomplete" rather than guess. Days are numbered from
 * 1970-01-01 (day 0) and mean Beijing calendar days. */
#ifndef CMPL_CALENDAR_H
#define CMPL_CALENDAR_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/db.h"
#include "core/err.h"

/* How long a day's name may be (holiday names from the notices). */
#define CMPL_DAY_NAME_MAX 65 /* 16 characters of up to 4 bytes, NUL */
/* Years a calendar may hold, so that its day table stays small. */
#define CMPL_YEAR_MIN 2000
#define CMPL_YEAR_MAX 2100

/* A day the notices list: a day off, or a working weekend day. */
struct cmpl_listed_day {
	int32_t day;
	bool off;
	char name[CMPL_DAY_NAME_MAX];
};

struct cmpl_calendar {
	int first_year, last_year; /* the span; 0 when nothing is loaded */
	int32_t first_day;	   /* 1 January of first_year */
	/* One byte a day from first_day to 31 December of last_year:
	 * 0 as the weekday says, 1 listed off, 2 listed working, 3 in a year
	 * of the span that is not loaded (unknown). */
	uint8_t *status;
	size_t nstatus;
	struct cmpl_listed_day *listed; /* sorted by day */
	size_t nlisted;
};

enum cmpl_day_kind {
	CMPL_DAY_WORKING,
	CMPL_DAY_WEEKEND,
	CMPL_DAY_OFF,	  /* a listed day off */
	CMPL_DAY_WORKDAY, /* a listed working weekend day */
	CMPL_DAY_UNKNOWN, /* outside the loaded years */
};

/* Civil date <-> day number. cmpl_day_parse is false unless text is a
 * valid YYYY-MM-DD. */
int32_t cmpl_day_from_ymd(int y, int m, int d);
void cmpl_day_ymd(int32_t day, int *y, int *m, int *d);
bool cmpl_day_parse(const char *text, int32_t *day);
void cmpl_day_format(int32_t day, char out[11]);
/* The Beijing calendar day of a Unix time. */
int32_t cmpl_day_of_time(double unix_seconds);

/* Builds a calendar of the years first..last from the listed days (any
 * order; a day outside the years is BT_EINVAL). Free with
 * cmpl_calendar_free, which accepts a zeroed struct. */
enum bt_err cmpl_calendar_build(struct cmpl_calendar *cal, int first, int last,
				const struct cmpl_listed_day *days, size_t n);
/* The same for the loaded years given (any order, gaps allowed: their
 * days are unknown); listed days outside them are left out. */
enum bt_err cmpl_calendar_build_years(struct cmpl_calendar *cal,
				      const int *years, size_t nyears,
				      const struct cmpl_listed_day *days,
				      size_t n);
void cmpl_calendar_free(struct cmpl_calendar *cal);

enum cmpl_day_kind cmpl_calendar_kind(const struct cmpl_calendar *cal,
				      int32_t day);
/* True for a working day; false for a day off or an unknown day. */
bool cmpl_calendar_working(const struct cmpl_calendar *cal, int32_t day);
/* The listed day's name, or NULL. */
const char *cmpl_calendar_name(const struct cmpl_calendar *cal, int32_t day);

/* The day n working days after from (from itself is day zero and not
 * counted); false when the count runs past the loaded years ("calendar
 * incomplete": never guessed). */
bool cmpl_calendar_add_working(const struct cmpl_calendar *cal, int32_t from,
			       int n, int32_t *due);

/* The explanation of a due date: {"due", "skipped": [{"date", "why",
 * "name"}]} where why is "weekend" or "off" (a listed day off). New
 * reference, or NULL on out of memory. */
json_t *cmpl_calendar_explain(const struct cmpl_calendar *cal, int32_t from,
			      int32_t due);

/* The calendar in the database (every loaded year); *cal is the caller's
 * (cmpl_calendar_free). */
enum bt_err cmpl_calendar_load(struct bt_db *db, struct cmpl_calendar *cal);

/* A year's file lists at most this many days (a real one lists ~35). */
#define CMPL_LISTED_PER_YEAR_MAX 120

/* Reads one year in the `{year, days: [{name, date, isOffDay}]}` shape
 * into days (room for max); BT_EINVAL with *reason when it is not that
 * shape, a date is not of that year (or, for a holiday spanning New Year,
 * the year before), or a weekday is listed as a working day. Pure. */
enum bt_err cmpl_calendar_parse_year(const json_t *year, int *y,
				     struct cmpl_listed_day *days, size_t max,
				     size_t *n, const char **reason);

/* Stores one year in the `{year, days: [{name, date, isOffDay}]}` shape
 * of public holiday datasets, replacing that year's days, in one
 * transaction; source says where it came from. BT_EINVAL with *reason for
 * a file that is not that shape or whose dates are not of that year. */
enum bt_err cmpl_calendar_store_year(struct bt_db *db, const json_t *year,
				     const char *source, const char **reason);

/* Every loaded year with its listed days: {"years": [{year, source,
 * loaded_on, days: [{date, off, name}]}]}, newest first. */
enum bt_err cmpl_calendar_json(struct bt_db *db, json_t **out);

#endif
