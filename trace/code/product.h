/* product.h: an enterprise's products, identified by GTIN. */
#ifndef TRACE_PRODUCT_H
#define TRACE_PRODUCT_H

#include <jansson.h>

#include "core/db.h"
#include "core/err.h"
#include "core/http.h"
#include "trace/code/gs1.h"

#define TRACE_NAME_MAX	200
#define TRACE_BRAND_MAX 100

struct trace_product {
	long long id;
	long long enterprise_id;
	char gtin[TRACE_GTIN_LEN + 1];
	char name_zh[4 * TRACE_NAME_MAX + 1];
	char name_en[4 * TRACE_NAME_MAX + 1];
	char brand[4 * TRACE_BRAND_MAX + 1];
	char origin_country[3];
	char category[41];  /* "" on input means "general" */
	char origin_zh[64]; /* country names, filled by reads */
	char origin_en[64];
};

/* Validates p (GTIN of any accepted length, normalised to 14 digits on
 * the way in) and stores it for p->enterprise_id. BT_EINVAL with *reason;
 * BT_ECONFLICT if the GTIN is registered already. */
enum bt_err trace_product_add(struct bt_db *db, const struct trace_product *p,
			      long long *id, const char **reason);

/* Reads the product with this 14-digit GTIN. */
enum bt_err trace_product_get(struct bt_db *db, const char *gtin,
			      struct trace_product *out);

/* A JSON array of the enterprise's products (new reference in *out). */
enum bt_err trace_product_list(struct bt_db *db, long long enterprise_id,
			       json_t **out);

/* The product as JSON; the product list (ST_LIST in product.c) builds the
 * same shape in SQL. */
json_t *trace_product_json(const struct trace_product *p);

/* POST /api/v1/products, GET /api/v1/products (an enterprise's own) */
void trace_api_product_create(struct bt_req *req);
void trace_api_product_list(struct bt_req *req);

#endif
