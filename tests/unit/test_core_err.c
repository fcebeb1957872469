/* test_core_err.c: every error has a message, a code and a status. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/db.h"
#include "core/err.h"

static void every_error_is_described(void **state)
{
	(void)state;
	for (int e = BT_OK; e <= BT_EINTERNAL; e++) {
		assert_true(strlen(bt_strerror((enum bt_err)e)) > 3);
		assert_true(strcmp(bt_err_code((enum bt_err)e), "unknown") !=
			    0);
		unsigned s = bt_err_http_status((enum bt_err)e);
		assert_true(e == BT_OK ? s == 200 : s >= 400 && s < 600);
		assert_true((bt_err_exit_code((enum bt_err)e) == 0) ==
			    (e == BT_OK));
	}
}

static void statuses_match_their_meaning(void **state)
{
	(void)state;
	assert_int_equal(bt_err_http_status(BT_EINVAL), 400);
	assert_int_equal(bt_err_http_status(BT_EAUTH), 401);
	assert_int_equal(bt_err_http_status(BT_EFORBIDDEN), 403);
	assert_int_equal(bt_err_http_status(BT_ENOTFOUND), 404);
	assert_int_equal(bt_err_http_status(BT_ECONFLICT), 409);
	assert_int_equal(bt_err_http_status(BT_ETOOBIG), 413);
	assert_int_equal(bt_err_http_status(BT_EUNAVAIL), 503);
}

static void sqlstates_map_to_errors(void **state)
{
	(void)state;
	assert_int_equal(bt_db_sqlstate_err("23505"), BT_ECONFLICT);
	assert_int_equal(bt_db_sqlstate_err("23503"), BT_EINVAL);
	assert_int_equal(bt_db_sqlstate_err("23514"), BT_EINVAL);
	assert_int_equal(bt_db_sqlstate_err("22P02"), BT_EINVAL);
	assert_int_equal(bt_db_sqlstate_err("40001"), BT_EUNAVAIL);
	assert_int_equal(bt_db_sqlstate_err("57014"), BT_EUNAVAIL);
	assert_int_equal(bt_db_sqlstate_err("08006"), BT_EUNAVAIL);
	assert_int_equal(bt_db_sqlstate_err("42P01"), BT_EDB);
	assert_int_equal(bt_db_sqlstate_err(NULL), BT_EDB);
	assert_int_equal(bt_db_sqlstate_err("235"), BT_EDB);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_error_is_described),
		cmocka_unit_test(statuses_match_their_meaning),
		cmocka_unit_test(sqlstates_map_to_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
