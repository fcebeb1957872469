/* batch.h: code batches. A batch is one row naming a product, a count and
 * the key version; its codes are computed from (batch, index), so issuing
 * a hundred million codes writes one row, and exporting them reads one. */
#ifndef TRACE_BATCH_H
#define TRACE_BATCH_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/db.h"
#include "core/err.h"
#include "core/http.h"
#include "core/keys.h"
#include "trace/code/gs1.h"
#include "trace/code/serial.h"
#include "trace/trace.h"

struct trace_batch {
	uint32_t id;
	long long enterprise_id;
	long long product_id;
	char gtin[TRACE_GTIN_LEN + 1];
	char lot[TRACE_AI_MAX + 1]; /* "" if none */
	char expiry[11];	    /* YYYY-MM-DD or "" */
	uint32_t count;
	unsigned key_version;
	char created_at[40];
};

/* What an enterprise asks for. gtin may be 8, 12, 13 or 14 digits. */
struct trace_batch_request {
	const char *gtin;
	long long count;
	const char *lot;    /* NULL or "" for none */
	const char *expiry; /* NULL or "" for none, else YYYY-MM-DD */
};

/* Issues a batch for enterprise_id, which must own the product.
 * BT_EINVAL / BT_ENOTFOUND / BT_EFORBIDDEN with *reason. */
enum bt_err trace_batch_issue(struct bt_db *db, long long enterprise_id,
			      const struct trace_batch_request *req,
			      struct trace_batch *out, const char **reason);

enum bt_err trace_batch_get(struct bt_db *db, uint32_t id,
			    struct trace_batch *out);

/* The newest batch of the enterprise for gtin (14 digits) and lot ("" for
 * none); BT_ENOTFOUND if there is none. */
enum bt_err trace_batch_find(struct bt_db *db, long long enterprise_id,
			     const char *gtin, const char *lot,
			     struct trace_batch *out);

json_t *trace_batch_json(const struct trace_batch *b);

enum trace_export_format {
	TRACE_EXPORT_URI, /* one Digital Link URI per line */
	TRACE_EXPORT_CSV, /* index,serial,uri with a header line */
};

/* A resumable, streaming export of the codes [from, to) of a batch. */
struct trace_export {
	struct trace_batch batch;
	const uint8_t *key;
	enum trace_export_format format;
	uint32_t next;
	uint32_t end;
	bool header_done;
	char prefix[160]; /* the URI up to the serial */
	size_t prefix_len;
};

/* Prepares an export; BT_EINVAL with *reason if the range is outside the
 * batch, BT_EINTERNAL if the batch's key version is missing. */
enum bt_err trace_export_init(struct trace_export *ex,
			      const struct trace_batch *b, uint32_t from,
			      uint32_t to, enum trace_export_format format,
			      const char **reason);

/* Writes whole lines into buf (size >= 256); returns bytes written, 0 when
 * the range is done. */
size_t trace_export_fill(struct trace_export *ex, char *buf, size_t size);

/* The Digital Link of code index of batch b into buf; its length, or 0. */
size_t trace_code_uri(const struct trace_batch *b, uint32_t index, char *buf,
		      size_t size);

/* Reads the batch named by the path's {id} into b if the caller may see
 * it (an enterprise only its own); false after replying 400, 404 or 503. */
bool trace_batch_load(struct bt_req *req, struct trace_batch *b);

/* POST /api/v1/batches, GET /api/v1/batches/{id} */
void trace_api_batch_create(struct bt_req *req);
void trace_api_batch_get(struct bt_req *req);
/* GET /api/v1/batches: the enterprise's latest 100 batches, newest first,
 * each with how many of its codes are bound to declarations. */
void trace_api_batch_list(struct bt_req *req);

#endif
