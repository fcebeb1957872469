/* evidence.c: one code's evidence, frozen by complaints and claims. */
#include "evidence.h"

#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "disclosure/enterprise.h"
#include "trace/code/elements.h"
#include "trace/code/product.h"
#include "trace/scan/batch_info.h"
#include "trace/scan/resolve.h"
#include "trace/scan/status.h"

/* One code's facts from the database: its scan history (count, first
 * scan, the regions of its last 100 scans, its last verdict with reasons)
 * and, under "order", what the bound declaration says of the order: the
 * buyer's keyed hashes (to match a complainant, never shown), the
 * platform, the import date and the line's unit price. */
static const struct bt_stmt st_evidence = {
	"trace.evidence",
	"SELECT json_build_object('count', coalesce(cs.count, 0), "
	"'first_at', to_char(cs.first_at AT TIME ZONE 'UTC', "
	"'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), 'first_region', "
	"cs.first_region, 'regions', (SELECT coalesce(json_agg(DISTINCT "
	"x.region), '[]') FROM (SELECT region FROM scan WHERE batch_id = $1 "
	"AND idx = $2 AND region IS NOT NULL ORDER BY at DESC LIMIT 100) x), "
	"'last_verdict', s.verdict, 'last_reasons', "
	"coalesce(to_json(s.reasons), '[]'), 'last_at', to_char(s.at AT TIME "
	"ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), 'order', "
	"json_build_object('buyer_phone_hash', o.buyer_phone_hash, "
	"'buyer_id_hash', o.buyer_id_hash, 'platform', o.platform, "
	"'import_date', o.ie_date, 'price', o.price)) FROM (SELECT 1) one "
	"LEFT JOIN code_stats cs ON cs.batch_id = $1 AND cs.idx = $2 LEFT "
	"JOIN LATERAL (SELECT verdict, reasons, at FROM scan WHERE batch_id = "
	"$1 AND idx = $2 ORDER BY at DESC LIMIT 1) s ON true LEFT JOIN "
	"LATERAL (SELECT d.buyer_phone_hash, d.buyer_id_hash, "
	"d.head->>'ebpName' AS platform, d.ie_date::text AS ie_date, "
	"l.price_e4 / 100.0 AS price FROM binding b JOIN declaration d ON "
	"d.id = b.declaration_id JOIN declaration_line l ON l.declaration_id "
	"= d.id AND l.gnum = b.gnum WHERE b.batch_id = $1 AND $2 >= "
	"b.first_idx AND $2 < b.end_idx AND NOT d.deleted ORDER BY "
	"b.first_idx LIMIT 1) o ON true"};

static void copy_member(const json_t *o, const char *key, char *to, size_t size)
{
	const char *v = json_string_value(json_object_get(o, key));
	bt_strlcpy(to, v ? v : "", size);
}

/* Takes the order's facts out of scans into ref. */
static void order_ref(json_t *scans, struct trace_evidence_ref *ref)
{
	const json_t *o = json_object_get(scans, "order");
	copy_member(o, "buyer_phone_hash", ref->buyer_phone_hash,
		    sizeof(ref->buyer_phone_hash));
	copy_member(o, "buyer_id_hash", ref->buyer_id_hash,
		    sizeof(ref->buyer_id_hash));
	copy_member(o, "platform", ref->platform, sizeof(ref->platform));
	copy_member(o, "import_date", ref->import_date,
		    sizeof(ref->import_date));
	ref->price_fen = json_number_value(json_object_get(o, "price"));
	json_object_del(scans, "order");
}

static json_t *not_genuine(const struct trace_dl *dl, const char *why)
{
	return json_pack("{s:b, s:s, s:s, s:{s:s, s:s, s:s}}", "genuine", 0,
			 "verdict", "not_genuine", "why", why, "code", "gtin",
			 dl->gtin, "lot", dl->lot, "serial", dl->serial);
}

/* The evidence of a code the cache resolved. */
static enum bt_err genuine(struct bt_db *db, const struct trace_resolution *res,
			   json_t **out, struct trace_evidence_ref *ref)
{
	const struct trace_batch_info *info = res->info;
	const struct trace_batch *b = &info->batch;
	char bt[16], it[16];
	snprintf(bt, sizeof(bt), "%u", (unsigned)b->id);
	snprintf(it, sizeof(it), "%u", (unsigned)res->code.index);
	const char *p[] = {bt, it};
	json_t *scans = NULL;
	enum bt_err err = bt_db_query_json(db, &st_evidence, 2, p, &scans);
	if (err != BT_OK)
		return err;
	order_ref(scans, ref);
	const char *last =
		json_string_value(json_object_get(scans, "last_verdict"));
	ref->genuine = true;
	ref->suspect = last != NULL && strcmp(last, "suspect") == 0;
	ref->enterprise_id = b->enterprise_id;
	ref->batch = b->id;
	ref->index = res->code.index;
	bt_strlcpy(ref->gtin, b->gtin, sizeof(ref->gtin));
	bt_strlcpy(ref->lot, b->lot, sizeof(ref->lot));
	const struct trace_bound_range *bound =
		trace_info_binding(info, res->code.index);
	const struct trace_status_range *st =
		trace_info_status(info, res->code.index);
	json_t *status =
		st ? json_pack("{s:s, s:s, s:s}", "status",
			       trace_status_name(st->status), "reason",
			       st->reason, "effective_at", st->effective)
		   : json_null();
	*out = json_pack(
		"{s:b, s:s, s:{s:s, s:s?, s:s, s:s?, s:I, s:I}, s:o, s:o, s:O, "
		"s:O, s:o, s:o}",
		"genuine", 1, "verdict", last ? last : "genuine", "code",
		"gtin", b->gtin, "lot", b->lot[0] ? b->lot : NULL, "serial",
		res->dl.serial, "expiry", b->expiry[0] ? b->expiry : NULL,
		"batch", (json_int_t)b->id, "index",
		(json_int_t)res->code.index, "scans", scans, "status", status,
		"declaration", bound ? bound->declaration : json_null(),
		"provenance", info->provenance ? info->provenance : json_null(),
		"product", trace_product_json(&info->product), "importer",
		disc_enterprise_json(&info->importer));
	return *out ? BT_OK : BT_ENOMEM;
}

enum bt_err trace_code_evidence(struct bt_db *db, const char *data,
				json_t **out, struct trace_evidence_ref *ref,
				const char **reason)
{
	*out = NULL;
	memset(ref, 0, sizeof(*ref));
	struct trace_dl dl;
	if (trace_elements_parse(data, &dl, reason) != BT_OK)
		return BT_EINVAL;
	struct trace_resolution res;
	memset(&res, 0, sizeof(res));
	const char *why = NULL;
	enum bt_err err = trace_resolve_check_dl(&dl, &res, &why);
	if (err == BT_OK)
		err = trace_resolve_lookup(db, &res, &why);
	if (err == BT_ENOTFOUND || err == BT_EINVAL) {
		bt_strlcpy(ref->gtin, dl.gtin, sizeof(ref->gtin));
		bt_strlcpy(ref->lot, dl.lot, sizeof(ref->lot));
		*out = not_genuine(&dl, why ? why : "not a code we issued");
		return *out ? BT_OK : BT_ENOMEM;
	}
	if (err == BT_OK)
		err = genuine(db, &res, out, ref);
	trace_resolution_release(&res);
	return err;
}
