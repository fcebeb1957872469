/* draw.c: random inspection draws. */
#include "draw.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/crypto.h"
#include "disclosure/rating.h"

enum {
	ST_POPULATION,
	ST_INSERT,
	ST_LOCK,
	ST_RUN,
	ST_GET,
	ST_LIST,
};

#define DRAW_JSON                                                              \
	"json_build_object('id', id, 'title', title, 'title_en', title_en, "   \
	"'seed', seed, "                                                       \
	"'created_by', created_by, 'created_at', created_at, 'run_at', "       \
	"run_at, 'population', population, 'selection', selection)"

static const struct bt_stmt stmts[] = {
	[ST_POPULATION] =
		{"disc.draw_population",
		 "SELECT coalesce(json_agg(json_build_object('id', e.id, "
		 "'uscc', e.uscc, 'name_zh', e.name_zh, 'name_en', e.name_en, "
		 "'grade', l.grade) ORDER BY e.uscc), '[]') FROM enterprise e "
		 "JOIN LATERAL current_rating(e.id) l ON true"},
	[ST_INSERT] = {"disc.draw_insert",
		       "INSERT INTO draw (title, seed, population, created_by, "
		       "created_at, title_en) VALUES ($1, $2, $3::jsonb, $4, "
		       "$5, $6) RETURNING id"},
	[ST_LOCK] = {"disc.draw_lock",
		     "SELECT seed, population::text, run_at IS NOT NULL FROM "
		     "draw WHERE id = $1 FOR UPDATE"},
	[ST_RUN] = {"disc.draw_run",
		    "UPDATE draw SET run_at = $2, selection = $3::jsonb WHERE "
		    "id = $1"},
	[ST_GET] = {"disc.draw_get",
		    "SELECT " DRAW_JSON " FROM draw WHERE id = $1"},
	[ST_LIST] = {"disc.draw_list",
		     "SELECT coalesce(json_agg(json_build_object('id', id, "
		     "'title', title, 'title_en', title_en, 'created_at', "
		     "created_at, 'run_at', "
		     "run_at, 'population', jsonb_array_length(population), "
		     "'selected', jsonb_array_length(selection)) ORDER BY id "
		     "DESC), '[]') FROM draw"},
};

bool disc_draw_rates(const char *text, json_t **out, char *reason, size_t size)
{
	*out = json_object();
	char buf[512];
	if (bt_strlcpy(buf, text ? text : "", sizeof(buf)) >= sizeof(buf)) {
		snprintf(reason, size, "the draw rates are too long");
		goto bad;
	}
	for (char *save = NULL, *item = strtok_r(buf, ",", &save); item;
	     item = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(item, '=');
		char *end = NULL;
		double rate = eq ? strtod(eq + 1, &end) : NAN;
		if (eq == NULL || eq == item || eq - item > 4 ||
		    end == eq + 1 || *end != '\0' ||
		    !(rate >= 0 && rate <= 1)) {
			snprintf(reason, size,
				 "draw rates are GRADE=RATE pairs with rates "
				 "from 0 to 1, e.g. A=0.03,B=0.1; '%s' is not",
				 item);
			goto bad;
		}
		*eq = '\0';
		json_object_set_new(*out, item, json_real(rate));
	}
	if (json_object_size(*out) > 0)
		return true;
	snprintf(reason, size, "no draw rates are configured");
bad:
	json_decref(*out);
	*out = NULL;
	return false;
}

double disc_draw_u(const char *seed, const char *uscc)
{
	char msg[128];
	int n = snprintf(msg, sizeof(msg), "%s:%s", seed, uscc);
	char hex[BT_HASH_HEX_LEN];
	bt_sha256_hex(msg, n > 0 && n < (int)sizeof(msg) ? (size_t)n : 0, hex);
	uint64_t x = 0;
	for (int i = 0; i < 16; i++)
		x = x << 4 | (uint64_t)bt_hex_digit(hex[i]);
	return (double)x / 18446744073709551616.0;
}

json_t *disc_draw_select(const char *seed, const json_t *population)
{
	json_t *out = json_array();
	for (size_t i = 0; i < json_array_size(population); i++) {
		const json_t *e = json_array_get(population, i);
		const char *uscc =
			json_string_value(json_object_get(e, "uscc"));
		double rate = json_number_value(json_object_get(e, "rate"));
		double u = disc_draw_u(seed, uscc ? uscc : "");
		if (u < rate) {
			json_t *pick = json_deep_copy(e);
			json_object_set_new(pick, "u", json_real(u));
			json_array_append_new(out, pick);
		}
	}
	return out;
}

