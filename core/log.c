/* log.c: logfmt writer; a line is assembled in memory and written once. */
#include "log.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static _Atomic int log_level = BT_LOG_INFO;

void bt_log_set_level(enum bt_log_level level)
{
	atomic_store(&log_level, (int)level);
}

enum bt_log_level bt_log_get_level(void)
{
	return (enum bt_log_level)atomic_load(&log_level);
}

int bt_log_parse_level(const char *name, enum bt_log_level *out)
{
	static const char *const names[] = {"debug", "info", "warn", "error"};
	for (int i = 0; i < 4; i++) {
		if (strcmp(name, names[i]) == 0) {
			*out = (enum bt_log_level)i;
			return 0;
		}
	}
	return -1;
}

struct line {
	char buf[4096];
	size_t len;
};

static void put(struct line *l, const char *s, size_t n)
{
	size_t room = sizeof(l->buf) - 1 - l->len; /* keep one for '\n' */
	if (n > room)
		n = room;
	memcpy(l->buf + l->len, s, n);
	l->len += n;
}

static void put_str(struct line *l, const char *s)
{
	put(l, s, strlen(s));
}

static bool needs_quotes(const char *v)
{
	if (*v == '\0')
		return true;
	for (; *v; v++)
		if (*v == ' ' || *v == '"' || *v == '=' ||
		    (unsigned char)*v < 0x20)
			return true;
	return false;
}

static void put_value(struct line *l, const char *v)
{
	if (v == NULL)
		v = "";
	if (!needs_quotes(v)) {
		put_str(l, v);
		return;
	}
	put(l, "\"", 1);
	for (; *v; v++) {
		if (*v == '"' || *v == '\\') {
			put(l, "\\", 1);
			put(l, v, 1);
		} else if (*v == '\n') {
			put(l, "\\n", 2);
		} else if ((unsigned char)*v < 0x20) {
			put(l, "?", 1);
		} else {
			put(l, v, 1);
		}
	}
	put(l, "\"", 1);
}

void bt_log_kv(enum bt_log_level level, const char *msg, ...)
{
	static const char *const names[] = {"debug", "info", "warn", "error"};
	if ((int)level < atomic_load(&log_level))
		return;

	struct line l = {.len = 0};
	struct timespec now;
	struct tm tm;
	char ts[40];
	clock_gettime(CLOCK_REALTIME, &now);
	gmtime_r(&now.tv_sec, &tm);
	size_t n = strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%S", &tm);
	put_str(&l, "ts=");
	put(&l, ts, n);
	char ms[8] = {'.',
		      (char)('0' + now.tv_nsec / 100000000),
		      (char)('0' + now.tv_nsec / 10000000 % 10),
		      (char)('0' + now.tv_nsec / 1000000 % 10),
		      'Z',
		      '\0'};
	put_str(&l, ms);
	put_str(&l, " level=");
	put_str(&l, names[level]);
	put_str(&l, " msg=");
	put_value(&l, msg);

	va_list ap;
	va_start(ap, msg);
	for (;;) {
		const char *k = va_arg(ap, const char *);
		if (k == NULL)
			break;
		const char *v = va_arg(ap, const char *);
		put(&l, " ", 1);
		put_str(&l, k);
		put(&l, "=", 1);
		put_value(&l, v);
	}
	va_end(ap);
	l.buf[l.len++] = '\n';
	ssize_t w = write(STDERR_FILENO, l.buf, l.len);
	(void)w; /* nowhere left to report a failed log write */
}
