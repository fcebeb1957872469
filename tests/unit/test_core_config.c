/* test_core_config.c: the configuration table: defaults, environment and
 * flags. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/config.h"

static void settings_come_from_defaults_env_and_flags(void **state)
{
	(void)state;
	setenv("BONDTRACE_LISTEN", "127.0.0.1:9999", 1);
	setenv("BONDTRACE_THREADS", "3", 1);
	struct bt_config cfg;
	assert_int_equal(bt_config_load(&cfg), BT_OK);
	assert_string_equal(cfg.listen, "127.0.0.1:9999");
	assert_int_equal(cfg.threads, 3);
	assert_int_equal(cfg.max_body, 1048576);
	char *argv[] = {"--listen", "0.0.0.0:1", "--threads=5", "other"};
	int i = 0;
	bool used;
	assert_int_equal(bt_config_flag(&cfg, 4, argv, &i, &used), BT_OK);
	assert_true(used);
	assert_int_equal(i, 2);
	assert_int_equal(bt_config_flag(&cfg, 4, argv, &i, &used), BT_OK);
	assert_true(used);
	assert_int_equal(cfg.threads, 5);
	assert_int_equal(bt_config_flag(&cfg, 4, argv, &i, &used), BT_OK);
	assert_false(used);
	assert_string_equal(cfg.listen, "0.0.0.0:1");
	bt_config_free(&cfg);

	setenv("BONDTRACE_THREADS", "many", 1);
	assert_int_equal(bt_config_load(&cfg), BT_EINVAL);
	unsetenv("BONDTRACE_THREADS");
	unsetenv("BONDTRACE_LISTEN");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(settings_come_from_defaults_env_and_flags),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
