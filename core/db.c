/* db.c: libpq wrapper; see db.h for the contract. */
#include "db.h"

#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "clock.h"
#include "db_int.h"
#include "log.h"

struct bt_db {
	PGconn *conn;
	unsigned timeout_ms;
	int wait_ms; /* the longest wait for an answer; -1: none */
	bool in_tx;
	bool dead; /* a wait ran out: the connection is dropped */
	char sqlstate[6];
	char error[512];
	char actor[16]; /* bondtrace.actor as set on this session, "" if not */
	/* Open-addressed set of the addresses of the statements prepared on
	 * this connection (0 marks an empty slot). */
	uintptr_t *prepared;
	size_t nprepared;
	size_t cap;
};

static void clear_prepared(struct bt_db *db)
{
	if (db->prepared)
		memset(db->prepared, 0, db->cap * sizeof(uintptr_t));
	db->nprepared = 0;
}

static size_t slot_of(const struct bt_db *db, uintptr_t key)
{
	uintptr_t h = key;
	h ^= h >> 7;
	h *= 0x9E3779B97F4A7C15u;
	size_t i = (size_t)(h >> 20) & (db->cap - 1);
	while (db->prepared[i] != 0 && db->prepared[i] != key)
		i = (i + 1) & (db->cap - 1);
	return i;
}

static bool is_prepared(const struct bt_db *db, const struct bt_stmt *stmt)
{
	uintptr_t key = (uintptr_t)stmt;
	return db->cap > 0 && db->prepared[slot_of(db, key)] == key;
}

static enum bt_err mark_prepared(struct bt_db *db, const struct bt_stmt *stmt)
{
	if ((db->nprepared + 1) * 2 > db->cap) {
		size_t cap = db->cap ? db->cap * 2 : 64;
		uintptr_t *grown = calloc(cap, sizeof(uintptr_t));
		if (grown == NULL)
			return BT_ENOMEM;
		uintptr_t *old = db->prepared;
		size_t oldcap = db->cap;
		db->prepared = grown;
		db->cap = cap;
		for (size_t i = 0; i < oldcap; i++)
			if (old[i])
				db->prepared[slot_of(db, old[i])] = old[i];
		free(old);
	}
	uintptr_t key = (uintptr_t)stmt;
	db->prepared[slot_of(db, key)] = key;
	db->nprepared++;
	return BT_OK;
}

enum bt_err bt_db_sqlstate_err(const char *s)
{
	if (s == NULL || strlen(s) != 5)
		return BT_EDB;
	if (strcmp(s, "23505") == 0 || strcmp(s, "23P01") == 0)
		return BT_ECONFLICT;
	if (strcmp(s, "23503") == 0 || strcmp(s, "23514") == 0 ||
	    strcmp(s, "23502") == 0 || strncmp(s, "22", 2) == 0)
		return BT_EINVAL;
	if (strcmp(s, "08P01") == 0) /* protocol violation: our bug */
		return BT_EDB;
	if (strcmp(s, "40001") == 0 || strcmp(s, "40P01") == 0 ||
	    strcmp(s, "55P03") == 0 || strcmp(s, "57014") == 0 ||
	    strncmp(s, "08", 2) == 0 || strncmp(s, "57P", 3) == 0 ||
	    strcmp(s, "53300") == 0)
		return BT_EUNAVAIL;
	if (strcmp(s, "53100") == 0 || strcmp(s, "53200") == 0)
		return BT_EUNAVAIL;
	return BT_EDB;
}

const char *bt_db_last_sqlstate(const struct bt_db *db)
{
	return db->sqlstate;
}

const char *bt_db_last_error(const struct bt_db *db)
{
	return db->error;
}

/* Every connection is opened with bounds on its waits: connecting, and
 * the kernel's keepalives and unacknowledged data (over TCP). Answers are
 * then awaited with poll() for at most the statement timeout plus a grace,
 * so a database that stalls (stopped, partitioned) costs a request a few
 * seconds once, never a thread forever. */
#define CONNECT_TIMEOUT_S "3"
#define WAIT_GRACE_MS	  1000

static PGconn *connect_bounded(const char *conninfo)
{
	const char *const keys[] = {"dbname",
				    "connect_timeout",
				    "keepalives",
				    "keepalives_idle",
				    "keepalives_interval",
				    "keepalives_count",
				    "tcp_user_timeout",
				    NULL};
	const char *const values[] = {conninfo ? conninfo : "",
				      CONNECT_TIMEOUT_S,
				      "1",
				      "10",
				      "3",
				      "3",
				      "10000",
				      NULL};
	return PQconnectdbParams(keys, values, 1);
}

