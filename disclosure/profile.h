/* profile.h: an enterprise's public profile in the six categories of the
 * disclosure platform (entity, operating, regulatory, service, rewards and
 * penalties, complaints and reports), each fact with its source and date;
 * the search behind the home page; platform statistics. */
#ifndef DISC_PROFILE_H
#define DISC_PROFILE_H

#include <jansson.h>

#include "core/db.h"
#include "core/err.h"

/* The profile as of now. BT_ENOTFOUND for no such enterprise;
 * BT_EINTERNAL when no traceability source is connected (source.h). */
enum bt_err disc_profile_get(struct bt_db *db, long long enterprise_id,
			     const char *now, json_t **out);

/* Enterprises whose name (either language) contains q, or whose USCC or
 * customs code is q; all when q is empty. {items, total, page, per_page},
 * each item with its current grade. */
enum bt_err disc_enterprise_search(struct bt_db *db, const char *q, int page,
				   int per_page, json_t **out);

/* Platform statistics as of now, with chart geometry for the page.
 * BT_EINTERNAL when no traceability source is connected. */
enum bt_err disc_statistics(struct bt_db *db, const char *now, json_t **out);

#endif
