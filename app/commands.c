/* commands.c: what every subcommand shares (the database, the keys, the
 * named enterprise), and the house-keeping commands: migrations, keys, API
 * keys, accounts, routes. The module commands are in cmd_*.c, serve in
 * serve.c. */
#include "app/commands.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/auth.h"
#include "core/buf.h"
#include "core/migrate.h"
#include "core/session.h"
#include "disclosure/enterprise.h"
#include "insurance/policy.h"
#include "trace/trace.h"

#ifndef BT_DEFAULT_SQL_DIR
#define BT_DEFAULT_SQL_DIR "sql"
#endif

/* Connects, or prints why not and sets *rc. */
struct bt_db *app_need_db(struct bt_cli *cli, int *rc)
{
	struct bt_db *db = NULL;
	enum bt_err err = bt_cli_db(cli, &db);
	if (err != BT_OK)
		*rc = bt_cli_fail(cli, err,
				  "cannot connect to the database (set "
				  "BONDTRACE_DATABASE_URL or --database-url)");
	return db;
}

struct bt_db *app_need_id_db(struct bt_cli *cli, const char *usage,
			     long long *id, int *rc)
{
	if (cli->nargs != 1 || !bt_parse_ll(cli->args[0], 1, LLONG_MAX, id)) {
		*rc = bt_cli_usage_error(cli, usage);
		return NULL;
	}
	return app_need_db(cli, rc);
}

const struct bt_keys *app_need_keys(struct bt_cli *cli, int *rc)
{
	const struct bt_keys *keys = NULL;
	enum bt_err err = bt_cli_keys(cli, &keys);
	if (err != BT_OK)
		*rc = bt_cli_fail(cli, err,
				  "cannot use key file %s (make one with "
				  "`bondtrace keys init`)",
				  cli->cfg.key_file);
	return keys;
}

/* The public URL: configured, or derived from the listen address. */
static void public_url(const struct bt_cli *cli, char *out, size_t size)
{
	if (cli->cfg.public_url[0])
		bt_strlcpy(out, cli->cfg.public_url, size);
	else
		snprintf(out, size, "http://%s", cli->cfg.listen);
	size_t n = strlen(out);
	while (n > 0 && out[n - 1] == '/')
		out[--n] = '\0';
}

bool app_setup_trace(struct bt_cli *cli, char *url, size_t size, int *rc)
{
	const struct bt_keys *keys = app_need_keys(cli, rc);
	if (keys == NULL)
		return false;
	public_url(cli, url, size);
	trace_init(keys, url);
	return true;
}

void app_print_json(json_t *j)
{
	char *s = json_dumps(j, JSON_INDENT(2));
	if (s)
		printf("%s\n", s);
	free(s);
	json_decref(j);
}

int cmd_db_migrate(struct bt_cli *cli)
{
	int rc = 0;
	struct bt_db *db = app_need_db(cli, &rc);
	if (db == NULL)
		return rc;
	const char *dir = bt_cli_get(cli, "--dir");
	char def[1024];
	if (dir == NULL) {
		snprintf(def, sizeof(def), "%s/migrations", BT_DEFAULT_SQL_DIR);
		dir = def;
	}
	unsigned applied = 0;
	enum bt_err err = bt_migrate(db, dir, stdout, &applied);
	if (err != BT_OK)
		return bt_err_exit_code(err); /* bt_migrate said why */
	printf("migrations up to date (%u applied now)\n", applied);
	return 0;
}

int cmd_keys_init(struct bt_cli *cli)
{
	enum bt_err err = bt_keys_init(cli->cfg.key_file);
	if (err == BT_ECONFLICT)
		return bt_cli_fail(cli, err,
				   "%s exists; it is never overwritten (use "
				   "`keys rotate` for a new version)",
				   cli->cfg.key_file);
	if (err != BT_OK)
		return bt_cli_fail(cli, err, "cannot create %s",
				   cli->cfg.key_file);
	printf("created %s (serial key version 1); back it up: codes cannot "
	       "be verified without it\n",
	       cli->cfg.key_file);
	return 0;
}

int cmd_keys_upgrade(struct bt_cli *cli)
{
	bool added = false;
	enum bt_err err = bt_keys_upgrade(cli->cfg.key_file, &added);
	if (err != BT_OK)
		return bt_cli_fail(cli, err, "cannot upgrade %s",
				   cli->cfg.key_file);
	if (added)
		printf("added the log signing key to %s; back it up\n",
		       cli->cfg.key_file);
	return 0;
}

int cmd_keys_rotate(struct bt_cli *cli)
{
	unsigned v = 0;
	enum bt_err err = bt_keys_rotate(cli->cfg.key_file, &v);
	if (err == BT_ECONFLICT)
		return bt_cli_fail(cli, err, "all %d key versions are in use",
				   BT_KEYS_MAX_VERSION);
	if (err != BT_OK)
		return bt_cli_fail(cli, err, "cannot rotate keys in %s",
				   cli->cfg.key_file);
	printf("serial key version %u added; new batches use it\n", v);
	return 0;
}

int app_find_enterprise(struct bt_cli *cli, struct bt_db *db, const char *key,
			struct disc_enterprise *out)
{
	enum bt_err err = disc_enterprise_find(db, key, out);
	if (err == BT_ENOTFOUND)
		return bt_cli_fail(cli, err, "no enterprise '%s'", key);
	if (err != BT_OK)
		return bt_cli_fail(cli, err, "cannot read enterprise '%s'",
				   key);
	return 0;
}

