/* print_api.h: print files over HTTP. */
#ifndef TRACE_CODE_PRINT_API_H
#define TRACE_CODE_PRINT_API_H

#include "core/http.h"

/* GET /api/v1/batches/{id}/codes: the batch's codes as a print file (the
 * enterprise's alone: a regulator sees a batch's facts, never its serials) */
void trace_api_batch_codes(struct bt_req *req);

/* GET /api/v1/exports/mine?token=: the caller's running export, if any
 * (one runs per key at a time; with token, the one whose request carried
 * ?progress=token): {"running": true, "batch", "format", "done",
 * "total"}, done and total counting codes; else {"running": false} with
 * "last", the same of the caller's export that ended last, while the
 * server remembers it. What the console's progress bar reads. */
void trace_api_export_progress(struct bt_req *req);

#endif
