/* resolve_api.h: the scan path's HTTP handlers, and the view of a
 * recorded scan that the page, the API and the photo scanner show. */
#ifndef TRACE_SCAN_RESOLVE_API_H
#define TRACE_SCAN_RESOLVE_API_H

#include <jansson.h>

#include "core/http.h"

struct trace_resolution;
struct trace_scan;

/* GET /01/{gtin}/21/{serial}, GET /01/{gtin}/10/{lot}/21/{serial} */
void trace_api_resolve(struct bt_req *req);
/* POST /api/v1/resolve {"data": element string or URI} */
void trace_api_resolve_data(struct bt_req *req);

/* The view of a recorded scan (JSON object, new reference), as the page
 * and the API show it. */
json_t *trace_scan_view(const struct trace_resolution *res,
			const struct trace_scan *scan, const char *lang);
/* Fills a scan record's request-side fields for a resolved code. */
void trace_scan_prepare(struct trace_scan *scan,
			const struct trace_resolution *res, const char *ip,
			const char *user_agent, const char *region,
			const char *channel);

#endif
