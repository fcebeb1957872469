/* test_trace_ceb.c: parsing and checking CEB311/CEB621 messages, valid,
 * broken and hostile. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "core/buf.h"
#include "trace/customs/ceb.h"

static bool known(const char *table, const char *code)
{
	static const char *const countries[] = {"601", "609", "304", "142",
						NULL};
	static const char *const currencies[] = {"142", "502", NULL};
	static const char *const units[] = {"122", "035", "011", "007", NULL};
	const char *const *list = strcmp(table, "country") == 0	   ? countries
				  : strcmp(table, "currency") == 0 ? currencies
								   : units;
	for (; *list; list++)
		if (strcmp(*list, code) == 0)
			return true;
	return false;
}

static void load(const char *name, struct bt_buf *b)
{
	const char *dir = getenv("BT_TEST_DATA");
	char path[512];
	snprintf(path, sizeof(path), "%s/ceb/%s", dir ? dir : "tests/data",
		 name);
	assert_int_equal(bt_read_file(path, 4u << 20, b), BT_OK);
}

static enum bt_err parse(const char *name, struct ceb_message *m,
			 struct ceb_error *e)
{
	struct bt_buf b = BT_BUF_INIT;
	load(name, &b);
	enum bt_err err = ceb_parse(b.data, b.len, known, m, e);
	bt_buf_free(&b);
	return err;
}

static void an_inventory_list_parses(void **state)
{
	(void)state;
	struct ceb_message m;
	struct ceb_error e;
	assert_int_equal(parse("inventory_ok.xml", &m, &e), BT_OK);
	assert_int_equal(m.kind, CEB_INVENTORY);
	assert_string_equal(m.guid, "4cde1cfd-eded-46b1-946c-b8022e42fc94");
	assert_int_equal(m.nrecords, 1);
	const struct ceb_record *r = &m.records[0];
	assert_string_equal(ceb_get(&r->head, "invtNo"), "31052026I000123456");
	assert_string_equal(ceb_get(&r->head, "tradeMode"), "1210");
	assert_null(ceb_get(&r->head, "preNo")); /* empty means absent */
	assert_int_equal(r->nitems, 3);
	assert_string_equal(ceb_get(&r->items[1], "gcode"), "0409000000");
	assert_string_equal(ceb_get(&r->items[2], "barCode"), "4260123450014");
	ceb_message_free(&m);
}

static void an_order_parses_and_its_totals_add_up(void **state)
{
	(void)state;
	struct ceb_message m;
	struct ceb_error e;
	assert_int_equal(parse("order_ok.xml", &m, &e), BT_OK);
	assert_int_equal(m.kind, CEB_ORDER);
	assert_int_equal(m.records[0].nitems, 2);
	assert_string_equal(ceb_get(&m.records[0].head, "acturalPaid"),
			    "780.59");
	ceb_message_free(&m);
}

