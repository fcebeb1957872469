/* test_trace_customs.c: the customs code tables and receiving CEB
 * messages (store, resend, refuse, receipts) against the real PostgreSQL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/buf.h"
#include "disclosure/enterprise.h"
#include "support.h"
#include "trace/customs/customs_codes.h"
#include "trace/customs/declaration.h"
#include "trace/customs/receipt.h"

static long long scalar(const char *sql)
{
	PGresult *r = PQexec(bt_db_conn(it_db()), sql);
	assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
	long long v = bt_db_int(r, 0, 0);
	PQclear(r);
	return v;
}

/* A sample message from tests/data/ceb with every guid and the order
 * number made unique to this run (the caller frees). */
static char *sample(const char *name, const char *tag)
{
	const char *dir = getenv("BT_TEST_DATA");
	char path[512];
	snprintf(path, sizeof(path), "%s/ceb/%s", dir ? dir : "tests/data",
		 name);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	struct bt_buf in = BT_BUF_INIT, out = BT_BUF_INIT;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		assert_int_equal(bt_buf_append(&in, chunk, n), BT_OK);
	fclose(f);
	/* guids are 36 characters; keep the length, change the first 12 */
	for (const char *p = in.data ? in.data : ""; *p;) {
		const char *g = strstr(p, "guid");
		if (g == NULL) {
			bt_buf_puts(&out, p);
			break;
		}
		const char *v = g + 4;
		while (*v == '"' || *v == '=' || *v == '>')
			v++;
		bt_buf_append(&out, p, (size_t)(v - p));
		if (strlen(v) > 12 && v[8] == '-') {
			bt_buf_printf(&out, "%s%04x", tag,
				      (unsigned)(rand() & 0xffff));
			v += 12;
		}
		p = v;
	}
	bt_buf_free(&in);
	char *text = bt_buf_steal(&out);
	char *order = strstr(text, "GS2026112000");
	while (order) {
		memcpy(order + 2, tag, 8);
		order = strstr(order + 1, "GS2026112000");
	}
	return text;
}

static void customs_codes_are_found_whatever_the_database_sorts(void **state)
{
	(void)state;
	assert_int_equal(trace_customs_codes_load(it_db()), BT_OK);
	PGresult *r = PQexec(bt_db_conn(it_db()),
			     "SELECT tbl, code FROM customs_code ORDER BY "
			     "code DESC, tbl DESC");
	assert_true(PQntuples(r) > 40);
	for (int i = 0; i < PQntuples(r); i++)
		assert_true(trace_customs_code_known(PQgetvalue(r, i, 0),
						     PQgetvalue(r, i, 1)));
	PQclear(r);
	assert_false(trace_customs_code_known("country", "999"));
	assert_false(trace_customs_code_known("planet", "142"));
	it_admin_sql("INSERT INTO customs_code VALUES ('unit', '998', "
		     "'测试单位', 'test unit') ON CONFLICT DO NOTHING");
	assert_false(trace_customs_code_known("unit", "998"));
	assert_int_equal(trace_customs_codes_reload(it_db()), BT_OK);
	assert_true(trace_customs_code_known("unit", "998"));
	it_admin_sql("DELETE FROM customs_code WHERE tbl = 'unit' AND code = "
		     "'998'");
	assert_int_equal(trace_customs_codes_reload(it_db()), BT_OK);
	assert_false(trace_customs_code_known("unit", "998"));
}

static void a_message_is_stored_once_and_answered_the_same(void **state)
{
	(void)state;
	it_keys();
	struct disc_enterprise ent;
	assert_int_equal(disc_enterprise_find(it_db(), "3302460011", &ent),
			 BT_OK);
	char tag[9];
	snprintf(tag, sizeof(tag), "%08x", (unsigned)rand());
	char *xml = sample("order_ok.xml", tag);
	struct trace_declare_result first = {0}, again = {0};
	assert_int_equal(trace_declare(it_db(), &ent, xml, strlen(xml), &first),
			 BT_OK);
	assert_true(first.accepted);
	assert_false(first.resent);
	assert_string_equal(
		json_string_value(json_object_get(first.receipt, "status")),
		"accepted");
	assert_int_equal(trace_declare(it_db(), &ent, xml, strlen(xml), &again),
			 BT_OK);
	assert_true(again.accepted);
	assert_true(again.resent);
	assert_true(json_equal(first.receipt, again.receipt));
	char sql[256];
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM declaration WHERE order_no = 'GS%s"
		 "000123' AND buyer_id_hash IS NOT NULL AND head::text NOT "
		 "LIKE '%%王小明%%' AND head::text NOT LIKE '%%13800138000%%'",
		 tag);
	assert_int_equal(scalar(sql), 1);
	struct bt_buf out = BT_BUF_INIT;
	assert_int_equal(trace_receipt_xml(first.receipt, &out), BT_OK);
	assert_non_null(strstr(out.data, "<ceb:CEB312Message"));
	assert_non_null(strstr(out.data, "<ceb:returnStatus>120<"));
	bt_buf_free(&out);
	trace_declare_result_free(&first);
	trace_declare_result_free(&again);
	free(xml);
}

static void a_refused_message_stores_only_why(void **state)
{
	(void)state;
	it_keys();
	struct disc_enterprise ent;
	assert_int_equal(disc_enterprise_find(it_db(), "3302460011", &ent),
			 BT_OK);
	char tag[9];
	snprintf(tag, sizeof(tag), "%08x", (unsigned)rand());
	char *xml = sample("bad_currency.xml", tag);
	long long before = scalar("SELECT count(*) FROM declaration");
	struct trace_declare_result r = {0};
	assert_int_equal(trace_declare(it_db(), &ent, xml, strlen(xml), &r),
			 BT_OK);
	assert_false(r.accepted);
	assert_non_null(strstr(r.error.path, "currency"));
	assert_int_equal(scalar("SELECT count(*) FROM declaration"), before);
	struct bt_buf out = BT_BUF_INIT;
	assert_int_equal(trace_receipt_xml(r.receipt, &out), BT_OK);
	assert_non_null(strstr(out.data, "<ceb:CEB622Message"));
	assert_non_null(strstr(out.data, "<ceb:returnStatus>100<"));
	bt_buf_free(&out);
	trace_declare_result_free(&r);
	free(xml);
}

int main(void)
{
	srand((unsigned)time(NULL) ^ (unsigned)getpid());
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			customs_codes_are_found_whatever_the_database_sorts),
		cmocka_unit_test(
			a_message_is_stored_once_and_answered_the_same),
		cmocka_unit_test(a_refused_message_stores_only_why),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	trace_customs_codes_free();
	it_done();
	return rc;
}
