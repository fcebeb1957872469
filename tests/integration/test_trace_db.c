/* test_trace_db.c: products, batches, resolution and API keys against the
 * real PostgreSQL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/auth.h"
#include "support.h"
#include "trace/code/batch.h"
#include "trace/code/product.h"
#include "trace/scan/resolve.h"

static long long count_batches(void)
{
	PGresult *r = PQexec(bt_db_conn(it_db()), "SELECT count(*) FROM batch");
	assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
	long long n = bt_db_int(r, 0, 0);
	PQclear(r);
	return n;
}

static void issue(long long ent, const char *gtin, long long count,
		  const char *lot, struct trace_batch *b)
{
	struct trace_batch_request req = {gtin, count, lot, "2030-12-31"};
	const char *reason = NULL;
	assert_int_equal(trace_batch_issue(it_db(), ent, &req, b, &reason),
			 BT_OK);
}

static void a_hundred_million_codes_are_one_row(void **state)
{
	(void)state;
	it_keys();
	long long ent = it_enterprise();
	char gtin[15];
	it_product(ent, gtin);
	long long before = count_batches();
	struct trace_batch b;
	issue(ent, gtin, 100000000, NULL, &b);
	assert_int_equal(count_batches(), before + 1);
	assert_int_equal(b.count, 100000000);
	struct trace_batch again;
	assert_int_equal(trace_batch_get(it_db(), b.id, &again), BT_OK);
	assert_int_equal(again.count, 100000000);
	assert_string_equal(again.gtin, gtin);
	assert_string_equal(again.expiry, "2030-12-31");
}

static void batches_only_for_own_registered_products(void **state)
{
	(void)state;
	it_keys();
	long long mine = it_enterprise(), theirs = it_enterprise();
	char gtin[15], unregistered[15];
	it_product(theirs, gtin);
	it_gtin(unregistered);
	struct trace_batch b;
	const char *reason = NULL;
	struct trace_batch_request req = {gtin, 10, NULL, NULL};
	assert_int_equal(trace_batch_issue(it_db(), mine, &req, &b, &reason),
			 BT_EFORBIDDEN);
	req.gtin = unregistered;
	assert_int_equal(trace_batch_issue(it_db(), mine, &req, &b, &reason),
			 BT_ENOTFOUND);
	req.gtin = gtin;
	const long long bad_counts[] = {0, -1, 100000001};
	for (int i = 0; i < 3; i++) {
		req.count = bad_counts[i];
		assert_int_equal(
			trace_batch_issue(it_db(), theirs, &req, &b, &reason),
			BT_EINVAL);
	}
	req.count = 5;
	req.expiry = "2030-02-30";
	assert_int_equal(trace_batch_issue(it_db(), theirs, &req, &b, &reason),
			 BT_EINVAL);
	req.expiry = NULL;
	req.lot = "LOT WITH SPACE";
	assert_int_equal(trace_batch_issue(it_db(), theirs, &req, &b, &reason),
			 BT_EINVAL);
}

static void resolve_path(const struct trace_batch *b, uint32_t index,
			 const char *lot, char *path, size_t size)
{
	struct trace_code c = {b->id, index, b->key_version};
	char serial[TRACE_SERIAL_MAX + 1];
	trace_serial_encode(&c, b->gtin,
			    bt_keys_serial(it_keys(), b->key_version), serial);
	trace_dl_format(path, size, "", b->gtin, lot, serial);
}

static enum bt_err resolve(const char *path, struct trace_resolution *res)
{
	const char *reason = NULL;
	enum bt_err err = trace_resolve_check(path, res, &reason);
	if (err == BT_OK)
		err = trace_resolve_lookup(it_db(), res, &reason);
	if (err != BT_OK)
		assert_non_null(reason);
	trace_resolution_release(res);
	return err;
}

static void codes_resolve_inside_their_batch_only(void **state)
{
	(void)state;
	it_keys();
	long long ent = it_enterprise();
	char gtin[15];
	it_product(ent, gtin);
	struct trace_batch b;
	issue(ent, gtin, 1000, "L42", &b);
	char path[256];
	struct trace_resolution res;

	resolve_path(&b, 999, "L42", path, sizeof(path));
	assert_int_equal(resolve(path, &res), BT_OK);
	assert_int_equal(res.code.index, 999);
	resolve_path(&b, 0, NULL, path, sizeof(path)); /* lot is optional */
	assert_int_equal(resolve(path, &res), BT_OK);

	resolve_path(&b, 1000, "L42", path, sizeof(path)); /* beyond count */
	assert_int_equal(resolve(path, &res), BT_ENOTFOUND);
	resolve_path(&b, 5, "L43", path, sizeof(path)); /* wrong lot */
	assert_int_equal(resolve(path, &res), BT_ENOTFOUND);
	struct trace_batch never = b;
	never.id = TRACE_BATCH_ID_MAX; /* a valid MAC, a batch never issued */
	resolve_path(&never, 5, NULL, path, sizeof(path));
	assert_int_equal(resolve(path, &res), BT_ENOTFOUND);
}

