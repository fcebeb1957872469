/* rating_worker.c: the thread that recomputes every rating on its own
 * connection. */
#include "rating_worker.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/db.h"
#include "core/log.h"
#include "core/worker.h"
#include "disclosure/rating.h"
#include "disclosure/source.h"

static struct bt_worker worker = BT_WORKER_INIT;
static char *worker_conninfo;
static unsigned worker_interval;

static void recompute_loop(struct bt_worker *w)
{
	do {
		struct bt_db *db = NULL;
		int changed = 0;
		char now[BT_CLOCK_ISO_LEN];
		bt_clock_iso(now);
		enum bt_err err = bt_db_open(worker_conninfo, 60000, &db);
		if (err == BT_OK)
			err = disc_rating_recompute_while(db, now, &changed,
							  &w->stopping);
		bt_db_free(db);
		if (err != BT_OK)
			bt_log_warn("ratings not recomputed", "error",
				    bt_strerror(err));
		else if (changed > 0) {
			char n[16];
			snprintf(n, sizeof(n), "%d", changed);
			bt_log_info("ratings recomputed", "changed", n);
		}
	} while (bt_worker_sleep(w, worker_interval > 4000000u
					    ? 4000000000u /* 46 days */
					    : worker_interval * 1000u));
}

enum bt_err disc_rating_start(const char *conninfo, unsigned interval)
{
	if (!disc_sources_connected())
		return BT_EINTERNAL;
	if (interval == 0)
		return BT_OK;
	worker_conninfo = strdup(conninfo ? conninfo : "");
	if (worker_conninfo == NULL)
		return BT_ENOMEM;
	worker_interval = interval;
	enum bt_err err = bt_worker_start(&worker, recompute_loop, NULL);
	if (err != BT_OK) {
		free(worker_conninfo);
		worker_conninfo = NULL;
	}
	return err;
}

void disc_rating_stop(void)
{
	bt_worker_stop(&worker);
	free(worker_conninfo);
	worker_conninfo = NULL;
}
