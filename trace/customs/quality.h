/* quality.h: what the declarations add up to: declared volumes per month
 * and product (public), and an enterprise's data-quality report (for the
 * enterprise and regulators). */
#ifndef TRACE_CUSTOMS_QUALITY_H
#define TRACE_CUSTOMS_QUALITY_H

#include <jansson.h>

#include "core/db.h"
#include "core/err.h"
#include "core/http.h"

/* Imports cleared (CEB621 inventory lists, not deleted) per month (Beijing
 * time) and product: orders, items and value in fen. from/to are YYYY-MM
 * or NULL. */
enum bt_err trace_volumes(struct bt_db *db, long long enterprise_id,
			  const char *from, const char *to, json_t **out);

/* Rejections by rule, messages sent twice, late declarations, and the
 * quantity checks: lines with more codes bound than declared, scanned codes
 * against bound codes, scans of codes never bound. */
enum bt_err trace_quality(struct bt_db *db, long long enterprise_id,
			  json_t **out);

/* GET /api/v1/enterprises/{id}/volumes (public),
 * GET /api/v1/enterprises/{id}/quality (the enterprise, regulators) */
void trace_api_volumes(struct bt_req *req);
void trace_api_quality(struct bt_req *req);

#endif
