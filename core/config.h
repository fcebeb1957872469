/* config.h: settings from environment variables and command-line flags.
 * Every setting is listed once, in the table in config.c; `bondtrace help
 * config` prints that table and docs/configuration.md mirrors it. */
#ifndef BT_CONFIG_H
#define BT_CONFIG_H

#include <stdbool.h>
#include <stdio.h>

#include "err.h"

struct bt_config {
	char *database_url; /* libpq conninfo or URI */
	char *listen;	    /* host:port the server binds */
	char *public_url;   /* base of every issued code, no trailing slash */
	char *key_file;	    /* serial and hashing keys, outside the database */
	char *web_dir;	    /* templates, catalogs and static files */
	char *log_level;    /* debug, info, warn, error */
	unsigned threads;   /* HTTP worker threads (0: one per core) */
	unsigned workers;   /* threads of the writing handlers' pool */
	unsigned worker_queue;	     /* requests waiting for one of them */
	unsigned max_body;	     /* request body limit, bytes */
	unsigned max_uri;	     /* request URI limit, bytes */
	unsigned db_timeout;	     /* statement timeout, milliseconds */
	unsigned max_connections;    /* HTTP connections in all */
	unsigned per_ip_connections; /* HTTP connections from one address */
	unsigned head_timeout;	     /* seconds for a request head */
	unsigned body_timeout;	     /* seconds for a request body */
	unsigned decode_threads;     /* photo decoding workers */
	unsigned decode_queue;	     /* photos waiting for one */
	unsigned rate_scans;	     /* per network and minute, 0: none */
	unsigned rate_forged;
	unsigned rate_uploads;
	unsigned rate_logins;
	unsigned rate_intake;
	unsigned contact_days;
	char *clock;	  /* fixed time for disclosure rules, "" for real */
	char *draw_rates; /* sampling rate per credit grade */
	unsigned rating_interval; /* seconds between rating recomputations */
	char *log_origin;	  /* the public log's origin, "" for derived */
	char *log_witnesses;	  /* witness vkeys, space-separated */
	unsigned log_interval;	  /* seconds between checkpoint checks */
};

/* Fills cfg with defaults overridden by the environment. The strings are
 * owned by cfg; release them with bt_config_free(). */
enum bt_err bt_config_load(struct bt_config *cfg);

/* If argv[*i] is a configuration flag (--listen ADDR or --listen=ADDR),
 * applies it, advances *i past it and returns BT_OK with *used = true.
 * Returns BT_EINVAL with a message on stderr for a bad value. */
enum bt_err bt_config_flag(struct bt_config *cfg, int argc, char **argv, int *i,
			   bool *used);

/* Prints the settings table (flag, variable, default, meaning). */
void bt_config_usage(FILE *out);

void bt_config_free(struct bt_config *cfg);

#endif