/* The one enterprise the command's argument names; an exit code. */
int app_trace_enterprise(struct bt_cli *cli, const char *key, struct bt_db **db,
			 struct disc_enterprise *e)
{
	memset(e, 0, sizeof(*e));
	int rc = 0;
	char url[256];
	*db = app_need_db(cli, &rc);
	if (*db == NULL || !app_setup_trace(cli, url, sizeof(url), &rc))
		return rc;
	return app_find_enterprise(cli, *db, key, e);
}

int cmd_apikey_create(struct bt_cli *cli)
{
	const char *ent_key = bt_cli_get(cli, "--enterprise");
	const char *role_name = bt_cli_get(cli, "--role");
	const char *label = bt_cli_get(cli, "--label");
	enum bt_role role = BT_ROLE_ENTERPRISE;
	if ((ent_key == NULL) == (role_name == NULL))
		return bt_cli_usage_error(cli, "give --enterprise or --role");
	if (role_name && (bt_role_parse(role_name, &role) != BT_OK ||
			  role == BT_ROLE_ENTERPRISE))
		return bt_cli_usage_error(cli, "--role is regulator or admin");
	int rc = 0;
	struct bt_db *db = app_need_db(cli, &rc);
	if (db == NULL)
		return rc;
	struct disc_enterprise e = {0};
	if (ent_key && (rc = app_find_enterprise(cli, db, ent_key, &e)) != 0)
		return rc;
	char token[BT_TOKEN_LEN + 1];
	long long id = 0;
	enum bt_err err = bt_auth_key_create(db, role, e.id, label ? label : "",
					     token, &id);
	if (err != BT_OK)
		return bt_cli_fail(cli, err, "cannot create the key: %s",
				   bt_strerror(err));
	fprintf(stderr, "API key %lld created; it is shown only now:\n", id);
	printf("%s\n", token);
	return 0;
}

int cmd_apikey_revoke(struct bt_cli *cli)
{
	long long id;
	int rc = 0;
	struct bt_db *db = app_need_id_db(cli, "name the key's id", &id, &rc);
	if (db == NULL)
		return rc;
	enum bt_err err = bt_auth_key_revoke(db, id);
	if (err != BT_OK)
		return bt_cli_fail(cli, err, "no live API key %lld", id);
	printf("revoked API key %lld\n", id);
	return 0;
}

int cmd_account_add(struct bt_cli *cli)
{
	const char *user, *role_name;
	enum bt_role role;
	if (!bt_cli_need(cli, "--username", &user) ||
	    !bt_cli_need(cli, "--role", &role_name))
		return BT_EXIT_USAGE;
	if (bt_role_parse(role_name, &role) != BT_OK ||
	    role == BT_ROLE_ENTERPRISE)
		return bt_cli_usage_error(cli, "--role is regulator, admin or "
					       "insurer");
	const char *insurer = bt_cli_get(cli, "--insurer");
	if ((role == BT_ROLE_INSURER) != (insurer != NULL))
		return bt_cli_usage_error(cli, "--insurer CODE goes with "
					       "--role insurer, and only with "
					       "it");
	/* The password comes from the environment or the first line of
	 * stdin, never from the command line (which others can read). */
	char line[256] = "";
	const char *password = getenv("BONDTRACE_PASSWORD");
	if (password == NULL) {
		if (fgets(line, sizeof(line), stdin) == NULL)
			return bt_cli_fail(cli, BT_EINVAL,
					   "give the password on stdin or in "
					   "BONDTRACE_PASSWORD");
		line[strcspn(line, "\r\n")] = '\0';
		password = line;
	}
	int rc = 0;
	struct bt_db *db = app_need_db(cli, &rc);
	if (db == NULL)
		return rc;
	long long id = 0, insurer_id = 0;
	const char *reason = NULL;
	enum bt_err err = BT_OK;
	if (insurer != NULL &&
	    ins_insurer_find(db, insurer, &insurer_id) != BT_OK) {
		err = BT_EINVAL;
		reason = "--insurer: no insurer with this code";
	}
	if (err == BT_OK)
		err = bt_account_add(db, user, password, role, insurer_id, &id,
				     &reason);
	if (err != BT_OK)
		return bt_cli_refused(cli, err, reason);
	printf("%lld\n", id);
	return 0;
}

int cmd_account_unlock(struct bt_cli *cli)
{
	const char *user;
	if (!bt_cli_need(cli, "--username", &user))
		return BT_EXIT_USAGE;
	int rc = 0;
	struct bt_db *db = app_need_db(cli, &rc);
	if (db == NULL)
		return rc;
	enum bt_err err = bt_account_unlock(db, user);
	if (err != BT_OK)
		return bt_cli_fail(cli, err, "%s",
				   err == BT_ENOTFOUND ? "no such account"
						       : bt_strerror(err));
	printf("unlocked %s\n", user);
	return 0;
}

int cmd_routes(struct bt_cli *cli)
{
	(void)cli;
	char who[64];
	for (size_t i = 0; i < app_nroutes; i++)
		printf("%s %s %s\n", app_routes[i].method,
		       app_routes[i].pattern,
		       bt_allow_name(app_routes[i].allow, who, sizeof(who)));
	return 0;
}
