/* scanlog.c: the group-commit writer of the scan log. */
#include "scanlog.h"

#include <arpa/inet.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/crypto.h"
#include "core/log.h"
#include "core/worker.h"
#include "trace/scan/cache.h"

#define GROUP_MAX	  1024
#define PARTITION_EVERY_S 3600

enum {
	ST_UPSERT,
	ST_LOCK,
	ST_INSERT,
	ST_PARTITIONS,
};

#define COUNTS                                                                 \
	"scan_counts(EXCLUDED.recent_viewer[1], EXCLUDED.recent_net[1], "      \
	"c.recent_viewer, c.recent_net)"
#define IF_COUNTS(col)                                                         \
	"CASE WHEN " COUNTS " THEN (EXCLUDED." col " || c." col ")[1:16] "     \
	"ELSE c." col " END"

static const struct bt_stmt stmts[] = {
	/* A scan always raises count (shown to consumers); it raises
	 * rule_count (judged) and enters the counted history only when
	 * scan_counts() says so (migration 0006). */
	/* clang-format off */
	[ST_UPSERT] = {"trace.scan_upsert",
		"INSERT INTO code_stats AS c (batch_id, idx, count, rule_count, "
		"first_at, first_region, recent_at, recent_net, recent_region, "
		"recent_viewer, last_counted) "
		"SELECT b, i, 1, 1, to_timestamp($1::float8), nullif(r, ''), "
		"ARRAY[$1::float8], ARRAY[n], ARRAY[r], ARRAY[v], true "
		"FROM unnest($2::int[], $3::int[], $4::text[], $5::text[], "
		"$6::text[]) AS u(b, i, n, r, v) "
		"ON CONFLICT (batch_id, idx) DO UPDATE SET count = c.count + 1, "
		"last_counted = " COUNTS ", "
		"rule_count = c.rule_count + (" COUNTS ")::int, "
		"recent_at = " IF_COUNTS("recent_at") ", "
		"recent_net = " IF_COUNTS("recent_net") ", "
		"recent_region = " IF_COUNTS("recent_region") ", "
		"recent_viewer = " IF_COUNTS("recent_viewer") " "
		"RETURNING batch_id, idx, count, extract(epoch FROM first_at), "
		"coalesce(first_region, ''), recent_at, recent_net, "
		"recent_region, rule_count, last_counted"},
	/* clang-format on */
	/* Batches of first scans, before the insert counts which codes no
	 * binding covers: a binding locks its batch FOR UPDATE and then
	 * subtracts the scanned codes it covers (migration 0010). */
	[ST_LOCK] = {"trace.scan_lock_batches",
		     "SELECT 1 FROM batch WHERE id = ANY($1::int[]) ORDER BY "
		     "id FOR KEY SHARE"},
	[ST_INSERT] =
		{"trace.scan_insert",
		 "WITH s AS (SELECT * FROM unnest($2::int[], $3::int[], "
		 "$4::text[], $5::text[], $6::text[], $7::text[], $8::text[], "
		 "$9::text[], $10::bigint[], $11::boolean[]) AS u(b, i, net, "
		 "region, ua, channel, verdict, reasons, ent, first)), "
		 /* the rollups (migration 0008), per enterprise and for all */
		 "d AS (INSERT INTO scan_day AS r SELECT "
		 "cn_day(to_timestamp($1::float8)), "
		 "coalesce(ent, 0), verdict, count(*) FROM s GROUP BY GROUPING "
		 "SETS ((ent, verdict), (verdict)) ON CONFLICT (enterprise_id, "
		 "day, verdict) DO UPDATE SET scans = r.scans + "
		 "EXCLUDED.scans), "
		 "tot AS (INSERT INTO scan_total AS r SELECT coalesce(ent, 0), "
		 "count(*), count(*) FILTER (WHERE first), count(*) FILTER "
		 "(WHERE first AND NOT code_bound(b, i)) FROM s GROUP BY "
		 "GROUPING SETS ((ent), ()) ON CONFLICT (enterprise_id) DO "
		 "UPDATE SET scans = r.scans + EXCLUDED.scans, codes_scanned = "
		 "r.codes_scanned + EXCLUDED.codes_scanned, codes_unbound = "
		 "r.codes_unbound + EXCLUDED.codes_unbound), "
		 "ins AS (INSERT INTO scan (at, batch_id, idx, net_hash, "
		 "region, "
		 "ua_class, channel, verdict, reasons) SELECT "
		 "to_timestamp($1::float8), b, i, net, nullif(region, ''), ua, "
		 "channel, verdict, "
		 "coalesce(string_to_array(nullif(reasons, ''), ','), '{}') "
		 "FROM s) "
		 "INSERT INTO alert AS a (enterprise_id, batch_id, idx, "
		 "reasons, "
		 "last_scan_at) SELECT DISTINCT ON (b, i) ent, b, i, "
		 "string_to_array(reasons, ','), to_timestamp($1::float8) FROM "
		 "s "
		 "WHERE verdict = 'suspect' "
		 "ON CONFLICT (batch_id, idx) WHERE state <> 'closed' DO "
		 "UPDATE "
		 "SET scans = a.scans + 1, last_scan_at = "
		 "EXCLUDED.last_scan_at, "
		 "reasons = EXCLUDED.reasons, updated_at = now()"},
	[ST_PARTITIONS] = {"trace.scan_partitions",
			   "SELECT scan_ensure_partitions(2)"},
};

