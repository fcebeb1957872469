/* worker.c: background threads (see worker.h). */
#include "worker.h"

#include <time.h>

static void *trampoline(void *arg)
{
	struct bt_worker *w = arg;
	w->fn(w);
	return NULL;
}

enum bt_err bt_worker_start(struct bt_worker *w, void (*fn)(struct bt_worker *),
			    void *arg)
{
	pthread_mutex_lock(&w->lock);
	if (w->running) {
		pthread_mutex_unlock(&w->lock);
		return BT_ECONFLICT;
	}
	w->fn = fn;
	w->arg = arg;
	atomic_store(&w->stopping, false);
	w->running = pthread_create(&w->thread, NULL, trampoline, w) == 0;
	bool ok = w->running;
	pthread_mutex_unlock(&w->lock);
	return ok ? BT_OK : BT_EINTERNAL;
}

void bt_worker_stop(struct bt_worker *w)
{
	pthread_mutex_lock(&w->lock);
	if (!w->running || atomic_load(&w->stopping)) {
		pthread_mutex_unlock(&w->lock);
		return;
	}
	atomic_store(&w->stopping, true);
	pthread_cond_broadcast(&w->wake);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	pthread_mutex_lock(&w->lock);
	w->running = false;
	pthread_mutex_unlock(&w->lock);
}

bool bt_worker_stopping(struct bt_worker *w)
{
	return atomic_load(&w->stopping);
}

bool bt_worker_accepting_locked(const struct bt_worker *w)
{
	return w->running && !atomic_load(&w->stopping);
}

bool bt_worker_sleep(struct bt_worker *w, unsigned ms)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += (time_t)(ms / 1000);
	until.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&w->lock);
	while (!atomic_load(&w->stopping) &&
	       pthread_cond_timedwait(&w->wake, &w->lock, &until) == 0)
		; /* woken early, or spuriously: wait out the time */
	bool go = !atomic_load(&w->stopping);
	pthread_mutex_unlock(&w->lock);
	return go;
}
