/* customs_codes.c: the customs code tables (countries, currencies, units)
 * that CEB messages and provenance records are checked against, kept in
 * memory and reloaded when they are older than TRACE_CUSTOMS_CODES_TTL_S. */
#include "customs_codes.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum {
	ST_CODES,
};

static const struct bt_stmt stmts[] = {
	[ST_CODES] = {"trace.customs_codes",
		      "SELECT tbl || ':' || code FROM customs_code"},
};

/* "table:code" strings sorted by strcmp (not by the database's collation,
 * which need not agree with C's); readers hold the lock shared while they
 * search, a reload swaps the table under it exclusively. */
static pthread_rwlock_t lock = PTHREAD_RWLOCK_INITIALIZER;
static char **codes;
static size_t ncodes;
static time_t loaded_at;

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_list(char **list, size_t n)
{
	for (size_t i = 0; list && i < n; i++)
		free(list[i]);
	free(list);
}

enum bt_err trace_customs_codes_reload(struct bt_db *db)
{
	PGresult *r = NULL;
	enum bt_err err = bt_db_query_take(db, &stmts[ST_CODES], 0, NULL, &r);
	if (err != BT_OK)
		return err;
	size_t n = (size_t)PQntuples(r);
	char **list = calloc(n ? n : 1, sizeof(*list));
	for (size_t i = 0; list && i < n; i++) {
		list[i] = strdup(bt_db_text(r, (int)i, 0));
		if (list[i] == NULL) {
			free_list(list, i);
			list = NULL;
		}
	}
	PQclear(r);
	if (list == NULL)
		return BT_ENOMEM;
	qsort(list, n, sizeof(*list), cmp_str);
	pthread_rwlock_wrlock(&lock);
	char **old = codes;
	size_t nold = ncodes;
	codes = list;
	ncodes = n;
	loaded_at = time(NULL);
	pthread_rwlock_unlock(&lock);
	free_list(old, nold);
	return BT_OK;
}

enum bt_err trace_customs_codes_load(struct bt_db *db)
{
	pthread_rwlock_rdlock(&lock);
	bool fresh = codes != NULL &&
		     time(NULL) - loaded_at < TRACE_CUSTOMS_CODES_TTL_S;
	pthread_rwlock_unlock(&lock);
	return fresh ? BT_OK : trace_customs_codes_reload(db);
}

bool trace_customs_code_known(const char *table, const char *code)
{
	char key[64];
	snprintf(key, sizeof(key), "%s:%s", table, code);
	const char *k = key;
	pthread_rwlock_rdlock(&lock);
	bool known = codes != NULL &&
		     bsearch(&k, codes, ncodes, sizeof(*codes), cmp_str);
	pthread_rwlock_unlock(&lock);
	return known;
}

void trace_customs_codes_free(void)
{
	pthread_rwlock_wrlock(&lock);
	free_list(codes, ncodes);
	codes = NULL;
	ncodes = 0;
	pthread_rwlock_unlock(&lock);
}