/* Reads a PostgreSQL array literal of simple values ({a,"",b}) into
 * items, pointing into storage (a copy of text). Returns the count. */
static size_t parse_array(const char *text, char *storage, size_t size,
			  const char **items, size_t max)
{
	size_t n = 0, w = 0;
	const char *p = text;
	if (*p != '{')
		return 0;
	p++;
	while (*p && *p != '}' && n < max && w + 1 < size) {
		items[n++] = storage + w;
		if (*p == '"') {
			p++;
			while (*p && *p != '"' && w + 1 < size)
				storage[w++] = *p++;
			if (*p == '"')
				p++;
		} else {
			while (*p && *p != ',' && *p != '}' && w + 1 < size)
				storage[w++] = *p++;
		}
		storage[w++] = '\0';
		if (*p == ',')
			p++;
	}
	return n;
}

static double now_epoch(void)
{
	struct timespec t;
	clock_gettime(CLOCK_REALTIME, &t);
	/* microseconds: what timestamptz keeps */
	return (double)t.tv_sec + (double)(t.tv_nsec - t.tv_nsec % 1000) / 1e9;
}

/* Arrays of text parameters ({...} literals) built for one statement. */
struct array {
	struct bt_buf b;
	bool any;
};

static void array_add(struct array *a, const char *v, bool quote)
{
	bt_buf_puts(&a->b, a->any ? "," : "{");
	a->any = true;
	if (quote)
		bt_buf_puts(&a->b, "\"");
	bt_buf_puts(&a->b, v);
	if (quote)
		bt_buf_puts(&a->b, "\"");
}

static const char *array_end(struct array *a)
{
	bt_buf_puts(&a->b, a->any ? "}" : "{}");
	return a->b.data;
}

static void array_free(struct array *a, size_t n)
{
	for (size_t i = 0; i < n; i++)
		bt_buf_free(&a[i].b);
}

static void add_uint(struct array *a, unsigned long long v)
{
	char t[24];
	snprintf(t, sizeof(t), "%llu", v);
	array_add(a, t, false);
}

/* Gives each scan its round: how many earlier scans of the group name the
 * same code. Within a round every code appears once, as ON CONFLICT
 * needs. Returns the number of rounds. */
static unsigned assign_rounds(struct trace_scan **scans, size_t n)
{
	unsigned rounds = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned r = 0;
		for (size_t k = i; k-- > 0;) {
			if (scans[k]->batch == scans[i]->batch &&
			    scans[k]->index == scans[i]->index) {
				r = scans[k]->round + 1;
				break;
			}
		}
		scans[i]->round = r;
		if (r + 1 > rounds)
			rounds = r + 1;
	}
	return rounds;
}