static bool result_ok(const PGresult *r)
{
	ExecStatusType st = PQresultStatus(r);
	return st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK ||
	       st == PGRES_EMPTY_QUERY;
}

/* Waits for the whole answer to what was sent, for at most db->wait_ms.
 * Returns the first failed result, else the last one (as PQexec does);
 * NULL when the wait ran out or the connection broke (db->dead then). */
static PGresult *await_result(struct bt_db *db)
{
	long long deadline =
		db->wait_ms < 0 ? 0 : bt_clock_mono_ms() + db->wait_ms;
	PGconn *c = db->conn;
	PGresult *keep = NULL;
	for (;;) {
		while (PQisBusy(c)) {
			int left = -1;
			if (db->wait_ms >= 0) {
				long long rest = deadline - bt_clock_mono_ms();
				if (rest <= 0)
					goto timed_out;
				left = (int)rest;
			}
			struct pollfd pfd = {PQsocket(c), POLLIN, 0};
			int ready = poll(&pfd, 1, left);
			if (ready < 0)
				continue; /* EINTR */
			if (ready > 0 && PQconsumeInput(c) == 0)
				goto broken;
		}
		PGresult *r = PQgetResult(c);
		if (r == NULL)
			return keep;
		if (PQresultStatus(r) == PGRES_COPY_IN) {
			PQclear(keep); /* the server waits for the rows */
			return r;
		}
		if (keep != NULL && !result_ok(keep)) {
			PQclear(r); /* keep the first failure */
		} else {
			PQclear(keep);
			keep = r;
		}
		if (PQstatus(c) != CONNECTION_OK)
			goto broken;
	}
timed_out : {
	char ms[16];
	snprintf(ms, sizeof(ms), "%d", db->wait_ms);
	bt_log_error("database did not answer in time", "waited_ms", ms);
	bt_db_trip();
}
broken:
	PQclear(keep);
	db->dead = true;
	return NULL;
}

static PGresult *exec_bounded(struct bt_db *db, const char *sql)
{
	if (db->dead || !PQsendQuery(db->conn, sql))
		return NULL;
	return await_result(db);
}

static enum bt_err session_setup(struct bt_db *db)
{
	char sql[128];
	snprintf(sql, sizeof(sql),
		 "SET TIME ZONE 'UTC'; SET statement_timeout = %u; "
		 "SET client_min_messages = warning",
		 db->timeout_ms);
	PGresult *r = exec_bounded(db, sql);
	bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	if (!ok)
		bt_log_error("database session setup failed", "error",
			     PQerrorMessage(db->conn));
	PQclear(r);
	return ok ? BT_OK : BT_EDB;
}

enum bt_err bt_db_open(const char *conninfo, unsigned timeout_ms,
		       struct bt_db **out)
{
	*out = NULL;
	struct bt_db *db = calloc(1, sizeof(*db));
	if (db == NULL)
		return BT_ENOMEM;
	db->timeout_ms = timeout_ms;
	db->wait_ms = timeout_ms ? (int)timeout_ms + WAIT_GRACE_MS : -1;
	db->conn = connect_bounded(conninfo);
	if (db->conn == NULL) {
		free(db);
		return BT_ENOMEM;
	}
	if (PQstatus(db->conn) != CONNECTION_OK) {
		bt_log_error("cannot connect to the database", "error",
			     PQerrorMessage(db->conn));
		bt_db_trip();
		bt_db_free(db);
		return BT_EUNAVAIL;
	}
	enum bt_err err = session_setup(db);
	if (err != BT_OK) {
		bt_db_free(db);
		return err;
	}
	*out = db;
	return BT_OK;
}

void bt_db_free(struct bt_db *db)
{
	if (db == NULL)
		return;
	if (db->conn)
		PQfinish(db->conn);
	free(db->prepared);
	free(db);
}

PGconn *bt_db_conn(struct bt_db *db)
{
	return db->conn;
}

/* Records the SQLSTATE of a failed result, logs it once with the statement
 * name, and maps it. */
