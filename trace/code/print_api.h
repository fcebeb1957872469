/* print_api.h: print files over HTTP. */
#ifndef TRACE_CODE_PRINT_API_H
#define TRACE_CODE_PRINT_API_H

#include "core/http.h"

/* GET /api/v1/batches/{id}/codes: the batch's codes as a print file (the
 * enterprise's alone: a regulator sees a batch's facts, never its serials) */
void trace_api_batch_codes(struct bt_req *req);

#endif