/* Applies one returned code_stats row to its scan and judges it. */
static void judge_row(const PGresult *r, int row, struct trace_scan *s)
{
	s->count = (unsigned)bt_db_int(r, row, 2);
	unsigned counted = (unsigned)bt_db_int(r, row, 8);
	bool this_counted = strcmp(bt_db_text(r, row, 9), "t") == 0;
	s->first_at = strtod(bt_db_text(r, row, 3), NULL);
	bt_strlcpy(s->first_region, bt_db_text(r, row, 4),
		   sizeof(s->first_region));
	char at_store[TRACE_HISTORY_MAX * 32],
		net_store[TRACE_HISTORY_MAX * 40],
		reg_store[TRACE_HISTORY_MAX * 10];
	const char *at[TRACE_HISTORY_MAX] = {0}, *net[TRACE_HISTORY_MAX] = {0},
		   *reg[TRACE_HISTORY_MAX] = {0};

	size_t nat = parse_array(bt_db_text(r, row, 5), at_store,
				 sizeof(at_store), at, TRACE_HISTORY_MAX);
	size_t nnet = parse_array(bt_db_text(r, row, 6), net_store,
				  sizeof(net_store), net, TRACE_HISTORY_MAX);
	size_t nreg = parse_array(bt_db_text(r, row, 7), reg_store,
				  sizeof(reg_store), reg, TRACE_HISTORY_MAX);
	size_t n = nat < nnet ? nat : nnet;
	if (nreg < n)
		n = nreg;
	/* The counted history, newest first; entry 0 is this scan when it
	 * was counted. */
	struct trace_past_scan past[TRACE_HISTORY_MAX];
	unsigned npast = 0;
	for (size_t i = this_counted ? 1 : 0;
	     i < n && at[i] && net[i] && reg[i]; i++)
		past[npast++] = (struct trace_past_scan){strtod(at[i], NULL),
							 net[i], reg[i]};

	struct trace_scan_facts f = {
		.count = counted,
		.at = s->at,
		.net = s->net,
		.region = s->region,
		.past = past,
		.npast = npast,
		.status = s->status,
		.status_in_force = s->status_in_force != 0,
		.undeclared = s->undeclared != 0,
	};
	trace_judge(&s->rules, &f, trace_cache_distance, &s->judgement);
}

static enum bt_err upsert_round(struct bt_db *db, struct trace_scan **scans,
				size_t n, unsigned round, const char *at)
{
	struct array a[5] = {0};
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		if (scans[i]->round != round)
			continue;
		add_uint(&a[0], scans[i]->batch);
		add_uint(&a[1], scans[i]->index);
		array_add(&a[2], scans[i]->net, true);
		array_add(&a[3], scans[i]->region, true);
		array_add(&a[4], scans[i]->viewer, true);
		m++;
	}
	const char *params[] = {at,
				array_end(&a[0]),
				array_end(&a[1]),
				array_end(&a[2]),
				array_end(&a[3]),
				array_end(&a[4])};
	PGresult *r = NULL;
	enum bt_err err =
		bt_db_query_take(db, &stmts[ST_UPSERT], 6, params, &r);
	array_free(a, 5);
	if (err != BT_OK)
		return err;
	for (int row = 0; row < PQntuples(r); row++) {
		uint32_t b = (uint32_t)bt_db_int(r, row, 0);
		uint32_t idx = (uint32_t)bt_db_int(r, row, 1);
		for (size_t i = 0; i < n; i++) {
			struct trace_scan *s = scans[i];
			if (s->round == round && s->batch == b &&
			    s->index == idx) {
				judge_row(r, row, s);
				break;
			}
		}
	}
	size_t rows = (size_t)PQntuples(r);
	PQclear(r);
	return rows == m ? BT_OK : BT_EINTERNAL;
}

/* Locks the batches of the codes scanned for the first time (ST_LOCK). */
static enum bt_err lock_first_batches(struct bt_db *db,
				      struct trace_scan **scans, size_t n)
{
	struct array a = {0};
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (scans[i]->count == 1) {
			add_uint(&a, scans[i]->batch);
			m++;
		}
	enum bt_err err = BT_OK;
	if (m > 0) {
		const char *params[] = {array_end(&a)};
		err = bt_db_run(db, &stmts[ST_LOCK], 1, params, NULL);
	}
	array_free(&a, 1);
	return err;
}

