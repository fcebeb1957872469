/* receipt.c: what customs would answer to a CEB message: the receipt
 * (JSON, stored with the message) and its CEB312/CEB622 XML form. */
#include "receipt.h"

#include <libxml/tree.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/clock.h"

static void now_iso(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

const char *trace_receipt_kind(enum ceb_kind k)
{
	return k == CEB_ORDER ? "CEB311" : "CEB621";
}

static json_t *record_json(const struct ceb_values *h, const char *bkey)
{
	return json_pack(
		"{s:s, s:s, s:s, s:s?, s:s?, s:s?, s:s, s:s, s:s?, s:s}",
		"guid", ceb_get(h, "guid"), "business_key", bkey, "order_no",
		ceb_get(h, "orderNo"), "invt_no", ceb_get(h, "invtNo"),
		"cop_no", ceb_get(h, "copNo"), "ebp_code",
		ceb_get(h, "ebpCode"), "ebc_code", ceb_get(h, "ebcCode"),
		"app_type", ceb_get(h, "appType"), "agent_code",
		ceb_get(h, "agentCode"), "status", "accepted");
}

json_t *trace_receipt_accepted(const struct ceb_message *m)
{
	char now[32];
	now_iso(now);
	json_t *records = json_array();
	for (size_t i = 0; i < m->nrecords; i++) {
		const struct ceb_values *h = &m->records[i].head;
		json_array_append_new(
			records, record_json(h, ceb_get(h, m->kind == CEB_ORDER
								   ? "orderNo"
								   : "copNo")));
	}
	return json_pack("{s:s, s:s, s:s, s:s, s:o}", "guid", m->guid,
			 "message", trace_receipt_kind(m->kind), "status",
			 "accepted", "received_at", now, "records", records);
}

json_t *trace_receipt_rejected(const char *guid, const char *kind,
			       const char *path, const char *why)
{
	char now[32];
	now_iso(now);
	return json_pack("{s:s?, s:s?, s:s, s:s, s:s, s:s}", "guid",
			 guid && *guid ? guid : NULL, "message", kind, "status",
			 "rejected", "path", path, "reason", why, "received_at",
			 now);
}

/* Receipts as customs sends them: CEB312 for orders, CEB622 for inventory
 * lists; returnStatus 120 for accepted, 100 for rejected. */
enum bt_err trace_receipt_xml(const json_t *receipt, struct bt_buf *out)
{
	const char *kind =
		json_string_value(json_object_get(receipt, "message"));
	bool order = kind && strcmp(kind, "CEB311") == 0;
	bool ok = strcmp(json_string_value(json_object_get(receipt, "status")),
			 "accepted") == 0;
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr root = xmlNewNode(
		NULL, BAD_CAST(order ? "CEB312Message" : "CEB622Message"));
	xmlNsPtr ns = xmlNewNs(root, BAD_CAST CEB_NS, BAD_CAST "ceb");
	xmlSetNs(root, ns);
	xmlDocSetRootElement(doc, root);
	const char *guid = json_string_value(json_object_get(receipt, "guid"));
	xmlNewProp(root, BAD_CAST "guid", BAD_CAST(guid ? guid : ""));
	xmlNewProp(root, BAD_CAST "version", BAD_CAST "1.0");
	char when[24];
	struct tm tm;
	bt_clock_cn_tm(time(NULL), &tm);
	strftime(when, sizeof(when), "%Y%m%d%H%M%S000", &tm);
	const json_t *records = json_object_get(receipt, "records");
	size_t n = ok ? json_array_size(records) : 1;
	for (size_t i = 0; i < n; i++) {
		const json_t *r = ok ? json_array_get(records, i) : receipt;
		xmlNodePtr ret = xmlNewChild(
			root, ns,
			BAD_CAST(order ? "OrderReturn" : "InventoryReturn"),
			NULL);
		static const char *const order_fields[][2] = {
			{"guid", "guid"},
			{"ebpCode", "ebp_code"},
			{"ebcCode", "ebc_code"},
			{"orderNo", "order_no"}};
		static const char *const invt_fields[][2] = {
			{"guid", "guid"},	 {"ebpCode", "ebp_code"},
			{"ebcCode", "ebc_code"}, {"agentCode", "agent_code"},
			{"copNo", "cop_no"},	 {"invtNo", "invt_no"},
			{"orderNo", "order_no"}};
		size_t nf = order ? 4 : 7;
		for (size_t f = 0; f < nf; f++) {
			const char *const *pair =
				order ? order_fields[f] : invt_fields[f];
			const char *v =
				json_string_value(json_object_get(r, pair[1]));
			xmlNewTextChild(ret, ns, BAD_CAST pair[0],
					BAD_CAST(v ? v : ""));
		}
		xmlNewTextChild(ret, ns, BAD_CAST "returnStatus",
				BAD_CAST(ok ? "120" : "100"));
		xmlNewTextChild(ret, ns, BAD_CAST "returnTime", BAD_CAST when);
		char info[600];
		if (ok)
			bt_strlcpy(info, "accepted", sizeof(info));
		else
			snprintf(info, sizeof(info), "%s: %s",
				 json_string_value(json_object_get(r, "path")),
				 json_string_value(
					 json_object_get(r, "reason")));
		xmlNewTextChild(ret, ns, BAD_CAST "returnInfo", BAD_CAST info);
	}
	xmlChar *text = NULL;
	int len = 0;
	xmlDocDumpFormatMemoryEnc(doc, &text, &len, "UTF-8", 1);
	enum bt_err err =
		text ? bt_buf_append(out, text, (size_t)len) : BT_ENOMEM;
	xmlFree(text);
	xmlFreeDoc(doc);
	return err;
}
