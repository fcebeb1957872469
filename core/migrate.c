/* migrate.c: the migration runner. */
#include "migrate.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "crypto.h"
#include "log.h"

/* The advisory lock that lets one migrator run at a time. */
#define MIGRATE_LOCK "7260013"

#define MAX_MIGRATIONS 1000
#define MAX_FILE_BYTES (16u << 20)

struct migration {
	unsigned version;
	char name[256];
};

static const struct bt_stmt st_recorded = {
	"migrate.recorded",
	"SELECT checksum FROM schema_migration WHERE version = $1"};
static const struct bt_stmt st_record = {
	"migrate.record", "INSERT INTO schema_migration (version, name, "
			  "checksum) VALUES ($1, $2, $3)"};

static int by_version(const void *a, const void *b)
{
	const struct migration *x = a, *y = b;
	return (x->version > y->version) - (x->version < y->version);
}

/* Lists NNNN_*.sql files of dir sorted by number; refuses duplicates. */
static enum bt_err list_migrations(const char *dir, struct migration **out,
				   size_t *count)
{
	DIR *d = opendir(dir);
	if (d == NULL) {
		fprintf(stderr,
			"bondtrace: cannot open migrations folder %s: %s\n",
			dir, strerror(errno));
		return BT_EIO;
	}
	struct migration *list = calloc(MAX_MIGRATIONS, sizeof(*list));
	size_t n = 0;
	enum bt_err err = list ? BT_OK : BT_ENOMEM;
	struct dirent *e;
	while (err == BT_OK && (e = readdir(d)) != NULL) {
		const char *nm = e->d_name;
		size_t len = strlen(nm);
		if (len < 9 || strcmp(nm + len - 4, ".sql") != 0)
			continue;
		if (!isdigit((unsigned char)nm[0]) ||
		    !isdigit((unsigned char)nm[1]) ||
		    !isdigit((unsigned char)nm[2]) ||
		    !isdigit((unsigned char)nm[3]) || nm[4] != '_' ||
		    len >= sizeof(list[0].name)) {
			fprintf(stderr,
				"bondtrace: %s/%s is not named NNNN_name.sql\n",
				dir, nm);
			err = BT_EINVAL;
			break;
		}
		if (n == MAX_MIGRATIONS) {
			err = BT_ETOOBIG;
			break;
		}
		list[n].version =
			(unsigned)((nm[0] - '0') * 1000 + (nm[1] - '0') * 100 +
				   (nm[2] - '0') * 10 + (nm[3] - '0'));
		bt_strlcpy(list[n].name, nm, sizeof(list[n].name));
		n++;
	}
	closedir(d);
	if (err == BT_OK) {
		qsort(list, n, sizeof(*list), by_version);
		for (size_t i = 1; i < n; i++) {
			if (list[i].version == list[i - 1].version) {
				fprintf(stderr,
					"bondtrace: migrations %s and %s share "
					"a number\n",
					list[i - 1].name, list[i].name);
				err = BT_EINVAL;
			}
		}
	}
	if (err != BT_OK) {
		free(list);
		return err;
	}
	*out = list;
	*count = n;
	return BT_OK;
}

static enum bt_err read_file(const char *path, struct bt_buf *b)
{
	enum bt_err err = bt_read_file(path, MAX_FILE_BYTES, b);
	if (err != BT_OK)
		fprintf(stderr, "bondtrace: cannot read %s: %s\n", path,
			bt_strerror(err));
	return err;
}

/* Returns BT_OK with *done telling whether m is recorded; BT_ECONFLICT if it
 * is recorded with another checksum. */
static enum bt_err check_recorded(struct bt_db *db, const struct migration *m,
				  const char *sum, bool *done)
{
	char v[16];
	snprintf(v, sizeof(v), "%u", m->version);
	const char *params[] = {v};
	PGresult *r = NULL;
	enum bt_err err = bt_db_query_take(db, &st_recorded, 1, params, &r);
	if (err != BT_OK)
		return err;
	*done = PQntuples(r) == 1;
	if (*done && strcmp(bt_db_text(r, 0, 0), sum) != 0) {
		fprintf(stderr,
			"bondtrace: migration %s was changed after it was "
			"applied (recorded checksum %.12s, file now %.12s); "
			"restore it and put the change in a new migration\n",
			m->name, bt_db_text(r, 0, 0), sum);
		err = BT_ECONFLICT;
	}
	PQclear(r);
	return err;
}

static enum bt_err apply(struct bt_db *db, const struct migration *m,
			 const char *sql, const char *sum)
{
	char v[16];
	snprintf(v, sizeof(v), "%u", m->version);
	const char *params[] = {v, m->name, sum};
	enum bt_err err = bt_db_begin(db);
	if (err == BT_OK)
		err = bt_db_exec_script(db, sql);
	if (err == BT_OK)
		err = bt_db_run(db, &st_record, 3, params, NULL);
	if (err == BT_OK)
		err = bt_db_commit(db);
	if (err != BT_OK) {
		fprintf(stderr, "bondtrace: migration %s failed (%s): %s\n",
			m->name, bt_strerror(err), bt_db_last_error(db));
		bt_db_rollback(db);
	}
	return err;
}

enum bt_err bt_migrate(struct bt_db *db, const char *dir, FILE *out,
		       unsigned *applied)
{
	*applied = 0;
	enum bt_err err = bt_db_exec_script(
		db, "CREATE TABLE IF NOT EXISTS schema_migration ("
		    " version integer PRIMARY KEY,"
		    " name text NOT NULL,"
		    " checksum text NOT NULL,"
		    " applied_at timestamptz NOT NULL DEFAULT now());"
		    "SELECT pg_advisory_lock(" MIGRATE_LOCK ")");
	if (err != BT_OK) {
		fprintf(stderr, "bondtrace: cannot prepare migrations: %s\n",
			bt_db_last_error(db));
		return err;
	}
	struct migration *list = NULL;
	size_t n = 0;
	err = list_migrations(dir, &list, &n);
	struct bt_buf *files = NULL;
	char(*sums)[BT_HASH_HEX_LEN] = NULL;
	bool *done = NULL;
	if (err == BT_OK) {
		files = calloc(n + 1, sizeof(*files));
		sums = calloc(n + 1, sizeof(*sums));
		done = calloc(n + 1, sizeof(*done));
		if (!files || !sums || !done)
			err = BT_ENOMEM;
	}
	/* Check every recorded file first, so a changed old migration stops
	 * the run before anything new is applied. */
	for (size_t i = 0; err == BT_OK && i < n; i++) {
		char path[1024];
		err = bt_path_join(path, sizeof(path), dir, list[i].name)
			      ? read_file(path, &files[i])
			      : BT_ETOOBIG;
		if (err == BT_OK) {
			bt_sha256_hex(files[i].data, files[i].len, sums[i]);
			err = check_recorded(db, &list[i], sums[i], &done[i]);
		}
	}
	for (size_t i = 0; err == BT_OK && i < n; i++) {
		if (done[i])
			continue;
		err = apply(db, &list[i], files[i].data, sums[i]);
		if (err == BT_OK) {
			++*applied;
			if (out)
				fprintf(out, "applied %s\n", list[i].name);
		}
	}
	for (size_t i = 0; files && i < n; i++)
		bt_buf_free(&files[i]);
	free(files);
	free(sums);
	free(done);
	free(list);
	bt_db_exec_script(db, "SELECT pg_advisory_unlock(" MIGRATE_LOCK ")");
	return err;
}
