/* test_core_worker.c: background threads start, stop and sleep one way. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/worker.h"

static _Atomic int rounds;

/* Counts its rounds and sleeps a minute between them: only a stop can
 * end it in a test's time. */
static void sleeper(struct bt_worker *w)
{
	int *seen = w->arg;
	do {
		atomic_fetch_add(&rounds, 1);
		(*seen)++;
	} while (bt_worker_sleep(w, 60000));
}

static void a_stop_wakes_a_sleeping_worker_and_joins_it(void **state)
{
	(void)state;
	static struct bt_worker w = BT_WORKER_INIT;
	int seen = 0;
	atomic_store(&rounds, 0);
	assert_int_equal(bt_worker_start(&w, sleeper, &seen), BT_OK);
	assert_int_equal(bt_worker_start(&w, sleeper, &seen), BT_ECONFLICT);
	while (atomic_load(&rounds) == 0)
		; /* the first round comes at once */
	bt_worker_stop(&w);
	assert_true(bt_worker_stopping(&w));
	assert_int_equal(seen, 1); /* joined: seen is ours again */
	bt_worker_stop(&w);	   /* twice is a no-op */
	/* and it can start again */
	assert_int_equal(bt_worker_start(&w, sleeper, &seen), BT_OK);
	assert_false(bt_worker_stopping(&w));
	bt_worker_stop(&w);
	assert_int_equal(seen, 2);
}

struct queue {
	int items, taken;
};

/* Takes items under the worker's lock until stopped and empty. */
static void taker(struct bt_worker *w)
{
	struct queue *q = w->arg;
	pthread_mutex_lock(&w->lock);
	for (;;) {
		while (q->items == 0 && !bt_worker_stopping(w))
			pthread_cond_wait(&w->wake, &w->lock);
		if (q->items == 0)
			break;
		q->items--;
		q->taken++;
	}
	pthread_mutex_unlock(&w->lock);
}

static void a_queue_under_the_workers_lock_drains_before_it_stops(void **state)
{
	(void)state;
	static struct bt_worker w = BT_WORKER_INIT;
	struct queue q = {0, 0};
	pthread_mutex_lock(&w.lock);
	assert_false(bt_worker_accepting_locked(&w));
	pthread_mutex_unlock(&w.lock);
	assert_int_equal(bt_worker_start(&w, taker, &q), BT_OK);
	for (int i = 0; i < 1000; i++) {
		pthread_mutex_lock(&w.lock);
		assert_true(bt_worker_accepting_locked(&w));
		q.items++;
		pthread_cond_signal(&w.wake);
		pthread_mutex_unlock(&w.lock);
	}
	bt_worker_stop(&w);
	assert_int_equal(q.taken, 1000);
	pthread_mutex_lock(&w.lock);
	assert_false(bt_worker_accepting_locked(&w));
	pthread_mutex_unlock(&w.lock);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_stop_wakes_a_sleeping_worker_and_joins_it),
		cmocka_unit_test(
			a_queue_under_the_workers_lock_drains_before_it_stops),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
