/* history.c: one code's record, for the enterprise that issued it and for
 * regulators: its address, status, the count a consumer sees, its alerts
 * and its latest scans (where an alert's "open the code's history" leads).
 * Every part is bounded: a copied code may have been scanned millions of
 * times, and the record shows the newest 100 scans and 20 alerts. */
#include "history.h"

#include <limits.h>
#include <stdio.h>

#include "core/buf.h"
#include "trace/code/batch.h"
#include "trace/scan/alert.h"

#define ISO(col)                                                               \
	"to_char(" col " AT TIME ZONE 'UTC', "                                 \
	"'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

/* $1 batch, $2 index. The scans come from scan_code (batch, idx, at).
 * A scan's network is shown as a digest of its keyed network hash with
 * the code, so that scans of one code can be told apart by network but
 * not followed from code to code. */
/* clang-format off */
static const struct bt_stmt history = {"trace.code_history",
	"SELECT json_build_object("
	"'stats', (SELECT json_build_object('count', count, 'first_at', "
	ISO("first_at") ") FROM code_stats WHERE batch_id = $1 AND idx = $2), "
	"'statuses', coalesce((SELECT json_agg(json_build_object("
	"'status', status, 'reason', reason, 'reason_en', reason_en, "
	"'effective_at', "
	ISO("effective_at") ") ORDER BY effective_at) FROM status_range "
	"WHERE batch_id = $1 AND $2 >= first_idx AND $2 < end_idx), '[]'), "
	"'alerts', coalesce((SELECT json_agg(" TRACE_ALERT_JSON " ORDER BY id "
	"DESC) FROM (SELECT * FROM alert WHERE batch_id = $1 AND idx = $2 "
	"ORDER BY id DESC LIMIT 20) a), '[]'), "
	"'scans', coalesce((SELECT json_agg(json_build_object("
	"'at', " ISO("s.at") ", 'region', s.region, "
	"'province_zh', p.name_zh, 'province_en', p.name_en, "
	"'network', left(md5(s.net_hash || ':' || s.batch_id || ':' || "
	"s.idx), 8), 'ua_class', s.ua_class, "
	"'channel', s.channel, 'verdict', s.verdict, "
	"'reasons', to_json(s.reasons)) ORDER BY s.at DESC) "
	"FROM (SELECT * FROM scan WHERE batch_id = $1 AND idx = $2 "
	"ORDER BY at DESC LIMIT 100) s "
	"LEFT JOIN province p ON p.code = left(s.region, 2)), '[]'))"};
/* clang-format on */

void trace_api_code_history(struct bt_req *req)
{
	struct trace_batch b;
	if (!trace_batch_load(req, &b))
		return;
	const char *at = bt_req_param(req, "index");
	long long index = 0;
	if (at == NULL || !bt_parse_ll(at, 0, (long long)b.count - 1, &index)) {
		bt_reply_error(req, BT_ENOTFOUND,
			       "no code with this index in the batch (codes "
			       "are numbered from 0)");
		return;
	}
	char batch[16], idx[16];
	snprintf(batch, sizeof(batch), "%u", b.id);
	snprintf(idx, sizeof(idx), "%lld", index);
	const char *params[] = {batch, idx};
	json_t *view = NULL;
	enum bt_err err =
		bt_db_query_json(bt_req_db(req), &history, 2, params, &view);
	/* The code's address holds its serial: the issuing enterprise's
	 * alone, as with print files; a regulator sees the record. */
	char uri[256];
	if (err == BT_OK && bt_req_principal(req)->role == BT_ROLE_ENTERPRISE &&
	    trace_code_uri(&b, (uint32_t)index, uri, sizeof(uri)) > 0)
		json_object_set_new(view, "uri", json_string(uri));
	if (err == BT_OK) {
		json_object_set_new(view, "batch", json_integer(b.id));
		json_object_set_new(view, "index", json_integer(index));
		json_object_set_new(view, "gtin", json_string(b.gtin));
		json_object_set_new(view, "lot", json_string(b.lot));
	}
	bt_reply_view_or_error(req, err, "code", bt_page_view(req, view), NULL);
}
