/* cache.c: the scan path's in-memory cache and its invalidation. */
#include "cache.h"

#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/log.h"
#include "trace/customs/provenance.h"

#define BUCKETS	    4096
#define MAX_ENTRIES 200000
#define MAX_LIMITS  64

struct entry {
	struct trace_batch_info info; /* first: callers see only this */
	_Atomic int refs;
	struct entry *next;
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
static size_t nentries;
static unsigned long generation; /* bumped by every clear */
static struct limit limits[MAX_LIMITS];
static size_t nlimits;
static struct trace_rules base_rules = {10, 50, 72, 3, 5, 1000, 300};
static struct province provinces[64];
static size_t nprovinces;

static pthread_t listener;
static _Atomic bool listening;

enum {
	ST_RANGES,
	ST_LIMITS,
	ST_SETTINGS,
	ST_PROVINCES,
	ST_BOUND,
};

static const struct bt_stmt stmts[] = {
	[ST_RANGES] =
		{"trace.cache_ranges",
		 "SELECT id, first_idx, end_idx, status, reason, "
		 "extract(epoch FROM effective_at), "
		 "to_char(effective_at, 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
		 "FROM status_range WHERE batch_id = $1 ORDER BY first_idx"},
	[ST_LIMITS] = {"trace.cache_limits",
		       "SELECT category, caution_count, suspect_count FROM "
		       "scan_limit ORDER BY category"},
	[ST_SETTINGS] = {"trace.cache_settings",
			 "SELECT name, value FROM verdict_setting"},
	[ST_PROVINCES] = {"trace.cache_provinces",
			  "SELECT code, lat, lon FROM province"},
	[ST_BOUND] =
		{"trace.cache_bound",
		 "SELECT b.first_idx, b.end_idx, d.deleted, "
		 "coalesce(d.invt_no, ''), "
		 "coalesce(d.decl_date::text, ''), coalesce(d.ie_date::text, "
		 "''), coalesce(d.trade_mode, ''), coalesce(d.customs_code, "
		 "''), "
		 "coalesce(d.port_code, ''), coalesce(d.country, ''), "
		 "coalesce(c.name_zh, ''), coalesce(c.name_en, ''), "
		 "coalesce(d.head->>'areaName', ''), "
		 "coalesce(d.head->>'ebpName', "
		 "''), l.gnum, l.name, coalesce(l.gcode, ''), coalesce(b.lot, "
		 "'') "
		 "FROM binding b JOIN declaration d ON d.id = b.declaration_id "
		 "JOIN declaration_line l ON l.declaration_id = d.id AND "
		 "l.gnum = "
		 "b.gnum LEFT JOIN customs_code c ON c.tbl = 'country' AND "
		 "c.code "
		 "= d.country WHERE b.batch_id = $1 ORDER BY b.first_idx"},
};

static void entry_unref(struct entry *e)
{
	if (e != NULL && atomic_fetch_sub(&e->refs, 1) == 1) {
		free(e->info.ranges);
		for (size_t i = 0; i < e->info.nbound; i++)
			json_decref(e->info.bound[i].declaration);
		free(e->info.bound);
		json_decref(e->info.provenance);
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
	generation++;
}

static enum bt_err load_settings(struct bt_db *db)
{
	PGresult *l = NULL, *s = NULL, *p = NULL;
	enum bt_err err = bt_db_query_take(db, &stmts[ST_LIMITS], 0, NULL, &l);
	if (err == BT_OK)
		err = bt_db_query_take(db, &stmts[ST_SETTINGS], 0, NULL, &s);
	if (err == BT_OK)
		err = bt_db_query_take(db, &stmts[ST_PROVINCES], 0, NULL, &p);
	if (err == BT_OK) {
		pthread_mutex_lock(&lock);
		nlimits = 0;
		for (int i = 0; i < PQntuples(l) && nlimits < MAX_LIMITS; i++) {
			struct limit *x = &limits[nlimits++];
			bt_strlcpy(x->category, bt_db_text(l, i, 0),
				   sizeof(x->category));
			x->caution = (unsigned)bt_db_int(l, i, 1);
			x->suspect = (unsigned)bt_db_int(l, i, 2);
		}
		for (int i = 0; i < PQntuples(s); i++) {
			const char *name = bt_db_text(s, i, 0);
			double v = strtod(bt_db_text(s, i, 1), NULL);
			if (strcmp(name, "places_window_hours") == 0)
				base_rules.places_window_hours = v;
			else if (strcmp(name, "places_caution") == 0)
				base_rules.places_caution = (unsigned)v;
			else if (strcmp(name, "places_suspect") == 0)
				base_rules.places_suspect = (unsigned)v;
			else if (strcmp(name, "travel_kmh") == 0)
				base_rules.travel_kmh = v;
			else if (strcmp(name, "travel_min_km") == 0)
				base_rules.travel_min_km = v;
		}
		nprovinces = 0;
		for (int i = 0; i < PQntuples(p) && nprovinces < 64; i++) {
			struct province *x = &provinces[nprovinces++];
			bt_strlcpy(x->code, bt_db_text(p, i, 0),
				   sizeof(x->code));
			x->lat = strtod(bt_db_text(p, i, 1), NULL);
			x->lon = strtod(bt_db_text(p, i, 2), NULL);
		}
		pthread_mutex_unlock(&lock);
	}
	PQclear(l);
	PQclear(s);
	PQclear(p);
	return err;
}

void trace_cache_clear(struct bt_db *db)
{
	pthread_mutex_lock(&lock);
	drop_all_locked();
	pthread_mutex_unlock(&lock);
	if (db != NULL && load_settings(db) != BT_OK)
		bt_log_warn("cannot reload verdict settings; keeping the old");
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

static enum bt_err load_ranges(struct bt_db *db, struct trace_batch_info *info)
{
	char id[16];
	snprintf(id, sizeof(id), "%u", info->batch.id);
	const char *params[] = {id};
	PGresult *r = NULL;
	enum bt_err err =
		bt_db_query_take(db, &stmts[ST_RANGES], 1, params, &r);
	if (err != BT_OK)
		return err;
	int n = PQntuples(r);
	info->ranges = n ? calloc((size_t)n, sizeof(*info->ranges)) : NULL;
	if (n && info->ranges == NULL)
		err = BT_ENOMEM;
	for (int i = 0; err == BT_OK && i < n; i++) {
		struct trace_status_range *x = &info->ranges[i];
		x->id = bt_db_int(r, i, 0);
		x->first = (uint32_t)bt_db_int(r, i, 1);
		x->end = (uint32_t)bt_db_int(r, i, 2);
		x->status = trace_status_parse(bt_db_text(r, i, 3));
		bt_strlcpy(x->reason, bt_db_text(r, i, 4), sizeof(x->reason));
		x->effective_at = strtod(bt_db_text(r, i, 5), NULL);
		bt_strlcpy(x->effective, bt_db_text(r, i, 6),
			   sizeof(x->effective));
	}
	if (err == BT_OK)
		info->nranges = (size_t)n;
	PQclear(r);
	return err;
}

static const char *nonempty(const char *s)
{
	return s[0] ? s : NULL;
}

static enum bt_err load_bound(struct bt_db *db, struct trace_batch_info *info)
{
	char id[16];
	snprintf(id, sizeof(id), "%u", info->batch.id);
	const char *params[] = {id};
	PGresult *r = NULL;
	enum bt_err err = bt_db_query_take(db, &stmts[ST_BOUND], 1, params, &r);
	if (err != BT_OK)
		return err;
	int n = PQntuples(r);
	info->bound = n ? calloc((size_t)n, sizeof(*info->bound)) : NULL;
	if (n && info->bound == NULL)
		err = BT_ENOMEM;
	for (int i = 0; err == BT_OK && i < n; i++) {
		struct trace_bound_range *b = &info->bound[i];
		b->first = (uint32_t)bt_db_int(r, i, 0);
		b->end = (uint32_t)bt_db_int(r, i, 1);
		b->withdrawn = strcmp(bt_db_text(r, i, 2), "t") == 0;
		b->declaration = json_pack(
			"{s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, "
			"s:{s:s?, s:s?, s:s?}, s:s?, s:s?, s:{s:I, s:s, s:s?}, "
			"s:s?, s:b}",
			/* Public: the customs inventory number, never the
			 * enterprise's own reference or the buyer's order. */
			"invt_no", nonempty(bt_db_text(r, i, 3)), "decl_date",
			nonempty(bt_db_text(r, i, 4)), "ie_date",
			nonempty(bt_db_text(r, i, 5)), "trade_mode",
			nonempty(bt_db_text(r, i, 6)), "customs_code",
			nonempty(bt_db_text(r, i, 7)), "port_code",
			nonempty(bt_db_text(r, i, 8)), "dispatch_country",
			"code", nonempty(bt_db_text(r, i, 9)), "name_zh",
			nonempty(bt_db_text(r, i, 10)), "name_en",
			nonempty(bt_db_text(r, i, 11)), "warehouse",
			nonempty(bt_db_text(r, i, 12)), "platform",
			nonempty(bt_db_text(r, i, 13)), "line", "gnum",
			(json_int_t)bt_db_int(r, i, 14), "name",
			bt_db_text(r, i, 15), "hs_code",
			nonempty(bt_db_text(r, i, 16)), "lot",
			nonempty(bt_db_text(r, i, 17)), "withdrawn",
			b->withdrawn);
		if (b->declaration == NULL)
			err = BT_ENOMEM;
	}
	if (err == BT_OK)
		info->nbound = (size_t)n;
	else
		for (int i = 0; info->bound && i < n; i++)
			json_decref(info->bound[i].declaration);
	PQclear(r);
	return err;
}

const struct trace_bound_range *
trace_info_binding(const struct trace_batch_info *info, uint32_t index)
{
	for (size_t i = 0; i < info->nbound; i++)
		if (index >= info->bound[i].first && index < info->bound[i].end)
			return &info->bound[i];
	return NULL;
}

static enum bt_err load(struct bt_db *db, uint32_t id, struct entry **out)
{
	struct entry *e = calloc(1, sizeof(*e));
	if (e == NULL)
		return BT_ENOMEM;
	atomic_init(&e->refs, 1);
	struct trace_batch_info *info = &e->info;
	enum bt_err err = trace_batch_get(db, id, &info->batch);
	if (err == BT_OK)
		err = trace_product_get(db, info->batch.gtin, &info->product);
	if (err == BT_OK)
		err = disc_enterprise_get(db, info->batch.enterprise_id,
					  &info->importer);
	if (err == BT_OK)
		err = load_ranges(db, info);
	if (err == BT_OK)
		err = load_bound(db, info);
	if (err == BT_OK)
		err = trace_provenance_json(db, info->product.id,
					    info->batch.lot, &info->provenance);
	if (err != BT_OK) {
		entry_unref(e);
		return err;
	}
	*out = e;
	return BT_OK;
}

enum bt_err trace_cache_batch(struct bt_db *db, uint32_t id,
			      const struct trace_batch_info **out)
{
	size_t b = id % BUCKETS;
	pthread_mutex_lock(&lock);
	for (struct entry *e = table[b]; e; e = e->next) {
		if (e->info.batch.id == id) {
			atomic_fetch_add(&e->refs, 1);
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
	if (nentries >= MAX_ENTRIES)
		drop_all_locked();
	atomic_fetch_add(&e->refs, 1); /* one for the table */
	e->next = table[b];
	table[b] = e;
	nentries++;
	pthread_mutex_unlock(&lock);
	*out = &e->info;
	return BT_OK;
}

const struct trace_status_range *
trace_info_status(const struct trace_batch_info *info, uint32_t index)
{
	for (size_t i = 0; i < info->nranges; i++) {
		const struct trace_status_range *r = &info->ranges[i];
		if (index >= r->first && index < r->end)
			return r;
	}
	return NULL;
}

/* The listener: LISTEN bt_trace on its own connection; any notification
 * (or a lost connection, after which we cannot know what changed) drops
 * the cache. */

static char *listen_conninfo;

static void *listen_loop(void *arg)
{
	(void)arg;
	struct bt_db *db = NULL;
	while (atomic_load(&listening)) {
		if (db == NULL) {
			if (bt_db_open(listen_conninfo, 5000, &db) != BT_OK ||
			    bt_db_exec_script(db, "LISTEN bt_trace") != BT_OK) {
				bt_db_free(db);
				db = NULL;
				trace_cache_clear(NULL);
				poll(NULL, 0, 1000);
				continue;
			}
			trace_cache_clear(
				db); /* changes may have been missed */
		}
		PGconn *c = bt_db_conn(db);
		struct pollfd pfd = {PQsocket(c), POLLIN, 0};
		int ready = poll(&pfd, 1, 500);
		if (ready > 0 && PQconsumeInput(c) == 0) {
			bt_log_warn("cache listener lost its connection");
			bt_db_free(db);
			db = NULL;
			continue;
		}
		bool changed = false;
		PGnotify *n;
		while ((n = PQnotifies(c)) != NULL) {
			changed = true;
			PQfreemem(n);
		}
		if (changed)
			trace_cache_clear(db);
	}
	bt_db_free(db);
	return NULL;
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
	atomic_store(&listening, true);
	if (pthread_create(&listener, NULL, listen_loop, NULL) != 0) {
		atomic_store(&listening, false);
		return BT_EINTERNAL;
	}
	return BT_OK;
}

void trace_cache_stop(void)
{
	if (!atomic_load(&listening))
		return;
	atomic_store(&listening, false);
	pthread_join(listener, NULL);
	pthread_mutex_lock(&lock);
	drop_all_locked();
	pthread_mutex_unlock(&lock);
	free(listen_conninfo);
	listen_conninfo = NULL;
}
