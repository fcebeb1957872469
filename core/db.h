/* db.h: PostgreSQL through libpq: one connection per thread, prepared
 * statements prepared once per connection, transactions, reconnection and
 * SQLSTATE mapping. */
#ifndef BT_DB_H
#define BT_DB_H

#include <jansson.h>
#include <libpq-fe.h>
#include <stdbool.h>

#include "buf.h"
#include "err.h"

/* A named statement. Each module keeps a static const array of these,
 * indexed by its own enum, next to the code that owns the tables. The name
 * must be unique across modules ("module.what"). */
struct bt_stmt {
	const char *name;
	const char *sql;
};

struct bt_db;

/* Opens a connection (UTC time zone, given statement timeout in ms, 0 for
 * none). Connecting is bounded (3 s); with a timeout, every wait for an
 * answer is bounded by it plus a second, after which the statement fails
 * with BT_EUNAVAIL and the connection is dropped. The caller frees it with
 * bt_db_free(). */
enum bt_err bt_db_open(const char *conninfo, unsigned timeout_ms,
		       struct bt_db **out);
void bt_db_free(struct bt_db *db);

/* Starts (stops) the watcher thread that runs the breaker: once a
 * connection or a wait for an answer failed, bt_db_thread() fails at once
 * with BT_EUNAVAIL until the watcher reaches the database again. Without
 * a watcher (command-line tools) there is no breaker. */
enum bt_err bt_db_watch_start(const char *conninfo);
void bt_db_watch_stop(void);
/* False while the breaker is open. */
bool bt_db_available(void);

/* Sets what bt_db_thread() connects to; call before any thread uses it. */
void bt_db_configure(const char *conninfo, unsigned timeout_ms);

/* This thread's own connection, opened on first use and closed when the
 * thread exits (or by bt_db_thread_close). The caller does not free it. */
enum bt_err bt_db_thread(struct bt_db **out);
void bt_db_thread_close(void);

/* Runs stmt (preparing it first if this connection has not yet) with text
 * parameters (NULL is SQL NULL). On success the caller takes *res and must
 * PQclear() it. A lost connection outside a transaction is re-established
 * and the statement tried once more. */
enum bt_err bt_db_query_take(struct bt_db *db, const struct bt_stmt *stmt,
			     int nparams, const char *const *values,
			     PGresult **res);

/* As bt_db_query_take for statements whose rows are not needed. If
 * affected is not NULL it receives the number of rows affected. */
enum bt_err bt_db_run(struct bt_db *db, const struct bt_stmt *stmt, int nparams,
		      const char *const *values, unsigned long *affected);

/* Runs one or more SQL commands with no parameters (migrations, setup). */
enum bt_err bt_db_exec_script(struct bt_db *db, const char *sql);

/* Names the kind of principal this connection works for (consumer,
 * enterprise, regulator, insurer, admin, operator, system): the public
 * log records it with each fact. Only a change costs a round trip. */
enum bt_err bt_db_set_actor(struct bt_db *db, const char *kind);

enum bt_err bt_db_begin(struct bt_db *db);
enum bt_err bt_db_commit(struct bt_db *db);
/* Rolls back if a transaction is open; safe to call when none is. */
void bt_db_rollback(struct bt_db *db);
/* Ends the unit of work begun with bt_db_begin: commits if err is BT_OK,
 * else (or if the commit fails) rolls back. Returns the outcome. */
enum bt_err bt_db_finish(struct bt_db *db, enum bt_err err);

/* Runs sql, a COPY ... FROM STDIN in text format, with rows (fields made
 * by bt_db_copy_field). */
enum bt_err bt_db_copy(struct bt_db *db, const char *sql, const char *rows,
		       size_t len);
/* Appends s (NULL for SQL NULL) as one COPY text field, escaped, then end
 * ('\t' between fields, '\n' after a row's last). *ok turns false when
 * memory runs out, and the call does nothing while it is false. */
void bt_db_copy_field(struct bt_buf *b, const char *s, char end, bool *ok);

/* For COPY and other direct libpq work; the connection stays owned by db. */
PGconn *bt_db_conn(struct bt_db *db);

/* Maps a five-character SQLSTATE to an error (23505 -> BT_ECONFLICT). */
enum bt_err bt_db_sqlstate_err(const char *sqlstate);

/* The SQLSTATE of the last failure on db, or "" if none. */
const char *bt_db_last_sqlstate(const struct bt_db *db);

/* The message of the last failure on db, or "" if none. */
const char *bt_db_last_error(const struct bt_db *db);

/* Runs stmt, whose one row and column is JSON built by PostgreSQL, and
 * parses it: *out is the caller's (json_decref). No row: BT_ENOTFOUND. */
enum bt_err bt_db_query_json(struct bt_db *db, const struct bt_stmt *stmt,
			     int nparams, const char *const *values,
			     json_t **out);

/* bt_db_query_json for the common statement of one id ($1) and, when
 * second is not NULL, one more parameter ($2, often the clock's now). */
enum bt_err bt_db_query_json_id(struct bt_db *db, const struct bt_stmt *stmt,
				long long id, const char *second, json_t **out);

/* Helpers for reading a row of a result the caller holds. */
const char *bt_db_text(const PGresult *res, int row, int col);
bool bt_db_is_null(const PGresult *res, int row, int col);
long long bt_db_int(const PGresult *res, int row, int col);

/* A connection of its own that LISTENs as listen_sql says ("LISTEN a;
 * LISTEN b"), for a thread that waits for notifications. */
enum bt_err bt_db_listen(const char *conninfo, const char *listen_sql,
			 struct bt_db **out);
typedef void (*bt_db_notify_fn)(void *arg, const char *channel,
				const char *payload);
/* Waits up to ms for notifications on a listening connection and hands
 * each to fn. BT_EUNAVAIL if the connection was lost (changes may have
 * been missed; the caller frees db and listens anew). */
enum bt_err bt_db_notifications(struct bt_db *db, int ms, bt_db_notify_fn fn,
				void *arg);

/* A count of the commits of this process's background writers (the scan
 * log's group commits), raised after each commit and before the writes
 * it holds are acknowledged: a cache of what those writes change keeps
 * the count with an entry and serves it only while the count stays. */
void bt_db_flushed(void);
unsigned long bt_db_flush_epoch(void);

#endif
