/* test_core_keys.c: the key file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/crypto.h"
#include "core/keys.h"

static char path[64];

static int setup(void **state)
{
	(void)state;
	snprintf(path, sizeof(path), "/tmp/bt-keys-test-%d.keys",
		 (int)getpid());
	unlink(path);
	return bt_crypto_init() == BT_OK ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	unlink(path);
	return 0;
}

static void init_makes_an_owner_only_file_and_never_overwrites(void **state)
{
	(void)state;
	assert_int_equal(bt_keys_init(path), BT_OK);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(bt_keys_init(path), BT_ECONFLICT);
	struct bt_keys *k = NULL;
	assert_int_equal(bt_keys_load(path, &k), BT_OK);
	assert_int_equal(bt_keys_serial_current(k), 1);
	assert_non_null(bt_keys_serial(k, 1));
	assert_null(bt_keys_serial(k, 2));
	assert_null(bt_keys_serial(k, 0));
	bt_keys_free(k);
}

static void rotation_adds_versions_and_keeps_old_ones(void **state)
{
	(void)state;
	struct bt_keys *before = NULL, *after = NULL;
	assert_int_equal(bt_keys_load(path, &before), BT_OK);
	unsigned v = 0;
	assert_int_equal(bt_keys_rotate(path, &v), BT_OK);
	assert_int_equal(v, 2);
	assert_int_equal(bt_keys_load(path, &after), BT_OK);
	assert_int_equal(bt_keys_serial_current(after), 2);
	assert_memory_equal(bt_keys_serial(before, 1), bt_keys_serial(after, 1),
			    BT_KEYS_SERIAL_LEN);
	assert_memory_not_equal(bt_keys_serial(after, 1),
				bt_keys_serial(after, 2), BT_KEYS_SERIAL_LEN);
	bt_keys_free(before);
	bt_keys_free(after);
}

static void a_damaged_file_is_refused(void **state)
{
	(void)state;
	FILE *f = fopen(path, "a");
	assert_non_null(f);
	fputs("serial 3 nothex\n", f);
	fclose(f);
	struct bt_keys *k = NULL;
	assert_int_equal(bt_keys_load(path, &k), BT_EINVAL);
	assert_null(k);
	assert_int_equal(bt_keys_load("/nonexistent/keys", &k), BT_ENOTFOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			init_makes_an_owner_only_file_and_never_overwrites),
		cmocka_unit_test(rotation_adds_versions_and_keeps_old_ones),
		cmocka_unit_test(a_damaged_file_is_refused),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
