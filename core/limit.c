/* limit.c: token buckets per network, in a fixed table per class. Two
 * networks whose keys share a slot share a bucket only until one of them
 * takes the slot over: the table bounds memory whatever the number of
 * networks, at the cost of a rare reset. */
#include "limit.h"

#include <arpa/inet.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#define SLOTS 8192 /* a power of two */

struct bucket {
	uint64_t key; /* 0: empty */
	double tokens;
	double last; /* seconds, monotonic */
};

static struct rate_class {
	pthread_mutex_t lock;
	unsigned per_minute;
	struct bucket slot[SLOTS];
} classes[BT_RATE_CLASSES] = {
	{.lock = PTHREAD_MUTEX_INITIALIZER},
	{.lock = PTHREAD_MUTEX_INITIALIZER},
	{.lock = PTHREAD_MUTEX_INITIALIZER},
	{.lock = PTHREAD_MUTEX_INITIALIZER},
};

void bt_rate_configure(enum bt_rate_class c, unsigned per_minute)
{
	struct rate_class *rc = &classes[c];
	pthread_mutex_lock(&rc->lock);
	rc->per_minute = per_minute;
	memset(rc->slot, 0, sizeof(rc->slot));
	pthread_mutex_unlock(&rc->lock);
}

/* The network of an address as a non-zero 64-bit key. */
static uint64_t network_key(const char *ip)
{
	unsigned char a[16] = {0};
	uint64_t k = 0;
	if (inet_pton(AF_INET, ip, a) == 1) {
		k = (uint64_t)4 << 56 | (uint64_t)a[0] << 16 |
		    (uint64_t)a[1] << 8 | a[2];
	} else if (inet_pton(AF_INET6, ip, a) == 1) {
		k = (uint64_t)6 << 56;
		for (int i = 0; i < 6; i++)
			k |= (uint64_t)a[i] << (8 * (5 - i));
	} else {
		k = 1;
	}
	return k;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

bool bt_rate_take(enum bt_rate_class c, const char *ip, unsigned *retry_after_s)
{
	struct rate_class *rc = &classes[c];
	*retry_after_s = 0;
	if (rc->per_minute == 0)
		return true;
	uint64_t key = network_key(ip ? ip : "");
	uint64_t h = key * 0x9E3779B97F4A7C15u;
	struct bucket *b = &rc->slot[(h >> 40) & (SLOTS - 1)];
	double now = now_s(), cap = rc->per_minute,
	       rate = rc->per_minute / 60.0;
	bool ok;
	pthread_mutex_lock(&rc->lock);
	if (b->key != key) {
		b->key = key;
		b->tokens = cap;
		b->last = now;
	}
	b->tokens += (now - b->last) * rate;
	if (b->tokens > cap)
		b->tokens = cap;
	b->last = now;
	ok = b->tokens >= 1.0;
	if (ok)
		b->tokens -= 1.0;
	else
		*retry_after_s = (unsigned)((1.0 - b->tokens) / rate) + 1;
	pthread_mutex_unlock(&rc->lock);
	return ok;
}
