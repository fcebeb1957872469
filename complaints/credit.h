/* credit.h: what complaints tell of an enterprise's credit, through
 * disclosure's complaint source (disclosure/source.h): rating facts from
 * the outcomes frozen at closure, category 6 of its profile, platform
 * statistics; and the patterns that should make a regulator look. */
#ifndef CMPL_CREDIT_H
#define CMPL_CREDIT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/db.h"
#include "core/err.h"

/* Connects the complaint source; call before serving or rating. */
void cmpl_disclose_connect(void);

/* Upheld complaints on one GTIN and lot within 30 days that make a
 * "batch problem" alert. */
#define CMPL_BATCH_ALERT_MIN 3

/* Patterns of the last 30 days as of now: {"batches": [...],
 * "counterfeits": [...], "frequent": [...]} (no personal data: a frequent
 * complainant is shown by the first characters of a keyed hash). */
enum bt_err cmpl_alerts(struct bt_db *db, const char *now, json_t **out);
/* Recounts the patterns case_id belongs to after it changed, as of now;
 * inside the case's transaction. */
enum bt_err cmpl_alerts_note(struct bt_db *db, long long case_id,
			     const char *now);

/* An approved quality claim flags its lot with the batch alert
 * regulators see: claims (an object, e.g. {"approved_claims": 2,
 * "open_claims": [...]}) is merged into the alert's detail. Inside the
 * claim's transaction. */
enum bt_err cmpl_alert_claim(struct bt_db *db, const char *gtin,
			     const char *lot, uint32_t batch,
			     long long enterprise_id, const json_t *claims,
			     const char *now);

/* Adds case_id to the daily tallies that category 6 and the statistics
 * read: as received, or (closed) as closed with its frozen outcome.
 * Inside the case's transaction, once each. */
enum bt_err cmpl_tally(struct bt_db *db, long long case_id, bool closed);

#endif
