/* trace_api.h: HTTP handlers of the trace module (see docs/api.md). */
#ifndef TRACE_API_H
#define TRACE_API_H

#include "core/db.h"
#include "core/http.h"

/* This thread's database connection, or NULL after replying 503. */
struct bt_db *trace_api_db(struct bt_req *req);

/* GET /01/{gtin}/21/{serial}, GET /01/{gtin}/10/{lot}/21/{serial} */
void trace_api_resolve(struct bt_req *req);
/* POST /api/v1/declarations: one CEB message (application/xml) or
 * {"messages": [...]} (application/json) */
void trace_api_declare(struct bt_req *req);
/* POST /api/v1/resolve {"data": element string or URI} */
void trace_api_resolve_data(struct bt_req *req);
/* POST /api/v1/products, GET /api/v1/products */
void trace_api_product_create(struct bt_req *req);
void trace_api_product_list(struct bt_req *req);
/* POST /api/v1/batches, GET /api/v1/batches/{id},
 * GET /api/v1/batches/{id}/codes */
void trace_api_batch_create(struct bt_req *req);
void trace_api_batch_get(struct bt_req *req);
void trace_api_batch_codes(struct bt_req *req);

/* The view of a recorded scan (JSON object, new reference), as the page
 * and the API show it. */
struct trace_resolution;
struct trace_scan;
json_t *trace_scan_view(const struct trace_resolution *res,
			const struct trace_scan *scan, const char *lang);
/* Fills a scan record's request-side fields for a resolved code. */
void trace_scan_prepare(struct trace_scan *scan,
			const struct trace_resolution *res, const char *ip,
			const char *user_agent, const char *region,
			const char *channel);

#endif