static enum bt_err fail(struct bt_db *db, const PGresult *r, const char *what)
{
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	size_t n = state ? strlen(state) : 0;
	if (n > 5)
		n = 5;
	memcpy(db->sqlstate, state ? state : "", n);
	db->sqlstate[n] = '\0';
	enum bt_err err = state ? bt_db_sqlstate_err(state) : BT_EUNAVAIL;
	const char *msg =
		r ? PQresultErrorMessage(r) : PQerrorMessage(db->conn);
	const char *primary =
		r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	bt_strlcpy(db->error, primary ? primary : msg, sizeof(db->error));
	db->error[strcspn(db->error, "\n")] = '\0'; /* one line */
	/* Constraint and data errors are ordinary outcomes of bad input; the
	 * caller turns them into a clear message, so they log at debug. */
	enum bt_log_level level = (err == BT_EINVAL || err == BT_ECONFLICT)
					  ? BT_LOG_DEBUG
					  : BT_LOG_ERROR;
	bt_log(level, "database statement failed", "statement", what,
	       "sqlstate", db->sqlstate, "error", msg);
	return err;
}

static bool usable(const struct bt_db *db)
{
	return !db->dead && PQstatus(db->conn) == CONNECTION_OK;
}

static bool reconnect(struct bt_db *db)
{
	if (db->in_tx || usable(db) || !bt_db_available())
		return false;
	bt_log_warn("database connection lost, reconnecting");
	PQreset(db->conn);
	clear_prepared(db);
	db->actor[0] = '\0';
	db->dead = false;
	if (PQstatus(db->conn) != CONNECTION_OK) {
		bt_db_trip();
		return false;
	}
	return session_setup(db) == BT_OK;
}

static enum bt_err prepare(struct bt_db *db, const struct bt_stmt *stmt)
{
	PGresult *r = db->dead || !PQsendPrepare(db->conn, stmt->name,
						 stmt->sql, 0, NULL)
			      ? NULL
			      : await_result(db);
	enum bt_err err = BT_OK;
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		err = fail(db, r, stmt->name);
	else
		err = mark_prepared(db, stmt);
	PQclear(r);
	return err;
}

static enum bt_err query_once(struct bt_db *db, const struct bt_stmt *stmt,
			      int nparams, const char *const *values,
			      PGresult **res)
{
	*res = NULL;
	if (!is_prepared(db, stmt)) {
		enum bt_err err = prepare(db, stmt);
		if (err != BT_OK)
			return err;
	}
	PGresult *r =
		db->dead || !PQsendQueryPrepared(db->conn, stmt->name, nparams,
						 values, NULL, NULL, 0)
			? NULL
			: await_result(db);
	ExecStatusType st = PQresultStatus(r);
	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
		*res = r;
		return BT_OK;
	}
	enum bt_err err = fail(db, r, stmt->name);
	PQclear(r);
	return err;
}

enum bt_err bt_db_query_take(struct bt_db *db, const struct bt_stmt *stmt,
			     int nparams, const char *const *values,
			     PGresult **res)
{
	db->sqlstate[0] = '\0';
	db->error[0] = '\0';
	enum bt_err err = query_once(db, stmt, nparams, values, res);
	if (err != BT_OK && !usable(db) && reconnect(db))
		err = query_once(db, stmt, nparams, values, res);
	return err;
}

enum bt_err bt_db_run(struct bt_db *db, const struct bt_stmt *stmt, int nparams,
		      const char *const *values, unsigned long *affected)
{
	PGresult *r = NULL;
	enum bt_err err = bt_db_query_take(db, stmt, nparams, values, &r);
	if (err == BT_OK && affected != NULL) {
		const char *n = PQcmdTuples(r);
		*affected = *n ? strtoul(n, NULL, 10) : 0;
	}
	PQclear(r);
	return err;
}

static enum bt_err exec_plain(struct bt_db *db, const char *sql,
			      const char *what)
{
	db->sqlstate[0] = '\0';
	db->error[0] = '\0';
	PGresult *r = exec_bounded(db, sql);
	ExecStatusType st = PQresultStatus(r);
	enum bt_err err = BT_OK;
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
		err = fail(db, r, what);
	PQclear(r);
	return err;
}

/* On a nonblocking connection: sends what libpq holds, reading what the
 * server says meanwhile; false when the deadline passed or it broke. */
static bool flush_bounded(struct bt_db *db, long long deadline)
{
	int left;
	while ((left = PQflush(db->conn)) == 1) {
		int wait = -1;
		if (db->wait_ms >= 0) {
			long long rest = deadline - bt_clock_mono_ms();
			if (rest <= 0)
				return false;
			wait = (int)rest;
		}
		struct pollfd pfd = {PQsocket(db->conn), POLLIN | POLLOUT, 0};
		if (poll(&pfd, 1, wait) > 0 && (pfd.revents & POLLIN) &&
		    PQconsumeInput(db->conn) == 0)
			return false;
	}
	return left == 0;
}

