/* rating.h: stored credit ratings. Rule sets are versioned JSON data
 * (docs/credit.md; checked by rules.h), one of them active; a rating is
 * the score (score.h) of an enterprise's facts under the active rule set,
 * and every computation that changes a rating is kept. */
#ifndef DISC_RATING_H
#define DISC_RATING_H

#include <jansson.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/db.h"
#include "core/err.h"
#include "disclosure/source.h"

/* The active rule set and its version. */
enum bt_err disc_rules_active(struct bt_db *db, int *version, json_t **rules);

/* Every rule set, newest first: version, note, author, time, active,
 * body. */
enum bt_err disc_rules_list(struct bt_db *db, json_t **out);

/* Checks rules, stores them as the new active version and recomputes
 * every rating under them, in one transaction. BT_EINVAL with reason. */
enum bt_err disc_rules_add(struct bt_db *db, const json_t *rules,
			   const char *note, const char *who, const char *now,
			   int *version, char *reason, size_t size);

/* All facts about one enterprise as of now: disclosure's own and the
 * source's (source.h), under the names of disc_fact_names (rules.h).
 * *facts is the caller's. BT_EINTERNAL when no source is connected. */
enum bt_err disc_rating_facts(struct bt_db *db, long long enterprise_id,
			      const char *now, json_t **facts);

/* Completes facts, the object of disclosure's own facts with the dates
 * registered_on and last_violation (YYYY-MM-DD or null): adds trace's
 * and the complaints module's, months_clean as of now, and drops the
 * dates. BT_EINTERNAL (logged) if a
 * name of disc_fact_names is then missing, so that a misspelt fact is an
 * error rather than a silent 0. */
enum bt_err disc_rating_facts_complete(json_t *facts,
				       const struct disc_trace_facts *trace,
				       const struct disc_complaint_facts *cmpl,
				       const char *now);

/* Computes the rating of one enterprise as of now and stores it if it
 * differs from the last one. Call inside a transaction. BT_EINTERNAL when
 * no source is connected. */
enum bt_err disc_rating_recompute(struct bt_db *db, long long enterprise_id,
				  const char *now, bool *changed);

/* Recomputes every enterprise, one transaction each; *changed counts the
 * ratings that moved. */
enum bt_err disc_rating_recompute_all(struct bt_db *db, const char *now,
				      int *changed);
/* As disc_rating_recompute_all, stopping before the next enterprise once
 * *stop (if stop is not NULL) is true: the background worker's flag. */
enum bt_err disc_rating_recompute_while(struct bt_db *db, const char *now,
					int *changed, const atomic_bool *stop);

/* The current rating of an enterprise with its full result, the last
 * rating under an earlier rule set (when the rules changed), and the
 * history of computations. BT_ENOTFOUND if it was never rated. */
enum bt_err disc_rating_get(struct bt_db *db, long long enterprise_id,
			    json_t **out);

#endif
