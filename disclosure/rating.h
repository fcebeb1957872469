/* rating.h: the credit scorecard. A rule set is versioned JSON data
 * (docs/credit.md): a baseline, grade ranges, and factors that add points
 * per unit of a fact about the enterprise. Scoring is a pure function of
 * the rules and the facts, so a rating can always be explained and
 * recomputed; every computation that changes a rating is kept. */
#ifndef DISC_RATING_H
#define DISC_RATING_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/db.h"
#include "core/err.h"

/* The facts a factor may name, NULL-ended. */
extern const char *const disc_fact_names[];

/* True if rules is a well-formed rule set: known facts, grade ranges that
 * cover min..max without gap or overlap, caps of the same sign as their
 * points, a guard of at least 1 wherever a rate is taken. Otherwise false
 * with a reason a person can act on in reason. */
bool disc_rules_check(const json_t *rules, char *reason, size_t size);

/* Scores facts (an object of non-negative numbers; missing ones are 0)
 * under checked rules: {score, grade, baseline, factors: [...], reasons:
 * the largest contributions, raise: what would raise it, next_grade}. */
json_t *disc_rating_score(const json_t *rules, const json_t *facts);

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

/* All facts about one enterprise as of now. */
enum bt_err disc_rating_facts(struct bt_db *db, long long enterprise_id,
			      const char *now, json_t **facts);

/* Computes the rating of one enterprise as of now and stores it if it
 * differs from the last one. Call inside a transaction. */
enum bt_err disc_rating_recompute(struct bt_db *db, long long enterprise_id,
				  const char *now, bool *changed);

/* Recomputes every enterprise, one transaction each; *changed counts the
 * ratings that moved. */
enum bt_err disc_rating_recompute_all(struct bt_db *db, const char *now,
				      int *changed);

/* The current rating of an enterprise with its full result, the last
 * rating under an earlier rule set (when the rules changed), and the
 * history of computations. BT_ENOTFOUND if it was never rated. */
enum bt_err disc_rating_get(struct bt_db *db, long long enterprise_id,
			    json_t **out);

/* Starts a thread that recomputes every rating every interval seconds
 * (and once at start) on its own connection; 0 starts nothing. */
enum bt_err disc_rating_start(const char *conninfo, unsigned interval);
void disc_rating_stop(void);

#endif
