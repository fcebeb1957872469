/* batch_info.c: reading a batch's info for the scan path. PostgreSQL
 * builds the JSON the page shows (declarations, provenance); C keeps what
 * the verdict needs as numbers. */
#include "batch_info.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

enum {
	ST_RANGES,
	ST_BOUND,
	ST_PROVENANCE,
	ST_COVER,
	ST_LINKS,
};

static const struct bt_stmt stmts[] = {
	[ST_RANGES] =
		{"trace.info_ranges",
		 "SELECT id, first_idx, end_idx, status, reason, "
		 "extract(epoch FROM effective_at), "
		 "to_char(effective_at, 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
		 "reason_en "
		 "FROM status_range WHERE batch_id = $1 ORDER BY first_idx"},
	/* Public: the customs inventory number, never the enterprise's own
	 * reference or the buyer's order. With each, the insurance that
	 * covered the product (enterprise $2, GTIN $3, category $4) on its
	 * import date: the policy a claim on those items goes to. */
	[ST_BOUND] =
		{"trace.info_bound",
		 "SELECT b.first_idx, b.end_idx, d.deleted, json_build_object("
		 "'invt_no', nullif(d.invt_no, ''), 'decl_date', "
		 "d.decl_date::text, 'ie_date', d.ie_date::text, 'trade_mode', "
		 "nullif(d.trade_mode, ''), 'customs_code', "
		 "nullif(d.customs_code, ''), 'port_code', "
		 "nullif(d.port_code, ''), 'dispatch_country', "
		 "json_build_object('code', nullif(d.country, ''), 'name_zh', "
		 "nullif(c.name_zh, ''), 'name_en', nullif(c.name_en, '')), "
		 "'warehouse', nullif(d.head->>'areaName', ''), 'platform', "
		 "nullif(d.head->>'ebpName', ''), 'line', json_build_object("
		 "'gnum', l.gnum, 'name', l.name, 'hs_code', "
		 "nullif(l.gcode, '')), 'lot', nullif(b.lot, ''), 'withdrawn', "
		 "d.deleted, 'cover', policy_cover($2::bigint, $3, $4, "
		 "d.ie_date)) FROM binding b JOIN declaration d ON d.id = "
		 "b.declaration_id JOIN declaration_line l ON l.declaration_id "
		 "= d.id AND l.gnum = b.gnum LEFT JOIN customs_code c ON c.tbl "
		 "= 'country' AND c.code = d.country WHERE b.batch_id = $1 "
		 "ORDER BY b.first_idx"},
	/* The lot's dates, the shipments that brought it in (oldest first)
	 * and the last 20 inspections of the product or the lot. */
	/* The insurance door (migration 0019): the policy in force today
	 * that covers the product, or null: for items not yet declared. */
	[ST_COVER] = {"trace.info_cover",
		      "SELECT coalesce(policy_cover($1::bigint, $2, $3, "
		      "cn_day(now())), 'null'::json)"},
	/* The links the brand registered (links.c), the lot's own first;
	 * the page shows them, ?linkType= follows them. */
	[ST_LINKS] = {"trace.info_links",
		      "SELECT coalesce(json_agg(json_build_object('type', "
		      "link_type, 'href', href, 'title', title, 'lang', lang) "
		      "ORDER BY lot IS NULL, id), '[]') FROM (SELECT * FROM "
		      "gs1_link WHERE gtin = $1 AND (lot IS NULL OR lot = $2) "
		      "ORDER BY lot IS NULL, id LIMIT 20) l"},
	[ST_PROVENANCE] =
		{"trace.info_provenance",
		 "SELECT json_build_object('lot', (SELECT json_build_object("
		 "'lot', $2::text, 'production_date', production_date::text, "
		 "'expiry_date', expiry_date::text) FROM lot WHERE product_id "
		 "= $1 AND lot = $2), 'shipments', coalesce((SELECT "
		 "json_agg(json_build_object('bill_no', s.bill_no, "
		 "'departure_country', json_build_object('code', "
		 "s.departure_country, 'name_zh', coalesce(c.name_zh, ''), "
		 "'name_en', coalesce(c.name_en, '')), 'port', s.port_code, "
		 "'arrival_date', s.arrival_date::text, 'warehouse', "
		 "s.warehouse, 'warehouse_en', s.warehouse_en, 'quantity', "
		 "sl.quantity) ORDER BY "
		 "s.arrival_date) FROM shipment_lot sl JOIN shipment s ON s.id "
		 "= sl.shipment_id LEFT JOIN customs_code c ON c.tbl = "
		 "'country' AND c.code = s.departure_country WHERE "
		 "sl.product_id = $1 AND sl.lot = $2), '[]'), 'inspections', "
		 "coalesce((SELECT json_agg(x ORDER BY x.tested_on DESC) FROM "
		 "(SELECT id, lab, lab_en, report_no, tested_on::text AS "
		 "tested_on, items, items_en, passed, certificate FROM "
		 "inspection WHERE product_id = $1 "
		 "AND "
		 "(lot IS NULL OR lot = $2) ORDER BY tested_on DESC LIMIT 20) "
		 "x), '[]'))"},
};

