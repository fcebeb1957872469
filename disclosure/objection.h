/* objection.h: objections (异议). An enterprise disputes a published fact
 * about itself (a penalty, an inspection, a commitment's breach, its
 * rating or its customs class) with its grounds; a regulator upholds or
 * rejects it with an answer. Both are public, shown with the fact; an
 * upheld objection is put right by the action that changes the fact (a
 * penalty's correction or withdrawal, a new rating), which is published
 * in turn. */
#ifndef DISC_OBJECTION_H
#define DISC_OBJECTION_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/db.h"
#include "core/err.h"

/* The enterprise objects to the fact subject ("penalty", "inspection",
 * "commitment" with subject_id; "rating" or "customs_class" with 0). One
 * objection to a fact waits at a time. BT_EINVAL / BT_ENOTFOUND /
 * BT_ECONFLICT with reason. */
enum bt_err disc_objection_file(struct bt_db *db, long long enterprise_id,
				const char *subject, long long subject_id,
				const char *grounds, const char *who,
				long long *id, char *reason, size_t size);

/* Parses a fact as a form names it: "penalty:12", "rating". False when it
 * is not one; subject is at most 15 bytes. */
bool disc_objection_fact(const char *text, char subject[16],
			 long long *subject_id);

/* A regulator answers a waiting objection: upheld or rejected, with the
 * answer that is published. */
enum bt_err disc_objection_answer(struct bt_db *db, long long id, bool uphold,
				  const char *answer, const char *who,
				  char *reason, size_t size);

/* Objections, newest first, at most 200, each with the fact's label:
 * waiting ones of every enterprise (enterprise_id 0, waiting true), or all
 * of one enterprise. With published_on (an ISO time; NULL: all), only
 * those whose penalty is published then: what the public sees. */
enum bt_err disc_objection_list(struct bt_db *db, long long enterprise_id,
				bool waiting, const char *published_on,
				json_t **out);

#endif
