/* cache.h: the scan path's memory: batch infos (batch_info.h) kept by
 * reference, the verdict thresholds and the province table. Entries are
 * immutable and shared; any change to the underlying tables (NOTIFY
 * bt_trace) drops them all, and when full the least recently used go. */
#ifndef TRACE_CACHE_H
#define TRACE_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "core/db.h"
#include "core/err.h"
#include "trace/scan/batch_info.h"
#include "trace/scan/verdict.h"

/* Loads the settings and starts listening for changes on its own
 * connection. Without it the cache still works but never expires. */
enum bt_err trace_cache_start(const char *conninfo);
void trace_cache_stop(void);

/* The batch's info, from memory or loaded through db. The caller holds a
 * reference until trace_cache_release. BT_ENOTFOUND if no such batch. */
enum bt_err trace_cache_batch(struct bt_db *db, uint32_t id,
			      const struct trace_batch_info **out);
void trace_cache_release(const struct trace_batch_info *info);
/* Keeps at most entries batches (0: the default, 200,000), evicting the
 * least recently used now and whenever a new one comes. */
void trace_cache_limit(size_t entries);
/* Whether batch id is held now (for tests and diagnostics). */
bool trace_cache_holds(uint32_t id);
/* Ends a write to what the scan path shows (bt_db_finish): on success
 * this server's cache is dropped at once (others learn through NOTIFY);
 * on failure *out, if out is given, is released and set to NULL. */
enum bt_err trace_cache_commit(struct bt_db *db, enum bt_err err, json_t **out);
/* Drops every entry and reloads the settings through db (NULL: keep). */
void trace_cache_clear(struct bt_db *db);

/* The verdict thresholds for a product category. */
void trace_cache_rules(const char *category, struct trace_rules *out);

/* Distance between the provinces of two GB/T 2260 region codes, in km;
 * negative if either is unknown. */
double trace_cache_distance(const char *region_a, const char *region_b);
/* True if region is six digits naming a known province. */
bool trace_region_valid(const char *region);

#endif
