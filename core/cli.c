/* cli.c: subcommand option parsing and set-up. */
#include "cli.h"

#include <stdarg.h>
#include <string.h>

#include "log.h"

static void print_help(const struct bt_cli *cli)
{
	printf("usage: bondtrace %s %s\n\n%s\n", cli->name, cli->usage,
	       cli->about);
	if (cli->nopts > 0)
		printf("\nOptions:\n");
	for (size_t i = 0; i < cli->nopts; i++) {
		char left[48];
		snprintf(left, sizeof(left), "%s%s%s", cli->opts[i].name,
			 cli->opts[i].arg ? " " : "",
			 cli->opts[i].arg ? cli->opts[i].arg : "");
		printf("  %-26s %s\n", left, cli->opts[i].help);
	}
	printf("\nConfiguration flags (--listen, --database-url, ...) are "
	       "accepted too: see `bondtrace help config`.\n");
}

int bt_cli_usage_error(const struct bt_cli *cli, const char *what)
{
	fprintf(stderr, "bondtrace %s: %s (usage: bondtrace %s %s)\n",
		cli->name, what, cli->name, cli->usage);
	return BT_EXIT_USAGE;
}

int bt_cli_parse(struct bt_cli *cli, int argc, char **argv)
{
	int i = 0;
	while (i < argc) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			print_help(cli);
			return 0;
		}
		bool used = false;
		if (bt_config_flag(&cli->cfg, argc, argv, &i, &used) != BT_OK)
			return BT_EXIT_USAGE;
		if (used)
			continue;
		if (strncmp(a, "--", 2) != 0) {
			if (cli->nargs ==
			    sizeof(cli->args) / sizeof(cli->args[0]))
				return bt_cli_usage_error(cli, "too many "
							       "arguments");
			cli->args[cli->nargs++] = a;
			i++;
			continue;
		}
		struct bt_cli_opt *o = NULL;
		size_t n = 0;
		for (size_t k = 0; k < cli->nopts && o == NULL; k++) {
			n = strlen(cli->opts[k].name);
			if (strncmp(a, cli->opts[k].name, n) == 0 &&
			    (a[n] == '\0' || a[n] == '='))
				o = &cli->opts[k];
		}
		if (o == NULL) {
			char msg[160];
			snprintf(msg, sizeof(msg), "unknown option %.100s", a);
			return bt_cli_usage_error(cli, msg);
		}
		if (o->arg == NULL) {
			if (a[n] == '=')
				return bt_cli_usage_error(cli,
							  "this flag takes "
							  "no value");
			o->value = "1";
		} else if (a[n] == '=') {
			o->value = a + n + 1;
		} else if (i + 1 < argc) {
			o->value = argv[++i];
		} else {
			char msg[160];
			snprintf(msg, sizeof(msg), "%s needs a value", o->name);
			return bt_cli_usage_error(cli, msg);
		}
		i++;
	}
	enum bt_log_level level;
	if (bt_log_parse_level(cli->cfg.log_level, &level) == 0)
		bt_log_set_level(level);
	return -1;
}

int bt_cli_fail(const struct bt_cli *cli, enum bt_err err, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "bondtrace %s: %s\n", cli->name, msg);
	return bt_err_exit_code(err);
}

int bt_cli_refused(const struct bt_cli *cli, enum bt_err err,
		   const char *reason)
{
	return bt_cli_fail(cli, err, "%s", reason ? reason : bt_strerror(err));
}

enum bt_err bt_cli_db(struct bt_cli *cli, struct bt_db **out)
{
	if (cli->db == NULL) {
		enum bt_err err =
			bt_db_open(cli->cfg.database_url, 0, &cli->db);
		/* What a command records is an operator's act. */
		if (err == BT_OK)
			err = bt_db_set_actor(cli->db, "operator");
		if (err != BT_OK)
			return err;
	}
	*out = cli->db;
	return BT_OK;
}

enum bt_err bt_cli_keys(struct bt_cli *cli, const struct bt_keys **out)
{
	if (cli->keys == NULL) {
		enum bt_err err = bt_keys_load(cli->cfg.key_file, &cli->keys);
		if (err != BT_OK)
			return err;
	}
	*out = cli->keys;
	return BT_OK;
}

const char *bt_cli_get(const struct bt_cli *cli, const char *name)
{
	for (size_t i = 0; i < cli->nopts; i++)
		if (strcmp(cli->opts[i].name, name) == 0)
			return cli->opts[i].value;
	return NULL;
}

bool bt_cli_need(const struct bt_cli *cli, const char *name, const char **out)
{
	*out = bt_cli_get(cli, name);
	if (*out == NULL) {
		char msg[96];
		snprintf(msg, sizeof(msg), "%s is required", name);
		bt_cli_usage_error(cli, msg);
		return false;
	}
	return true;
}

void bt_cli_done(struct bt_cli *cli)
{
	bt_db_free(cli->db);
	cli->db = NULL;
	bt_keys_free(cli->keys);
	cli->keys = NULL;
	bt_config_free(&cli->cfg);
}
