/* photos_api.h: evidence photos over HTTP. Re-encoding a photo costs tens
 * of milliseconds of CPU, so it runs on the photo decoders' pool
 * (scanner/upload_api.h), never on an HTTP thread; a full queue answers
 * 503 at once. */
#ifndef CMPL_PHOTOS_API_H
#define CMPL_PHOTOS_API_H

#include "core/http.h"

/* POST /complaints/{number}/photos (multipart "photo", and "token" for the
 * consumer) and POST /api/v1/complaints/{number}/photos?token=... (the
 * photo as the body, image/jpeg or image/png): 201 {id, width, height},
 * a form back to the case with 303. */
void cmpl_api_photo_add(struct bt_req *req);
/* GET /complaints/{number}/photos/{id}?token=...: the PNG. */
void cmpl_api_photo_get(struct bt_req *req);

#endif
