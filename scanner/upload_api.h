/* upload_api.h: HTTP handlers of the scanner module. */
#ifndef SCANNER_UPLOAD_API_H
#define SCANNER_UPLOAD_API_H

#include <stddef.h>

#include "core/http.h"

/* Starts (stops) the pool that decodes uploads: threads workers, at most
 * queue photos waiting. Without it every upload answers 503. */
enum bt_err scan_api_start(unsigned threads, size_t queue);
void scan_api_stop(void);

/* GET /scan: the phone page with a camera/file input. */
void scan_api_page(struct bt_req *req);
/* GET /scan/code?text=: a code typed by hand (a Digital Link, an element
 * string or the path) goes to its page (303); else the photo page again
 * with the reason. */
void scan_api_typed(struct bt_req *req);
/* POST /scan (the page's form) and POST /api/v1/scan: a photo, as
 * multipart field "image" or a raw image body. */
void scan_api_upload(struct bt_req *req);

/* The pool that decodes photos (NULL before scan_api_start), shared with
 * whatever else decodes uploaded images (a complaint's evidence photos):
 * one bound for all image work, so --decode-threads means what it says. */
struct bt_pool;
struct bt_pool *scan_api_pool(void);

#endif
