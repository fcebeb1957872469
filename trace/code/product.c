/* product.c: product storage and validation. */
#include "product.h"

#include <stdio.h>
#include <string.h>

#include "core/buf.h"

enum {
	ST_INSERT,
	ST_GET,
	ST_LIST,
};

#define COLUMNS                                                                \
	"p.id, p.enterprise_id, p.gtin, p.name_zh, p.name_en, p.brand, "       \
	"p.origin_country, c.name_zh, c.name_en, p.category"

static const struct bt_stmt stmts[] = {
	[ST_INSERT] =
		{"trace.product_insert",
		 "INSERT INTO product (enterprise_id, gtin, name_zh, "
		 "name_en, brand, origin_country, category) VALUES ($1, $2, "
		 "$3, $4, $5, $6, $7) RETURNING id"},
	[ST_GET] = {"trace.product_get",
		    "SELECT " COLUMNS " FROM product p JOIN country c ON "
		    "c.code = p.origin_country WHERE p.gtin = $1"},
	/* Each element has the shape of trace_product_json. */
	[ST_LIST] = {"trace.product_list",
		     "SELECT coalesce(json_agg(json_build_object('id', p.id, "
		     "'gtin', p.gtin, 'name_zh', p.name_zh, 'name_en', "
		     "p.name_en, 'brand', p.brand, 'category', p.category, "
		     "'origin', json_build_object('code', p.origin_country, "
		     "'name_zh', c.name_zh, 'name_en', c.name_en)) ORDER BY "
		     "p.id), '[]') FROM product p JOIN country c ON c.code = "
		     "p.origin_country WHERE p.enterprise_id = $1"},
};

static bool category_valid(const char *c)
{
	size_t n = strlen(c);
	if (n < 1 || n > 40 || c[0] < 'a' || c[0] > 'z')
		return false;
	for (size_t i = 1; i < n; i++)
		if (!((c[i] >= 'a' && c[i] <= 'z') ||
		      (c[i] >= '0' && c[i] <= '9') || c[i] == '_' ||
		      c[i] == '-'))
			return false;
	return true;
}

enum bt_err trace_product_add(struct bt_db *db, const struct trace_product *p,
			      long long *id, const char **reason)
{
	char gtin[TRACE_GTIN_LEN + 1];
	if (trace_gtin_normalize(p->gtin, gtin, reason) != BT_OK)
		return BT_EINVAL;
	if (!bt_text_ok(p->name_zh, 1, TRACE_NAME_MAX) ||
	    !bt_text_ok(p->name_en, 1, TRACE_NAME_MAX)) {
		*reason = "the Chinese and English names must each be 1 to 200 "
			  "characters of text";
		return BT_EINVAL;
	}
	if (!bt_text_ok(p->brand, 1, TRACE_BRAND_MAX)) {
		*reason = "the brand must be 1 to 100 characters of text";
		return BT_EINVAL;
	}
	const char *category = p->category[0] ? p->category : "general";
	if (!category_valid(category)) {
		*reason = "the category is 1 to 40 lower-case letters, digits, "
			  "'_' or '-', starting with a letter";
		return BT_EINVAL;
	}
	if (strlen(p->origin_country) != 2) {
		*reason = "the origin country is a two-letter ISO 3166 code";
		return BT_EINVAL;
	}
	char ent[24];
	snprintf(ent, sizeof(ent), "%lld", p->enterprise_id);
	const char *params[] = {ent,	    gtin,     p->name_zh,
				p->name_en, p->brand, p->origin_country,
				category};
	PGresult *r = NULL;
	enum bt_err err =
		bt_db_query_take(db, &stmts[ST_INSERT], 7, params, &r);
	if (err == BT_OK)
		*id = bt_db_int(r, 0, 0);
	else if (err == BT_ECONFLICT)
		*reason = "a product with this GTIN is already registered";
	else if (err == BT_EINVAL)
		*reason = "the origin country is not a known ISO 3166 code";
	PQclear(r);
	return err;
}

