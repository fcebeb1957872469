/* photos_api.c: evidence photos over HTTP (see photos_api.h). */
#include "photos_api.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "complaints/cmpl_api.h"
#include "complaints/photos.h"
#include "core/buf.h"
#include "core/form.h"
#include "core/pool.h"
#include "scanner/photo.h"
#include "scanner/upload_api.h"

/* An access code is 32 hex digits; anything longer is not one. */
#define TOKEN_MAX 64

struct upload {
	struct bt_req *req;
	const struct cmpl_photo_door *door;
	const char *data; /* the request's body: valid while it is parked */
	size_t len;
	char number[32];
	char token[TOKEN_MAX + 1];
	struct bt_principal who; /* a copy: it outlives the parking */
	bool form;
	/* The answer, filled by the worker. */
	enum bt_err err;
	const char *reason;
	long long id;
	int width, height;
};

static void encode(void *arg)
{
	struct upload *u = arg;
	struct bt_buf png = BT_BUF_INIT;
	u->err = scan_photo_reencode(u->data, u->len, &png, &u->width,
				     &u->height, &u->reason);
	struct bt_db *db = NULL;
	if (u->err == BT_OK && bt_db_thread(&db) != BT_OK) {
		u->err = BT_EUNAVAIL;
		u->reason = "the database is unavailable; try again shortly";
	}
	if (u->err == BT_OK)
		u->err = u->door->add(db, u->number, &u->who, u->token, &png,
				      u->width, u->height, &u->id, &u->reason);
	if (u->err == BT_ENOTFOUND)
		u->reason = u->door->not_found;
	bt_buf_free(&png);
	bt_req_resume(u->req);
}

static void reply(struct bt_req *req, void *data)
{
	struct upload *u = data;
	if (u->err != BT_OK) {
		bt_reply_error(req, u->err, u->reason);
	} else if (u->form) {
		char back[200];
		if (u->who.role == BT_ROLE_PUBLIC)
			snprintf(back, sizeof(back), "%s/%s?token=%s",
				 u->door->path, u->number, u->token);
		else
			snprintf(back, sizeof(back), "%s/%s", u->door->path,
				 u->number);
		bt_reply_redirect(req, 303, back);
	} else {
		bt_reply_json(req, 201,
			      json_pack("{s:I, s:i, s:i}", "id",
					(json_int_t)u->id, "width", u->width,
					"height", u->height));
	}
	free(u);
}

/* The consumer's access code: ?token=, or the form's "token" part. */
static void token_of(struct bt_req *req, struct upload *u)
{
	const char *t = bt_req_query(req, "token");
	if (t != NULL) {
		bt_strlcpy(u->token, t, sizeof(u->token));
		return;
	}
	const char *type = bt_req_header(req, "Content-Type");
	size_t blen = 0, tlen = 0;
	const char *body = bt_req_body(req, &blen);
	if (body && type &&
	    bt_multipart_part(body, blen, type, "token", &t, &tlen) &&
	    tlen <= TOKEN_MAX) {
		memcpy(u->token, t, tlen);
		u->token[tlen] = '\0';
	}
}

void cmpl_photo_add_via(struct bt_req *req, const struct cmpl_photo_door *door)
{
	if (!bt_req_rate(req, BT_RATE_UPLOAD))
		return;
	const char *data = NULL;
	size_t len = 0;
	if (!bt_req_upload(req, "photo", &data, &len) || len == 0) {
		bt_reply_error(req, BT_EINVAL,
			       "photo: send it as the multipart field 'photo', "
			       "or as the body with Content-Type image/jpeg or "
			       "image/png");
		return;
	}
	struct upload *u = calloc(1, sizeof(*u));
	if (u == NULL) {
		bt_reply_error(req, BT_ENOMEM, NULL);
		return;
	}
	u->req = req;
	u->door = door;
	u->data = data;
	u->len = len;
	bt_strlcpy(u->number, bt_req_param(req, "number"), sizeof(u->number));
	token_of(req, u);
	const char *type = bt_req_header(req, "Content-Type");
	u->form = type && strncmp(type, "multipart/form-data", 19) == 0 &&
		  !bt_req_wants_json(req);
	u->who = *bt_req_principal(req);
	/* Only someone who may see the record spends the encoders' time. */
	struct bt_db *db = bt_req_db(req);
	enum bt_err seen =
		db ? door->find(db, u->number, &u->who, u->token) : BT_EUNAVAIL;
	if (seen != BT_OK) {
		if (db != NULL)
			bt_reply_error(req, seen,
				       seen == BT_ENOTFOUND ? door->not_found
							    : NULL);
		free(u);
		return;
	}
	bt_req_suspend(req, reply, u);
	struct bt_pool *pool = scan_api_pool();
	if (pool == NULL || bt_pool_submit(pool, encode, u) != BT_OK) {
		u->err = BT_EUNAVAIL;
		u->reason = "too many photos are being read right now; try "
			    "again in a few seconds";
		bt_req_resume(req);
	}
}

void cmpl_photo_get_via(struct bt_req *req, const struct cmpl_photo_door *door)
{
	long long id = 0;
	if (!bt_req_id(req, "a photo", LLONG_MAX, &id))
		return;
	struct bt_db *db = bt_req_db(req);
	if (db == NULL)
		return;
	struct bt_buf png = BT_BUF_INIT;
	enum bt_err err = door->get(db, bt_req_param(req, "number"),
				    bt_req_principal(req),
				    bt_req_query(req, "token"), id, &png);
	if (err != BT_OK) {
		bt_buf_free(&png);
		bt_reply_error(req, err,
			       err == BT_ENOTFOUND
				       ? "no such photo of a record you may see"
				       : NULL);
		return;
	}
	size_t n = png.len;
	bt_reply_header(req, "Cache-Control", "private, no-store");
	bt_reply_take(req, 200, "image/png", bt_buf_steal(&png), n);
}

/* The complaints module's own door: cases. */
static enum bt_err case_find(struct bt_db *db, const char *number,
			     const struct bt_principal *who, const char *token)
{
	struct cmpl_viewer v;
	cmpl_viewer_from(who, token, &v);
	long long id = 0;
	return cmpl_case_find(db, number, &v, false, &id);
}

static enum bt_err case_add(struct bt_db *db, const char *number,
			    const struct bt_principal *who, const char *token,
			    const struct bt_buf *png, int w, int h,
			    long long *id, const char **reason)
{
	struct cmpl_viewer v;
	cmpl_viewer_from(who, token, &v);
	return cmpl_photo_add(db, number, &v, png, w, h, id, reason);
}

static enum bt_err case_get(struct bt_db *db, const char *number,
			    const struct bt_principal *who, const char *token,
			    long long id, struct bt_buf *out)
{
	struct cmpl_viewer v;
	cmpl_viewer_from(who, token, &v);
	return cmpl_photo_get(db, number, &v, id, out);
}

static const struct cmpl_photo_door case_door = {
	"/complaints", "no case with this number and access code", case_find,
	case_add, case_get};

void cmpl_api_photo_add(struct bt_req *req)
{
	cmpl_photo_add_via(req, &case_door);
}

void cmpl_api_photo_get(struct bt_req *req)
{
	cmpl_photo_get_via(req, &case_door);
}
