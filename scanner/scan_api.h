/* scan_api.h: HTTP handlers of the scanner module. */
#ifndef SCAN_API_H
#define SCAN_API_H

#include "core/http.h"

/* GET /scan: the phone page with a camera/file input. */
void scan_api_page(struct bt_req *req);
/* POST /scan (the page's form) and POST /api/v1/scan: a photo, as
 * multipart field "image" or a raw image body. */
void scan_api_upload(struct bt_req *req);

#endif
