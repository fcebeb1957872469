/* db_int.h: what db.c and db_breaker.c share, and no one else. */
#ifndef BT_DB_INT_H
#define BT_DB_INT_H

/* Opens the breaker after a connection attempt or a wait failed (only
 * while the watcher runs: without it nothing would close it again). */
void bt_db_trip(void);

#endif
