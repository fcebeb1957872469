/* cmd_credit.c: the disclosure commands: enterprises, ratings, draws. */
#include "app/commands.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/clock.h"
#include "disclosure/draw.h"
#include "disclosure/enterprise.h"
#include "disclosure/rating.h"

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
		return bt_cli_refused(cli, err, reason);
	printf("%lld\n", id);
	return 0;
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
	int rc = 0;
	struct bt_db *db =
		app_need_id_db(cli, "name one draw by its number", &id, &rc);
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
