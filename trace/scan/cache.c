/* cache.c: the scan path's in-memory cache: batch infos in a hash table
 * with a recency list (the least recently used go when it is full), the
 * verdict settings, and the listener that drops them on NOTIFY. */
#include "cache.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/log.h"
#include "core/worker.h"

#define BUCKETS	      4096
#define MAX_ENTRIES   200000 /* about 1 GiB at most */
#define MAX_LIMITS    64
#define MAX_PROVINCES 64 /* GB/T 2260 has 34 */

struct entry {
	struct trace_batch_info info; /* first: callers see only this */
	_Atomic int refs;
	struct entry *next;	     /* in its bucket */
	struct entry *newer, *older; /* in the recency list */
};

struct limit {
	char category[41];
	unsigned caution, suspect;
};

struct province {
	char code[3];
	double lat, lon;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct entry *table[BUCKETS];
static size_t nentries, capacity = MAX_ENTRIES;
static struct entry *newest, *oldest;
static unsigned long generation; /* bumped by every clear */
/* The verdict settings as the database holds them (migration 0002's
 * scan_limit, verdict_setting and province tables); there are no defaults
 * in C: without them the cache does not start. */
static struct limit limits[MAX_LIMITS];
static size_t nlimits;
static struct trace_rules base_rules;
static struct province provinces[MAX_PROVINCES];
static size_t nprovinces;

static struct bt_worker listener = BT_WORKER_INIT;
/* Set while the listener holds a LISTEN connection: only then may what is
 * read be kept. */
static _Atomic bool listening;

enum {
	ST_LIMITS,
	ST_SETTINGS,
	ST_PROVINCES,
};

static const struct bt_stmt stmts[] = {
	[ST_LIMITS] = {"trace.cache_limits",
		       "SELECT category, caution_count, suspect_count FROM "
		       "scan_limit ORDER BY category"},
	[ST_SETTINGS] = {"trace.cache_settings",
			 "SELECT name, value FROM verdict_setting"},
	[ST_PROVINCES] = {"trace.cache_provinces",
			  "SELECT code, lat, lon FROM province"},
};

static void entry_unref(struct entry *e)
{
	if (e != NULL && atomic_fetch_sub(&e->refs, 1) == 1) {
		trace_batch_info_clean(&e->info);
		free(e);
	}
}

void trace_cache_release(const struct trace_batch_info *info)
{
	/* info is the first member of its entry */
	entry_unref((struct entry *)(void *)info);
}

static void drop_all_locked(void)
{
	for (size_t i = 0; i < BUCKETS; i++) {
		struct entry *e = table[i];
		while (e) {
			struct entry *next = e->next;
			entry_unref(e);
			e = next;
		}
		table[i] = NULL;
	}
	nentries = 0;
	newest = oldest = NULL;
	generation++;
}

/* Reads the three settings tables into staged copies, then swaps them in
 * at once; BT_EINVAL (nothing changed) if a setting is missing. */
static enum bt_err load_settings(struct bt_db *db)
{
	static const char *const names[] = {"places_window_hours",
					    "places_caution", "places_suspect",
					    "travel_kmh", "travel_min_km"};
	PGresult *l = NULL, *s = NULL, *p = NULL;
	enum bt_err err = bt_db_query_take(db, &stmts[ST_LIMITS], 0, NULL, &l);
	if (err == BT_OK)
		err = bt_db_query_take(db, &stmts[ST_SETTINGS], 0, NULL, &s);
	if (err == BT_OK)
		err = bt_db_query_take(db, &stmts[ST_PROVINCES], 0, NULL, &p);
	struct limit new_limits[MAX_LIMITS];
	size_t nl = 0, np = 0;
	struct trace_rules rules = {0};
	struct province new_provinces[MAX_PROVINCES];
	bool any_category = false;
	unsigned found = 0;
	for (int i = 0; err == BT_OK && i < PQntuples(l) && nl < MAX_LIMITS;
	     i++) {
		struct limit *x = &new_limits[nl++];
		bt_strlcpy(x->category, bt_db_text(l, i, 0),
			   sizeof(x->category));
		x->caution = (unsigned)bt_db_int(l, i, 1);
		x->suspect = (unsigned)bt_db_int(l, i, 2);
		if (strcmp(x->category, "*") == 0) {
			any_category = true;
			rules.caution_count = x->caution;
			rules.suspect_count = x->suspect;
		}
	}
	for (int i = 0; err == BT_OK && i < PQntuples(s); i++) {
		const char *name = bt_db_text(s, i, 0);
		double v = strtod(bt_db_text(s, i, 1), NULL);
		for (unsigned k = 0; k < 5; k++)
			if (strcmp(name, names[k]) == 0)
				found |= 1u << k;
		if (strcmp(name, names[0]) == 0)
			rules.places_window_hours = v;
		else if (strcmp(name, names[1]) == 0)
			rules.places_caution = (unsigned)v;
		else if (strcmp(name, names[2]) == 0)
			rules.places_suspect = (unsigned)v;
		else if (strcmp(name, names[3]) == 0)
			rules.travel_kmh = v;
		else if (strcmp(name, names[4]) == 0)
			rules.travel_min_km = v;
	}
	for (int i = 0; err == BT_OK && i < PQntuples(p) && np < MAX_PROVINCES;
	     i++) {
		struct province *x = &new_provinces[np++];
		bt_strlcpy(x->code, bt_db_text(p, i, 0), sizeof(x->code));
		x->lat = strtod(bt_db_text(p, i, 1), NULL);
		x->lon = strtod(bt_db_text(p, i, 2), NULL);
	}
	PQclear(l);
	PQclear(s);
	PQclear(p);
	if (err != BT_OK)
		return err;
	if (!any_category || found != 0x1f) {
		bt_log_error(
			"verdict settings are incomplete: scan_limit needs "
			"a '*' row and verdict_setting every setting "
			"of migration 0002");
		return BT_EINVAL;
	}
	pthread_mutex_lock(&lock);
	memcpy(limits, new_limits, nl * sizeof(*limits));
	nlimits = nl;
	base_rules = rules;
	memcpy(provinces, new_provinces, np * sizeof(*provinces));
	nprovinces = np;
	pthread_mutex_unlock(&lock);
	return BT_OK;
}

void trace_cache_clear(struct bt_db *db)
{
	pthread_mutex_lock(&lock);
	drop_all_locked();
	pthread_mutex_unlock(&lock);
	if (db != NULL && load_settings(db) != BT_OK)
		bt_log_warn("cannot reload verdict settings; keeping the old");
}

enum bt_err trace_cache_commit(struct bt_db *db, enum bt_err err, json_t **out)
{
	err = bt_db_finish(db, err);
	if (err == BT_OK) {
		trace_cache_clear(NULL);
	} else if (out != NULL) {
		json_decref(*out);
		*out = NULL;
	}
	return err;
}

void trace_cache_rules(const char *category, struct trace_rules *out)
{
	pthread_mutex_lock(&lock);
	*out = base_rules;
	for (size_t i = 0; i < nlimits; i++) {
		if (strcmp(limits[i].category, "*") == 0 ||
		    strcmp(limits[i].category, category) == 0) {
			out->caution_count = limits[i].caution;
			out->suspect_count = limits[i].suspect;
			if (strcmp(limits[i].category, category) == 0)
				break;
		}
	}
	pthread_mutex_unlock(&lock);
}

static const struct province *find_province(const char *region)
{
	for (size_t i = 0; i < nprovinces; i++)
		if (strncmp(provinces[i].code, region, 2) == 0)
			return &provinces[i];
	return NULL;
}

bool trace_region_valid(const char *region)
{
	if (region == NULL || strlen(region) != 6)
		return false;
	for (int i = 0; i < 6; i++)
		if (region[i] < '0' || region[i] > '9')
			return false;
	pthread_mutex_lock(&lock);
	bool known = find_province(region) != NULL;
	pthread_mutex_unlock(&lock);
	return known;
}

double trace_cache_distance(const char *a, const char *b)
{
	if (a == NULL || b == NULL || strlen(a) < 2 || strlen(b) < 2)
		return -1;
	pthread_mutex_lock(&lock);
	const struct province *pa = find_province(a), *pb = find_province(b);
	double km = pa && pb ? trace_haversine_km(pa->lat, pa->lon, pb->lat,
						  pb->lon)
			     : -1;
	pthread_mutex_unlock(&lock);
	return km;
}

static enum bt_err load(struct bt_db *db, uint32_t id, struct entry **out)
{
	struct entry *e = calloc(1, sizeof(*e));
	if (e == NULL)
		return BT_ENOMEM;
	enum bt_err err = trace_batch_info_load(db, id, &e->info);
	if (err != BT_OK) {
		free(e);
		return err;
	}
	atomic_init(&e->refs, 1);
	*out = e;
	return BT_OK;
}

static void unlink_recency(struct entry *e)
{
	if (e->newer)
		e->newer->older = e->older;
	else
		newest = e->older;
	if (e->older)
		e->older->newer = e->newer;
	else
		oldest = e->newer;
	e->newer = e->older = NULL;
}

static void link_newest(struct entry *e)
{
	e->older = newest;
	e->newer = NULL;
	if (newest)
		newest->newer = e;
	newest = e;
	if (oldest == NULL)
		oldest = e;
}

/* Takes e out of the table (readers holding it keep their reference). */
static void evict_locked(struct entry *e)
{
	struct entry **p = &table[e->info.batch.id % BUCKETS];
	while (*p != e)
		p = &(*p)->next;
	*p = e->next;
	unlink_recency(e);
	nentries--;
	entry_unref(e);
}

/* Drops the batches whose importer is enterprise id (disclosure's door:
 * its names, class or rating changed); reads under way are not kept. */
static void drop_enterprise(long long id)
{
	pthread_mutex_lock(&lock);
	for (struct entry *e = oldest; e != NULL;) {
		struct entry *newer = e->newer;
		if (e->info.importer.id == id)
			evict_locked(e);
		e = newer;
	}
	generation++;
	pthread_mutex_unlock(&lock);
}

void trace_cache_limit(size_t entries)
{
	pthread_mutex_lock(&lock);
	capacity = entries ? entries : MAX_ENTRIES;
	while (nentries > capacity && oldest != NULL)
		evict_locked(oldest);
	pthread_mutex_unlock(&lock);
}

bool trace_cache_holds(uint32_t id)
{
	pthread_mutex_lock(&lock);
	const struct entry *e = table[id % BUCKETS];
	while (e && e->info.batch.id != id)
		e = e->next;
	pthread_mutex_unlock(&lock);
	return e != NULL;
}

enum bt_err trace_cache_batch(struct bt_db *db, uint32_t id,
			      const struct trace_batch_info **out)
{
	size_t b = id % BUCKETS;
	pthread_mutex_lock(&lock);
	for (struct entry *e = table[b]; e; e = e->next) {
		if (e->info.batch.id == id) {
			atomic_fetch_add(&e->refs, 1);
			unlink_recency(e);
			link_newest(e);
			pthread_mutex_unlock(&lock);
			*out = &e->info;
			return BT_OK;
		}
	}
	unsigned long gen = generation;
	pthread_mutex_unlock(&lock);

	struct entry *e = NULL;
	enum bt_err err = load(db, id, &e);
	if (err != BT_OK)
		return err;
	pthread_mutex_lock(&lock);
	if (!atomic_load(&listening) || gen != generation) {
		/* Nobody would tell us of changes, or a change came while
		 * we read: use it this once, do not keep it. */
		pthread_mutex_unlock(&lock);
		*out = &e->info;
		return BT_OK;
	}
	while (nentries >= capacity && oldest != NULL)
		evict_locked(oldest);
	atomic_fetch_add(&e->refs, 1); /* one for the table */
	e->next = table[b];
	table[b] = e;
	link_newest(e);
	nentries++;
	pthread_mutex_unlock(&lock);
	*out = &e->info;
	return BT_OK;
}

/* The listener, on its own connection: any notification on bt_trace (or
 * a lost connection, after which we cannot know what changed) drops the
 * cache; one on disclosure's channel drops that enterprise's batches. */

static char *listen_conninfo;

static void notified(void *arg, const char *channel, const char *payload)
{
	bool *changed = arg;
	if (strcmp(channel, DISC_ENTERPRISE_CHANNEL) == 0)
		drop_enterprise(strtoll(payload, NULL, 10));
	else
		*changed = true;
}

static void listen_loop(struct bt_worker *w)
{
	struct bt_db *db = NULL;
	while (!bt_worker_stopping(w)) {
		if (db == NULL) {
			if (bt_db_listen(listen_conninfo,
					 "LISTEN bt_trace; "
					 "LISTEN " DISC_ENTERPRISE_CHANNEL,
					 &db) != BT_OK) {
				atomic_store(&listening, false);
				trace_cache_clear(NULL);
				bt_worker_sleep(w, 1000);
				continue;
			}
			atomic_store(&listening, true);
			/* changes may have been missed */
			trace_cache_clear(db);
		}
		bool changed = false;
		if (bt_db_notifications(db, 500, notified, &changed) != BT_OK) {
			bt_log_warn("cache listener lost its connection");
			bt_db_free(db);
			db = NULL;
			atomic_store(&listening, false);
			trace_cache_clear(NULL);
			continue;
		}
		if (changed)
			trace_cache_clear(db);
	}
	atomic_store(&listening, false);
	bt_db_free(db);
}

enum bt_err trace_cache_start(const char *conninfo)
{
	struct bt_db *db = NULL;
	enum bt_err err = bt_db_open(conninfo, 5000, &db);
	if (err == BT_OK)
		err = load_settings(db);
	bt_db_free(db);
	if (err != BT_OK)
		return err;
	listen_conninfo = strdup(conninfo ? conninfo : "");
	if (listen_conninfo == NULL)
		return BT_ENOMEM;
	/* Kept from the start: the first connection comes at once, and an
	 * entry read before it is dropped when it does. */
	atomic_store(&listening, true);
	err = bt_worker_start(&listener, listen_loop, NULL);
	if (err != BT_OK) {
		atomic_store(&listening, false);
		free(listen_conninfo);
		listen_conninfo = NULL;
	}
	return err;
}

void trace_cache_stop(void)
{
	bt_worker_stop(&listener);
	pthread_mutex_lock(&lock);
	drop_all_locked();
	pthread_mutex_unlock(&lock);
	free(listen_conninfo);
	listen_conninfo = NULL;
}
