/* portal_cache.c: the portal's replies in memory (see portal_cache.h). A
 * set-associative table: a key may sit in any of the WAYS slots of its
 * set, a new reply takes a free slot or the oldest, and each stripe of
 * sets has its own lock so that readers on different keys do not wait for
 * each other. (Direct-mapped, a tenth of 432 keys collided in 4,096 slots
 * and evicted each other on every other request.) */
#include "portal_cache.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/db.h"
#include "core/http.h"
#include "core/log.h"
#include "core/worker.h"
#include "disclosure/enterprise.h"

#define SETS	2048
#define WAYS	4
#define SLOTS	(SETS * WAYS)
#define STRIPES 64
#define GENS	256
#define KEY_MAX 256

struct slot {
	char key[KEY_MAX];
	long long enterprise;
	char ctype[64];
	char *body;
	size_t len;
	time_t born;
	unsigned long epoch; /* bt_http_write_epoch() when it was built */
	unsigned long scans; /* bt_db_flush_epoch(), for the platform's */
};

static struct slot slots[SLOTS];
static pthread_mutex_t stripes[STRIPES];
static pthread_once_t once = PTHREAD_ONCE_INIT;
static _Atomic unsigned long gens[GENS];
static _Atomic bool listening;

static void init_locks(void)
{
	for (int i = 0; i < STRIPES; i++)
		pthread_mutex_init(&stripes[i], NULL);
}

static time_t now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec;
}

static uint32_t hash(const char *s)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (uint8_t)*s) * 16777619u;
	return h;
}

static unsigned gen_of(long long enterprise)
{
	return (unsigned)((unsigned long long)enterprise % GENS);
}

struct disc_cache_mark disc_cache_mark(long long enterprise)
{
	return (struct disc_cache_mark){
		.generation = atomic_load(&gens[gen_of(enterprise)]),
		.epoch = bt_http_write_epoch(),
		.scans = bt_db_flush_epoch()};
}

static struct slot *way(uint32_t set, int w)
{
	return &slots[(size_t)set * WAYS + (size_t)w];
}

/* The slot of key in its set, or NULL; call with the set's stripe held. */
static struct slot *find_locked(uint32_t set, const char *key)
{
	for (int w = 0; w < WAYS; w++) {
		struct slot *s = way(set, w);
		if (s->body != NULL && strcmp(s->key, key) == 0)
			return s;
	}
	return NULL;
}

bool disc_cache_get(const char *key, char **body, size_t *len, char ctype[64])
{
	if (!atomic_load(&listening) || strlen(key) >= KEY_MAX)
		return false;
	pthread_once(&once, init_locks);
	uint32_t set = hash(key) % SETS;
	pthread_mutex_t *m = &stripes[set % STRIPES];
	bool hit = false;
	pthread_mutex_lock(m);
	struct slot *s = find_locked(set, key);
	if (s != NULL && s->epoch == bt_http_write_epoch() &&
	    (s->enterprise != 0 || s->scans == bt_db_flush_epoch()) &&
	    now_s() - s->born < DISC_CACHE_MAX_AGE_S) {
		*body = malloc(s->len + 1);
		if (*body != NULL) {
			memcpy(*body, s->body, s->len);
			(*body)[s->len] = '\0';
			*len = s->len;
			bt_strlcpy(ctype, s->ctype, 64);
			hit = true;
		}
	}
	pthread_mutex_unlock(m);
	return hit;
}

