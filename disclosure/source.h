/* source.h: what the disclosure module publishes about traceability
 * (declared volumes, codes, scans, inspections, alerts) is owned by the
 * trace module, which depends on this one. The application connects them
 * at start-up by handing over these functions; "now" is an ISO time. */
#ifndef DISC_SOURCE_H
#define DISC_SOURCE_H

#include <jansson.h>

#include "core/db.h"
#include "core/err.h"

struct disc_source {
	/* Adds the rating facts traceability owns (inspections_failed,
	 * inspections_passed, last_failed_inspection, messages,
	 * messages_rejected, orders, quality_findings, codes_scanned,
	 * clone_alerts) to facts. */
	enum bt_err (*facts)(struct bt_db *db, long long enterprise_id,
			     const char *now, json_t *facts);
	/* {"operating": {...}, "regulatory": {...}} of a profile. */
	enum bt_err (*activity)(struct bt_db *db, long long enterprise_id,
				const char *now, json_t **out);
	/* Platform-wide figures for the statistics page. */
	enum bt_err (*statistics)(struct bt_db *db, const char *now,
				  json_t **out);
};

/* Sets the source (copied); call before serving. */
void disc_set_source(const struct disc_source *src);
/* The source; its members are NULL until one is set. */
const struct disc_source *disc_source(void);

#endif
