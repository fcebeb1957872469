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

struct trace_batch;
/* A dozen complaint cases in every state on the demo codes made (in the
 * order of demo.c's batches), filed and handled on past days of the loaded
 * calendar; the clock is set back to clock after. Nothing is added when
 * cases exist. followed receives the page of one case with its access
 * code ("" when none was made now). */
enum bt_err demo_complaints(struct bt_db *db, const struct trace_batch *made,
			    const char *clock, char *followed, size_t size);

#endif
