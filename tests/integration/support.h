/* support.h: helpers for integration tests against the real PostgreSQL
 * named by BONDTRACE_DATABASE_URL and the key file BONDTRACE_KEY_FILE. */
#ifndef TEST_SUPPORT_H
#define TEST_SUPPORT_H

#include "core/db.h"
#include "core/keys.h"

/* The shared connection (opened on first use; the test fails without). */
struct bt_db *it_db(void);
/* The key file's keys; also sets up the trace module with them. */
const struct bt_keys *it_keys(void);
/* Random valid identifiers, unique enough for one test run. */
void it_uscc(char out[19]);
void it_customs_code(char out[11]);
void it_gtin(char out[15]);
/* A new enterprise; returns its id. */
long long it_enterprise(void);
/* A new product of the enterprise; writes its 14-digit GTIN. */
void it_product(long long enterprise_id, char gtin[15]);
/* Runs SQL on a separate connection (e.g. to kill our backend). */
void it_admin_sql(const char *sql);
void it_done(void);

#endif
