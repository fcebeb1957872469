/* provenance.c: provenance records and their API. */
#include "provenance.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/json.h"
#include "trace/code/batch.h"
#include "trace/code/gs1.h"
#include "trace/code/product.h"
#include "trace/customs/customs_codes.h"
#include "trace/scan/cache.h"

enum {
	ST_MASTER,
	ST_LOT,
	ST_SHIPMENT,
	ST_SHIPMENT_LOT,
	ST_INSPECTION,
};

static const struct bt_stmt stmts[] = {
	[ST_MASTER] = {"trace.prov_master",
		       "UPDATE product SET manufacturer = coalesce($3, "
		       "manufacturer), hs_code = coalesce($4, hs_code), "
		       "shelf_life_days = coalesce($5::int, shelf_life_days), "
		       "category = coalesce($6, category) WHERE gtin = $2 AND "
		       "enterprise_id = $1 RETURNING id"},
	[ST_LOT] = {"trace.prov_lot",
		    "INSERT INTO lot (product_id, lot, production_date, "
		    "expiry_date) VALUES ($1, $2, $3, $4) ON CONFLICT "
		    "(product_id, lot) DO UPDATE SET production_date = "
		    "EXCLUDED.production_date, expiry_date = "
		    "EXCLUDED.expiry_date"},
	[ST_SHIPMENT] = {"trace.prov_shipment",
			 "INSERT INTO shipment (enterprise_id, bill_no, "
			 "departure_country, port_code, arrival_date, "
			 "warehouse, warehouse_en) VALUES ($1, $2, $3, $4, $5, "
			 "$6, $7) RETURNING id"},
	[ST_SHIPMENT_LOT] = {"trace.prov_shipment_lot",
			     "INSERT INTO shipment_lot (shipment_id, "
			     "product_id, lot, quantity) VALUES ($1, $2, $3, "
			     "$4)"},
	[ST_INSPECTION] =
		{"trace.prov_inspection",
		 "INSERT INTO inspection (enterprise_id, product_id, "
		 "lot, lab, report_no, tested_on, items, passed, "
		 "certificate, lab_en, items_en) VALUES ($1, $2, "
		 "nullif($3, ''), $4, $5, $6, $7, $8, nullif($9, ''), "
		 "$10, $11) RETURNING id"},
};

enum bt_err trace_record_kind_parse(const char *s, enum trace_record_kind *k)
{
	static const char *const names[] = {"product", "lot", "shipment",
					    "inspection"};
	for (int i = 0; i < 4; i++) {
		if (strcmp(s, names[i]) == 0) {
			*k = (enum trace_record_kind)i;
			return BT_OK;
		}
	}
	return BT_EINVAL;
}

/* Field readers: each sets *reason and returns false when the value is
 * present but wrong, or missing though required. */

static bool get_str(const json_t *in, const char *key, bool required,
		    size_t max, const char **out, const char **reason)
{
	static __thread char msg[160];
	const json_t *v = json_object_get(in, key);
	*out = NULL;
	if (v == NULL || json_is_null(v)) {
		if (!required)
			return true;
		snprintf(msg, sizeof(msg), "%s: required", key);
		*reason = msg;
		return false;
	}
	if (!json_is_string(v) || !bt_text_ok(json_string_value(v), 1, max)) {
		/* "field: rule [value]": pages translate both */
		snprintf(msg, sizeof(msg),
			 "%s: must be 1 to {} characters of text [%zu]", key,
			 max);
		*reason = msg;
		return false;
	}
	*out = json_string_value(v);
	return true;
}

static bool get_date(const json_t *in, const char *key, bool required,
		     const char **out, const char **reason)
{
	static __thread char msg[160];
	if (!get_str(in, key, required, 10, out, reason))
		return false;
	if (*out && !trace_date_valid(*out)) {
		snprintf(msg, sizeof(msg), "%s: must be a date YYYY-MM-DD",
			 key);
		*reason = msg;
		return false;
	}
	return true;
}

static bool unknown_keys(const json_t *in, const char *const *allowed,
			 const char **reason)
{
	static __thread char msg[160];
	const char *key = bt_json_unknown_key(in, allowed);
	if (key == NULL)
		return false;
	snprintf(msg, sizeof(msg), "unknown field [%.64s]", key);
	*reason = msg;
	return true;
}

