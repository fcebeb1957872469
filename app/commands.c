/* commands.c: the subcommands other than serve (serve.c) and batches
 * (cmd_batch.c): parse options, call a module, print. */
#include "app/commands.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/auth.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/migrate.h"
#include "core/session.h"
#include "disclosure/draw.h"
#include "disclosure/enterprise.h"
#include "disclosure/rating.h"
#include "scanner/decode.h"
#include "scanner/image.h"
#include "scanner/lookup.h"
#include "scanner/verify.h"
#include "trace/code/batch.h"
#include "trace/code/product.h"
#include "trace/customs/binding.h"
#include "trace/customs/ceb.h"
#include "trace/customs/declaration.h"
#include "trace/customs/provenance.h"
#include "trace/scan/cache.h"
#include "trace/scan/scanlog.h"

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

int cmd_enterprise_add(struct bt_cli *cli)
{
	const char *uscc, *customs, *zh, *en;
	if (!bt_cli_need(cli, "--uscc", &uscc) ||
	    !bt_cli_need(cli, "--customs-code", &customs) ||
	    !bt_cli_need(cli, "--name-zh", &zh) ||
	    !bt_cli_need(cli, "--name-en", &en))
		return BT_EXIT_USAGE;
	struct disc_enterprise e;
	memset(&e, 0, sizeof(e));
	if (bt_strlcpy(e.uscc, uscc, sizeof(e.uscc)) >= sizeof(e.uscc) ||
	    bt_strlcpy(e.customs_code, customs, sizeof(e.customs_code)) >=
		    sizeof(e.customs_code) ||
	    bt_strlcpy(e.name_zh, zh, sizeof(e.name_zh)) >= sizeof(e.name_zh) ||
	    bt_strlcpy(e.name_en, en, sizeof(e.name_en)) >= sizeof(e.name_en))
		return bt_cli_fail(cli, BT_EINVAL, "a value is too long");
	int rc = 0;
	struct bt_db *db = app_need_db(cli, &rc);
	if (db == NULL)
		return rc;
	long long id = 0;
	const char *reason = NULL;
	enum bt_err err = disc_enterprise_add(db, &e, &id, &reason);
	if (err != BT_OK)
		return bt_cli_fail(cli, err, "%s",
				   reason ? reason : bt_strerror(err));
	printf("%lld\n", id);
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

static int the_enterprise(struct bt_cli *cli, struct bt_db **db,
			  struct disc_enterprise *e)
{
	memset(e, 0, sizeof(*e));
	if (cli->nargs != 1)
		return bt_cli_usage_error(cli, "name one enterprise");
	int rc = 0;
	*db = app_need_db(cli, &rc);
	if (*db == NULL)
		return rc;
	return app_find_enterprise(cli, *db, cli->args[0], e);
}

int cmd_enterprise_show(struct bt_cli *cli)
{
	struct bt_db *db = NULL;
	struct disc_enterprise e;
	int rc = the_enterprise(cli, &db, &e);
	if (rc == 0)
		app_print_json(disc_enterprise_json(&e));
	return rc;
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
	if (cli->nargs != 1 || !bt_parse_ll(cli->args[0], 1, LLONG_MAX, &id))
		return bt_cli_usage_error(cli, "name the key's id");
	int rc = 0;
	struct bt_db *db = app_need_db(cli, &rc);
	if (db == NULL)
		return rc;
	enum bt_err err = bt_auth_key_revoke(db, id);
	if (err != BT_OK)
		return bt_cli_fail(cli, err, "no live API key %lld", id);
	printf("revoked API key %lld\n", id);
	return 0;
}

int cmd_product_add(struct bt_cli *cli)
{
	const char *ent, *gtin, *zh, *en, *brand, *origin;
	if (!bt_cli_need(cli, "--enterprise", &ent) ||
	    !bt_cli_need(cli, "--gtin", &gtin) ||
	    !bt_cli_need(cli, "--name-zh", &zh) ||
	    !bt_cli_need(cli, "--name-en", &en) ||
	    !bt_cli_need(cli, "--brand", &brand) ||
	    !bt_cli_need(cli, "--origin", &origin))
		return BT_EXIT_USAGE;
	struct trace_product p;
	memset(&p, 0, sizeof(p));
	if (bt_strlcpy(p.gtin, gtin, sizeof(p.gtin)) >= sizeof(p.gtin) ||
	    bt_strlcpy(p.name_zh, zh, sizeof(p.name_zh)) >= sizeof(p.name_zh) ||
	    bt_strlcpy(p.name_en, en, sizeof(p.name_en)) >= sizeof(p.name_en) ||
	    bt_strlcpy(p.brand, brand, sizeof(p.brand)) >= sizeof(p.brand) ||
	    bt_strlcpy(p.origin_country, origin, sizeof(p.origin_country)) >=
		    sizeof(p.origin_country))
		return bt_cli_fail(cli, BT_EINVAL, "a value is too long");
	int rc = 0;
	struct bt_db *db = app_need_db(cli, &rc);
	if (db == NULL)
		return rc;
	struct disc_enterprise e;
	if ((rc = app_find_enterprise(cli, db, ent, &e)) != 0)
		return rc;
	p.enterprise_id = e.id;
	long long id = 0;
	const char *reason = NULL;
	enum bt_err err = trace_product_add(db, &p, &id, &reason);
	if (err != BT_OK)
		return bt_cli_fail(cli, err, "%s",
				   reason ? reason : bt_strerror(err));
	printf("%lld\n", id);
	return 0;
}

int cmd_declare(struct bt_cli *cli)
{
	const char *ent_key;
	if (!bt_cli_need(cli, "--enterprise", &ent_key))
		return BT_EXIT_USAGE;
	if (cli->nargs == 0)
		return bt_cli_usage_error(cli,
					  "name one or more message files");
	struct bt_db *db = NULL;
	struct disc_enterprise e;
	int rc = app_trace_enterprise(cli, ent_key, &db, &e);
	if (rc != 0)
		return rc;
	size_t rejected = 0;
	for (size_t i = 0; i < cli->nargs; i++) {
		struct bt_buf b = BT_BUF_INIT;
		enum bt_err err =
			bt_read_file(cli->args[i], CEB_MAX_BYTES + 1, &b);
		if (err != BT_OK) {
			bt_buf_free(&b);
			return bt_cli_fail(cli, err, "cannot read %s: %s",
					   cli->args[i], bt_strerror(err));
		}
		struct trace_declare_result r;
		err = trace_declare(db, &e, b.data, b.len, &r);
		bt_buf_free(&b);
		if (err != BT_OK)
			return bt_cli_fail(cli, err,
					   "%s could not be judged (%s); "
					   "nothing of it was stored",
					   cli->args[i], bt_strerror(err));
		if (r.accepted)
			printf("%s: accepted%s (guid %s)\n", cli->args[i],
			       r.resent ? " before; unchanged" : "",
			       json_string_value(
				       json_object_get(r.receipt, "guid")));
		else
			printf("%s: rejected: %s: %s\n", cli->args[i],
			       r.error.path, r.error.rule);
		rejected += !r.accepted;
		trace_declare_result_free(&r);
	}
	return rejected ? bt_err_exit_code(BT_EINVAL) : 0;
}

int cmd_record(struct bt_cli *cli)
{
	const char *ent_key;
	enum trace_record_kind kind;
	if (cli->nargs != 2 ||
	    trace_record_kind_parse(cli->args[0], &kind) != BT_OK)
		return bt_cli_usage_error(cli, "name the kind (product, lot, "
					       "shipment or inspection) and a "
					       "JSON file");
	if (!bt_cli_need(cli, "--enterprise", &ent_key))
		return BT_EXIT_USAGE;
	struct bt_buf b = BT_BUF_INIT;
	enum bt_err err = bt_read_file(cli->args[1], 1u << 20, &b);
	json_error_t jerr;
	json_t *in = err == BT_OK ? json_loadb(b.data, b.len, 0, &jerr) : NULL;
	bt_buf_free(&b);
	if (err != BT_OK)
		return bt_cli_fail(cli, err, "cannot read %s", cli->args[1]);
	if (in == NULL)
		return bt_cli_fail(cli, BT_EINVAL, "%s: %s (line %d)",
				   cli->args[1], jerr.text, jerr.line);
	struct bt_db *db = NULL;
	struct disc_enterprise e;
	int rc = app_trace_enterprise(cli, ent_key, &db, &e);
	if (rc != 0) {
		json_decref(in);
		return rc;
	}
	json_t *out = NULL;
	const char *reason = NULL;
	err = trace_record(db, e.id, kind, in, &out, &reason);
	json_decref(in);
	if (err != BT_OK)
		return bt_cli_fail(cli, err, "%s",
				   reason ? reason : bt_strerror(err));
	app_print_json(out);
	return 0;
}

int cmd_bind(struct bt_cli *cli)
{
	const char *ent_key, *batch, *from, *to, *inv, *gnum;
	if (!bt_cli_need(cli, "--enterprise", &ent_key) ||
	    !bt_cli_need(cli, "--batch", &batch) ||
	    !bt_cli_need(cli, "--from", &from) ||
	    !bt_cli_need(cli, "--to", &to) ||
	    !bt_cli_need(cli, "--inventory", &inv) ||
	    !bt_cli_need(cli, "--gnum", &gnum))
		return BT_EXIT_USAGE;
	struct trace_binding_request q = {.inventory = inv,
					  .lot = bt_cli_get(cli, "--lot")};
	long long id;
	if (!bt_parse_ll(batch, 1, TRACE_BATCH_ID_MAX, &id) ||
	    !bt_parse_ll(from, 0, TRACE_BATCH_COUNT_MAX, &q.from) ||
	    !bt_parse_ll(to, 0, TRACE_BATCH_COUNT_MAX, &q.to) ||
	    !bt_parse_ll(gnum, 1, 999, &q.gnum))
		return bt_cli_fail(cli, BT_EINVAL,
				   "--batch, --from, --to and --gnum are "
				   "numbers");
	q.batch = (uint32_t)id;
	int rc = 0;
	struct bt_db *db = app_need_db(cli, &rc);
	struct disc_enterprise e;
	if (db == NULL || (rc = app_find_enterprise(cli, db, ent_key, &e)) != 0)
		return rc;
	json_t *out = NULL;
	const char *reason = NULL;
	enum bt_err err = trace_binding_add(db, e.id, &q, &out, &reason);
	if (err != BT_OK)
		return bt_cli_fail(cli, err, "%s",
				   reason ? reason : bt_strerror(err));
	app_print_json(out);
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
		return bt_cli_usage_error(cli, "--role is regulator or admin");
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
	long long id = 0;
	const char *reason = NULL;
	enum bt_err err =
		bt_account_add(db, user, password, role, &id, &reason);
	if (err != BT_OK)
		return bt_cli_fail(cli, err, "%s",
				   reason ? reason : bt_strerror(err));
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

int cmd_scan(struct bt_cli *cli)
{
	if (cli->nargs == 0)
		return bt_cli_usage_error(cli, "name one or more images");
	int rc = 0;
	char url[256];
	struct bt_db *db = app_need_db(cli, &rc);
	if (db == NULL || !app_setup_trace(cli, url, sizeof(url), &rc))
		return rc;
	enum bt_err err = trace_cache_start(cli->cfg.database_url);
	if (err == BT_OK)
		err = trace_scanlog_start(cli->cfg.database_url);
	if (err != BT_OK) {
		trace_cache_stop();
		return bt_cli_fail(cli, err, "cannot start the scan log");
	}
	struct scan_context ctx = {"127.0.0.1", "bondtrace-cli", "en", "cli"};
	size_t genuine = 0, read = 0;
	for (size_t i = 0; i < cli->nargs && rc == 0; i++) {
		struct bt_buf b = BT_BUF_INIT;
		struct scan_gray g;
		struct scan_result r = {0};
		const char *reason = "the file cannot be read";
		err = bt_read_file(cli->args[i], SCAN_MAX_BYTES, &b);
		if (err == BT_OK)
			err = scan_image_load(b.data, b.len, &g, &reason);
		bt_buf_free(&b);
		if (err != BT_OK) {
			rc = bt_cli_fail(cli, err, "%s: %s", cli->args[i],
					 reason);
			break;
		}
		err = scan_decode(&g, &r);
		scan_gray_free(&g);
		if (r.n == 0)
			printf("%s: no code found\n", cli->args[i]);
		for (size_t k = 0; err == BT_OK && k < r.n; k++) {
			json_t *j = scan_lookup(db, &r.sym[k], &ctx, NULL);
			const json_t *scan = json_object_get(j, "scan");
			const char *verdict = json_string_value(
				json_object_get(scan, "verdict"));
			printf("%s: %s %s", cli->args[i], r.sym[k].type,
			       r.sym[k].data);
			if (verdict) {
				printf("  %s, queried %lld times\n", verdict,
				       (long long)json_integer_value(
					       json_object_get(
						       json_object_get(scan,
								       "scans"),
						       "count")));
				genuine++;
			} else if (json_is_false(
					   json_object_get(j, "genuine"))) {
				printf("  NOT GENUINE: %s\n",
				       json_string_value(
					       json_object_get(j, "reason")));
			} else {
				printf("\n");
			}
			read++;
			json_decref(j);
		}
		scan_result_free(&r);
	}
	trace_scanlog_stop();
	trace_cache_stop();
	if (rc != 0)
		return rc;
	/* 0: a genuine code was found; 4: codes, none of them ours and
	 * genuine; 3: no code could be read at all. */
	return genuine ? 0
	       : read  ? bt_err_exit_code(BT_ENOTFOUND)
		       : bt_err_exit_code(BT_EINVAL);
}

int cmd_credit_recompute(struct bt_cli *cli)
{
	int rc = 0;
	struct bt_db *db = app_need_db(cli, &rc);
	if (db == NULL)
		return rc;
	char now[BT_CLOCK_ISO_LEN];
	bt_clock_iso(now);
	int changed = 0;
	enum bt_err err = disc_rating_recompute_all(db, now, &changed);
	if (err != BT_OK)
		return bt_cli_fail(cli, err,
				   "ratings could not be recomputed: %s",
				   bt_db_last_error(db));
	printf("ratings recomputed as of %s: %d changed\n", now, changed);
	return 0;
}

int cmd_credit_show(struct bt_cli *cli)
{
	struct bt_db *db = NULL;
	struct disc_enterprise e;
	int rc = the_enterprise(cli, &db, &e);
	if (rc != 0)
		return rc;
	json_t *out = NULL;
	enum bt_err err = disc_rating_get(db, e.id, &out);
	if (err != BT_OK)
		return bt_cli_fail(cli, err,
				   "no rating for %s yet (run `bondtrace "
				   "credit recompute`)",
				   cli->args[0]);
	app_print_json(out);
	return 0;
}

/* Recomputes a draw's selection from what it published. */
int cmd_draw_verify(struct bt_cli *cli)
{
	long long id;
	if (cli->nargs != 1 || !bt_parse_ll(cli->args[0], 1, LLONG_MAX, &id))
		return bt_cli_usage_error(cli, "name one draw by its number");
	int rc = 0;
	struct bt_db *db = app_need_db(cli, &rc);
	if (db == NULL)
		return rc;
	json_t *draw = NULL;
	enum bt_err err = disc_draw_get(db, id, &draw);
	if (err != BT_OK)
		return bt_cli_fail(cli, err, "no draw %lld", id);
	const json_t *published = json_object_get(draw, "selection");
	if (!json_is_array(published)) {
		json_decref(draw);
		return bt_cli_fail(cli, BT_ECONFLICT,
				   "draw %lld has not been run yet", id);
	}
	json_t *mine = disc_draw_select(
		json_string_value(json_object_get(draw, "seed")),
		json_object_get(draw, "population"));
	bool same = json_array_size(mine) == json_array_size(published);
	for (size_t i = 0; same && i < json_array_size(mine); i++)
		same = json_equal(
			json_object_get(json_array_get(mine, i), "uscc"),
			json_object_get(json_array_get(published, i), "uscc"));
	printf("draw %lld: %zu of %zu selected; recomputed from the seed: %s\n",
	       id, json_array_size(mine),
	       json_array_size(json_object_get(draw, "population")),
	       same ? "the same" : "DIFFERENT");
	json_decref(mine);
	json_decref(draw);
	return same ? 0 : bt_err_exit_code(BT_ECONFLICT);
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
