/* test_trace_scans.c: the scan log's group commit and status ranges
 * against the real PostgreSQL. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/auth.h"
#include "core/buf.h"
#include "support.h"
#include "trace/code/batch.h"
#include "trace/customs/binding.h"
#include "trace/scan/cache.h"
#include "trace/scan/scanlog.h"
#include "trace/scan/status.h"

#define CONCURRENT 64

static long long scalar(const char *sql)
{
	PGresult *r = PQexec(bt_db_conn(it_db()), sql);
	assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
	long long v = bt_db_int(r, 0, 0);
	PQclear(r);
	return v;
}

static struct trace_batch make_batch(long long *ent_out, uint32_t count)
{
	it_keys();
	long long ent = it_enterprise();
	char gtin[15];
	it_product(ent, gtin);
	struct trace_batch b;
	struct trace_batch_request req = {gtin, count, NULL, NULL};
	const char *reason = NULL;
	assert_int_equal(trace_batch_issue(it_db(), ent, &req, &b, &reason),
			 BT_OK);
	if (ent_out)
		*ent_out = ent;
	return b;
}

struct worker {
	pthread_t thread;
	struct trace_scan scan;
};

static void *scan_once(void *arg)
{
	struct worker *w = arg;
	trace_scanlog_record(&w->scan);
	return NULL;
}

static void concurrent_scans_of_one_code_count_exactly(void **state)
{
	(void)state;
	long long ent;
	struct trace_batch b = make_batch(&ent, 100);
	assert_int_equal(trace_scanlog_start(getenv("BONDTRACE_DATABASE_URL")),
			 BT_OK);
	static struct worker w[CONCURRENT];
	for (int i = 0; i < CONCURRENT; i++) {
		memset(&w[i], 0, sizeof(w[i]));
		w[i].scan.batch = b.id;
		w[i].scan.index = 7;
		w[i].scan.enterprise_id = ent;
		snprintf(w[i].scan.net, sizeof(w[i].scan.net), "%032d", i % 2);
		bt_strlcpy(w[i].scan.ua_class, "other",
			   sizeof(w[i].scan.ua_class));
		bt_strlcpy(w[i].scan.channel, "api", sizeof(w[i].scan.channel));
		w[i].scan.rules = (struct trace_rules){1000, 2000, 72, 1000,
						       2000, 1000, 300};
	}
	for (int i = 0; i < CONCURRENT; i++)
		assert_int_equal(
			pthread_create(&w[i].thread, NULL, scan_once, &w[i]),
			0);
	bool seen[CONCURRENT + 1] = {false};
	for (int i = 0; i < CONCURRENT; i++) {
		pthread_join(w[i].thread, NULL);
		assert_int_equal(w[i].scan.err, BT_OK);
		assert_true(w[i].scan.count >= 1 &&
			    w[i].scan.count <= CONCURRENT);
		assert_false(seen[w[i].scan.count]); /* each saw its own */
		seen[w[i].scan.count] = true;
	}
	trace_scanlog_stop();
	char sql[160];
	snprintf(sql, sizeof(sql),
		 "SELECT count FROM code_stats WHERE batch_id = %u AND idx = 7",
		 b.id);
	assert_int_equal(scalar(sql), CONCURRENT);
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM scan WHERE batch_id = %u AND idx = 7",
		 b.id);
	assert_int_equal(scalar(sql), CONCURRENT);
}

static void without_a_writer_scans_fail_cleanly(void **state)
{
	(void)state;
	struct trace_scan s;
	memset(&s, 0, sizeof(s));
	assert_int_equal(trace_scanlog_record(&s), BT_EUNAVAIL);
}

static void status_ranges_refuse_overlaps_and_strangers(void **state)
{
	(void)state;
	long long ent, other = it_enterprise();
	struct trace_batch b = make_batch(&ent, 1000);
	struct bt_principal owner = {BT_ROLE_ENTERPRISE, ent, 1, "owner", 0};
	struct bt_principal stranger = {BT_ROLE_ENTERPRISE, other, 2,
					"stranger", 0};
	struct bt_principal regulator = {BT_ROLE_REGULATOR, 0, 3, "regulator",
					 0};
	struct trace_status_request q = {.batch = b.id,
					 .from = 100,
					 .to = 200,
					 .status = "recalled",
					 .reason = "lot recall",
					 .reason_en = "Lot recall"};
	json_t *out = NULL;
	const char *reason = NULL;
	assert_int_equal(trace_status_set(it_db(), &owner, &q, &out, &reason),
			 BT_OK);
	assert_string_equal(json_string_value(json_object_get(out, "status")),
			    "recalled");
	assert_string_equal(
		json_string_value(json_object_get(out, "reason_en")),
		"Lot recall");
	json_decref(out);
	out = NULL;
	q.from = 150; /* overlaps [100, 200) */
	q.to = 300;
	assert_int_equal(
		trace_status_set(it_db(), &regulator, &q, &out, &reason),
		BT_ECONFLICT);
	q.from = 200; /* adjacent is fine */
	assert_int_equal(
		trace_status_set(it_db(), &regulator, &q, &out, &reason),
		BT_OK);
	json_decref(out);
	out = NULL;
	q.from = 900;
	q.to = 1001;
	assert_int_equal(trace_status_set(it_db(), &owner, &q, &out, &reason),
			 BT_EINVAL);
	q.to = 1000;
	assert_int_equal(
		trace_status_set(it_db(), &stranger, &q, &out, &reason),
		BT_ENOTFOUND);
	q.status = "lost";
	assert_int_equal(trace_status_set(it_db(), &owner, &q, &out, &reason),
			 BT_EINVAL);
	q.status = "revoked";
	q.effective_at = "next tuesday";
	assert_int_equal(trace_status_set(it_db(), &owner, &q, &out, &reason),
			 BT_EINVAL);
	json_t *list = NULL;
	assert_int_equal(trace_status_list(it_db(), b.id, &list), BT_OK);
	assert_int_equal(json_array_size(list), 2); /* nothing half-stored */
	json_decref(list);
}