static void fill(const PGresult *r, int row, struct trace_product *out)
{
	out->id = bt_db_int(r, row, 0);
	out->enterprise_id = bt_db_int(r, row, 1);
	bt_strlcpy(out->gtin, bt_db_text(r, row, 2), sizeof(out->gtin));
	bt_strlcpy(out->name_zh, bt_db_text(r, row, 3), sizeof(out->name_zh));
	bt_strlcpy(out->name_en, bt_db_text(r, row, 4), sizeof(out->name_en));
	bt_strlcpy(out->brand, bt_db_text(r, row, 5), sizeof(out->brand));
	bt_strlcpy(out->origin_country, bt_db_text(r, row, 6),
		   sizeof(out->origin_country));
	bt_strlcpy(out->origin_zh, bt_db_text(r, row, 7),
		   sizeof(out->origin_zh));
	bt_strlcpy(out->origin_en, bt_db_text(r, row, 8),
		   sizeof(out->origin_en));
	bt_strlcpy(out->category, bt_db_text(r, row, 9), sizeof(out->category));
}

enum bt_err trace_product_get(struct bt_db *db, const char *gtin,
			      struct trace_product *out)
{
	const char *params[] = {gtin};
	PGresult *r = NULL;
	enum bt_err err = bt_db_query_take(db, &stmts[ST_GET], 1, params, &r);
	if (err == BT_OK && PQntuples(r) != 1)
		err = BT_ENOTFOUND;
	if (err == BT_OK)
		fill(r, 0, out);
	PQclear(r);
	return err;
}

json_t *trace_product_json(const struct trace_product *p)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:{s:s, s:s, s:s}}",
			 "id", (json_int_t)p->id, "gtin", p->gtin, "name_zh",
			 p->name_zh, "name_en", p->name_en, "brand", p->brand,
			 "category", p->category, "origin", "code",
			 p->origin_country, "name_zh", p->origin_zh, "name_en",
			 p->origin_en);
}

enum bt_err trace_product_list(struct bt_db *db, long long enterprise_id,
			       json_t **out)
{
	char ent[24];
	snprintf(ent, sizeof(ent), "%lld", enterprise_id);
	const char *params[] = {ent};
	return bt_db_query_json(db, &stmts[ST_LIST], 1, params, out);
}

/* Handlers */

static void product_store(struct bt_req *req, struct trace_product *p)
{
	struct bt_db *db = bt_req_db(req);
	if (db == NULL)
		return;
	const char *reason = NULL;
	long long id = 0;
	enum bt_err err = trace_product_add(db, p, &id, &reason);
	if (err != BT_OK) {
		bt_reply_error(req, err, reason);
		return;
	}
	char gtin14[TRACE_GTIN_LEN + 1];
	trace_gtin_normalize(p->gtin, gtin14, &reason);
	err = trace_product_get(db, gtin14, p);
	if (err != BT_OK)
		bt_reply_error(req, err, NULL);
	else
		bt_reply_json(req, 201, trace_product_json(p));
}

void trace_api_product_create(struct bt_req *req)
{
	static const char *const allowed[] = {
		"gtin",		  "name_zh",  "name_en", "brand",
		"origin_country", "category", NULL};
	long long ent = bt_req_principal(req)->enterprise_id;
	json_t *body = bt_req_json_body(req);
	if (body == NULL)
		return;
	struct trace_product p;
	memset(&p, 0, sizeof(p));
	p.enterprise_id = ent;
	if (bt_json_only(req, body, allowed) &&
	    bt_json_copy_string(req, body, "gtin", false, p.gtin,
				sizeof(p.gtin)) &&
	    bt_json_copy_string(req, body, "name_zh", false, p.name_zh,
				sizeof(p.name_zh)) &&
	    bt_json_copy_string(req, body, "name_en", false, p.name_en,
				sizeof(p.name_en)) &&
	    bt_json_copy_string(req, body, "brand", false, p.brand,
				sizeof(p.brand)) &&
	    bt_json_copy_string(req, body, "origin_country", false,
				p.origin_country, sizeof(p.origin_country)) &&
	    bt_json_copy_string(req, body, "category", false, p.category,
				sizeof(p.category))) {
		product_store(req, &p);
	}
	json_decref(body);
}

void trace_api_product_list(struct bt_req *req)
{
	long long ent = bt_req_principal(req)->enterprise_id;
	struct bt_db *db = bt_req_db(req);
	if (db == NULL)
		return;
	json_t *list = NULL;
	enum bt_err err = trace_product_list(db, ent, &list);
	if (err != BT_OK) {
		bt_reply_error(req, err, NULL);
		return;
	}
	bt_reply_json(req, 200, json_pack("{s:o}", "products", list));
}