/* The enterprise's product with this GTIN (any accepted length). */
static enum bt_err own_product(struct bt_db *db, long long ent,
			       const char *gtin, struct trace_product *p,
			       const char **reason)
{
	char g[TRACE_GTIN_LEN + 1];
	if (gtin == NULL || trace_gtin_normalize(gtin, g, reason) != BT_OK) {
		if (gtin == NULL)
			*reason = "'gtin' is required";
		return BT_EINVAL;
	}
	enum bt_err err = trace_product_get(db, g, p);
	if (err == BT_OK && p->enterprise_id != ent)
		err = BT_ENOTFOUND;
	if (err == BT_ENOTFOUND)
		*reason = "no product of yours has this GTIN";
	return err;
}

static enum bt_err record_product(struct bt_db *db, long long ent,
				  const json_t *in, json_t **out,
				  const char **reason)
{
	static const char *const allowed[] = {"gtin",	  "manufacturer",
					      "hs_code",  "shelf_life_days",
					      "category", NULL};
	const char *gtin, *maker, *hs, *cat;
	if (unknown_keys(in, allowed, reason) ||
	    !get_str(in, "gtin", true, 14, &gtin, reason) ||
	    !get_str(in, "manufacturer", false, 200, &maker, reason) ||
	    !get_str(in, "hs_code", false, 10, &hs, reason) ||
	    !get_str(in, "category", false, 40, &cat, reason))
		return BT_EINVAL;
	const json_t *life = json_object_get(in, "shelf_life_days");
	char life_s[16] = "";
	if (life && (!json_is_integer(life) || json_integer_value(life) < 1 ||
		     json_integer_value(life) > 36500)) {
		*reason = "'shelf_life_days' is a whole number of days";
		return BT_EINVAL;
	}
	if (life)
		snprintf(life_s, sizeof(life_s), "%lld",
			 (long long)json_integer_value(life));
	if (hs && (strlen(hs) != 10 || strspn(hs, "0123456789") != 10)) {
		*reason = "'hs_code' is the 10-digit HS code";
		return BT_EINVAL;
	}
	struct trace_product p;
	enum bt_err err = own_product(db, ent, gtin, &p, reason);
	if (err != BT_OK)
		return err;
	char ents[24];
	snprintf(ents, sizeof(ents), "%lld", ent);
	const char *params[] = {ents, p.gtin, maker, hs, life ? life_s : NULL,
				cat};
	err = bt_db_run(db, &stmts[ST_MASTER], 6, params, NULL);
	if (err == BT_EINVAL)
		*reason = "the category is lower-case letters, digits, '_' or "
			  "'-'";
	if (err == BT_OK && (err = trace_product_get(db, p.gtin, &p)) == BT_OK)
		*out = trace_product_json(&p);
	return err;
}

static enum bt_err record_lot(struct bt_db *db, long long ent, const json_t *in,
			      json_t **out, const char **reason)
{
	static const char *const allowed[] = {"gtin", "lot", "production_date",
					      "expiry_date", NULL};
	const char *gtin, *lot, *made, *expiry;
	if (unknown_keys(in, allowed, reason) ||
	    !get_str(in, "gtin", true, 14, &gtin, reason) ||
	    !get_str(in, "lot", true, 20, &lot, reason) ||
	    !get_date(in, "production_date", false, &made, reason) ||
	    !get_date(in, "expiry_date", false, &expiry, reason))
		return BT_EINVAL;
	if (!trace_cset82_valid(lot, TRACE_AI_MAX)) {
		*reason = "'lot' must be GS1 character set 82";
		return BT_EINVAL;
	}
	if (made && expiry && strcmp(made, expiry) >= 0) {
		*reason = "'expiry_date' must come after 'production_date'";
		return BT_EINVAL;
	}
	struct trace_product p;
	enum bt_err err = own_product(db, ent, gtin, &p, reason);
	if (err != BT_OK)
		return err;
	char pid[24];
	snprintf(pid, sizeof(pid), "%lld", p.id);
	const char *params[] = {pid, lot, made, expiry};
	err = bt_db_run(db, &stmts[ST_LOT], 4, params, NULL);
	if (err == BT_OK)
		*out = json_pack("{s:s, s:s, s:s?, s:s?}", "gtin", p.gtin,
				 "lot", lot, "production_date", made,
				 "expiry_date", expiry);
	return err;
}

