/* rating_worker.c: the thread that recomputes every rating on its own
 * connection. */
#include "rating_worker.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/db.h"
#include "core/log.h"
#include "disclosure/rating.h"
#include "disclosure/source.h"

static pthread_t worker;
static pthread_mutex_t wait_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static atomic_bool running;
static char *worker_conninfo;
static unsigned worker_interval;

static void *recompute_loop(void *arg)
{
	(void)arg;
	while (atomic_load(&running)) {
		struct bt_db *db = NULL;
		int changed = 0;
		char now[BT_CLOCK_ISO_LEN];
		bt_clock_iso(now);
		enum bt_err err = bt_db_open(worker_conninfo, 60000, &db);
		if (err == BT_OK)
			err = disc_rating_recompute_while(db, now, &changed,
							  &running);
		bt_db_free(db);
		if (err != BT_OK)
			bt_log_warn("ratings not recomputed", "error",
				    bt_strerror(err));
		else if (changed > 0) {
			char n[16];
			snprintf(n, sizeof(n), "%d", changed);
			bt_log_info("ratings recomputed", "changed", n);
		}
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += worker_interval;
		pthread_mutex_lock(&wait_lock);
		while (atomic_load(&running) &&
		       pthread_cond_timedwait(&wake, &wait_lock, &until) == 0)
			;
		pthread_mutex_unlock(&wait_lock);
	}
	return NULL;
}

enum bt_err disc_rating_start(const char *conninfo, unsigned interval)
{
	if (disc_source() == NULL)
		return BT_EINTERNAL;
	if (interval == 0)
		return BT_OK;
	worker_conninfo = strdup(conninfo ? conninfo : "");
	if (worker_conninfo == NULL)
		return BT_ENOMEM;
	worker_interval = interval;
	atomic_store(&running, true);
	if (pthread_create(&worker, NULL, recompute_loop, NULL) != 0) {
		atomic_store(&running, false);
		return BT_EINTERNAL;
	}
	return BT_OK;
}

void disc_rating_stop(void)
{
	if (!atomic_load(&running))
		return;
	pthread_mutex_lock(&wait_lock);
	atomic_store(&running, false);
	pthread_cond_broadcast(&wake);
	pthread_mutex_unlock(&wait_lock);
	pthread_join(worker, NULL);
	free(worker_conninfo);
	worker_conninfo = NULL;
}
