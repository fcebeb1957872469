/* support.c: integration test helpers. */
#include "support.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/crypto.h"
#include "disclosure/enterprise.h"
#include "trace/code/batch.h"
#include "trace/code/product.h"

static struct bt_db *db;
static struct bt_keys *keys;

struct bt_db *it_db(void)
{
	if (db == NULL) {
		assert_int_equal(bt_crypto_init(), BT_OK);
		const char *url = getenv("BONDTRACE_DATABASE_URL");
		assert_non_null(url);
		assert_int_equal(bt_db_open(url, 0, &db), BT_OK);
	}
	return db;
}

const struct bt_keys *it_keys(void)
{
	if (keys == NULL) {
		assert_int_equal(bt_crypto_init(), BT_OK);
		const char *path = getenv("BONDTRACE_KEY_FILE");
		assert_non_null(path);
		assert_int_equal(bt_keys_load(path, &keys), BT_OK);
		trace_init(keys, "https://id.test.example");
	}
	return keys;
}

static uint32_t random_below(uint32_t n)
{
	uint32_t r;
	bt_random_bytes(&r, sizeof(r));
	return r % n;
}

void it_uscc(char out[19])
{
	static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	memcpy(out, "91330201", 8);
	for (int i = 8; i < 17; i++)
		out[i] = alphabet[random_below(31)];
	out[17] = disc_uscc_check_char(out);
	out[18] = '\0';
}

void it_customs_code(char out[11])
{
	static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
	memcpy(out, "3302", 4);
	for (int i = 4; i < 10; i++)
		out[i] = alphabet[random_below(34)];
	out[10] = '\0';
}

void it_gtin(char out[15])
{
	out[0] = '0';
	out[1] = '6'; /* a GS1 prefix no demo product uses */
	out[2] = '9';
	for (int i = 3; i < 13; i++)
		out[i] = (char)('0' + random_below(10));
	out[13] = (char)('0' + trace_gtin_check_digit(out, 13));
	out[14] = '\0';
}

long long it_enterprise(void)
{
	struct disc_enterprise e;
	memset(&e, 0, sizeof(e));
	it_uscc(e.uscc);
	it_customs_code(e.customs_code);
	snprintf(e.name_zh, sizeof(e.name_zh), "测试企业 %s", e.uscc);
	snprintf(e.name_en, sizeof(e.name_en), "Test Enterprise %s", e.uscc);
	long long id = 0;
	const char *reason = NULL;
	assert_int_equal(disc_enterprise_add(it_db(), &e, &id, &reason), BT_OK);
	return id;
}

void it_product(long long enterprise_id, char gtin[15])
{
	struct trace_product p;
	memset(&p, 0, sizeof(p));
	p.enterprise_id = enterprise_id;
	it_gtin(p.gtin);
	snprintf(p.name_zh, sizeof(p.name_zh), "测试商品 %s", p.gtin);
	snprintf(p.name_en, sizeof(p.name_en), "Test product %s", p.gtin);
	snprintf(p.brand, sizeof(p.brand), "Testbrand");
	memcpy(p.origin_country, "AU", 3);
	long long id = 0;
	const char *reason = NULL;
	assert_int_equal(trace_product_add(it_db(), &p, &id, &reason), BT_OK);
	memcpy(gtin, p.gtin, 15);
}

void it_admin_sql(const char *sql)
{
	struct bt_db *admin = NULL;
	assert_int_equal(
		bt_db_open(getenv("BONDTRACE_DATABASE_URL"), 0, &admin), BT_OK);
	assert_int_equal(bt_db_exec_script(admin, sql), BT_OK);
	bt_db_free(admin);
}

void it_done(void)
{
	bt_db_free(db);
	db = NULL;
	bt_keys_free(keys);
	keys = NULL;
}
