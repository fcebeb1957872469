/* calendar.c: working days from the official calendar, and reading a
 * year's file: pure (calendar_db.c loads and stores). */
#include "calendar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/clock.h"

enum {
	STATUS_WEEKDAY = 0,
	STATUS_OFF = 1,
	STATUS_WORKING = 2,
	STATUS_UNKNOWN = 3
};

/* Days from civil (H. Hinnant's algorithm, proleptic Gregorian). */
int32_t cmpl_day_from_ymd(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void cmpl_day_ymd(int32_t day, int *y, int *m, int *d)
{
	int z = day + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

bool cmpl_day_parse(const char *text, int32_t *day)
{
	int y, m, d;
	if (text == NULL || !bt_date_parse(text, &y, &m, &d))
		return false;
	*day = cmpl_day_from_ymd(y, m, d);
	return true;
}

void cmpl_day_format(int32_t day, char out[11])
{
	int y, m, d;
	cmpl_day_ymd(day, &y, &m, &d);
	static const char glyphs[] = "0123456789-"; /* 10: the dash */
	const int parts[] = {
		y / 1000 % 10, y / 100 % 10, y / 10 % 10, y % 10, 10,
		m / 10,	       m % 10,	     10,	  d / 10, d % 10};
	for (int i = 0; i < 10; i++)
		out[i] = glyphs[parts[i]];
	out[10] = '\0';
}

int32_t cmpl_day_of_time(double unix_seconds)
{
	/* Beijing keeps UTC+8 all year. */
	double local = unix_seconds + 8.0 * 3600.0;
	double days = local / 86400.0;
	int32_t day = (int32_t)days;
	if ((double)day > days)
		day--;
	return day;
}

static int weekday(int32_t day) /* 0 Sunday .. 6 Saturday */
{
	int w = (int)((day + 4) % 7);
	return w < 0 ? w + 7 : w;
}

static int cmp_listed(const void *a, const void *b)
{
	const struct cmpl_listed_day *x = a, *y = b;
	return (x->day > y->day) - (x->day < y->day);
}

enum bt_err cmpl_calendar_build_years(struct cmpl_calendar *cal,
				      const int *years, size_t nyears,
				      const struct cmpl_listed_day *days,
				      size_t n)
{
	memset(cal, 0, sizeof(*cal));
	int first = CMPL_YEAR_MAX + 1, last = CMPL_YEAR_MIN - 1;
	for (size_t i = 0; i < nyears; i++) {
		if (years[i] < CMPL_YEAR_MIN || years[i] > CMPL_YEAR_MAX)
			return BT_EINVAL;
		first = years[i] < first ? years[i] : first;
		last = years[i] > last ? years[i] : last;
	}
	if (nyears == 0)
		return BT_OK; /* nothing loaded: every day unknown */
	int32_t lo = cmpl_day_from_ymd(first, 1, 1);
	int32_t hi = cmpl_day_from_ymd(last, 12, 31);
	size_t span = (size_t)(hi - lo) + 1;
	cal->status = malloc(span);
	cal->listed = n ? malloc(n * sizeof(*cal->listed)) : NULL;
	if (cal->status == NULL || (n && cal->listed == NULL)) {
		cmpl_calendar_free(cal);
		return BT_ENOMEM;
	}
	memset(cal->status, STATUS_UNKNOWN, span);
	for (size_t i = 0; i < nyears; i++) {
		int32_t y0 = cmpl_day_from_ymd(years[i], 1, 1);
		int32_t y1 = cmpl_day_from_ymd(years[i], 12, 31);
		memset(cal->status + (y0 - lo), STATUS_WEEKDAY,
		       (size_t)(y1 - y0) + 1);
	}
	cal->first_year = first;
	cal->last_year = last;
	cal->first_day = lo;
	cal->nstatus = span;
	for (size_t i = 0; i < n; i++) {
		if (days[i].day < lo || days[i].day > hi ||
		    cal->status[days[i].day - lo] == STATUS_UNKNOWN)
			continue;
		cal->status[days[i].day - lo] =
			days[i].off ? STATUS_OFF : STATUS_WORKING;
		cal->listed[cal->nlisted++] = days[i];
	}
	if (cal->nlisted && cal->listed)
		qsort(cal->listed, cal->nlisted, sizeof(*cal->listed),
		      cmp_listed);
	return BT_OK;
}

enum bt_err cmpl_calendar_build(struct cmpl_calendar *cal, int first, int last,
				const struct cmpl_listed_day *days, size_t n)
{
	int years[CMPL_YEAR_MAX - CMPL_YEAR_MIN + 1];
	size_t ny = 0;
	memset(cal, 0, sizeof(*cal));
	if (first > last)
		return BT_OK;
	if (first < CMPL_YEAR_MIN || last > CMPL_YEAR_MAX)
		return BT_EINVAL;
	for (int y = first; y <= last; y++)
		years[ny++] = y;
	int32_t lo = cmpl_day_from_ymd(first, 1, 1);
	int32_t hi = cmpl_day_from_ymd(last, 12, 31);
	for (size_t i = 0; i < n; i++)
		if (days[i].day < lo || days[i].day > hi)
			return BT_EINVAL;
	return cmpl_calendar_build_years(cal, years, ny, days, n);
}

void cmpl_calendar_free(struct cmpl_calendar *cal)
{
	free(cal->status);
	free(cal->listed);
	memset(cal, 0, sizeof(*cal));
}

enum cmpl_day_kind cmpl_calendar_kind(const struct cmpl_calendar *cal,
				      int32_t day)
{
	if (cal->status == NULL || day < cal->first_day ||
	    (size_t)(day - cal->first_day) >= cal->nstatus)
		return CMPL_DAY_UNKNOWN;
	switch (cal->status[day - cal->first_day]) {
	case STATUS_OFF: return CMPL_DAY_OFF;
	case STATUS_WORKING: return CMPL_DAY_WORKDAY;
	case STATUS_UNKNOWN: return CMPL_DAY_UNKNOWN;
	default: break;
	}
	int w = weekday(day);
	return w == 0 || w == 6 ? CMPL_DAY_WEEKEND : CMPL_DAY_WORKING;
}

bool cmpl_calendar_working(const struct cmpl_calendar *cal, int32_t day)
{
	enum cmpl_day_kind k = cmpl_calendar_kind(cal, day);
	return k == CMPL_DAY_WORKING || k == CMPL_DAY_WORKDAY;
}

const char *cmpl_calendar_name(const struct cmpl_calendar *cal, int32_t day)
{
	struct cmpl_listed_day key = {.day = day};
	const struct cmpl_listed_day *hit =
		cal->nlisted ? bsearch(&key, cal->listed, cal->nlisted,
				       sizeof(key), cmp_listed)
			     : NULL;
	return hit ? hit->name : NULL;
}

bool cmpl_calendar_add_working(const struct cmpl_calendar *cal, int32_t from,
			       int n, int32_t *due)
{
	int32_t d = from;
	for (int counted = 0; counted < n;) {
		d++;
		enum cmpl_day_kind k = cmpl_calendar_kind(cal, d);
		if (k == CMPL_DAY_UNKNOWN)
			return false;
		if (k == CMPL_DAY_WORKING || k == CMPL_DAY_WORKDAY)
			counted++;
	}
	*due = d;
	return true;
}

json_t *cmpl_calendar_explain(const struct cmpl_calendar *cal, int32_t from,
			      int32_t due)
{
	char text[11];
	cmpl_day_format(due, text);
	json_t *skipped = json_array();
	json_t *out = json_pack("{s:s, s:o}", "due", text, "skipped", skipped);
	if (out == NULL)
		return NULL;
	for (int32_t d = from + 1; d <= due; d++) {
		enum cmpl_day_kind k = cmpl_calendar_kind(cal, d);
		if (k != CMPL_DAY_WEEKEND && k != CMPL_DAY_OFF)
			continue;
		cmpl_day_format(d, text);
		const char *name = cmpl_calendar_name(cal, d);
		json_array_append_new(
			skipped,
			json_pack("{s:s, s:s, s:s?}", "date", text, "why",
				  k == CMPL_DAY_OFF ? "off" : "weekend", "name",
				  name));
	}
	return out;
}

/* One entry of a year file, checked. */
static bool listed_day(const json_t *e, int year, struct cmpl_listed_day *out,
		       const char **reason)
{
	const char *date = json_string_value(json_object_get(e, "date"));
	const char *name = json_string_value(json_object_get(e, "name"));
	const json_t *off = json_object_get(e, "isOffDay");
	if (!json_is_object(e) || date == NULL || name == NULL ||
	    !json_is_boolean(off)) {
		*reason = "each day needs name (text), date (YYYY-MM-DD) and "
			  "isOffDay (true or false)";
		return false;
	}
	int y, m, d;
	/* A holiday that spans New Year is listed in the later year's file
	 * with its days of the year before. */
	if (!cmpl_day_parse(date, &out->day) ||
	    (cmpl_day_ymd(out->day, &y, &m, &d), y < year - 1 || y > year)) {
		*reason = "a date is not a valid day of the file's year";
		return false;
	}
	if (!bt_text_ok(name, 1, 16)) {
		*reason = "a day's name must be 1 to 16 characters of text";
		return false;
	}
	out->off = json_is_true(off);
	bt_strlcpy(out->name, name, sizeof(out->name));
	/* A listed working day must be a weekend day, a listed day off may
	 * be any day: otherwise the file says something impossible. */
	int w = weekday(out->day);
	if (!out->off && w != 0 && w != 6) {
		*reason = "a working day that is not a weekend day needs no "
			  "listing (isOffDay false on a weekday)";
		return false;
	}
	return true;
}

enum bt_err cmpl_calendar_parse_year(const json_t *year, int *y,
				     struct cmpl_listed_day *days, size_t max,
				     size_t *n, const char **reason)
{
	const json_t *yj = json_object_get(year, "year");
	const json_t *list = json_object_get(year, "days");
	if (!json_is_object(year) || !json_is_integer(yj) ||
	    !json_is_array(list)) {
		*reason = "a calendar file is {\"year\": 2027, \"days\": "
			  "[{\"name\", \"date\", \"isOffDay\"}]}";
		return BT_EINVAL;
	}
	json_int_t yv = json_integer_value(yj);
	if (yv < CMPL_YEAR_MIN || yv > CMPL_YEAR_MAX) {
		*reason = "the year must be from 2000 to 2100";
		return BT_EINVAL;
	}
	*y = (int)yv;
	*n = json_array_size(list);
	if (*n > max) {
		*reason = "a year lists at most 120 days";
		return BT_ETOOBIG;
	}
	for (size_t i = 0; i < *n; i++)
		if (!listed_day(json_array_get(list, i), *y, &days[i], reason))
			return BT_EINVAL;
	return BT_OK;
}
