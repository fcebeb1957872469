/* resolve.h: turning a scanned code into the facts behind it. Checking
 * is split in two so that malformed and forged codes are refused before
 * any database work: trace_resolve_check needs no database. */
#ifndef TRACE_RESOLVE_H
#define TRACE_RESOLVE_H

#include "core/db.h"
#include "core/err.h"
#include "trace/code/gs1.h"
#include "trace/code/serial.h"
#include "trace/scan/cache.h"

struct trace_resolution {
	struct trace_dl dl;
	struct trace_code code;
	/* After a successful lookup: the batch, product, importer and status
	 * ranges (a cache reference; see trace_resolution_release). */
	const struct trace_batch_info *info;
};

/* Parses a raw request target (path and query) and verifies check digits and
 * the serial's MAC. BT_EINVAL: malformed, *reason says how. BT_ENOTFOUND: well
 * formed but not a code we issued. */
enum bt_err trace_resolve_check(const char *target,
				struct trace_resolution *out,
				const char **reason);

/* The same check for a code already split into its parts (from a GS1
 * element string, say); out->dl is copied from dl. */
enum bt_err trace_resolve_check_dl(const struct trace_dl *dl,
				   struct trace_resolution *out,
				   const char **reason);

/* Completes a checked resolution from the cache (loading through db on a
 * miss). BT_ENOTFOUND with *reason when the batch does not hold the code.
 * On success the caller releases res with trace_resolution_release. */
enum bt_err trace_resolve_lookup(struct bt_db *db, struct trace_resolution *res,
				 const char **reason);
void trace_resolution_release(struct trace_resolution *res);

#endif
