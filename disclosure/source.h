/* source.h: what the disclosure module publishes about traceability
 * (declared volumes, codes, scans, inspections, alerts) is owned by the
 * trace module, which depends on this one. The application connects them
 * at start-up by handing over these functions; "now" is an ISO time.
 * Without a source, ratings, profiles and statistics are refused rather
 * than published without traceability's part. */
#ifndef DISC_SOURCE_H
#define DISC_SOURCE_H

#include <jansson.h>
#include <stdbool.h>

#include "core/db.h"
#include "core/err.h"

/* The rating facts traceability owns, about one enterprise as of a day in
 * Asia/Shanghai (docs/credit.md). rating.c gives them the names a rule
 * set's factors use. */
struct disc_trace_facts {
	long long inspections_failed; /* tested in the last 24 months */
	long long inspections_passed; /* tested in the last 24 months */
	long long messages;	      /* customs messages, refused ones too */
	long long messages_rejected;
	long long orders;	    /* distinct orders of live declarations */
	long long quality_findings; /* over-bound lines, unbound scans */
	long long codes_scanned;
	long long clone_alerts; /* raised in the last 12 months */
	/* The day of the latest failed inspection, YYYY-MM-DD; "" if none. */
	char last_failed_inspection[11];
};

struct disc_source {
	/* Fills *out with the facts above. */
	enum bt_err (*facts)(struct bt_db *db, long long enterprise_id,
			     const char *now, struct disc_trace_facts *out);
	/* {"operating": {...}, "regulatory": {...}} of a profile. */
	enum bt_err (*activity)(struct bt_db *db, long long enterprise_id,
				const char *now, json_t **out);
	/* Platform-wide figures for the statistics page. */
	enum bt_err (*statistics)(struct bt_db *db, const char *now,
				  json_t **out);
	/* Inspection id's enterprise and report number (an objection names
	 * it); BT_ENOTFOUND if there is none. */
	enum bt_err (*inspection)(struct bt_db *db, long long id,
				  long long *enterprise_id, char *report_no,
				  size_t size);
};

/* Connects the source (copied); call before serving. NULL, or a source
 * missing one of its functions, leaves none connected. */
void disc_set_source(const struct disc_source *src);
/* The connected source, or NULL (logged as an error) when there is none:
 * the caller then fails with BT_EINTERNAL. */
const struct disc_source *disc_source(void);

/* What the complaints module publishes, which depends on this one too:
 * rating facts (closed cases count by the outcome frozen when they
 * closed, so a later rule or calendar change cannot rewrite them), a
 * profile's category 6 and platform statistics, with no personal data
 * and no free text. Connected at start-up like the source above; without
 * it ratings, profiles and statistics are refused. */
struct disc_complaint_facts {
	long long complaints;	 /* received in the last 12 months */
	long long upheld;	 /* closed upheld in the last 12 months */
	long long answered_late; /* closed after the enterprise's window ran
				    out unanswered, last 12 months */
	long long overdue;	 /* open, the enterprise's window run out */
};

struct disc_complaint_source {
	enum bt_err (*facts)(struct bt_db *db, long long enterprise_id,
			     const char *now, struct disc_complaint_facts *out);
	/* Category 6 of a profile. */
	enum bt_err (*profile)(struct bt_db *db, long long enterprise_id,
			       const char *now, json_t **out);
	/* Platform-wide figures for the statistics page. */
	enum bt_err (*statistics)(struct bt_db *db, const char *now,
				  json_t **out);
};

void disc_set_complaint_source(const struct disc_complaint_source *src);
/* The connected complaint source, or NULL (logged as an error). */
const struct disc_complaint_source *disc_complaint_source(void);

/* Both sources are connected (each missing one is logged). */
bool disc_sources_connected(void);

#endif