/* A CEB621 inventory list of the enterprise with one line of qty codes,
 * written as the declarations module stores one; returns its copNo. */
static void make_inventory(long long ent, const char *gtin, int qty,
			   char cop[32])
{
	snprintf(cop, 32, "IT%lldx%d", ent, rand() % 1000000);
	char sql[1024];
	snprintf(sql, sizeof(sql),
		 "BEGIN; INSERT INTO ceb_message (guid, enterprise_id, kind, "
		 "receipt) VALUES ('%s', %lld, 621, '{}'); INSERT INTO "
		 "declaration (enterprise_id, kind, business_key, "
		 "record_guid, message_guid, order_no, app_time, currency, "
		 "head) VALUES (%lld, 621, '%s', '%s', '%s', 'O%s', now(), "
		 "'142', '{}'); INSERT INTO declaration_line SELECT "
		 "currval(pg_get_serial_sequence('declaration', 'id')), 1, "
		 "'%s', NULL, 'item', '502', '007', %d, 10000, %d, '{}'; "
		 "COMMIT",
		 cop, ent, ent, cop, cop, cop, cop, gtin, qty, qty * 100);
	it_admin_sql(sql);
}

struct binder {
	pthread_t thread;
	long long ent;
	uint32_t batch;
	const char *cop;
	int ranges, width;
	enum bt_err err;
};

static void *bind_ranges(void *arg)
{
	struct binder *b = arg;
	struct bt_db *db = NULL;
	b->err = bt_db_open(getenv("BONDTRACE_DATABASE_URL"), 5000, &db);
	for (int i = 0; b->err == BT_OK && i < b->ranges; i++) {
		long long from = (long long)i * b->width;
		struct trace_binding_request q = {
			b->batch, from, from + b->width, b->cop, 1, NULL};
		json_t *out = NULL;
		const char *reason = NULL;
		b->err = trace_binding_add(db, b->ent, &q, &out, &reason);
		json_decref(out);
	}
	bt_db_free(db);
	return NULL;
}

static void unbound_rollup_stays_exact_while_bindings_race_scans(void **state)
{
	(void)state;
	enum { CODES = 256, WIDTH = 16, RANGES = 10 };
	long long ent;
	struct trace_batch b = make_batch(&ent, CODES);
	char gtin[15], cop[32], sql[512];
	snprintf(sql, sizeof(sql), "SELECT gtin FROM batch WHERE id = %u",
		 b.id);
	PGresult *r = PQexec(bt_db_conn(it_db()), sql);
	bt_strlcpy(gtin, PQgetvalue(r, 0, 0), sizeof(gtin));
	PQclear(r);
	make_inventory(ent, gtin, CODES, cop);
	assert_int_equal(trace_scanlog_start(getenv("BONDTRACE_DATABASE_URL")),
			 BT_OK);
	struct binder binder = {0, ent, b.id, cop, RANGES, WIDTH, BT_OK};
	assert_int_equal(
		pthread_create(&binder.thread, NULL, bind_ranges, &binder), 0);
	static struct worker w[CONCURRENT];
	for (int round = 0; round < CODES / CONCURRENT; round++) {
		for (int i = 0; i < CONCURRENT; i++) {
			memset(&w[i], 0, sizeof(w[i]));
			w[i].scan.batch = b.id;
			/* spread over the batch, bound and unbound parts */
			w[i].scan.index =
				(uint32_t)(i * (CODES / CONCURRENT) + round);
			w[i].scan.enterprise_id = ent;
			snprintf(w[i].scan.net, sizeof(w[i].scan.net), "%032d",
				 i);
			bt_strlcpy(w[i].scan.ua_class, "other",
				   sizeof(w[i].scan.ua_class));
			bt_strlcpy(w[i].scan.channel, "api",
				   sizeof(w[i].scan.channel));
			w[i].scan.rules = (struct trace_rules){
				1000, 2000, 72, 1000, 2000, 1000, 300};
			assert_int_equal(pthread_create(&w[i].thread, NULL,
							scan_once, &w[i]),
					 0);
		}
		for (int i = 0; i < CONCURRENT; i++) {
			pthread_join(w[i].thread, NULL);
			assert_int_equal(w[i].scan.err, BT_OK);
		}
	}
	pthread_join(binder.thread, NULL);
	assert_int_equal(binder.err, BT_OK);
	trace_scanlog_stop();
	snprintf(sql, sizeof(sql),
		 "SELECT codes_unbound FROM scan_total WHERE enterprise_id = "
		 "%lld",
		 ent);
	assert_int_equal(scalar(sql), CODES - RANGES * WIDTH);
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM code_stats WHERE batch_id = %u AND NOT "
		 "code_bound(batch_id, idx)",
		 b.id);
	assert_int_equal(scalar(sql), CODES - RANGES * WIDTH);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(concurrent_scans_of_one_code_count_exactly),
		cmocka_unit_test(without_a_writer_scans_fail_cleanly),
		cmocka_unit_test(status_ranges_refuse_overlaps_and_strangers),
		cmocka_unit_test(
			unbound_rollup_stays_exact_while_bindings_race_scans),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	it_done();
	return rc;
}