static enum bt_err insert_scans(struct bt_db *db, struct trace_scan **scans,
				size_t n, const char *at)
{
	struct array a[10] = {0};
	for (size_t i = 0; i < n; i++) {
		const struct trace_scan *s = scans[i];
		add_uint(&a[0], s->batch);
		add_uint(&a[1], s->index);
		array_add(&a[2], s->net, true);
		array_add(&a[3], s->region, true);
		array_add(&a[4], s->ua_class, true);
		array_add(&a[5], s->channel, true);
		array_add(&a[6], trace_verdict_name(s->judgement.verdict),
			  true);
		struct bt_buf reasons = BT_BUF_INIT;
		for (unsigned k = 0; k < s->judgement.nreasons; k++)
			bt_buf_printf(&reasons, "%s%s", k ? "," : "",
				      s->judgement.reasons[k]);
		array_add(&a[7], reasons.data ? reasons.data : "", true);
		bt_buf_free(&reasons);
		add_uint(&a[8], (unsigned long long)s->enterprise_id);
		array_add(&a[9], s->count == 1 ? "t" : "f", false);
	}
	const char *params[11] = {at};
	for (int i = 0; i < 10; i++)
		params[i + 1] = array_end(&a[i]);
	enum bt_err err = bt_db_run(db, &stmts[ST_INSERT], 11, params, NULL);
	array_free(a, 10);
	return err;
}

enum bt_err trace_scanlog_write(struct bt_db *db, struct trace_scan **scans,
				size_t n)
{
	if (n == 0)
		return BT_OK;
	double at = now_epoch();
	char at_text[32];
	snprintf(at_text, sizeof(at_text), "%.6f", at);
	for (size_t i = 0; i < n; i++)
		scans[i]->at = at;
	unsigned rounds = assign_rounds(scans, n);
	enum bt_err err = bt_db_begin(db);
	for (unsigned r = 0; err == BT_OK && r < rounds; r++)
		err = upsert_round(db, scans, n, r, at_text);
	if (err == BT_OK)
		err = lock_first_batches(db, scans, n);
	if (err == BT_OK)
		err = insert_scans(db, scans, n, at_text);
	if (err == BT_OK)
		err = bt_db_commit(db);
	if (err != BT_OK)
		bt_db_rollback(db);
	for (size_t i = 0; i < n; i++)
		scans[i]->err = err;
	return err;
}

/* The writer thread. */

/* The queue is guarded by the writer's lock and signalled on its
 * condition (core/worker.h). */
static struct bt_worker writer = BT_WORKER_INIT;
static struct trace_scan *qhead, *qtail;
static struct bt_db *writer_db;

static void ensure_partitions(struct bt_db *db)
{
	if (bt_db_run(db, &stmts[ST_PARTITIONS], 0, NULL, NULL) != BT_OK)
		bt_log_error("cannot create scan partitions; scans go to the "
			     "default partition");
}

/* Writes what is queued, a group at a time; when stopped, it writes
 * what is still queued before it ends. */
static void writer_loop(struct bt_worker *w)
{
	struct trace_scan *group[GROUP_MAX];
	time_t last_partitions = time(NULL);
	for (;;) {
		pthread_mutex_lock(&w->lock);
		while (qhead == NULL && !bt_worker_stopping(w))
			pthread_cond_wait(&w->wake, &w->lock);
		if (qhead == NULL) { /* and stopping */
			pthread_mutex_unlock(&w->lock);
			break;
		}
		size_t n = 0;
		while (qhead != NULL && n < GROUP_MAX) {
			group[n++] = qhead;
			qhead = qhead->next;
		}
		if (qhead == NULL)
			qtail = NULL;
		pthread_mutex_unlock(&w->lock);

		enum bt_err err = trace_scanlog_write(writer_db, group, n);
		if (err != BT_OK) {
			char count[16];
			snprintf(count, sizeof(count), "%zu", n);
			bt_log_error("scan group not recorded", "scans", count,
				     "error", bt_strerror(err));
		}
		/* Before the scans are acknowledged: a cached page that
		 * counts scans is stale from now. */
		if (err == BT_OK)
			bt_db_flushed();
		for (size_t i = 0; i < n; i++)
			group[i]->done(group[i]);
		if (time(NULL) - last_partitions > PARTITION_EVERY_S) {
			ensure_partitions(writer_db);
			last_partitions = time(NULL);
		}
	}
}

