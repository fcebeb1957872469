/* upkeep.h: the complaints module's background work, on a thread and
 * connection of its own: purging the contact data of cases closed more
 * than a configured number of days ago. */
#ifndef CMPL_UPKEEP_H
#define CMPL_UPKEEP_H

#include "core/db.h"
#include "core/err.h"

/* Drops the sealed contact of cases closed more than days before now;
 * *purged counts them. The keyed phone hash stays: it holds nothing to
 * read back and still finds a frequent complainant. */
enum bt_err cmpl_purge_contacts(struct bt_db *db, const char *now,
				unsigned days, long long *purged);

/* Purges once an hour (and at start) on its own connection; days 0 keeps
 * contacts. */
enum bt_err cmpl_upkeep_start(const char *conninfo, unsigned days);
void cmpl_upkeep_stop(void);

#endif
