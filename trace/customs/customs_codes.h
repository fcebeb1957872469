/* customs_codes.h: the customs code tables, in memory. */
#ifndef TRACE_CUSTOMS_CODES_H
#define TRACE_CUSTOMS_CODES_H

#include <stdbool.h>

#include "core/db.h"
#include "core/err.h"

/* How long a loaded table serves before the next load reads it again. */
#define TRACE_CUSTOMS_CODES_TTL_S 600

/* Loads the tables through db unless a load younger than the TTL holds
 * them; safe from any thread. */
enum bt_err trace_customs_codes_load(struct bt_db *db);
/* Reads the tables again now. */
enum bt_err trace_customs_codes_reload(struct bt_db *db);
/* True if code is in customs table table ("country", "currency",
 * "unit") as last loaded; false before any load. */
bool trace_customs_code_known(const char *table, const char *code);
/* Frees the tables (at exit; a later load reads them again). */
void trace_customs_codes_free(void);

#endif
