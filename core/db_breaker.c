/* db_breaker.c: the database breaker and its watcher. After a connection
 * attempt or a wait failed, statements on connections that are not yet
 * open fail at once with BT_EUNAVAIL until the watcher reaches the
 * database again, so that requests answer 503 at once instead of each
 * waiting out the stall. */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "db_int.h"
#include "log.h"
#include "worker.h"

/* The watcher tries the database every second while the breaker is open;
 * each try is a fresh connection and SELECT 1, both bounded. */
#define PROBE_EVERY_MS	 1000
#define PROBE_CONNECT_MS 2000
#define IDLE_CHECK_MS	 250

static atomic_bool db_down;
static atomic_bool watching;
static struct bt_worker watcher = BT_WORKER_INIT;

void bt_db_trip(void)
{
	if (atomic_load(&watching) && !atomic_exchange(&db_down, true))
		bt_log_warn("database unreachable; answering 503 until it "
			    "is back");
}

bool bt_db_available(void)
{
	return !atomic_load(&db_down);
}

static void watch_loop(struct bt_worker *w)
{
	const char *conninfo = w->arg;
	while (bt_worker_sleep(w, IDLE_CHECK_MS)) {
		if (!atomic_load(&db_down))
			continue;
		struct bt_db *db = NULL;
		if (bt_db_open(conninfo, PROBE_CONNECT_MS, &db) == BT_OK &&
		    bt_db_exec_script(db, "SELECT 1") == BT_OK) {
			atomic_store(&db_down, false);
			bt_log_info("database reachable again");
		}
		bt_db_free(db);
		if (!bt_worker_sleep(w, PROBE_EVERY_MS - IDLE_CHECK_MS))
			break;
	}
}

enum bt_err bt_db_watch_start(const char *conninfo)
{
	char *copy = strdup(conninfo ? conninfo : "");
	if (copy == NULL)
		return BT_ENOMEM;
	atomic_store(&watching, true);
	enum bt_err err = bt_worker_start(&watcher, watch_loop, copy);
	if (err != BT_OK) {
		atomic_store(&watching, false);
		free(copy);
	}
	return err;
}

void bt_db_watch_stop(void)
{
	if (!atomic_exchange(&watching, false))
		return;
	bt_worker_stop(&watcher);
	atomic_store(&db_down, false);
	free(watcher.arg);
	watcher.arg = NULL;
}
