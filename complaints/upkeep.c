/* upkeep.c: the complaints module's background work (see upkeep.h). */
#include "upkeep.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/log.h"
#include "core/worker.h"

#define UPKEEP_EVERY_MS	     (3600u * 1000u)
#define UPKEEP_DB_TIMEOUT_MS 60000

enum {
	ST_PURGE,
};

static const struct bt_stmt stmts[] = {
	[ST_PURGE] = {"cmpl.purge_contacts",
		      "UPDATE cmpl_case SET contact = NULL, contact_purged_at "
		      "= $1::timestamptz WHERE contact IS NOT NULL AND "
		      "state = 'closed' AND closed_at < $1::timestamptz - "
		      "make_interval(days => $2::int)"},
};

enum bt_err cmpl_purge_contacts(struct bt_db *db, const char *now,
				unsigned days, long long *purged)
{
	char d[16];
	snprintf(d, sizeof(d), "%u", days);
	const char *p[] = {now, d};
	unsigned long n = 0;
	enum bt_err err = bt_db_run(db, &stmts[ST_PURGE], 2, p, &n);
	*purged = (long long)n;
	return err;
}

static struct bt_worker worker = BT_WORKER_INIT;
static char *worker_conninfo;
static unsigned worker_days;

static void upkeep_loop(struct bt_worker *w)
{
	do {
		struct bt_db *db = NULL;
		char now[BT_CLOCK_ISO_LEN];
		bt_clock_iso(now);
		long long purged = 0;
		enum bt_err err =
			bt_db_open(worker_conninfo, UPKEEP_DB_TIMEOUT_MS, &db);
		if (err == BT_OK)
			err = cmpl_purge_contacts(db, now, worker_days,
						  &purged);
		bt_db_free(db);
		if (err != BT_OK) {
			bt_log_warn("complaint contacts not purged", "error",
				    bt_strerror(err));
		} else if (purged > 0) {
			char n[24];
			snprintf(n, sizeof(n), "%lld", purged);
			bt_log_info("complaint contacts purged", "cases", n);
		}
	} while (bt_worker_sleep(w, UPKEEP_EVERY_MS));
}

enum bt_err cmpl_upkeep_start(const char *conninfo, unsigned days)
{
	if (days == 0)
		return BT_OK;
	worker_conninfo = strdup(conninfo ? conninfo : "");
	if (worker_conninfo == NULL)
		return BT_ENOMEM;
	worker_days = days;
	enum bt_err err = bt_worker_start(&worker, upkeep_loop, NULL);
	if (err != BT_OK) {
		free(worker_conninfo);
		worker_conninfo = NULL;
	}
	return err;
}

void cmpl_upkeep_stop(void)
{
	bt_worker_stop(&worker);
	free(worker_conninfo);
	worker_conninfo = NULL;
}
