/* demo.h: the parts of `bondtrace demo load`, one file a module. */
#ifndef BT_APP_DEMO_H
#define BT_APP_DEMO_H

#include "core/db.h"

/* The date d days from the clock's today (negative: in the past), as
 * YYYY-MM-DD. */
void demo_day(int d, char out[11]);

/* What the portal discloses about the demo enterprises ids (in the order
 * of demo.c's table); draw_rates as the configuration gives them. */
enum bt_err demo_disclosure(struct bt_db *db, const long long *ids,
			    const char *draw_rates);

#endif
