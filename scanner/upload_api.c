/* upload_api.c: photo uploads. Decoding a photo costs tens to hundreds of
 * milliseconds of CPU, so it never runs on an HTTP thread: the request is
 * parked, a small pool decodes (and looks the codes up on its own
 * database connection), and the answer is sent when the worker is done.
 * A full queue answers 503 at once. */
#include "upload_api.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/pool.h"
#include "scanner/decode.h"
#include "scanner/image.h"
#include "scanner/lookup.h"

static struct bt_pool *decoders;

enum bt_err scan_api_start(unsigned threads, size_t queue)
{
	return bt_pool_new("decode", threads, queue, &decoders);
}

void scan_api_stop(void)
{
	bt_pool_free(decoders);
	decoders = NULL;
}

struct bt_pool *scan_api_pool(void)
{
	return decoders;
}

struct upload {
	struct bt_req *req;
	const char *data; /* the request's body: valid while it is parked */
	size_t len;
	char ip[64];
	char user_agent[256];
	const char *lang;
	bool html;
	/* The answer, filled by the worker. */
	enum bt_err err;
	const char *reason;
	const char *tmpl;
	json_t *view;
	char location[512]; /* a page's answer: the code's own page */
};

static void decode_upload(void *arg)
{
	struct upload *u = arg;
	struct scan_gray g;
	u->err = scan_image_load(u->data, u->len, &g, &u->reason);
	if (u->err != BT_OK)
		goto out;
	struct scan_result found;
	u->err = scan_decode(&g, &found);
	scan_gray_free(&g);
	if (u->err != BT_OK) {
		u->reason = NULL;
		goto out;
	}
	/* A person's photo of a code goes to the code's own page, which
	 * records the scan once and survives a reload. */
	const char *why = NULL;
	for (size_t i = 0; u->html && i < found.n && !u->location[0]; i++)
		if (!scan_code_path(found.sym[i].data, u->location,
				    sizeof(u->location), &why))
			u->location[0] = '\0';
	if (u->location[0]) {
		scan_result_free(&found);
		goto out;
	}
	struct bt_db *db = NULL;
	if (found.n && bt_db_thread(&db) != BT_OK) {
		scan_result_free(&found);
		u->err = BT_EUNAVAIL;
		u->reason = "the database is unavailable; try again shortly";
		goto out;
	}
	struct scan_context ctx = {u->ip, u->user_agent, u->lang, "upload"};
	json_t *symbols = json_array();
	json_t *genuine = NULL;
	for (size_t i = 0; i < found.n; i++)
		json_array_append_new(symbols, scan_lookup(db, &found.sym[i],
							   &ctx, &genuine));
	scan_result_free(&found);
	if (u->html && genuine != NULL) {
		/* The page a consumer expects: the product, as if scanned. */
		json_decref(symbols);
		u->tmpl = "product";
		u->view = genuine;
	} else {
		json_decref(genuine);
		u->tmpl = "scanresult";
		u->view = json_pack("{s:I, s:o}", "found",
				    (json_int_t)json_array_size(symbols),
				    "symbols", symbols);
	}
out:
	bt_req_resume(u->req);
}

static void reply_upload(struct bt_req *req, void *data)
{
	struct upload *u = data;
	if (u->err != BT_OK)
		bt_reply_error(req, u->err, u->reason);
	else if (u->location[0])
		bt_reply_redirect(req, 303, u->location);
	else
		bt_reply_view(req, 200, u->tmpl, u->view);
	free(u);
}

void scan_api_page(struct bt_req *req)
{
	bt_reply_view(req, 200, "scan", json_object());
}

void scan_api_typed(struct bt_req *req)
{
	const char *text = bt_req_query(req, "text");
	char path[512];
	const char *reason = "the code needs a GTIN (01) and a serial (21)";
	if (text != NULL && text[0] && strlen(text) <= 512 &&
	    scan_code_path(text, path, sizeof(path), &reason)) {
		bt_reply_redirect(req, 303, path);
		return;
	}
	/* The page again, what was typed kept, the reason above it. */
	bt_reply_view(req, 400, "scan",
		      json_pack("{s:s, s:s}", "typed",
				text && strlen(text) <= 512 ? text : "",
				"error", reason ? reason : ""));
}

void scan_api_upload(struct bt_req *req)
{
	if (!bt_req_rate(req, BT_RATE_UPLOAD))
		return;
	const char *data = NULL;
	size_t len = 0;
	if (!bt_req_upload(req, "image", &data, &len) || len == 0) {
		bt_reply_error(req, BT_EINVAL,
			       "send the photo as the multipart field 'image', "
			       "or as the body with Content-Type image/jpeg or "
			       "image/png");
		return;
	}
	struct upload *u = calloc(1, sizeof(*u));
	if (u == NULL) {
		bt_reply_error(req, BT_ENOMEM, NULL);
		return;
	}
	const char *ua = bt_req_header(req, "User-Agent");
	u->req = req;
	u->data = data;
	u->len = len;
	bt_strlcpy(u->ip, bt_req_client_ip(req), sizeof(u->ip));
	bt_strlcpy(u->user_agent, ua ? ua : "", sizeof(u->user_agent));
	u->lang = bt_req_lang(req);
	u->html = !bt_req_wants_json(req);
	bt_req_suspend(req, reply_upload, u);
	if (decoders == NULL ||
	    bt_pool_submit(decoders, decode_upload, u) != BT_OK) {
		u->err = BT_EUNAVAIL;
		u->reason = "too many photos are being read right now; try "
			    "again in a few seconds";
		bt_req_resume(req);
	}
}
