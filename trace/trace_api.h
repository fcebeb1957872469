/* trace_api.h: HTTP handlers of the trace module (see docs/api.md). */
#ifndef TRACE_API_H
#define TRACE_API_H

#include "core/http.h"

/* GET /01/{gtin}/21/{serial}, GET /01/{gtin}/10/{lot}/21/{serial} */
void trace_api_resolve(struct bt_req *req);
/* POST /api/v1/products, GET /api/v1/products */
void trace_api_product_create(struct bt_req *req);
void trace_api_product_list(struct bt_req *req);
/* POST /api/v1/batches, GET /api/v1/batches/{id},
 * GET /api/v1/batches/{id}/codes */
void trace_api_batch_create(struct bt_req *req);
void trace_api_batch_get(struct bt_req *req);
void trace_api_batch_codes(struct bt_req *req);

#endif
