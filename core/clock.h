/* clock.h: the time the disclosure rules work in (penalty publication,
 * credit repair, ratings, draws): the real clock, or a fixed instant set
 * by BONDTRACE_CLOCK so that a test or a demo can see what the portal
 * shows on a given day. The scan path always uses the real clock. */
#ifndef BT_CLOCK_H
#define BT_CLOCK_H

#include <stdbool.h>
#include <time.h>

#include "err.h"

#define BT_CLOCK_ISO_LEN 21 /* "2026-11-27T08:00:00Z" and NUL */

/* Fixes the clock at "YYYY-MM-DD" (midnight UTC) or "YYYY-MM-DDTHH:MM:SSZ";
 * "" returns to the real clock. BT_EINVAL for anything else. Call before
 * threads start. */
enum bt_err bt_clock_set(const char *iso);

time_t bt_clock_now(void);

/* Milliseconds of the monotonic clock, for timeouts and ages (never the
 * fixed clock). */
long long bt_clock_mono_ms(void);

/* The clock's time as "YYYY-MM-DDTHH:MM:SSZ". */
void bt_clock_iso(char out[BT_CLOCK_ISO_LEN]);

/* The day in Asia/Shanghai (UTC+8, no daylight saving) of the ISO time
 * iso ("YYYY-MM-DD..."), as "YYYY-MM-DD"; "" if iso does not parse. */
void bt_clock_day_cn(const char *iso, char out[11]);

/* Beijing time (UTC+8, no daylight saving) of t, broken down. */
void bt_clock_cn_tm(time_t t, struct tm *out);

/* True if y-m-d is a day of the Gregorian calendar (m 1-12). */
bool bt_date_valid(int y, int m, int d);
/* Reads "YYYY-MM-DD"; false unless it is a day of the calendar. */
bool bt_date_parse(const char *s, int *y, int *m, int *d);

/* Parses the two forms bt_clock_set accepts; false if s is neither. */
bool bt_clock_parse(const char *s, time_t *out);

#endif