enum bt_err bt_db_copy(struct bt_db *db, const char *sql, const char *rows,
		       size_t len)
{
	db->sqlstate[0] = '\0';
	db->error[0] = '\0';
	PGresult *r = exec_bounded(db, sql);
	if (PQresultStatus(r) != PGRES_COPY_IN) {
		enum bt_err err = fail(db, r, "copy");
		PQclear(r);
		return err;
	}
	PQclear(r);
	/* Sent without blocking, so the wait for the server to read is
	 * bounded as every other wait on the connection is. */
	long long deadline =
		db->wait_ms < 0 ? 0 : bt_clock_mono_ms() + db->wait_ms;
	bool sent = PQsetnonblocking(db->conn, 1) == 0;
	for (size_t off = 0; sent && off < len;) {
		int n = len - off > (1 << 20) ? 1 << 20 : (int)(len - off);
		int put;
		while ((put = PQputCopyData(db->conn, rows + off, n)) == 0 &&
		       flush_bounded(db, deadline))
			;
		sent = put == 1;
		off += (size_t)n;
	}
	if (sent) {
		int end;
		while ((end = PQputCopyEnd(db->conn, NULL)) == 0 &&
		       flush_bounded(db, deadline))
			;
		sent = end == 1 && flush_bounded(db, deadline);
	}
	if (!sent || PQsetnonblocking(db->conn, 0) != 0) {
		bt_log_error("database did not take a COPY's rows in time");
		db->dead = true;
		return BT_EUNAVAIL;
	}
	r = await_result(db);
	enum bt_err err = BT_OK;
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		err = fail(db, r, "copy");
	PQclear(r);
	return err;
}

void bt_db_copy_field(struct bt_buf *b, const char *s, char end, bool *ok)
{
	if (!*ok)
		return;
	if (s == NULL) {
		*ok = bt_buf_append(b, "\\N", 2) == BT_OK;
	} else {
		while (*ok && *s) {
			size_t run = strcspn(s, "\\\t\n\r");
			*ok = bt_buf_append(b, s, run) == BT_OK;
			s += run;
			if (*ok && *s) {
				const char *esc = *s == '\t'   ? "\\t"
						  : *s == '\n' ? "\\n"
						  : *s == '\r' ? "\\r"
							       : "\\\\";
				*ok = bt_buf_append(b, esc, 2) == BT_OK;
				s++;
			}
		}
	}
	if (*ok)
		*ok = bt_buf_append(b, &end, 1) == BT_OK;
}

enum bt_err bt_db_exec_script(struct bt_db *db, const char *sql)
{
	enum bt_err err = exec_plain(db, sql, "script");
	if (err != BT_OK && !db->in_tx && reconnect(db))
		err = exec_plain(db, sql, "script");
	return err;
}

enum bt_err bt_db_set_actor(struct bt_db *db, const char *kind)
{
	if (strcmp(db->actor, kind) == 0)
		return BT_OK;
	static const struct bt_stmt set = {
		"db.set_actor",
		"SELECT set_config('bondtrace.actor', $1, false)"};
	const char *p[] = {kind};
	enum bt_err err = bt_db_run(db, &set, 1, p, NULL);
	if (err == BT_OK)
		bt_strlcpy(db->actor, kind, sizeof(db->actor));
	return err;
}

enum bt_err bt_db_begin(struct bt_db *db)
{
	enum bt_err err = exec_plain(db, "BEGIN", "begin");
	if (err != BT_OK && reconnect(db))
		err = exec_plain(db, "BEGIN", "begin");
	if (err == BT_OK)
		db->in_tx = true;
	return err;
}

enum bt_err bt_db_commit(struct bt_db *db)
{
	enum bt_err err = exec_plain(db, "COMMIT", "commit");
	db->in_tx = false;
	return err;
}

enum bt_err bt_db_finish(struct bt_db *db, enum bt_err err)
{
	if (err == BT_OK)
		err = bt_db_commit(db);
	if (err != BT_OK)
		bt_db_rollback(db);
	return err;
}

void bt_db_rollback(struct bt_db *db)
{
	if (!db->in_tx)
		return;
	if (usable(db))
		PQclear(exec_bounded(db, "ROLLBACK"));
	db->in_tx = false;
}

const char *bt_db_text(const PGresult *res, int row, int col)
{
	return PQgetvalue(res, row, col);
}

