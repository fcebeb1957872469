/* portal_cache.h: the public portal's replies kept in memory
 * (portal_cache.c): an enterprise's profile (page and JSON) and the
 * statistics, as an anonymous reader gets them, until the enterprise (or,
 * for the statistics, anything) changes. Changes arrive by NOTIFY on
 * DISC_PORTAL_CHANNEL and DISC_ENTERPRISE_CHANNEL with the enterprise id;
 * the key holds the Beijing day of the clock's now, so a penalty whose
 * publication ends at midnight leaves the cached page at midnight; and no
 * entry lives longer than DISC_CACHE_MAX_AGE_S. A write this server
 * acknowledges (any request but GET) ends every entry at once, so that
 * nobody reads a page older than a change they were told is done; other
 * servers' writes arrive by NOTIFY, within milliseconds. While the
 * listener has no connection nothing is cached. */
#ifndef DISC_PORTAL_CACHE_H
#define DISC_PORTAL_CACHE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

#define DISC_PORTAL_CHANNEL  "bt_portal"
#define DISC_CACHE_MAX_AGE_S 30

enum bt_err disc_cache_start(const char *conninfo);
void disc_cache_stop(void);

/* Where the changes stood when a reply began to be built: the
 * enterprise's notified changes and this server's own writes
 * (bt_http_write_epoch). A reply built across a change is not kept. */
struct disc_cache_mark {
	unsigned long generation;
	unsigned long epoch;
	unsigned long scans; /* bt_db_flush_epoch, for the platform's */
};
struct disc_cache_mark disc_cache_mark(long long enterprise);
/* A copy of the reply kept under key (the caller frees *body), or false.
 * A reply kept before this server acknowledged any write is not served. */
bool disc_cache_get(const char *key, char **body, size_t *len, char ctype[64]);
/* Keeps a copy of body under key for enterprise (0: the platform's). */
void disc_cache_put(const char *key, long long enterprise, const char *ctype,
		    const char *body, size_t len, struct disc_cache_mark mark);
/* Drops what shows enterprise and the platform's replies: what a
 * notification does. */
void disc_cache_drop(long long enterprise);

#endif
