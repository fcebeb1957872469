/* test_core_db.c: migrations, reconnection, SQLSTATE mapping and
 * transactions against the real PostgreSQL. */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/migrate.h"
#include "support.h"

static char dir[64];
static char schema[32];

static void write_file(const char *name, const char *text)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static long long scalar(const char *sql)
{
	PGresult *r = PQexec(bt_db_conn(it_db()), sql);
	assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
	long long v = bt_db_int(r, 0, 0);
	PQclear(r);
	return v;
}

static void empty_dir(void)
{
	DIR *d = opendir(dir);
	if (d == NULL)
		return;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		char path[512];
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		unlink(path);
	}
	closedir(d);
}

/* Each test works in a scratch schema so the real tables stay untouched. */
static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/bt-migrations-%d", (int)getpid());
	snprintf(schema, sizeof(schema), "scratch_%u",
		 (unsigned)getpid() % 1000000u);
	char sql[256];
	snprintf(sql, sizeof(sql),
		 "DROP SCHEMA IF EXISTS %s CASCADE; CREATE SCHEMA %s; SET "
		 "search_path TO %s",
		 schema, schema, schema);
	if (bt_db_exec_script(it_db(), sql) != BT_OK)
		return -1;
	empty_dir();
	return mkdir(dir, 0700) == 0 || errno == EEXIST ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char sql[128];
	snprintf(sql, sizeof(sql), "DROP SCHEMA %s CASCADE; RESET search_path",
		 schema);
	bt_db_exec_script(it_db(), sql);
	empty_dir();
	return rmdir(dir);
}

static void migrations_apply_once_in_order(void **state)
{
	(void)state;
	write_file("0002_more.sql", "INSERT INTO t VALUES (2);");
	write_file("0001_first.sql", "CREATE TABLE t (v int); INSERT INTO t "
				     "VALUES (1);");
	unsigned applied = 0;
	assert_int_equal(bt_migrate(it_db(), dir, NULL, &applied), BT_OK);
	assert_int_equal(applied, 2);
	assert_int_equal(scalar("SELECT count(*) FROM t"), 2);
	assert_int_equal(bt_migrate(it_db(), dir, NULL, &applied), BT_OK);
	assert_int_equal(applied, 0);
	assert_int_equal(scalar("SELECT count(*) FROM schema_migration"), 2);
}

static void a_changed_migration_is_refused_before_new_ones_run(void **state)
{
	(void)state;
	write_file("0001_first.sql", "CREATE TABLE t (v int);");
	unsigned applied = 0;
	assert_int_equal(bt_migrate(it_db(), dir, NULL, &applied), BT_OK);
	write_file("0001_first.sql", "CREATE TABLE t (v bigint);");
	write_file("0002_next.sql", "CREATE TABLE u (v int);");
	assert_int_equal(bt_migrate(it_db(), dir, NULL, &applied),
			 BT_ECONFLICT);
	assert_int_equal(applied, 0);
	assert_int_equal(scalar("SELECT count(*) FROM pg_tables WHERE "
				"tablename = 'u' AND schemaname LIKE "
				"'scratch%'"),
			 0);
}

static void a_failing_migration_leaves_nothing(void **state)
{
	(void)state;
	write_file("0001_bad.sql", "CREATE TABLE half (v int); SELEC 1;");
	unsigned applied = 0;
	assert_int_not_equal(bt_migrate(it_db(), dir, NULL, &applied), BT_OK);
	assert_int_equal(scalar("SELECT count(*) FROM pg_tables WHERE "
				"tablename = 'half'"),
			 0);
	assert_int_equal(scalar("SELECT count(*) FROM schema_migration"), 0);
}

static void a_failed_statement_says_why(void **state)
{
	(void)state;
	assert_int_equal(bt_db_exec_script(it_db(), "SELEC 1"), BT_EDB);
	assert_non_null(strstr(bt_db_last_error(it_db()), "syntax error"));
	assert_null(strchr(bt_db_last_error(it_db()), '\n'));
	assert_string_equal(bt_db_last_sqlstate(it_db()), "42601");
	assert_int_equal(bt_db_exec_script(it_db(), "SELECT 1"), BT_OK);
	assert_string_equal(bt_db_last_error(it_db()), "");
}

static void badly_named_files_are_refused(void **state)
{
	(void)state;
	write_file("1_first.sql", "SELECT 1;");
	unsigned applied = 0;
	assert_int_equal(bt_migrate(it_db(), dir, NULL, &applied), BT_EINVAL);
}

static const struct bt_stmt st_pid = {"test.pid", "SELECT pg_backend_pid()"};

static void reconnects_after_the_connection_is_dropped(void **state)
{
	(void)state;
	struct bt_db *db = NULL;
	assert_int_equal(bt_db_open(getenv("BONDTRACE_DATABASE_URL"), 0, &db),
			 BT_OK);
	PGresult *r = NULL;
	assert_int_equal(bt_db_query_take(db, &st_pid, 0, NULL, &r), BT_OK);
	char sql[128];
	snprintf(sql, sizeof(sql), "SELECT pg_terminate_backend(%s)",
		 bt_db_text(r, 0, 0));
	long long before = bt_db_int(r, 0, 0);
	PQclear(r);
	it_admin_sql(sql);
	usleep(100000);
	/* The prepared statement must be prepared again on the new session. */
	assert_int_equal(bt_db_query_take(db, &st_pid, 0, NULL, &r), BT_OK);
	assert_true(bt_db_int(r, 0, 0) != before);
	PQclear(r);
	bt_db_free(db);
}

static const struct bt_stmt st_ins = {"test.ins", "INSERT INTO k VALUES ($1)"};

static void unique_violations_are_conflicts_and_rollback_undoes(void **state)
{
	(void)state;
	assert_int_equal(bt_db_exec_script(it_db(), "CREATE TABLE k (v int "
						    "PRIMARY KEY)"),
			 BT_OK);
	const char *one[] = {"1"}, *two[] = {"2"};
	assert_int_equal(bt_db_run(it_db(), &st_ins, 1, one, NULL), BT_OK);
	assert_int_equal(bt_db_run(it_db(), &st_ins, 1, one, NULL),
			 BT_ECONFLICT);
	assert_string_equal(bt_db_last_sqlstate(it_db()), "23505");
	assert_int_equal(bt_db_begin(it_db()), BT_OK);
	assert_int_equal(bt_db_run(it_db(), &st_ins, 1, two, NULL), BT_OK);
	bt_db_rollback(it_db());
	assert_int_equal(scalar("SELECT count(*) FROM k"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(migrations_apply_once_in_order,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			a_changed_migration_is_refused_before_new_ones_run,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			a_failing_migration_leaves_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(badly_named_files_are_refused,
						setup, teardown),
		cmocka_unit_test(a_failed_statement_says_why),
		cmocka_unit_test(reconnects_after_the_connection_is_dropped),
		cmocka_unit_test_setup_teardown(
			unique_violations_are_conflicts_and_rollback_undoes,
			setup, teardown),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	it_done();
	return rc;
}
