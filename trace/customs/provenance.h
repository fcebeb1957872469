/* provenance.h: what an enterprise records about its goods, by API (JSON)
 * and CLI alike: product master data, lots, inbound shipments into the
 * bonded warehouse, and inspection and testing records. Each record is
 * checked and stored in one transaction, for the enterprise's own products
 * only. */
#ifndef TRACE_PROVENANCE_H
#define TRACE_PROVENANCE_H

#include <jansson.h>

#include "core/db.h"
#include "core/err.h"
#include "core/http.h"

enum trace_record_kind {
	TRACE_RECORD_PRODUCT, /* master data of a product (by gtin) */
	TRACE_RECORD_LOT,
	TRACE_RECORD_SHIPMENT,
	TRACE_RECORD_INSPECTION,
};

/* Parses "product", "lot", "shipment" or "inspection". */
enum bt_err trace_record_kind_parse(const char *s, enum trace_record_kind *k);

/* Checks and stores one record given as a JSON object. BT_EINVAL /
 * BT_ENOTFOUND / BT_ECONFLICT with *reason; *out is what was stored. */
enum bt_err trace_record(struct bt_db *db, long long enterprise_id,
			 enum trace_record_kind kind, const json_t *in,
			 json_t **out, const char **reason);

/* PATCH /api/v1/products/{gtin}, POST /api/v1/lots, /api/v1/shipments,
 * /api/v1/inspections */
void trace_api_record_product(struct bt_req *req);
void trace_api_record_lot(struct bt_req *req);
void trace_api_record_shipment(struct bt_req *req);
void trace_api_record_inspection(struct bt_req *req);

#endif
