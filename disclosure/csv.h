/* csv.h: the portal's bulk data as CSV (RFC 4180, CRLF lines), safe to
 * open in a spreadsheet. */
#ifndef DISC_CSV_H
#define DISC_CSV_H

#include <jansson.h>

#include "core/buf.h"
#include "core/http.h"

/* Appends to b a header line of cols (NULL-ended) and a line per object
 * of rows with those members: strings, numbers and booleans as text,
 * anything else empty; quoted when needed, and a text starting with = + -
 * or @ is quoted behind a ' so that spreadsheets do not run it. */
void disc_csv_write(struct bt_buf *b, const json_t *rows,
		    const char *const *cols);

/* Replies 200 with the CSV of rows as an attachment named filename. */
void disc_csv_reply(struct bt_req *req, const json_t *rows,
		    const char *const *cols, const char *filename);

#endif
