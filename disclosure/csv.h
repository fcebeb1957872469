/* csv.h: the portal's bulk data as CSV (RFC 4180, CRLF lines), safe to
 * open in a spreadsheet. */
#ifndef DISC_CSV_H
#define DISC_CSV_H

#include <jansson.h>
#include <stdbool.h>

#include "core/buf.h"
#include "core/http.h"

/* Appends to b a header line of cols (NULL-ended) and a line per object
 * of rows with those members (a column "a.b" is member b of object a):
 * strings, numbers and booleans as text, an array's strings joined by
 * ";", anything else empty; quoted when needed, and a text starting with = + -
 * or @ is quoted behind a ' so that spreadsheets do not run it. */
void disc_csv_write(struct bt_buf *b, const json_t *rows,
		    const char *const *cols);

/* True when the request asks for ?format=csv. */
bool disc_csv_asked(struct bt_req *req);

/* Replies to a request for a list view (its rows in "items"): their CSV
 * when ?format=csv asks, the view as JSON when tmpl is NULL, else the page
 * tmpl; the error when err is not BT_OK. Takes view. */
void disc_csv_list_reply(struct bt_req *req, enum bt_err err, const char *tmpl,
			 json_t *view, const char *const *cols,
			 const char *filename);

/* Replies 200 with the CSV of rows as an attachment named filename. */
void disc_csv_reply(struct bt_req *req, const json_t *rows,
		    const char *const *cols, const char *filename);

#endif
