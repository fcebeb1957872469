/* status.h: revoked, recalled and stolen ranges of a batch. A range is
 * [from, to) of code indexes with a reason and the time it takes effect;
 * a code has at most one status, so ranges of a batch never overlap. */
#ifndef TRACE_STATUS_H
#define TRACE_STATUS_H

#include <jansson.h>
#include <stdint.h>

#include "core/db.h"
#include "core/err.h"
#include "core/http.h"

struct trace_status_request {
	uint32_t batch;
	long long from;
	long long to;
	const char *status;	  /* revoked, recalled or stolen */
	const char *reason;	  /* 1 to 500 characters */
	const char *reason_en;	  /* NULL or at most 500: in English */
	const char *effective_at; /* ISO 8601, or NULL for now */
};

/* Sets a status range for who (the batch's enterprise or a regulator) in
 * one transaction. BT_EINVAL / BT_ENOTFOUND / BT_ECONFLICT with *reason.
 * *out receives the stored range as JSON. */
enum bt_err trace_status_set(struct bt_db *db, const struct bt_principal *who,
			     const struct trace_status_request *req,
			     json_t **out, const char **reason);

/* The ranges of a batch as a JSON array. */
enum bt_err trace_status_list(struct bt_db *db, uint32_t batch, json_t **out);

/* POST and GET /api/v1/batches/{id}/status */
void trace_api_status_set(struct bt_req *req);
void trace_api_status_list(struct bt_req *req);

#endif
