/* cli.h: option parsing and shared plumbing for `bondtrace` subcommands.
 * Exit codes: 0 success, 1 internal or I/O error, 2 usage error, 3 invalid
 * input, 4 not found, 5 conflict, 6 not allowed, 7 database error. */
#ifndef BT_CLI_H
#define BT_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "config.h"
#include "db.h"
#include "err.h"
#include "keys.h"

#define BT_EXIT_USAGE 2

struct bt_cli_opt {
	const char *name; /* "--count" */
	const char *arg;  /* "N" for options taking a value, NULL for flags */
	const char *help;
	const char *value; /* the given value (or "1" for a flag), or NULL */
};

/* Everything a command may need, set up on demand. */
struct bt_cli {
	struct bt_config cfg;
	struct bt_db *db;
	struct bt_keys *keys;
	const char *name;  /* "batch issue" */
	const char *usage; /* one line of arguments */
	const char *about;
	struct bt_cli_opt *opts;
	size_t nopts;
	const char *args[16]; /* positional arguments */
	size_t nargs;
};

/* Parses argv (after the command words) into cli->opts and cli->args,
 * accepting the configuration flags too. Prints help and returns 0 for
 * --help; prints one line and returns BT_EXIT_USAGE for a bad option;
 * returns -1 when parsing succeeded and the command should run. */
int bt_cli_parse(struct bt_cli *cli, int argc, char **argv);

/* Prints "bondtrace NAME: message" on stderr and returns the exit code
 * for err. */
int bt_cli_fail(const struct bt_cli *cli, enum bt_err err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* As bt_cli_fail for a module's refusal: its reason when it gave one,
 * else the error's own text. */
int bt_cli_refused(const struct bt_cli *cli, enum bt_err err,
		   const char *reason);

/* Prints the usage line and returns BT_EXIT_USAGE. */
int bt_cli_usage_error(const struct bt_cli *cli, const char *what);

/* Connects to the database named by the configuration. */
enum bt_err bt_cli_db(struct bt_cli *cli, struct bt_db **out);
/* Loads the key file named by the configuration. */
enum bt_err bt_cli_keys(struct bt_cli *cli, const struct bt_keys **out);

/* The value of option name, or NULL. */
const char *bt_cli_get(const struct bt_cli *cli, const char *name);
/* Requires option name; prints a usage error when missing. */
bool bt_cli_need(const struct bt_cli *cli, const char *name, const char **out);

/* Releases what the command set up. */
void bt_cli_done(struct bt_cli *cli);

#endif
