/* enterprise.c: enterprise identifiers and storage. */
#include "enterprise.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

enum {
	ST_INSERT,
	ST_GET,
	ST_FIND,
	ST_LIST,
};

#define COLUMNS                                                                \
	"e.id, e.uscc, e.customs_code, e.name_zh, e.name_en, "                 \
	"to_char(e.created_at, 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "            \
	"e.customs_class, k.name_zh, k.name_en, coalesce(r.grade, ''), "       \
	"coalesce(r.score, 0)"
#define FROM                                                                   \
	" FROM enterprise e JOIN customs_credit_class k ON k.code = "          \
	"e.customs_class LEFT JOIN LATERAL current_rating(e.id) r ON true "

static const struct bt_stmt stmts[] = {
	[ST_INSERT] = {"disc.enterprise_insert",
		       "INSERT INTO enterprise (uscc, customs_code, name_zh, "
		       "name_en) VALUES ($1, $2, $3, $4) RETURNING id"},
	[ST_GET] = {"disc.enterprise_get",
		    "SELECT " COLUMNS FROM "WHERE e.id = $1"},
	/* The JSON of disc_enterprise_json, built by PostgreSQL. */
	[ST_LIST] = {"disc.enterprise_list",
		     "SELECT coalesce(json_agg(json_build_object('id', x.id, "
		     "'uscc', x.uscc, 'customs_code', x.customs_code, "
		     "'name_zh', x.name_zh, 'name_en', x.name_en, "
		     "'customs_class', json_build_object('code', "
		     "x.customs_class, 'name_zh', x.class_zh, 'name_en', "
		     "x.class_en), 'credit', CASE WHEN x.grade <> '' THEN "
		     "json_build_object('grade', x.grade, 'score', x.score) "
		     "END)), '[]') FROM (SELECT e.id, e.uscc, e.customs_code, "
		     "e.name_zh, e.name_en, e.customs_class, k.name_zh AS "
		     "class_zh, k.name_en AS class_en, r.grade, r.score" FROM
		     "ORDER BY e.name_zh LIMIT 1000) x"},
	[ST_FIND] = {"disc.enterprise_find",
		     "SELECT " COLUMNS FROM "WHERE e.uscc = $1 OR "
		     "e.customs_code = $1 OR e.id::text = $1"},
};

/* GB 32100-2015: 31 symbols (no I, O, S, V, Z) and weights 3^i mod 31. */
static const char uscc_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
static const int uscc_weights[17] = {1,	 3,  9,	 27, 19, 26, 16, 17, 20,
				     29, 25, 13, 8,  24, 10, 30, 28};

char disc_uscc_check_char(const char *first17)
{
	int sum = 0;
	for (int i = 0; i < 17; i++) {
		const char *p =
			first17[i] ? strchr(uscc_alphabet, first17[i]) : NULL;
		if (p == NULL)
			return '\0';
		sum += (int)(p - uscc_alphabet) * uscc_weights[i];
	}
	return uscc_alphabet[(31 - sum % 31) % 31];
}

bool disc_uscc_valid(const char *uscc)
{
	if (strlen(uscc) != DISC_USCC_LEN)
		return false;
	char check = disc_uscc_check_char(uscc);
	return check != '\0' && check == uscc[17];
}

bool disc_customs_code_valid(const char *code)
{
	if (strlen(code) != DISC_CUSTOMS_CODE_LEN)
		return false;
	for (const char *p = code; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z')))
			return false;
	return true;
}

enum bt_err disc_enterprise_add(struct bt_db *db,
				const struct disc_enterprise *e, long long *id,
				const char **reason)
{
	if (!disc_uscc_valid(e->uscc)) {
		*reason = "the Unified Social Credit Code must be 18 "
			  "characters with a correct check character";
		return BT_EINVAL;
	}
	if (!disc_customs_code_valid(e->customs_code)) {
		*reason = "the customs code must be 10 digits or capital "
			  "letters";
		return BT_EINVAL;
	}
	if (!bt_text_ok(e->name_zh, 1, DISC_NAME_MAX) ||
	    !bt_text_ok(e->name_en, 1, DISC_NAME_MAX)) {
		*reason = "the Chinese and English names must each be 1 to "
			  "200 characters of text";
		return BT_EINVAL;
	}
	const char *params[] = {e->uscc, e->customs_code, e->name_zh,
				e->name_en};
	PGresult *r = NULL;
	enum bt_err err =
		bt_db_query_take(db, &stmts[ST_INSERT], 4, params, &r);
	if (err == BT_OK)
		*id = bt_db_int(r, 0, 0);
	else if (err == BT_ECONFLICT)
		*reason = "an enterprise with this USCC or customs code is "
			  "already registered";
	PQclear(r);
	return err;
}

static void fill(const PGresult *r, struct disc_enterprise *out)
{
	out->id = bt_db_int(r, 0, 0);
	bt_strlcpy(out->uscc, bt_db_text(r, 0, 1), sizeof(out->uscc));
	bt_strlcpy(out->customs_code, bt_db_text(r, 0, 2),
		   sizeof(out->customs_code));
	bt_strlcpy(out->name_zh, bt_db_text(r, 0, 3), sizeof(out->name_zh));
	bt_strlcpy(out->name_en, bt_db_text(r, 0, 4), sizeof(out->name_en));
	bt_strlcpy(out->created_at, bt_db_text(r, 0, 5),
		   sizeof(out->created_at));
	bt_strlcpy(out->customs_class, bt_db_text(r, 0, 6),
		   sizeof(out->customs_class));
	bt_strlcpy(out->customs_class_zh, bt_db_text(r, 0, 7),
		   sizeof(out->customs_class_zh));
	bt_strlcpy(out->customs_class_en, bt_db_text(r, 0, 8),
		   sizeof(out->customs_class_en));
	bt_strlcpy(out->grade, bt_db_text(r, 0, 9), sizeof(out->grade));
	out->score = (int)bt_db_int(r, 0, 10);
}

static enum bt_err get_one(struct bt_db *db, const struct bt_stmt *stmt,
			   const char *key, struct disc_enterprise *out)
{
	const char *params[] = {key};
	PGresult *r = NULL;
	enum bt_err err = bt_db_query_take(db, stmt, 1, params, &r);
	if (err == BT_OK && PQntuples(r) != 1)
		err = BT_ENOTFOUND;
	if (err == BT_OK)
		fill(r, out);
	PQclear(r);
	return err;
}

enum bt_err disc_enterprise_get(struct bt_db *db, long long id,
				struct disc_enterprise *out)
{
	char key[24];
	snprintf(key, sizeof(key), "%lld", id);
	return get_one(db, &stmts[ST_GET], key, out);
}

enum bt_err disc_enterprise_find(struct bt_db *db, const char *key,
				 struct disc_enterprise *out)
{
	return get_one(db, &stmts[ST_FIND], key, out);
}

json_t *disc_enterprise_json(const struct disc_enterprise *e)
{
	json_t *credit = e->grade[0] ? json_pack("{s:s, s:i}", "grade",
						 e->grade, "score", e->score)
				     : json_null();
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:{s:s, s:s, s:s}, s:o}",
			 "id", (json_int_t)e->id, "uscc", e->uscc,
			 "customs_code", e->customs_code, "name_zh", e->name_zh,
			 "name_en", e->name_en, "customs_class", "code",
			 e->customs_class, "name_zh", e->customs_class_zh,
			 "name_en", e->customs_class_en, "credit", credit);
}

enum bt_err disc_enterprise_list(struct bt_db *db, json_t **out)
{
	return bt_db_query_json(db, &stmts[ST_LIST], 0, NULL, out);
}
