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
	const char *data; /* the request's body: valid while it is parked */
	size_t len;
	char number[CMPL_NUMBER_MAX];
	char token[TOKEN_MAX + 1];
	char name[64];
	struct cmpl_viewer v;
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
		u->err = cmpl_photo_add(db, u->number, &u->v, &png, u->width,
					u->height, &u->id, &u->reason);
	if (u->err == BT_ENOTFOUND)
		u->reason = "no case with this number and access code";
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
		if (u->v.actor == CMPL_BY_CONSUMER)
			snprintf(back, sizeof(back), "/complaints/%s?token=%s",
				 u->number, u->token);
		else
			snprintf(back, sizeof(back), "/complaints/%s",
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

void cmpl_api_photo_add(struct bt_req *req)
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
	u->data = data;
	u->len = len;
	bt_strlcpy(u->number, bt_req_param(req, "number"), sizeof(u->number));
	token_of(req, u);
	const char *type = bt_req_header(req, "Content-Type");
	u->form = type && strncmp(type, "multipart/form-data", 19) == 0 &&
		  !bt_req_wants_json(req);
	cmpl_viewer_of(req, u->token, &u->v);
	/* The viewer's strings must outlive the request's parking. */
	bt_strlcpy(u->name, u->v.name ? u->v.name : "", sizeof(u->name));
	u->v.name = u->name;
	u->v.token = u->token;
	/* Only someone who may see the case spends the encoders' time. */
	struct bt_db *db = bt_req_db(req);
	long long case_id = 0;
	enum bt_err seen =
		db ? cmpl_case_find(db, u->number, &u->v, false, &case_id)
		   : BT_EUNAVAIL;
	if (seen != BT_OK) {
		if (db != NULL)
			bt_reply_error(req, seen,
				       seen == BT_ENOTFOUND
					       ? "no case with this number and "
						 "access code"
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

void cmpl_api_photo_get(struct bt_req *req)
{
	long long id = 0;
	if (!bt_req_id(req, "a photo", LLONG_MAX, &id))
		return;
	struct bt_db *db = bt_req_db(req);
	if (db == NULL)
		return;
	struct cmpl_viewer v;
	cmpl_viewer_of(req, bt_req_query(req, "token"), &v);
	struct bt_buf png = BT_BUF_INIT;
	enum bt_err err =
		cmpl_photo_get(db, bt_req_param(req, "number"), &v, id, &png);
	if (err != BT_OK) {
		bt_buf_free(&png);
		bt_reply_error(req, err,
			       err == BT_ENOTFOUND
				       ? "no such photo of a case you may see"
				       : NULL);
		return;
	}
	size_t n = png.len;
	bt_reply_header(req, "Cache-Control", "private, no-store");
	bt_reply_take(req, 200, "image/png", bt_buf_steal(&png), n);
}
