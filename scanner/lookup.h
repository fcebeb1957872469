/* lookup.h: what a decoded symbol means. A Digital Link or GS1 element
 * string of ours is resolved and recorded as a scan (channel "upload"),
 * exactly as a GET of the code would be; an EAN-13 is looked up as a
 * product's GTIN; anything else is reported as read. */
#ifndef SCAN_LOOKUP_H
#define SCAN_LOOKUP_H

#include <jansson.h>
#include <stdbool.h>

#include "core/db.h"
#include "scanner/decode.h"

struct scan_context {
	const char *ip;
	const char *user_agent;
	const char *lang;
	const char *channel; /* "upload", "cli" */
};

/* A JSON object for the symbol: {"type", "data", "kind": "code" | "gtin" |
 * "other", ...}; for codes "genuine" and the scan view (or the reason it is
 * not genuine). *genuine_view, if not NULL, receives a new reference to
 * the first genuine code's view. */
json_t *scan_lookup(struct bt_db *db, const struct scan_symbol *sym,
		    const struct scan_context *ctx, json_t **genuine_view);

/* The resolver path of an item's code ("/01/GTIN[/10/LOT]/21/SERIAL")
 * from what a reader or a person gives: a Digital Link URI, an element
 * string, or the path itself. False with *reason (plain words) if data
 * names no item. */
bool scan_code_path(const char *data, char *out, size_t size,
		    const char **reason);

#endif
