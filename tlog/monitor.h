/* monitor.h: rebuilding the public log's tree as a monitor does
 * (monitor.c). */
#ifndef TLOG_MONITOR_H
#define TLOG_MONITOR_H

#include "tlog/store.h"

/* Rebuilds the tree of the first size entries from the entry bundles the
 * log serves, holds every hash tile it serves for that tree (full and
 * partial) against the rebuilt one, and gives the root. BT_ECONFLICT with
 * why when a bundle or tile disagrees; *tiles counts those checked. */
enum bt_err tlog_rebuild(struct bt_db *db, uint64_t size, bt_tlog_hash root,
			 uint64_t *tiles, char *why, size_t why_size);

#endif
