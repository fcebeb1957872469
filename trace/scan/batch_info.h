/* batch_info.h: what the scan path shows and judges about a batch, read
 * in one go: the batch, its product and importer, its status ranges, the
 * declarations its codes are bound to, and its lot's provenance. The
 * cache (cache.h) keeps these; this file only reads them. */
#ifndef TRACE_SCAN_BATCH_INFO_H
#define TRACE_SCAN_BATCH_INFO_H

#include <jansson.h>
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
	char reason_en[2001]; /* "" if only given in Chinese */
	double effective_at;  /* seconds since the epoch */
	char effective[40];   /* ISO 8601, UTC */
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
	json_t *cover; /* the quality insurance in force, or JSON null */
	json_t *links; /* the brand's GS1 links for the GTIN and lot */
};

/* Reads batch id's info into *info (zeroed first); BT_ENOTFOUND if there
 * is no such batch. On failure nothing is left to free. */
enum bt_err trace_batch_info_load(struct bt_db *db, uint32_t id,
				  struct trace_batch_info *info);
/* Frees what info holds (not info itself); NULL is a no-op. */
void trace_batch_info_clean(struct trace_batch_info *info);

/* The status range holding index, or NULL. */
const struct trace_status_range *
trace_info_status(const struct trace_batch_info *info, uint32_t index);

/* The bound range holding index, or NULL. */
const struct trace_bound_range *
trace_info_binding(const struct trace_batch_info *info, uint32_t index);

#endif
