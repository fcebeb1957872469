/* cache.h: what the scan path needs about a batch (the batch, its product,
 * importer and status ranges), the verdict thresholds and the province
 * table, kept in memory. Entries are immutable and shared by reference;
 * any change to the underlying tables (NOTIFY bt_trace) drops them all. */
#ifndef TRACE_CACHE_H
#define TRACE_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "core/db.h"
#include "core/err.h"
#include "disclosure/enterprise.h"
#include "trace/code/batch.h"
#include "trace/code/product.h"
#include "trace/scan/verdict.h"

struct trace_status_range {
	long long id;
	uint32_t first; /* [first, end) */
	uint32_t end;
	enum trace_code_status status;
	char reason[2001];
	double effective_at; /* seconds since the epoch */
	char effective[40];  /* ISO 8601, UTC */
};

/* Codes [first, end) bound to a declared inventory line. */
struct trace_bound_range {
	uint32_t first;
	uint32_t end;
	bool withdrawn;	     /* the declaration was deleted (appType 3) */
	json_t *declaration; /* what the page shows of it */
};

struct trace_batch_info {
	struct trace_batch batch;
	struct trace_product product;
	struct disc_enterprise importer;
	size_t nranges;
	struct trace_status_range *ranges; /* sorted by first */
	size_t nbound;
	struct trace_bound_range *bound; /* sorted by first */
	json_t *provenance;		 /* lot, shipments, inspections */
};

/* Loads the settings and starts listening for changes on its own
 * connection. Without it the cache still works but never expires. */
enum bt_err trace_cache_start(const char *conninfo);
void trace_cache_stop(void);

/* The batch's info, from memory or loaded through db. The caller holds a
 * reference until trace_cache_release. BT_ENOTFOUND if no such batch. */
enum bt_err trace_cache_batch(struct bt_db *db, uint32_t id,
			      const struct trace_batch_info **out);
void trace_cache_release(const struct trace_batch_info *info);
/* Drops every entry and reloads the settings through db (NULL: keep). */
void trace_cache_clear(struct bt_db *db);

/* The status range holding index, or NULL. */
const struct trace_status_range *
trace_info_status(const struct trace_batch_info *info, uint32_t index);

/* The bound range holding index, or NULL. */
const struct trace_bound_range *
trace_info_binding(const struct trace_batch_info *info, uint32_t index);

/* The verdict thresholds for a product category. */
void trace_cache_rules(const char *category, struct trace_rules *out);

/* Distance between the provinces of two GB/T 2260 region codes, in km;
 * negative if either is unknown. */
double trace_cache_distance(const char *region_a, const char *region_b);
/* True if region is six digits naming a known province. */
bool trace_region_valid(const char *region);

#endif
