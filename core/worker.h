/* worker.h: a background thread started and stopped one way. The thread
 * runs fn(worker) until fn returns; bt_worker_stop asks it to end (fn sees
 * bt_worker_stopping), wakes it from bt_worker_sleep and joins it. The
 * lock and condition are the worker's own and may also guard the caller's
 * queue (the scan log does): whoever changes what the thread waits for
 * signals `wake` under `lock`. */
#ifndef BT_WORKER_H
#define BT_WORKER_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

#include "err.h"

struct bt_worker {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	_Atomic bool stopping; /* set under lock by bt_worker_stop */
	bool running;	       /* under lock: started and not yet stopped */
	pthread_t thread;
	void (*fn)(struct bt_worker *w);
	void *arg;
};

#define BT_WORKER_INIT                                                         \
	{                                                                      \
		.lock = PTHREAD_MUTEX_INITIALIZER,                             \
		.wake = PTHREAD_COND_INITIALIZER                               \
	}

/* Starts fn on a new thread; arg is for fn (w->arg). BT_EINTERNAL if the
 * thread cannot start, BT_ECONFLICT if w runs already. */
enum bt_err bt_worker_start(struct bt_worker *w, void (*fn)(struct bt_worker *),
			    void *arg);
/* Asks the worker to end, wakes it and waits for it; a no-op if it does
 * not run. */
void bt_worker_stop(struct bt_worker *w);
/* True once bt_worker_stop was called (any thread, no lock needed). */
bool bt_worker_stopping(struct bt_worker *w);
/* Whether the worker runs and was not asked to stop; call with w->lock
 * held (the answer holds until it is released). */
bool bt_worker_accepting_locked(const struct bt_worker *w);
/* In the worker: waits ms milliseconds, or less if stopped; false when it
 * should stop. */
bool bt_worker_sleep(struct bt_worker *w, unsigned ms);

#endif