bool bt_db_is_null(const PGresult *res, int row, int col)
{
	return PQgetisnull(res, row, col) != 0;
}

long long bt_db_int(const PGresult *res, int row, int col)
{
	return strtoll(PQgetvalue(res, row, col), NULL, 10);
}

/* Per-thread connections. */

static char *thread_conninfo;
static unsigned thread_timeout_ms;
static pthread_key_t thread_key;
static pthread_once_t thread_key_once = PTHREAD_ONCE_INIT;

static void thread_conn_free(void *p)
{
	bt_db_free(p);
}

static void make_key(void)
{
	pthread_key_create(&thread_key, thread_conn_free);
}

void bt_db_configure(const char *conninfo, unsigned timeout_ms)
{
	free(thread_conninfo);
	thread_conninfo = strdup(conninfo ? conninfo : "");
	thread_timeout_ms = timeout_ms;
	pthread_once(&thread_key_once, make_key);
}

enum bt_err bt_db_thread(struct bt_db **out)
{
	pthread_once(&thread_key_once, make_key);
	struct bt_db *db = pthread_getspecific(thread_key);
	if (db != NULL && db->dead && !db->in_tx) {
		/* A connection whose wait ran out is not trusted again. */
		pthread_setspecific(thread_key, NULL);
		bt_db_free(db);
		db = NULL;
	}
	if (db == NULL && !bt_db_available()) {
		*out = NULL;
		return BT_EUNAVAIL;
	}
	if (db == NULL) {
		enum bt_err err =
			bt_db_open(thread_conninfo, thread_timeout_ms, &db);
		if (err != BT_OK) {
			*out = NULL;
			return err;
		}
		pthread_setspecific(thread_key, db);
	}
	*out = db;
	return BT_OK;
}

void bt_db_thread_close(void)
{
	pthread_once(&thread_key_once, make_key);
	struct bt_db *db = pthread_getspecific(thread_key);
	pthread_setspecific(thread_key, NULL);
	bt_db_free(db);
}

enum bt_err bt_db_query_json(struct bt_db *db, const struct bt_stmt *stmt,
			     int nparams, const char *const *values,
			     json_t **out)
{
	*out = NULL;
	PGresult *r = NULL;
	enum bt_err err = bt_db_query_take(db, stmt, nparams, values, &r);
	if (err != BT_OK)
		return err;
	if (PQntuples(r) != 1 || PQgetisnull(r, 0, 0)) {
		PQclear(r);
		return BT_ENOTFOUND;
	}
	json_error_t jerr;
	*out = json_loads(PQgetvalue(r, 0, 0), JSON_DECODE_ANY, &jerr);
	PQclear(r);
	if (*out == NULL) {
		bt_log_error("database returned JSON that does not parse",
			     "statement", stmt->name, "error", jerr.text);
		return BT_EINTERNAL;
	}
	return BT_OK;
}

enum bt_err bt_db_query_json_id(struct bt_db *db, const struct bt_stmt *stmt,
				long long id, const char *second, json_t **out)
{
	char text[24];
	snprintf(text, sizeof(text), "%lld", id);
	const char *p[] = {text, second};
	return bt_db_query_json(db, stmt, second ? 2 : 1, p, out);
}

/* Listening. */

enum bt_err bt_db_listen(const char *conninfo, const char *listen_sql,
			 struct bt_db **out)
{
	*out = NULL;
	struct bt_db *db = NULL;
	enum bt_err err = bt_db_open(conninfo, 5000, &db);
	if (err == BT_OK)
		err = bt_db_exec_script(db, listen_sql);
	if (err != BT_OK) {
		bt_db_free(db);
		return err;
	}
	*out = db;
	return BT_OK;
}

enum bt_err bt_db_notifications(struct bt_db *db, int ms, bt_db_notify_fn fn,
				void *arg)
{
	PGconn *c = db->conn;
	struct pollfd pfd = {PQsocket(c), POLLIN, 0};
	if (poll(&pfd, 1, ms) > 0 && PQconsumeInput(c) == 0)
		return BT_EUNAVAIL;
	PGnotify *n;
	while ((n = PQnotifies(c)) != NULL) {
		fn(arg, n->relname, n->extra);
		PQfreemem(n);
	}
	return BT_OK;
}

static _Atomic unsigned long flush_epoch;

void bt_db_flushed(void)
{
	atomic_fetch_add(&flush_epoch, 1);
}

unsigned long bt_db_flush_epoch(void)
{
	return atomic_load(&flush_epoch);
}