static void exports_stream_exactly_the_range(void **state)
{
	(void)state;
	it_keys();
	long long ent = it_enterprise();
	char gtin[15];
	it_product(ent, gtin);
	struct trace_batch b;
	issue(ent, gtin, 5000, NULL, &b);
	struct trace_export ex;
	const char *reason = NULL;
	assert_int_equal(trace_export_init(&ex, &b, 100, 4100, TRACE_EXPORT_URI,
					   &reason),
			 BT_OK);
	char buf[4096];
	size_t n, lines = 0;
	char first[256] = "";
	while ((n = trace_export_fill(&ex, buf, sizeof(buf))) > 0) {
		assert_int_equal(buf[n - 1], '\n');
		for (size_t i = 0; i < n; i++)
			lines += buf[i] == '\n';
		if (!first[0])
			snprintf(first, sizeof(first), "%.*s",
				 (int)strcspn(buf, "\n"), buf);
	}
	assert_int_equal(lines, 4000);
	char expect[256];
	trace_code_uri(&b, 100, expect, sizeof(expect));
	assert_string_equal(first, expect);
	assert_int_equal(
		trace_export_init(&ex, &b, 10, 5001, TRACE_EXPORT_URI, &reason),
		BT_EINVAL);
	assert_int_equal(
		trace_export_init(&ex, &b, 10, 10, TRACE_EXPORT_CSV, &reason),
		BT_EINVAL);
	assert_int_equal(
		trace_export_init(&ex, &b, 0, 2, TRACE_EXPORT_CSV, &reason),
		BT_OK);
	n = trace_export_fill(&ex, buf, sizeof(buf));
	buf[n] = '\0';
	assert_memory_equal(buf, "index,serial,uri\n0,", 19);
	assert_int_equal(trace_export_fill(&ex, buf, sizeof(buf)), 0);
}

static void api_keys_work_until_revoked(void **state)
{
	(void)state;
	long long ent = it_enterprise();
	char token[BT_TOKEN_LEN + 1];
	long long id = 0;
	assert_int_equal(bt_auth_key_create(it_db(), BT_ROLE_ENTERPRISE, ent,
					    "test", token, &id),
			 BT_OK);
	struct bt_principal who;
	assert_int_equal(bt_auth_key_lookup(it_db(), token, &who), BT_OK);
	assert_int_equal(who.role, BT_ROLE_ENTERPRISE);
	assert_int_equal(who.enterprise_id, ent);
	token[10] = token[10] == 'A' ? 'B' : 'A';
	assert_int_equal(bt_auth_key_lookup(it_db(), token, &who), BT_EAUTH);
	token[10] = token[10] == 'A' ? 'B' : 'A';
	assert_int_equal(bt_auth_key_revoke(it_db(), id), BT_OK);
	assert_int_equal(bt_auth_key_lookup(it_db(), token, &who), BT_EAUTH);
	assert_int_equal(bt_auth_key_revoke(it_db(), id), BT_ENOTFOUND);
	/* Keys for regulators carry no enterprise; enterprise keys need one. */
	assert_int_equal(bt_auth_key_create(it_db(), BT_ROLE_REGULATOR, 0, "",
					    token, &id),
			 BT_OK);
	assert_int_equal(bt_auth_key_create(it_db(), BT_ROLE_ENTERPRISE, 0, "",
					    token, &id),
			 BT_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_hundred_million_codes_are_one_row),
		cmocka_unit_test(batches_only_for_own_registered_products),
		cmocka_unit_test(codes_resolve_inside_their_batch_only),
		cmocka_unit_test(exports_stream_exactly_the_range),
		cmocka_unit_test(api_keys_work_until_revoked),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	it_done();
	return rc;
}
