/* declaration_api.h: receiving CEB messages over HTTP. */
#ifndef TRACE_CUSTOMS_DECLARATION_API_H
#define TRACE_CUSTOMS_DECLARATION_API_H

#include "core/http.h"

/* POST /api/v1/declarations: one CEB message (application/xml) or
 * {"messages": [...]} (application/json) */
void trace_api_declare(struct bt_req *req);
/* GET /api/v1/declarations: the enterprise's latest 50 receipts (accepted
 * and rejected, as CEB312/622 would carry them) and 20 refusals. */
void trace_api_declaration_list(struct bt_req *req);

#endif
