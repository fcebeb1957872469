/* resolve.h: turning a scanned code into the facts behind it. Checking
 * is split in two so that malformed and forged codes are refused before
 * any database work: trace_resolve_check needs no database. */
#ifndef TRACE_RESOLVE_H
#define TRACE_RESOLVE_H

#include "core/db.h"
#include "core/err.h"
#include "trace/batch.h"
#include "trace/gs1.h"
#include "trace/product.h"
#include "trace/serial.h"

struct trace_resolution {
	struct trace_dl dl;
	struct trace_code code;
	struct trace_batch batch;
	struct trace_product product;
};

/* Parses a raw URI path and verifies check digits and the serial's MAC.
 * BT_EINVAL: malformed, *reason says how. BT_ENOTFOUND: well formed but
 * not a code we issued. */
enum bt_err trace_resolve_check(const char *path, struct trace_resolution *out,
				const char **reason);

/* Completes a checked resolution from the database. BT_ENOTFOUND with
 * *reason when the batch does not hold the code. */
enum bt_err trace_resolve_lookup(struct bt_db *db, struct trace_resolution *res,
				 const char **reason);

#endif
