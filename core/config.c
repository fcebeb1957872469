/* config.c: the settings table and its environment/flag parsing. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#ifndef BT_DEFAULT_WEB_DIR
#define BT_DEFAULT_WEB_DIR "web"
#endif

enum kind { STR, UINT };

struct setting {
	const char *flag;
	const char *env;
	enum kind kind;
	size_t offset;
	const char *def;
	const char *help;
};

static const struct setting settings[] = {
	{"--database-url", "BONDTRACE_DATABASE_URL", STR,
	 offsetof(struct bt_config, database_url), "",
	 "PostgreSQL conninfo or URI (empty: libpq defaults, PGHOST etc.)"},
	{"--listen", "BONDTRACE_LISTEN", STR,
	 offsetof(struct bt_config, listen), "127.0.0.1:8080",
	 "address:port the HTTP server binds"},
	{"--public-url", "BONDTRACE_PUBLIC_URL", STR,
	 offsetof(struct bt_config, public_url), "",
	 "resolver base put in every code (empty: http://LISTEN)"},
	{"--key-file", "BONDTRACE_KEY_FILE", STR,
	 offsetof(struct bt_config, key_file), "bondtrace.keys",
	 "file holding the serial MAC keys (made by `keys init`)"},
	{"--web-dir", "BONDTRACE_WEB_DIR", STR,
	 offsetof(struct bt_config, web_dir), BT_DEFAULT_WEB_DIR,
	 "folder with templates/, i18n/ and static/"},
	{"--log-level", "BONDTRACE_LOG_LEVEL", STR,
	 offsetof(struct bt_config, log_level), "info",
	 "debug, info (one line per request), warn or error"},
	{"--threads", "BONDTRACE_THREADS", UINT,
	 offsetof(struct bt_config, threads), "0",
	 "HTTP worker threads, each with its own database connection (0: "
	 "one per core)"},
	{"--workers", "BONDTRACE_WORKERS", UINT,
	 offsetof(struct bt_config, workers), "4",
	 "threads that run the writing handlers (claims, complaints, "
	 "declarations), each with its own database connection"},
	{"--worker-queue", "BONDTRACE_WORKER_QUEUE", UINT,
	 offsetof(struct bt_config, worker_queue), "256",
	 "writing requests that may wait for a worker (more: 503)"},
	{"--max-body", "BONDTRACE_MAX_BODY", UINT,
	 offsetof(struct bt_config, max_body), "1048576",
	 "largest accepted request body in bytes"},
	{"--max-uri", "BONDTRACE_MAX_URI", UINT,
	 offsetof(struct bt_config, max_uri), "2048",
	 "longest accepted request URI in bytes"},
	{"--max-connections", "BONDTRACE_MAX_CONNECTIONS", UINT,
	 offsetof(struct bt_config, max_connections), "4096",
	 "open HTTP connections the server holds at most"},
	{"--per-ip-connections", "BONDTRACE_PER_IP_CONNECTIONS", UINT,
	 offsetof(struct bt_config, per_ip_connections), "256",
	 "open HTTP connections one client address may hold (the rest of "
	 "--max-connections stays free for others)"},
	{"--head-timeout", "BONDTRACE_HEAD_TIMEOUT_S", UINT,
	 offsetof(struct bt_config, head_timeout), "10",
	 "seconds a connection has to send a complete request head (also "
	 "how long an idle keep-alive connection stays); not restarted by "
	 "each byte"},
	{"--body-timeout", "BONDTRACE_BODY_TIMEOUT_S", UINT,
	 offsetof(struct bt_config, body_timeout), "60",
	 "seconds a request has to send its whole body once its head came"},
	{"--decode-threads", "BONDTRACE_DECODE_THREADS", UINT,
	 offsetof(struct bt_config, decode_threads), "1",
	 "threads that decode uploaded photos, apart from the HTTP threads"},
	{"--decode-queue", "BONDTRACE_DECODE_QUEUE", UINT,
	 offsetof(struct bt_config, decode_queue), "4",
	 "uploaded photos that may wait for a decoding thread; more get 503"},
	{"--rate-scans", "BONDTRACE_RATE_SCANS", UINT,
	 offsetof(struct bt_config, rate_scans), "1200",
	 "code resolutions a minute from one network (IPv4 /24, IPv6 /48), "
	 "in bursts of as many; 0: no limit"},
	{"--rate-forged", "BONDTRACE_RATE_FORGED", UINT,
	 offsetof(struct bt_config, rate_forged), "120",
	 "codes that fail verification a minute from one network; 0: no "
	 "limit"},
	{"--rate-uploads", "BONDTRACE_RATE_UPLOADS", UINT,
	 offsetof(struct bt_config, rate_uploads), "30",
	 "photo uploads a minute from one network; 0: no limit"},
	{"--rate-logins", "BONDTRACE_RATE_LOGINS", UINT,
	 offsetof(struct bt_config, rate_logins), "30",
	 "sign-in attempts a minute from one network; 0: no limit"},
	{"--contact-days", "BONDTRACE_CONTACT_DAYS", UINT,
	 offsetof(struct bt_config, contact_days), "180",
	 "days after a complaint closes that its complainant's sealed contact "
	 "is kept; 0: kept"},
	{"--rate-intake", "BONDTRACE_RATE_INTAKE", UINT,
	 offsetof(struct bt_config, rate_intake), "20",
	 "complaints and reports filed a minute from one network; 0: no "
	 "limit"},
	{"--db-timeout", "BONDTRACE_DB_TIMEOUT_MS", UINT,
	 offsetof(struct bt_config, db_timeout), "5000",
	 "statement timeout for requests, milliseconds"},
	{"--clock", "BONDTRACE_CLOCK", STR, offsetof(struct bt_config, clock),
	 "",
	 "fixed date (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ) for penalties, "
	 "repairs, ratings and draws; empty: the real clock"},
	{"--draw-rates", "BONDTRACE_DRAW_RATES", STR,
	 offsetof(struct bt_config, draw_rates), "A=0.03,B=0.10,C=0.30,D=0.60",
	 "share of enterprises of each credit grade that an inspection "
	 "draw selects"},
	{"--rating-interval", "BONDTRACE_RATING_INTERVAL", UINT,
	 offsetof(struct bt_config, rating_interval), "300",
	 "seconds between the server's recomputations of every rating (0: "
	 "never)"},
	{"--log-origin", "BONDTRACE_LOG_ORIGIN", STR,
	 offsetof(struct bt_config, log_origin), "",
	 "origin line of the public log's checkpoints; empty: the public "
	 "URL's host and path + /log"},
	{"--log-witnesses", "BONDTRACE_LOG_WITNESSES", STR,
	 offsetof(struct bt_config, log_witnesses), "",
	 "verifier keys (vkeys, space-separated) of the witnesses whose "
	 "cosignatures the log accepts and serves"},
	{"--log-interval", "BONDTRACE_LOG_INTERVAL", UINT,
	 offsetof(struct bt_config, log_interval), "2",
	 "seconds between the server's checks for new log entries to sign a "
	 "checkpoint for (0: only `bondtrace log checkpoint`)"},
};

#define NSETTINGS (sizeof(settings) / sizeof(settings[0]))

static enum bt_err apply(struct bt_config *cfg, const struct setting *s,
			 const char *value, const char *source)
{
	char *base = (char *)cfg + s->offset;
	if (s->kind == STR) {
		char *copy = strdup(value);
		if (copy == NULL)
			return BT_ENOMEM;
		char **slot = (char **)(void *)base;
		free(*slot);
		*slot = copy;
		return BT_OK;
	}
	char *end = NULL;
	errno = 0;
	unsigned long v = strtoul(value, &end, 10);
	if (errno != 0 || end == value || *end != '\0' || v > UINT_MAX ||
	    value[0] == '-') {
		fprintf(stderr,
			"bondtrace: %s must be a whole number, got '%s'\n",
			source, value);
		return BT_EINVAL;
	}
	*(unsigned *)(void *)base = (unsigned)v;
	return BT_OK;
}

enum bt_err bt_config_load(struct bt_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	for (size_t i = 0; i < NSETTINGS; i++) {
		const char *env = getenv(settings[i].env);
		enum bt_err err = apply(cfg, &settings[i], settings[i].def,
					settings[i].flag);
		if (err == BT_OK && env != NULL)
			err = apply(cfg, &settings[i], env, settings[i].env);
		if (err != BT_OK) {
			bt_config_free(cfg);
			return err;
		}
	}
	return BT_OK;
}

enum bt_err bt_config_flag(struct bt_config *cfg, int argc, char **argv, int *i,
			   bool *used)
{
	*used = false;
	const char *arg = argv[*i];
	for (size_t s = 0; s < NSETTINGS; s++) {
		size_t n = strlen(settings[s].flag);
		if (strncmp(arg, settings[s].flag, n) != 0)
			continue;
		const char *value;
		if (arg[n] == '=') {
			value = arg + n + 1;
		} else if (arg[n] == '\0') {
			if (*i + 1 >= argc) {
				fprintf(stderr, "bondtrace: %s needs a value\n",
					settings[s].flag);
				return BT_EINVAL;
			}
			value = argv[++*i];
		} else {
			continue;
		}
		*used = true;
		++*i;
		return apply(cfg, &settings[s], value, settings[s].flag);
	}
	return BT_OK;
}

void bt_config_usage(FILE *out)
{
	fprintf(out, "Settings (flag, environment variable, default):\n");
	for (size_t i = 0; i < NSETTINGS; i++)
		fprintf(out, "  %-16s %-26s [%s]\n      %s\n", settings[i].flag,
			settings[i].env, settings[i].def, settings[i].help);
}

void bt_config_free(struct bt_config *cfg)
{
	for (size_t i = 0; i < NSETTINGS; i++) {
		if (settings[i].kind != STR)
			continue;
		char **slot =
			(char **)(void *)((char *)cfg + settings[i].offset);
		free(*slot);
		*slot = NULL;
	}
}
