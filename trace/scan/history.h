/* history.h: one code's record (status, count, alerts, latest scans) for
 * the enterprise that issued it and for regulators. */
#ifndef TRACE_HISTORY_H
#define TRACE_HISTORY_H

#include "core/http.h"

/* GET /api/v1/batches/{id}/codes/{index} and the console's page of it. */
void trace_api_code_history(struct bt_req *req);

#endif
