/* score.h: the credit score, a pure function of a checked rule set
 * (rules.h) and the facts about an enterprise, so that a rating can
 * always be explained and recomputed. */
#ifndef DISC_SCORE_H
#define DISC_SCORE_H

#include <jansson.h>

/* Scores facts (an object of non-negative numbers; missing ones are 0)
 * under checked rules: {score, grade, baseline, factors: [...], reasons:
 * the largest contributions, raise: what would raise it, next_grade}. A
 * new object; the caller owns it. */
json_t *disc_rating_score(const json_t *rules, const json_t *facts);

#endif