static void broken_messages_name_the_element_and_the_rule(void **state)
{
	(void)state;
	static const struct {
		const char *file, *path, *rule;
	} cases[] = {
		{"bad_hs_code.xml", "InventoryList[2]/gcode", "10-digit HS"},
		{"bad_qty_zero.xml", "InventoryList[3]/qty", "greater than 0"},
		{"bad_total.xml", "InventoryList[2]/totalPrice", "qty x price"},
		{"bad_currency.xml", "InventoryHead/currency",
		 "currency table [999]"},
		{"bad_missing_copno.xml", "InventoryHead/copNo", "required"},
		{"bad_date.xml", "InventoryHead/ieDate", "YYYYMMDD"},
		{"bad_weights.xml", "InventoryHead/netWeight", "grossWeight"},
		{"bad_namespace.xml", "/CEB621Message", "namespace"},
		{"bad_not_well_formed.xml", "/", "not well formed"},
		{"bad_order_sum.xml", "OrderHead/goodsValue", "sum"},
		{"bad_order_paid.xml", "OrderHead/acturalPaid", "freight"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ceb_message m;
		struct ceb_error e;
		enum bt_err err = parse(cases[i].file, &m, &e);
		if (err != BT_EINVAL || !strstr(e.path, cases[i].path) ||
		    !strstr(e.rule, cases[i].rule))
			fail_msg("%s: got %d, path '%s', rule '%s'",
				 cases[i].file, err, e.path, e.rule);
		assert_int_equal(m.nrecords, 0); /* nothing kept */
	}
}

static void hostile_xml_is_refused_quickly(void **state)
{
	(void)state;
	const char *files[] = {"hostile_entities.xml",
			       "hostile_external_dtd.xml", "hostile_xxe.xml",
			       "hostile_deep.xml", "hostile_huge_text.xml"};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		struct ceb_message m;
		struct ceb_error e;
		enum bt_err err = parse(files[i], &m, &e);
		assert_true(err == BT_EINVAL || err == BT_ETOOBIG);
		assert_true(strlen(e.rule) > 10);
	}
	/* Over the size limit: refused before parsing. */
	size_t n = CEB_MAX_BYTES + 1;
	char *big = malloc(n);
	assert_non_null(big);
	memset(big, ' ', n);
	struct ceb_message m;
	struct ceb_error e;
	assert_int_equal(ceb_parse(big, n, known, &m, &e), BT_ETOOBIG);
	free(big);
}

/* Too many elements is "too big" (413 over HTTP), with a reason, not an
 * allocation failure. */
static void a_message_with_too_many_elements_is_too_big(void **state)
{
	(void)state;
	/* in a record's head, and in its lines (comments are nodes too) */
	const char *const opens[] = {"<ceb:Order><ceb:OrderHead>",
				     "<ceb:Order><ceb:OrderList>"};
	const char *const closes[] = {"</ceb:OrderHead></ceb:Order>",
				      "</ceb:OrderList></ceb:Order>"};
	for (int k = 0; k < 2; k++) {
		struct bt_buf b = BT_BUF_INIT;
		bt_buf_puts(&b,
			    "<ceb:CEB311Message guid=\"g\" version=\"1.0\" "
			    "xmlns:ceb=\"http://www.chinaport.gov.cn/ceb\">");
		bt_buf_puts(&b, opens[k]);
		for (int i = 0; i < 30000; i++)
			bt_buf_puts(&b, "<!--c-->");
		bt_buf_puts(&b, closes[k]);
		bt_buf_puts(&b, "</ceb:CEB311Message>");
		struct ceb_message m;
		struct ceb_error e;
		assert_int_equal(ceb_parse(b.data, b.len, known, &m, &e),
				 BT_ETOOBIG);
		assert_non_null(strstr(e.rule, "too many elements"));
		assert_int_equal(m.nrecords, 0);
		bt_buf_free(&b);
	}
}

static void decimals_convert_exactly(void **state)
{
	(void)state;
	long long v;
	assert_true(ceb_decimal("199.5", 2, &v));
	assert_int_equal(v, 19950);
	assert_true(ceb_decimal("0", 2, &v));
	assert_int_equal(v, 0);
	assert_true(ceb_decimal("12.3456", 4, &v));
	assert_int_equal(v, 123456);
	assert_false(ceb_decimal("12.345", 2, &v));
	assert_false(ceb_decimal("-1", 2, &v));
	assert_false(ceb_decimal("1.", 2, &v));
	assert_false(ceb_decimal(".5", 2, &v));
	assert_false(ceb_decimal("1e3", 2, &v));
	assert_false(ceb_decimal("", 2, &v));
	assert_true(ceb_is_personal("buyerIdNumber"));
	assert_false(ceb_is_personal("gcode"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(an_inventory_list_parses),
		cmocka_unit_test(an_order_parses_and_its_totals_add_up),
		cmocka_unit_test(broken_messages_name_the_element_and_the_rule),
		cmocka_unit_test(hostile_xml_is_refused_quickly),
		cmocka_unit_test(a_message_with_too_many_elements_is_too_big),
		cmocka_unit_test(decimals_convert_exactly),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
