/* pool.c: worker threads over a ring of waiting jobs. */
#include "pool.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#include "db.h"
#include "log.h"

struct job {
	bt_pool_fn fn;
	void *arg;
};

struct bt_pool {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	struct job *ring;
	size_t cap, head, count;
	pthread_t *threads;
	unsigned nthreads;
	bool stopping;
};

static void *worker(void *arg)
{
	struct bt_pool *p = arg;
	for (;;) {
		pthread_mutex_lock(&p->lock);
		while (p->count == 0 && !p->stopping)
			pthread_cond_wait(&p->wake, &p->lock);
		if (p->count == 0) { /* stopping, and nothing left */
			pthread_mutex_unlock(&p->lock);
			break;
		}
		struct job j = p->ring[p->head];
		p->head = (p->head + 1) % p->cap;
		p->count--;
		pthread_mutex_unlock(&p->lock);
		j.fn(j.arg);
	}
	bt_db_thread_close(); /* a job may have opened one */
	return NULL;
}

enum bt_err bt_pool_new(const char *name, unsigned threads, size_t queue,
			struct bt_pool **out)
{
	*out = NULL;
	struct bt_pool *p = calloc(1, sizeof(*p));
	if (p == NULL)
		return BT_ENOMEM;
	p->cap = queue ? queue : 1;
	p->ring = calloc(p->cap, sizeof(*p->ring));
	p->threads = calloc(threads ? threads : 1, sizeof(*p->threads));
	if (p->ring == NULL || p->threads == NULL) {
		free(p->ring);
		free(p->threads);
		free(p);
		return BT_ENOMEM;
	}
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->wake, NULL);
	for (unsigned i = 0; i < (threads ? threads : 1); i++) {
		if (pthread_create(&p->threads[i], NULL, worker, p) != 0) {
			bt_log_error("cannot start a worker", "pool", name);
			bt_pool_free(p);
			return BT_EINTERNAL;
		}
		p->nthreads++;
	}
	*out = p;
	return BT_OK;
}

enum bt_err bt_pool_submit(struct bt_pool *p, bt_pool_fn fn, void *arg)
{
	enum bt_err err = BT_EUNAVAIL;
	pthread_mutex_lock(&p->lock);
	if (!p->stopping && p->count < p->cap) {
		p->ring[(p->head + p->count) % p->cap] = (struct job){fn, arg};
		p->count++;
		pthread_cond_signal(&p->wake);
		err = BT_OK;
	}
	pthread_mutex_unlock(&p->lock);
	return err;
}

void bt_pool_free(struct bt_pool *p)
{
	if (p == NULL)
		return;
	pthread_mutex_lock(&p->lock);
	p->stopping = true;
	pthread_cond_broadcast(&p->wake);
	pthread_mutex_unlock(&p->lock);
	for (unsigned i = 0; i < p->nthreads; i++)
		pthread_join(p->threads[i], NULL);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->wake);
	free(p->ring);
	free(p->threads);
	free(p);
}