static enum bt_err shipment_lines(struct bt_db *db, long long ent,
				  const char *id, const json_t *lots,
				  const char **reason)
{
	static const char *const allowed[] = {"gtin", "lot", "quantity", NULL};
	enum bt_err err = BT_OK;
	for (size_t i = 0; err == BT_OK && i < json_array_size(lots); i++) {
		const json_t *l = json_array_get(lots, i);
		const char *gtin, *lot;
		const json_t *q = json_object_get(l, "quantity");
		if (!json_is_object(l) || unknown_keys(l, allowed, reason) ||
		    !get_str(l, "gtin", true, 14, &gtin, reason) ||
		    !get_str(l, "lot", true, 20, &lot, reason))
			return BT_EINVAL;
		if (!json_is_integer(q) || json_integer_value(q) < 1 ||
		    json_integer_value(q) > 100000000) {
			*reason = "each lot's 'quantity' is a whole number > 0";
			return BT_EINVAL;
		}
		struct trace_product p;
		if ((err = own_product(db, ent, gtin, &p, reason)) != BT_OK)
			return err;
		char pid[24], qty[24];
		snprintf(pid, sizeof(pid), "%lld", p.id);
		snprintf(qty, sizeof(qty), "%lld",
			 (long long)json_integer_value(q));
		const char *params[] = {id, pid, lot, qty};
		err = bt_db_run(db, &stmts[ST_SHIPMENT_LOT], 4, params, NULL);
		if (err == BT_ECONFLICT)
			*reason = "a lot is listed twice in the shipment";
	}
	return err;
}

static enum bt_err record_shipment(struct bt_db *db, long long ent,
				   const json_t *in, json_t **out,
				   const char **reason)
{
	static const char *const allowed[] = {
		"bill_no",   "departure_country", "port", "arrival_date",
		"warehouse", "warehouse_en",	  "lots", NULL};
	const char *bill, *country, *port, *arrival, *warehouse, *warehouse_en;
	if (unknown_keys(in, allowed, reason) ||
	    !get_str(in, "bill_no", true, 37, &bill, reason) ||
	    !get_str(in, "departure_country", true, 3, &country, reason) ||
	    !get_str(in, "port", true, 4, &port, reason) ||
	    !get_date(in, "arrival_date", true, &arrival, reason) ||
	    !get_str(in, "warehouse", true, 100, &warehouse, reason) ||
	    !get_str(in, "warehouse_en", false, 100, &warehouse_en, reason))
		return BT_EINVAL;
	if (!trace_customs_code_known("country", country)) {
		*reason = "'departure_country' is a customs country code such "
			  "as 601 (Australia)";
		return BT_EINVAL;
	}
	if (strlen(port) != 4 || strspn(port, "0123456789") != 4) {
		*reason = "'port' is the 4-digit customs port code";
		return BT_EINVAL;
	}
	const json_t *lots = json_object_get(in, "lots");
	if (!json_is_array(lots) || json_array_size(lots) == 0 ||
	    json_array_size(lots) > 500) {
		*reason = "'lots' lists 1 to 500 {gtin, lot, quantity}";
		return BT_EINVAL;
	}
	char ents[24];
	snprintf(ents, sizeof(ents), "%lld", ent);
	const char *params[] = {ents,
				bill,
				country,
				port,
				arrival,
				warehouse,
				warehouse_en ? warehouse_en : ""};
	PGresult *r = NULL;
	enum bt_err err =
		bt_db_query_take(db, &stmts[ST_SHIPMENT], 7, params, &r);
	if (err == BT_ECONFLICT)
		*reason = "a shipment with this bill of lading is recorded "
			  "already";
	if (err != BT_OK)
		return err;
	char id[24];
	bt_strlcpy(id, bt_db_text(r, 0, 0), sizeof(id));
	PQclear(r);
	err = shipment_lines(db, ent, id, lots, reason);
	if (err == BT_OK)
		*out = json_pack("{s:s, s:s, s:s, s:s, s:s, s:O}", "bill_no",
				 bill, "departure_country", country, "port",
				 port, "arrival_date", arrival, "warehouse",
				 warehouse, "lots", lots);
	return err;
}

