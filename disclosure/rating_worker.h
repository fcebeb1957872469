/* rating_worker.h: the thread that recomputes every rating in the
 * background, so that ratings follow facts that change with time alone
 * (a penalty's publication ends, months pass without violations). */
#ifndef DISC_RATING_WORKER_H
#define DISC_RATING_WORKER_H

#include "core/err.h"

/* Starts a thread that recomputes every rating every interval seconds
 * (and once at start) on its own connection; 0 starts nothing.
 * BT_EINTERNAL, whatever the interval, when no traceability source is
 * connected (source.h). */
enum bt_err disc_rating_start(const char *conninfo, unsigned interval);
void disc_rating_stop(void);

#endif
