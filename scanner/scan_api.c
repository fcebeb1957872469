/* scan_api.c: photo uploads. */
#include "scan_api.h"

#include "scanner/decode.h"
#include "scanner/image.h"
#include "scanner/lookup.h"
#include "trace/trace_api.h"

void scan_api_page(struct bt_req *req)
{
	bt_reply_view(req, 200, "scan", json_object());
}

void scan_api_upload(struct bt_req *req)
{
	const char *data = NULL;
	size_t len = 0;
	if (!bt_req_upload(req, "image", &data, &len) || len == 0) {
		bt_reply_error(req, BT_EINVAL,
			       "send the photo as the multipart field 'image', "
			       "or as the body with Content-Type image/jpeg or "
			       "image/png");
		return;
	}
	struct scan_gray g;
	const char *reason = NULL;
	enum bt_err err = scan_image_load(data, len, &g, &reason);
	if (err != BT_OK) {
		bt_reply_error(req, err, reason);
		return;
	}
	struct scan_result found;
	err = scan_decode(&g, &found);
	scan_gray_free(&g);
	if (err != BT_OK) {
		bt_reply_error(req, err, NULL);
		return;
	}
	struct bt_db *db = found.n ? trace_api_db(req) : NULL;
	if (found.n && db == NULL) {
		scan_result_free(&found);
		return;
	}
	struct scan_context ctx = {bt_req_client_ip(req),
				   bt_req_header(req, "User-Agent"),
				   bt_req_lang(req), "upload"};
	json_t *symbols = json_array();
	json_t *genuine = NULL;
	for (size_t i = 0; i < found.n; i++)
		json_array_append_new(symbols, scan_lookup(db, &found.sym[i],
							   &ctx, &genuine));
	scan_result_free(&found);
	if (!bt_req_wants_json(req) && genuine != NULL) {
		/* The page a consumer expects: the product, as if scanned. */
		json_decref(symbols);
		bt_reply_view(req, 200, "product", genuine);
		return;
	}
	json_decref(genuine);
	bt_reply_view(req, 200, "scanresult",
		      json_pack("{s:I, s:o}", "found",
				(json_int_t)json_array_size(symbols), "symbols",
				symbols));
}