void disc_cache_put(const char *key, long long enterprise, const char *ctype,
		    const char *body, size_t len, struct disc_cache_mark mark)
{
	if (!atomic_load(&listening) || strlen(key) >= KEY_MAX)
		return;
	pthread_once(&once, init_locks);
	char *copy = malloc(len + 1);
	if (copy == NULL)
		return;
	memcpy(copy, body, len);
	copy[len] = '\0';
	uint32_t set = hash(key) % SETS;
	pthread_mutex_t *m = &stripes[set % STRIPES];
	pthread_mutex_lock(m);
	/* Checked under the lock a drop takes too: a reply built across a
	 * change of its enterprise is not kept. */
	if (mark.generation != atomic_load(&gens[gen_of(enterprise)]) ||
	    mark.epoch != bt_http_write_epoch()) {
		pthread_mutex_unlock(m);
		free(copy);
		return;
	}
	struct slot *s = find_locked(set, key);
	for (int w = 0; s == NULL && w < WAYS; w++)
		if (way(set, w)->body == NULL)
			s = way(set, w);
	if (s == NULL) { /* the set is full: the oldest goes */
		s = way(set, 0);
		for (int w = 1; w < WAYS; w++)
			if (way(set, w)->born < s->born)
				s = way(set, w);
	}
	free(s->body);
	bt_strlcpy(s->key, key, sizeof(s->key));
	bt_strlcpy(s->ctype, ctype, sizeof(s->ctype));
	s->enterprise = enterprise;
	s->body = copy;
	s->len = len;
	s->born = now_s();
	s->epoch = mark.epoch;
	s->scans = mark.scans;
	pthread_mutex_unlock(m);
}

/* Drops the slots of enterprise (all slots if all). */
static void drop(long long enterprise, bool all)
{
	pthread_once(&once, init_locks);
	/* First the count, then the slots: a put that read the old count
	 * either stored before its stripe is swept, or sees the new count. */
	if (all)
		for (int g = 0; g < GENS; g++)
			atomic_fetch_add(&gens[g], 1);
	else
		atomic_fetch_add(&gens[gen_of(enterprise)], 1);
	for (int st = 0; st < STRIPES; st++) {
		pthread_mutex_lock(&stripes[st]);
		for (int i = st * WAYS; i < SLOTS; i += STRIPES * WAYS)
			for (int w = 0; w < WAYS; w++) {
				struct slot *s = &slots[i + w];
				if (s->body != NULL &&
				    (all || s->enterprise == enterprise)) {
					free(s->body);
					s->body = NULL;
				}
			}
		pthread_mutex_unlock(&stripes[st]);
	}
}

void disc_cache_drop(long long enterprise)
{
	drop(enterprise, false);
	if (enterprise != 0)
		drop(0, false);
}

/* The listener. */

static struct bt_worker listener = BT_WORKER_INIT;
static char *listen_conninfo;

static void notified(void *arg, const char *channel, const char *payload)
{
	(void)arg;
	(void)channel;
	disc_cache_drop(strtoll(payload, NULL, 10));
}

static void listen_loop(struct bt_worker *w)
{
	struct bt_db *db = NULL;
	while (!bt_worker_stopping(w)) {
		if (db == NULL) {
			if (bt_db_listen(listen_conninfo,
					 "LISTEN " DISC_PORTAL_CHANNEL
					 "; LISTEN " DISC_ENTERPRISE_CHANNEL,
					 &db) != BT_OK) {
				atomic_store(&listening, false);
				drop(0, true);
				bt_worker_sleep(w, 1000);
				continue;
			}
			/* Changes may have been missed while no one listened.
			 */
			drop(0, true);
			atomic_store(&listening, true);
		}
		if (bt_db_notifications(db, 500, notified, NULL) != BT_OK) {
			bt_log_warn(
				"portal cache listener lost its connection");
			atomic_store(&listening, false);
			drop(0, true);
			bt_db_free(db);
			db = NULL;
		}
	}
	atomic_store(&listening, false);
	drop(0, true);
	bt_db_free(db);
}

enum bt_err disc_cache_start(const char *conninfo)
{
	listen_conninfo = strdup(conninfo ? conninfo : "");
	if (listen_conninfo == NULL)
		return BT_ENOMEM;
	enum bt_err err = bt_worker_start(&listener, listen_loop, NULL);
	if (err != BT_OK) {
		free(listen_conninfo);
		listen_conninfo = NULL;
	}
	return err;
}

void disc_cache_stop(void)
{
	bt_worker_stop(&listener);
	free(listen_conninfo);
	listen_conninfo = NULL;
}
