/* test_trace_cache.c: the scan path's batch cache against the real
 * PostgreSQL: what it reads, what it keeps when full, and that a change
 * announced by NOTIFY drops what it kept. */
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "support.h"
#include "trace/code/batch.h"
#include "trace/scan/cache.h"

static uint32_t make_batch(void)
{
	it_keys();
	long long ent = it_enterprise();
	char gtin[15];
	it_product(ent, gtin);
	struct trace_batch b;
	struct trace_batch_request req = {gtin, 100, "L1", NULL};
	const char *reason = NULL;
	assert_int_equal(trace_batch_issue(it_db(), ent, &req, &b, &reason),
			 BT_OK);
	return b.id;
}

static void touch(uint32_t id)
{
	const struct trace_batch_info *info = NULL;
	assert_int_equal(trace_cache_batch(it_db(), id, &info), BT_OK);
	assert_int_equal(info->batch.id, id);
	trace_cache_release(info);
}

/* Touches id until the cache keeps it: an entry read while a change was
 * announced (here, the batch's own creation) is used once, not kept. */
static void keep(uint32_t id)
{
	for (int i = 0; i < 100 && !trace_cache_holds(id); i++) {
		touch(id);
		if (!trace_cache_holds(id))
			poll(NULL, 0, 50);
	}
	assert_true(trace_cache_holds(id));
}

static int setup(void **state)
{
	(void)state;
	return trace_cache_start(getenv("BONDTRACE_DATABASE_URL")) == BT_OK
		       ? 0
		       : -1;
}

static int teardown(void **state)
{
	(void)state;
	trace_cache_limit(0);
	trace_cache_stop();
	return 0;
}

static void a_batch_is_read_with_its_product_and_importer(void **state)
{
	(void)state;
	uint32_t id = make_batch();
	const struct trace_batch_info *info = NULL;
	assert_int_equal(trace_cache_batch(it_db(), id, &info), BT_OK);
	assert_string_equal(info->batch.lot, "L1");
	assert_string_equal(info->product.gtin, info->batch.gtin);
	assert_int_equal(info->importer.id, info->batch.enterprise_id);
	assert_int_equal(info->nranges, 0);
	assert_int_equal(info->nbound, 0);
	assert_non_null(info->provenance);
	assert_true(
		json_is_array(json_object_get(info->provenance, "shipments")));
	trace_cache_release(info);
	assert_int_equal(trace_cache_batch(it_db(), 2147483000u, &info),
			 BT_ENOTFOUND);
}

static void when_full_the_least_recently_used_goes(void **state)
{
	(void)state;
	uint32_t a = make_batch(), b = make_batch(), c = make_batch();
	/* let the listener take the announcements of these inserts first */
	poll(NULL, 0, 700);
	trace_cache_limit(2);
	keep(a);
	keep(b);
	touch(a); /* b is now the least recently used */
	keep(c);
	assert_true(trace_cache_holds(a));
	assert_false(trace_cache_holds(b));
	assert_true(trace_cache_holds(c));
	/* an evicted entry stays whole for whoever still holds it */
	const struct trace_batch_info *held = NULL;
	assert_int_equal(trace_cache_batch(it_db(), a, &held), BT_OK);
	trace_cache_limit(1);
	keep(b);
	assert_false(trace_cache_holds(a));
	assert_int_equal(held->batch.id, a);
	assert_string_equal(held->batch.lot, "L1");
	trace_cache_release(held);
	trace_cache_limit(0);
}

static void a_notified_change_drops_what_was_kept(void **state)
{
	(void)state;
	uint32_t id = make_batch();
	keep(id);
	char sql[300];
	snprintf(sql, sizeof(sql),
		 "INSERT INTO status_range (batch_id, first_idx, end_idx, "
		 "status, reason, effective_at, set_by_role, set_by_key) "
		 "VALUES (%u, 0, 10, 'recalled', 'test', now(), 'admin', 0)",
		 id);
	it_admin_sql(sql);
	for (int i = 0; i < 100 && trace_cache_holds(id); i++)
		poll(NULL, 0, 50); /* the listener wakes within 0.5 s */
	assert_false(trace_cache_holds(id));
	const struct trace_batch_info *info = NULL;
	assert_int_equal(trace_cache_batch(it_db(), id, &info), BT_OK);
	assert_int_equal(info->nranges, 1);
	assert_non_null(trace_info_status(info, 9));
	assert_null(trace_info_status(info, 10));
	trace_cache_release(info);
}

static void an_enterprise_change_drops_only_its_batches(void **state)
{
	(void)state;
	uint32_t mine = make_batch(), other = make_batch();
	poll(NULL, 0, 700); /* past the announcements of these inserts */
	keep(mine);
	keep(other);
	const struct trace_batch_info *info = NULL;
	assert_int_equal(trace_cache_batch(it_db(), mine, &info), BT_OK);
	char sql[200];
	snprintf(sql, sizeof(sql),
		 "UPDATE enterprise SET name_en = name_en || ' Ltd' WHERE id = "
		 "%lld",
		 info->importer.id);
	trace_cache_release(info);
	it_admin_sql(sql);
	for (int i = 0; i < 100 && trace_cache_holds(mine); i++)
		poll(NULL, 0, 50);
	assert_false(trace_cache_holds(mine));
	assert_true(trace_cache_holds(other));
	assert_int_equal(trace_cache_batch(it_db(), mine, &info), BT_OK);
	assert_non_null(strstr(info->importer.name_en, " Ltd"));
	trace_cache_release(info);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_batch_is_read_with_its_product_and_importer),
		cmocka_unit_test(when_full_the_least_recently_used_goes),
		cmocka_unit_test(a_notified_change_drops_what_was_kept),
		cmocka_unit_test(an_enterprise_change_drops_only_its_batches),
	};
	int rc = cmocka_run_group_tests(tests, setup, teardown);
	it_done();
	return rc;
}
