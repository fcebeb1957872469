/* clock.c: the real clock, or a fixed one. */
#include "clock.h"

#include <stdio.h>
#include <string.h>

static time_t fixed; /* 0: the real clock */

static bool digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

void bt_clock_cn_tm(time_t t, struct tm *out)
{
	t += (time_t)8 * 3600;
	gmtime_r(&t, out);
}

bool bt_date_valid(int y, int m, int d)
{
	static const int days[] = {31, 29, 31, 30, 31, 30,
				   31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12 || d < 1 || d > days[m - 1])
		return false;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return !(m == 2 && d == 29 && !leap);
}

bool bt_date_parse(const char *s, int *y, int *m, int *d)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	*y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	     (s[3] - '0');
	*m = (s[5] - '0') * 10 + (s[6] - '0');
	*d = (s[8] - '0') * 10 + (s[9] - '0');
	return bt_date_valid(*y, *m, *d);
}

bool bt_clock_parse(const char *s, time_t *out)
{
	size_t n = strlen(s);
	if (n != 10 && n != 20)
		return false;
	if (!digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' ||
	    !digits(s + 8, 2))
		return false;
	struct tm tm = {0};
	tm.tm_year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 +
		     (s[2] - '0') * 10 + (s[3] - '0') - 1900;
	tm.tm_mon = (s[5] - '0') * 10 + (s[6] - '0') - 1;
	tm.tm_mday = (s[8] - '0') * 10 + (s[9] - '0');
	if (n == 20) {
		if (s[10] != 'T' || !digits(s + 11, 2) || s[13] != ':' ||
		    !digits(s + 14, 2) || s[16] != ':' || !digits(s + 17, 2) ||
		    s[19] != 'Z')
			return false;
		tm.tm_hour = (s[11] - '0') * 10 + (s[12] - '0');
		tm.tm_min = (s[14] - '0') * 10 + (s[15] - '0');
		tm.tm_sec = (s[17] - '0') * 10 + (s[18] - '0');
	}
	if (!bt_date_valid(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday) ||
	    tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 59)
		return false;
	*out = timegm(&tm);
	return true;
}

enum bt_err bt_clock_set(const char *iso)
{
	if (iso == NULL || iso[0] == '\0') {
		fixed = 0;
		return BT_OK;
	}
	time_t t;
	if (!bt_clock_parse(iso, &t) || t <= 0)
		return BT_EINVAL;
	fixed = t;
	return BT_OK;
}

void bt_clock_day_cn(const char *iso, char out[11])
{
	time_t t;
	out[0] = '\0';
	if (iso == NULL || !bt_clock_parse(iso, &t))
		return;
	struct tm tm;
	bt_clock_cn_tm(t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

long long bt_clock_mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

time_t bt_clock_now(void)
{
	return fixed ? fixed : time(NULL);
}

void bt_clock_iso(char out[BT_CLOCK_ISO_LEN])
{
	time_t t = bt_clock_now();
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, BT_CLOCK_ISO_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
