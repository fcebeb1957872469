/* lookup.c: decoded symbols to codes, products or plain text. */
#include "lookup.h"

#include <string.h>

#include "trace/code/elements.h"
#include "trace/code/gs1.h"
#include "trace/code/product.h"
#include "trace/scan/resolve.h"
#include "trace/scan/resolve_api.h"
#include "trace/scan/scanlog.h"

static json_t *lookup_code(struct bt_db *db, const struct trace_dl *dl,
			   const struct scan_context *ctx, json_t *out,
			   json_t **genuine_view)
{
	struct trace_resolution res;
	const char *reason = NULL;
	enum bt_err err = trace_resolve_check_dl(dl, &res, &reason);
	if (err == BT_OK)
		err = trace_resolve_lookup(db, &res, &reason);
	if (err == BT_ENOTFOUND || err == BT_EINVAL) {
		json_object_set_new(out, "genuine", json_false());
		json_object_set_new(out, "reason", json_string(reason));
		return out;
	}
	if (err != BT_OK) {
		json_object_set_new(out, "error",
				    json_string(bt_err_code(err)));
		return out;
	}
	struct trace_scan scan;
	trace_scan_prepare(&scan, &res, ctx->ip, ctx->user_agent, NULL,
			   ctx->channel);
	err = trace_scanlog_record(&scan);
	if (err != BT_OK) {
		json_object_set_new(out, "error",
				    json_string(bt_err_code(err)));
	} else {
		json_t *view = trace_scan_view(&res, &scan, ctx->lang);
		json_object_set_new(out, "genuine", json_true());
		json_object_set(out, "scan", view);
		if (genuine_view && *genuine_view == NULL)
			*genuine_view = json_incref(view);
		json_decref(view);
	}
	trace_resolution_release(&res);
	return out;
}

json_t *scan_lookup(struct bt_db *db, const struct scan_symbol *sym,
		    const struct scan_context *ctx, json_t **genuine_view)
{
	json_t *out =
		json_pack("{s:s, s:s}", "type", sym->type, "data", sym->data);
	struct trace_dl dl;
	const char *reason = NULL;
	if (strcmp(sym->type, "EAN-13") == 0) {
		char gtin[TRACE_GTIN_LEN + 1];
		struct trace_product p;
		json_object_set_new(out, "kind", json_string("gtin"));
		if (trace_gtin_normalize(sym->data, gtin, &reason) == BT_OK &&
		    trace_product_get(db, gtin, &p) == BT_OK)
			json_object_set_new(out, "product",
					    trace_product_json(&p));
		return out;
	}
	if (trace_elements_parse(sym->data, &dl, &reason) == BT_OK) {
		json_object_set_new(out, "kind", json_string("code"));
		return lookup_code(db, &dl, ctx, out, genuine_view);
	}
	json_object_set_new(out, "kind", json_string("other"));
	return out;
}

bool scan_code_path(const char *data, char *out, size_t size,
		    const char **reason)
{
	struct trace_dl dl;
	*reason = NULL;
	if (trace_elements_parse(data, &dl, reason) != BT_OK)
		return false;
	if (dl.serial[0] == '\0') {
		*reason = "the code needs /21/ and a serial";
		return false;
	}
	if (trace_dl_format(out, size, "", dl.gtin, dl.lot, dl.serial) == 0) {
		*reason = "the data is too long for a product code";
		return false;
	}
	return true;
}
