/* photos_api.h: evidence photos over HTTP. Re-encoding a photo costs tens
 * of milliseconds of CPU, so it runs on the photo decoders' pool
 * (scanner/upload_api.h), never on an HTTP thread; a full queue answers
 * 503 at once. */
#ifndef CMPL_PHOTOS_API_H
#define CMPL_PHOTOS_API_H

#include "core/buf.h"
#include "core/db.h"
#include "core/http.h"

/* What photos are evidence of: complaint cases here, claims in the
 * insurance module. Each function sees the record as the principal (and,
 * for a consumer, the token) may: BT_ENOTFOUND otherwise. */
struct cmpl_photo_door {
	const char *path;      /* where forms go back: path/number */
	const char *not_found; /* the 404's message */
	enum bt_err (*find)(struct bt_db *db, const char *number,
			    const struct bt_principal *who, const char *token);
	enum bt_err (*add)(struct bt_db *db, const char *number,
			   const struct bt_principal *who, const char *token,
			   const struct bt_buf *png, int w, int h,
			   long long *id, const char **reason);
	enum bt_err (*get)(struct bt_db *db, const char *number,
			   const struct bt_principal *who, const char *token,
			   long long id, struct bt_buf *out);
};

/* The handlers below, for any door. */
void cmpl_photo_add_via(struct bt_req *req, const struct cmpl_photo_door *door);
void cmpl_photo_get_via(struct bt_req *req, const struct cmpl_photo_door *door);

/* POST /complaints/{number}/photos (multipart "photo", and "token" for the
 * consumer) and POST /api/v1/complaints/{number}/photos?token=... (the
 * photo as the body, image/jpeg or image/png): 201 {id, width, height},
 * a form back to the case with 303. */
void cmpl_api_photo_add(struct bt_req *req);
/* GET /complaints/{number}/photos/{id}?token=...: the PNG. */
void cmpl_api_photo_get(struct bt_req *req);

#endif
