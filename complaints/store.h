/* store.h: cases in the database: reading one as its viewer may see it,
 * appending an event in one transaction (the state, the clocks' nearest
 * due day and, at closure, the frozen outcome follow), and the queues. */
#ifndef CMPL_STORE_H
#define CMPL_STORE_H

#include <jansson.h>

#include "complaints/calendar.h"
#include "complaints/case.h"
#include "complaints/clock.h"
#include "core/db.h"
#include "core/err.h"

/* Who looks at or acts on a case. A consumer is whoever holds the case's
 * token; an enterprise sees only cases it is party to; regulators see
 * every case. */
struct cmpl_viewer {
	enum cmpl_actor actor;
	long long enterprise_id; /* for CMPL_BY_ENTERPRISE */
	const char *name;	 /* the staff account or key, for the log */
	const char *token;	 /* for CMPL_BY_CONSUMER */
};

/* Case numbers: "TS" and 12 digits. */
#define CMPL_NUMBER_MAX 24

/* The id of case number if v may see it (else BT_ENOTFOUND), its row
 * locked for the caller's transaction when lock. */
enum bt_err cmpl_case_find(struct bt_db *db, const char *number,
			   const struct cmpl_viewer *v, bool lock,
			   long long *id);

/* The rules in force on day (YYYY-MM-DD). */
enum bt_err cmpl_rules_load(struct bt_db *db, const char *day,
			    struct cmpl_rules *out);

/* The case as v may see it: its record, frozen evidence, events, clocks
 * (with the days each deadline skipped), payments and the actions v may
 * take now. BT_ENOTFOUND for an unknown number and for a case v may not
 * see (a wrong token looks like no case). *out is the caller's. */
enum bt_err cmpl_case_view(struct bt_db *db, const char *number,
			   const struct cmpl_viewer *v, json_t **out);

/* Appends event (a name from case.h) with its data (a JSON object whose
 * members the event defines) as v, in one transaction. BT_ENOTFOUND as
 * for cmpl_case_view; BT_ECONFLICT with *reason when the case's state
 * does not allow it (the reason lists what is allowed); BT_EINVAL with
 * *reason for bad data. On success *out is the case as cmpl_case_view
 * gives it. */
enum bt_err cmpl_case_act(struct bt_db *db, const char *number,
			  const struct cmpl_viewer *v, const char *event,
			  const json_t *data, json_t **out,
			  const char **reason);

/* Recomputes a case's state and clocks from its events and writes them
 * (the caller holds the row lock, inside a transaction). */
enum bt_err cmpl_case_refresh(struct bt_db *db, long long case_id);

/* The nearest deadline of a case of kind received now, before it is
 * stored: due (YYYY-MM-DD, "" if none) and its clock's name; window the
 * enterprise window's due day ("" without one). */
enum bt_err cmpl_intake_deadline(struct bt_db *db, enum cmpl_kind kind,
				 bool routed, char due[11], const char **clock,
				 char window[11]);

/* Filters of the regulator's queue. */
struct cmpl_queue_filter {
	const char *view;     /* "open" (default), "overdue", "due_soon",
				 "closed", "all" */
	const char *kind;     /* NULL, "complaint" or "report" */
	long long enterprise; /* 0: any */
	int page, per_page;
};

/* The regulator's queue, nearest deadline first: {total, items}. */
enum bt_err cmpl_queue(struct bt_db *db, const struct cmpl_queue_filter *f,
		       json_t **out);
/* An enterprise's cases, newest first: {items}. */
enum bt_err cmpl_enterprise_cases(struct bt_db *db, long long enterprise_id,
				  int page, int per_page, json_t **out);

/* Doors for insurance claims. The case number about item (batch, index):
 * its id, and what its platform or enterprise paid the consumer in
 * advance (0 if nothing) and which of them paid ("" if none).
 * BT_ENOTFOUND when no case with this number is about that item. */
enum bt_err cmpl_case_advance(struct bt_db *db, const char *number,
			      uint32_t batch, uint32_t index,
			      long long *case_id, long long *advance_fen,
			      char payer[16]);

/* How many cases there are. */
enum bt_err cmpl_case_total(struct bt_db *db, long long *n);

/* The offices a case may be transferred to: [{code, name_zh, name_en}]. */
enum bt_err cmpl_offices(struct bt_db *db, json_t **out);

/* One clock as JSON: name, its rule, state, due day and the days its
 * period skipped. Claims' clocks use it too. */
json_t *cmpl_clock_json(const struct cmpl_calendar *cal, const char *name,
			const struct cmpl_rule *rule,
			const struct cmpl_clock *c);
/* The opened contact {"name", "phone"} of the sealed hex, set on view as
 * "contact", for the staff who may see it (nothing when it does not
 * open). */
void cmpl_contact_add_opened(json_t *view, const char *hex);
/* The clocks of one case as JSON (shared by the view and the tests). */
json_t *cmpl_clocks_json(const struct cmpl_calendar *cal,
			 const struct cmpl_rules *r,
			 const struct cmpl_clock c[CMPL_CLOCK_COUNT]);

#endif
