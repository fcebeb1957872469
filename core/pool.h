/* pool.h: a fixed set of worker threads with a bounded queue, for work
 * too expensive for the HTTP threads (decoding photos, hashing passwords).
 * A full queue refuses at once, so a burst becomes 503s, not a backlog
 * that every other request waits behind. */
#ifndef BT_POOL_H
#define BT_POOL_H

#include <stddef.h>

#include "err.h"

struct bt_pool;

typedef void (*bt_pool_fn)(void *arg);

/* Starts threads workers that take at most queue jobs waiting. name is for
 * the log. The caller frees the pool with bt_pool_free. */
enum bt_err bt_pool_new(const char *name, unsigned threads, size_t queue,
			struct bt_pool **out);
/* Runs fn(arg) on a worker. BT_EUNAVAIL when the queue is full or the pool
 * is stopping: fn is then not called and arg stays the caller's. */
enum bt_err bt_pool_submit(struct bt_pool *pool, bt_pool_fn fn, void *arg);
/* Runs the jobs already queued, stops the workers and frees the pool;
 * bt_pool_free(NULL) does nothing. */
void bt_pool_free(struct bt_pool *pool);

#endif
