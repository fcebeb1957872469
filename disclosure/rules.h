/* rules.h: checking a credit rule set (docs/credit.md) before it is
 * stored: a baseline, grade ranges that cover min..max, and factors that
 * add points per unit of a fact about the enterprise. */
#ifndef DISC_RULES_H
#define DISC_RULES_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* The facts a factor may name, NULL-ended. */
extern const char *const disc_fact_names[];

/* True if rules is a well-formed rule set: known facts, grade ranges that
 * cover min..max without gap or overlap, caps of the same sign as their
 * points, a guard of at least 1 wherever a rate is taken. Otherwise false
 * with a reason a person can act on in reason. */
bool disc_rules_check(const json_t *rules, char *reason, size_t size);

#endif