static enum bt_err load_ranges(struct bt_db *db, const char *id,
			       struct trace_batch_info *info)
{
	const char *params[] = {id};
	PGresult *r = NULL;
	enum bt_err err =
		bt_db_query_take(db, &stmts[ST_RANGES], 1, params, &r);
	if (err != BT_OK)
		return err;
	int n = PQntuples(r);
	info->ranges = n ? calloc((size_t)n, sizeof(*info->ranges)) : NULL;
	if (n && info->ranges == NULL)
		err = BT_ENOMEM;
	for (int i = 0; err == BT_OK && i < n; i++) {
		struct trace_status_range *x = &info->ranges[i];
		x->id = bt_db_int(r, i, 0);
		x->first = (uint32_t)bt_db_int(r, i, 1);
		x->end = (uint32_t)bt_db_int(r, i, 2);
		x->status = trace_status_parse(bt_db_text(r, i, 3));
		bt_strlcpy(x->reason, bt_db_text(r, i, 4), sizeof(x->reason));
		x->effective_at = strtod(bt_db_text(r, i, 5), NULL);
		bt_strlcpy(x->effective, bt_db_text(r, i, 6),
			   sizeof(x->effective));
		bt_strlcpy(x->reason_en, bt_db_text(r, i, 7),
			   sizeof(x->reason_en));
	}
	if (err == BT_OK)
		info->nranges = (size_t)n;
	PQclear(r);
	return err;
}

static enum bt_err load_bound(struct bt_db *db, const char *id,
			      struct trace_batch_info *info)
{
	char ent[24];
	snprintf(ent, sizeof(ent), "%lld", info->batch.enterprise_id);
	const char *params[] = {id, ent, info->batch.gtin,
				info->product.category};
	PGresult *r = NULL;
	enum bt_err err = bt_db_query_take(db, &stmts[ST_BOUND], 4, params, &r);
	if (err != BT_OK)
		return err;
	int n = PQntuples(r);
	info->bound = n ? calloc((size_t)n, sizeof(*info->bound)) : NULL;
	if (n && info->bound == NULL)
		err = BT_ENOMEM;
	for (int i = 0; err == BT_OK && i < n; i++) {
		struct trace_bound_range *b = &info->bound[i];
		b->first = (uint32_t)bt_db_int(r, i, 0);
		b->end = (uint32_t)bt_db_int(r, i, 1);
		b->withdrawn = strcmp(bt_db_text(r, i, 2), "t") == 0;
		b->declaration = json_loads(bt_db_text(r, i, 3), 0, NULL);
		if (b->declaration == NULL)
			err = BT_ENOMEM;
		else
			info->nbound = (size_t)i + 1;
	}
	PQclear(r);
	return err;
}

static enum bt_err load_provenance(struct bt_db *db,
				   struct trace_batch_info *info)
{
	char pid[24];
	snprintf(pid, sizeof(pid), "%lld", info->product.id);
	const char *params[] = {pid, info->batch.lot};
	return bt_db_query_json(db, &stmts[ST_PROVENANCE], 2, params,
				&info->provenance);
}

enum bt_err trace_batch_info_load(struct bt_db *db, uint32_t id,
				  struct trace_batch_info *info)
{
	memset(info, 0, sizeof(*info));
	char ids[16];
	snprintf(ids, sizeof(ids), "%u", id);
	enum bt_err err = trace_batch_get(db, id, &info->batch);
	if (err == BT_OK)
		err = trace_product_get(db, info->batch.gtin, &info->product);
	if (err == BT_OK)
		err = disc_enterprise_get(db, info->batch.enterprise_id,
					  &info->importer);
	if (err == BT_OK)
		err = load_ranges(db, ids, info);
	if (err == BT_OK)
		err = load_bound(db, ids, info);
	if (err == BT_OK)
		err = load_provenance(db, info);
	if (err == BT_OK) {
		char ent[24];
		snprintf(ent, sizeof(ent), "%lld", info->batch.enterprise_id);
		const char *p[] = {ent, info->batch.gtin,
				   info->product.category};
		err = bt_db_query_json(db, &stmts[ST_COVER], 3, p,
				       &info->cover);
	}
	if (err == BT_OK) {
		const char *p[] = {info->batch.gtin, info->batch.lot};
		err = bt_db_query_json(db, &stmts[ST_LINKS], 2, p,
				       &info->links);
	}
	if (err != BT_OK)
		trace_batch_info_clean(info);
	return err;
}

void trace_batch_info_clean(struct trace_batch_info *info)
{
	if (info == NULL)
		return;
	free(info->ranges);
	info->ranges = NULL;
	info->nranges = 0;
	for (size_t i = 0; i < info->nbound; i++)
		json_decref(info->bound[i].declaration);
	free(info->bound);
	info->bound = NULL;
	info->nbound = 0;
	json_decref(info->provenance);
	info->provenance = NULL;
	json_decref(info->cover);
	info->cover = NULL;
	json_decref(info->links);
	info->links = NULL;
}

const struct trace_status_range *
trace_info_status(const struct trace_batch_info *info, uint32_t index)
{
	for (size_t i = 0; i < info->nranges; i++) {
		const struct trace_status_range *r = &info->ranges[i];
		if (index >= r->first && index < r->end)
			return r;
	}
	return NULL;
}

const struct trace_bound_range *
trace_info_binding(const struct trace_batch_info *info, uint32_t index)
{
	for (size_t i = 0; i < info->nbound; i++)
		if (index >= info->bound[i].first && index < info->bound[i].end)
			return &info->bound[i];
	return NULL;
}