enum bt_err disc_draw_create(struct bt_db *db, const char *title,
			     const char *title_en, const char *rates,
			     const char *who, const char *now, long long *id,
			     char *reason, size_t size)
{
	if (!bt_text_ok(title, 1, 200)) {
		snprintf(reason, size,
			 "title: what the draw is for, 1 to 200 characters");
		return BT_EINVAL;
	}
	if (title_en && !bt_text_ok(title_en, 0, 200)) {
		snprintf(reason, size,
			 "title_en: the title in English, at most 200 "
			 "characters");
		return BT_EINVAL;
	}
	json_t *rate = NULL, *pop = NULL;
	if (!disc_draw_rates(rates, &rate, reason, size))
		return BT_EINVAL;
	int changed;
	enum bt_err err = disc_rating_recompute_all(db, now, &changed);
	if (err == BT_OK)
		err = bt_db_query_json(db, &stmts[ST_POPULATION], 0, NULL,
				       &pop);
	for (size_t i = 0; err == BT_OK && i < json_array_size(pop); i++) {
		json_t *e = json_array_get(pop, i);
		const char *grade =
			json_string_value(json_object_get(e, "grade"));
		json_t *r = json_object_get(rate, grade);
		if (r == NULL) {
			snprintf(reason, size,
				 "no draw rate is configured for grade %s "
				 "(BONDTRACE_DRAW_RATES)",
				 grade);
			err = BT_EINVAL;
		} else {
			json_object_set(e, "rate", r);
		}
	}
	char seed[65];
	unsigned char raw[32];
	bt_random_bytes(raw, sizeof(raw));
	bt_hex_encode(seed, raw, sizeof(raw));
	char *pj = err == BT_OK ? json_dumps(pop, JSON_COMPACT) : NULL;
	if (err == BT_OK && pj == NULL)
		err = BT_ENOMEM;
	PGresult *res = NULL;
	const char *p[] = {title, seed, pj, who, now, title_en ? title_en : ""};
	if (err == BT_OK)
		err = bt_db_query_take(db, &stmts[ST_INSERT], 6, p, &res);
	if (err == BT_OK)
		*id = bt_db_int(res, 0, 0);
	PQclear(res);
	free(pj);
	json_decref(pop);
	json_decref(rate);
	return err;
}

enum bt_err disc_draw_run(struct bt_db *db, long long id, const char *now,
			  char *reason, size_t size)
{
	char did[24];
	snprintf(did, sizeof(did), "%lld", id);
	const char *p[] = {did};
	PGresult *r = NULL;
	enum bt_err err = bt_db_begin(db);
	if (err == BT_OK)
		err = bt_db_query_take(db, &stmts[ST_LOCK], 1, p, &r);
	if (err == BT_OK && PQntuples(r) != 1) {
		snprintf(reason, size, "no such draw");
		err = BT_ENOTFOUND;
	} else if (err == BT_OK && strcmp(bt_db_text(r, 0, 2), "t") == 0) {
		snprintf(reason, size,
			 "this draw has been run; its selection is published");
		err = BT_ECONFLICT;
	}
	char *sj = NULL;
	if (err == BT_OK) {
		json_t *pop = json_loads(bt_db_text(r, 0, 1), 0, NULL);
		json_t *sel = disc_draw_select(bt_db_text(r, 0, 0), pop);
		sj = json_dumps(sel, JSON_COMPACT);
		json_decref(sel);
		json_decref(pop);
		if (sj == NULL)
			err = BT_ENOMEM;
	}
	PQclear(r);
	const char *rp[] = {did, now, sj};
	if (err == BT_OK)
		err = bt_db_run(db, &stmts[ST_RUN], 3, rp, NULL);
	free(sj);
	if (err == BT_OK)
		err = bt_db_commit(db);
	else
		bt_db_rollback(db);
	return err;
}

enum bt_err disc_draw_get(struct bt_db *db, long long id, json_t **out)
{
	char did[24];
	snprintf(did, sizeof(did), "%lld", id);
	const char *p[] = {did};
	return bt_db_query_json(db, &stmts[ST_GET], 1, p, out);
}

enum bt_err disc_draw_list(struct bt_db *db, json_t **out)
{
	return bt_db_query_json(db, &stmts[ST_LIST], 0, NULL, out);
}
