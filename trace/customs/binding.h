/* binding.h: binding codes to what was declared. A range [from, to) of a
 * batch is bound to one line of a CEB621 inventory list (and a lot): the
 * consumer's declared item is then what the code's page shows. A code is
 * bound at most once, and a line never gets more codes than its declared
 * quantity. */
#ifndef TRACE_BINDING_H
#define TRACE_BINDING_H

#include <jansson.h>
#include <stdint.h>

#include "core/db.h"
#include "core/err.h"
#include "core/http.h"

struct trace_binding_request {
	uint32_t batch;
	long long from;
	long long to;
	const char *inventory; /* invtNo, or copNo before customs numbered it */
	long long gnum;
	const char *lot; /* NULL: the batch's lot */
};

/* Binds in one transaction for the enterprise. BT_EINVAL / BT_ENOTFOUND /
 * BT_ECONFLICT with *reason; *out is the stored binding as JSON. */
enum bt_err trace_binding_add(struct bt_db *db, long long enterprise_id,
			      const struct trace_binding_request *req,
			      json_t **out, const char **reason);

/* A batch's bindings as a JSON array. */
enum bt_err trace_binding_list(struct bt_db *db, uint32_t batch, json_t **out);

/* POST /api/v1/bindings, GET /api/v1/batches/{id}/bindings */
void trace_api_binding_add(struct bt_req *req);
void trace_api_binding_list(struct bt_req *req);

#endif