static enum bt_err record_inspection(struct bt_db *db, long long ent,
				     const json_t *in, json_t **out,
				     const char **reason)
{
	static const char *const allowed[] = {
		"gtin",	     "lot",	 "lab",	   "report_no",
		"tested_on", "items",	 "passed", "certificate",
		"lab_en",    "items_en", NULL};
	const char *gtin, *lot, *lab, *report, *on, *items, *cert, *lab_en,
		*items_en;
	if (unknown_keys(in, allowed, reason) ||
	    !get_str(in, "gtin", true, 14, &gtin, reason) ||
	    !get_str(in, "lot", false, 20, &lot, reason) ||
	    !get_str(in, "lab", true, 200, &lab, reason) ||
	    !get_str(in, "report_no", true, 60, &report, reason) ||
	    !get_date(in, "tested_on", true, &on, reason) ||
	    !get_str(in, "items", true, 1000, &items, reason) ||
	    !get_str(in, "certificate", false, 1000, &cert, reason) ||
	    !get_str(in, "lab_en", false, 200, &lab_en, reason) ||
	    !get_str(in, "items_en", false, 1000, &items_en, reason))
		return BT_EINVAL;
	const json_t *passed = json_object_get(in, "passed");
	if (!json_is_boolean(passed)) {
		*reason = "'passed' is true or false";
		return BT_EINVAL;
	}
	if (cert && strncmp(cert, "https://", 8) != 0 &&
	    strncmp(cert, "http://", 7) != 0) {
		*reason = "'certificate' is an http(s) link";
		return BT_EINVAL;
	}
	struct trace_product p;
	enum bt_err err = own_product(db, ent, gtin, &p, reason);
	if (err != BT_OK)
		return err;
	char ents[24], pid[24];
	snprintf(ents, sizeof(ents), "%lld", ent);
	snprintf(pid, sizeof(pid), "%lld", p.id);
	const char *params[] = {ents,
				pid,
				lot ? lot : "",
				lab,
				report,
				on,
				items,
				json_is_true(passed) ? "t" : "f",
				cert ? cert : "",
				lab_en ? lab_en : "",
				items_en ? items_en : ""};
	err = bt_db_run(db, &stmts[ST_INSPECTION], 11, params, NULL);
	if (err == BT_ECONFLICT)
		*reason = "an inspection with this report number is recorded "
			  "already";
	if (err == BT_OK)
		*out = json_deep_copy(in);
	return err;
}

enum bt_err trace_record(struct bt_db *db, long long enterprise_id,
			 enum trace_record_kind kind, const json_t *in,
			 json_t **out, const char **reason)
{
	*out = NULL;
	if (!json_is_object(in)) {
		*reason = "a record is a JSON object";
		return BT_EINVAL;
	}
	enum bt_err err = trace_customs_codes_load(db);
	if (err == BT_OK)
		err = bt_db_begin(db);
	if (err != BT_OK)
		return err;
	switch (kind) {
	case TRACE_RECORD_PRODUCT:
		err = record_product(db, enterprise_id, in, out, reason);
		break;
	case TRACE_RECORD_LOT:
		err = record_lot(db, enterprise_id, in, out, reason);
		break;
	case TRACE_RECORD_SHIPMENT:
		err = record_shipment(db, enterprise_id, in, out, reason);
		break;
	case TRACE_RECORD_INSPECTION:
		err = record_inspection(db, enterprise_id, in, out, reason);
		break;
	}
	return trace_cache_commit(db, err, out);
}

static void record_api(struct bt_req *req, enum trace_record_kind kind,
		       json_t *body)
{
	const struct bt_principal *who = bt_req_principal(req);
	struct bt_db *db = bt_req_db(req);
	json_t *out = NULL;
	const char *reason = NULL;
	if (db != NULL) {
		enum bt_err err = trace_record(db, who->enterprise_id, kind,
					       body, &out, &reason);
		if (err != BT_OK)
			bt_reply_error(req, err, reason);
		else
			bt_reply_json(req,
				      kind == TRACE_RECORD_PRODUCT ? 200 : 201,
				      out);
	}
	json_decref(body);
}

void trace_api_record_product(struct bt_req *req)
{
	json_t *body = bt_req_json_body(req);
	if (body == NULL)
		return;
	json_object_set_new(body, "gtin",
			    json_string(bt_req_param(req, "gtin")));
	record_api(req, TRACE_RECORD_PRODUCT, body);
}

void trace_api_record_lot(struct bt_req *req)
{
	json_t *body = bt_req_json_body(req);
	if (body)
		record_api(req, TRACE_RECORD_LOT, body);
}

void trace_api_record_shipment(struct bt_req *req)
{
	json_t *body = bt_req_json_body(req);
	if (body)
		record_api(req, TRACE_RECORD_SHIPMENT, body);
}

void trace_api_record_inspection(struct bt_req *req)
{
	json_t *body = bt_req_json_body(req);
	if (body)
		record_api(req, TRACE_RECORD_INSPECTION, body);
}