enum bt_err trace_scanlog_start(const char *conninfo)
{
	/* Bounded, so that a stalled database fails the parked scans (503)
	 * instead of holding them. */
	enum bt_err err = bt_db_open(conninfo, 5000, &writer_db);
	if (err != BT_OK)
		return err;
	ensure_partitions(writer_db);
	err = bt_worker_start(&writer, writer_loop, NULL);
	if (err != BT_OK) {
		bt_db_free(writer_db);
		writer_db = NULL;
	}
	return err;
}

void trace_scanlog_stop(void)
{
	bt_worker_stop(&writer);
	bt_db_free(writer_db);
	writer_db = NULL;
}

void trace_scanlog_submit(struct trace_scan *scan)
{
	scan->next = NULL;
	pthread_mutex_lock(&writer.lock);
	if (!bt_worker_accepting_locked(&writer)) {
		pthread_mutex_unlock(&writer.lock);
		scan->err = BT_EUNAVAIL;
		scan->done(scan);
		return;
	}
	if (qtail)
		qtail->next = scan;
	else
		qhead = scan;
	qtail = scan;
	pthread_cond_signal(&writer.wake);
	pthread_mutex_unlock(&writer.lock);
}

struct waiter {
	pthread_mutex_t m;
	pthread_cond_t c;
	bool done;
};

static void wake(struct trace_scan *scan)
{
	struct waiter *w = scan->ctx;
	pthread_mutex_lock(&w->m);
	w->done = true;
	pthread_cond_signal(&w->c);
	pthread_mutex_unlock(&w->m);
}

enum bt_err trace_scanlog_record(struct trace_scan *scan)
{
	struct waiter w = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER,
			   false};
	scan->done = wake;
	/* w outlives its use: we wait below until the writer is done. */
	// cppcheck-suppress autoVariables
	scan->ctx = &w;

	trace_scanlog_submit(scan);
	pthread_mutex_lock(&w.m);
	while (!w.done)
		pthread_cond_wait(&w.c, &w.m);
	pthread_mutex_unlock(&w.m);
	scan->ctx = NULL;
	return scan->err;
}

void trace_scan_viewer_hash(const uint8_t key[32], const char *ip,
			    const char *user_agent,
			    char out[TRACE_NET_HASH_LEN + 1])
{
	struct bt_buf b = BT_BUF_INIT;
	bt_buf_printf(&b, "viewer\n%s\n%.256s", ip ? ip : "",
		      user_agent ? user_agent : "");
	bt_keyed_hash_hex(key, (const uint8_t *)(b.data ? b.data : ""), b.len,
			  TRACE_NET_HASH_LEN / 2, out);
	bt_buf_free(&b);
}

void trace_scan_net_hash(const uint8_t key[32], const char *ip,
			 char out[TRACE_NET_HASH_LEN + 1])
{
	uint8_t addr[17] = {0};
	size_t len;
	if (inet_pton(AF_INET, ip, addr + 1) == 1) {
		addr[0] = 4;
		addr[4] = 0; /* keep the /24 */
		len = 5;
	} else if (inet_pton(AF_INET6, ip, addr + 1) == 1) {
		addr[0] = 6;
		memset(addr + 7, 0, 10); /* keep the /48 */
		len = 17;
	} else {
		addr[0] = 0;
		len = 1;
	}
	bt_keyed_hash_hex(key, addr, len, TRACE_NET_HASH_LEN / 2, out);
}

const char *trace_ua_class(const char *ua)
{
	if (ua == NULL || *ua == '\0')
		return "other";
	if (strstr(ua, "MicroMessenger"))
		return "wechat";
	if (strstr(ua, "AlipayClient"))
		return "alipay";
	if (strstr(ua, "bot") || strstr(ua, "Bot") || strstr(ua, "spider") ||
	    strstr(ua, "curl") || strstr(ua, "wrk"))
		return "bot";
	if (strstr(ua, "iPhone") || strstr(ua, "iPad"))
		return "ios";
	if (strstr(ua, "Android"))
		return "android";
	if (strstr(ua, "Windows") || strstr(ua, "Macintosh") ||
	    strstr(ua, "X11"))
		return "desktop";
	return "other";
}
