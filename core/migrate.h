/* migrate.h: applies sql/migrations/NNNN_name.sql in order, each in its
 * own transaction, recording a checksum of every applied file. */
#ifndef BT_MIGRATE_H
#define BT_MIGRATE_H

#include <stdio.h>

#include "db.h"
#include "err.h"

/* Applies every migration in dir not yet recorded. A recorded migration
 * whose file changed is refused (BT_ECONFLICT) before anything is applied.
 * Progress lines go to out (may be NULL); reasons for failure go to stderr
 * as one line. *applied receives how many files were applied. */
enum bt_err bt_migrate(struct bt_db *db, const char *dir, FILE *out,
		       unsigned *applied);

#endif
