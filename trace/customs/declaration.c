/* declaration.c: receiving a CEB message: parse and check it, store its
 * records as declarations (new, replaced or deleted by appType) in one
 * transaction, and keep what was sent twice or refused. */
#include "declaration.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/log.h"
#include "disclosure/enterprise.h"
#include "trace/code/batch.h"
#include "trace/code/gs1.h"
#include "trace/customs/buyer.h"
#include "trace/customs/customs_codes.h"
#include "trace/customs/receipt.h"
#include "trace/scan/cache.h"

enum {
	ST_SEEN,
	ST_RESENT,
	ST_MESSAGE,
	ST_REJECT,
	ST_FIND,
	ST_UPDATE,
	ST_DELETE,
	ST_CLEAR_LINES,
	ST_LINE,
	ST_INSERT_FULL,
};

#define HEAD_COLUMNS                                                           \
	"record_guid, message_guid, order_no, invt_no, app_time, decl_date, "  \
	"ie_date, trade_mode, customs_code, port_code, country, currency, "    \
	"goods_value_fen, head, buyer_id_hash, buyer_phone_hash"

#define INSERT_HEAD                                                            \
	"INSERT INTO declaration (enterprise_id, kind, "                       \
	"business_key, " HEAD_COLUMNS                                          \
	") VALUES ($1, $2, $3, $4, $5, $6, nullif($7, ''), "                   \
	"to_timestamp($8, 'YYYYMMDDHH24MISS')::timestamp AT TIME ZONE "        \
	"'Asia/Shanghai', to_date(nullif($9, ''), 'YYYYMMDD'), "               \
	"to_date(nullif($10, ''), 'YYYYMMDD'), nullif($11, ''), nullif($12, "  \
	"''), nullif($13, ''), nullif($14, ''), $15, $16, $17, nullif($18, "   \
	"''), nullif($19, '')) ON CONFLICT (enterprise_id, kind, "             \
	"business_key) DO NOTHING RETURNING id"

static const struct bt_stmt stmts[] = {
	[ST_SEEN] =
		{"trace.ceb_seen",
		 "SELECT enterprise_id, receipt FROM ceb_message WHERE guid "
		 "= $1 FOR UPDATE"},
	[ST_RESENT] =
		{"trace.ceb_resent",
		 "UPDATE ceb_message SET resent = resent + 1 WHERE guid = "
		 "$1"},
	[ST_MESSAGE] =
		{"trace.ceb_message",
		 "INSERT INTO ceb_message (guid, enterprise_id, kind, "
		 "receipt) VALUES ($1, $2, $3, $4) ON CONFLICT (guid) DO "
		 "NOTHING RETURNING guid"},
	[ST_REJECT] = {"trace.ceb_reject",
		       "INSERT INTO ceb_rejection (enterprise_id, guid, path, "
		       "rule) VALUES ($1, $2, $3, $4)"},
	[ST_FIND] =
		{"trace.decl_find",
		 "SELECT id, deleted FROM declaration WHERE enterprise_id = "
		 "$1 AND kind = $2 AND business_key = $3 FOR UPDATE"},
	[ST_INSERT_FULL] =
		{"trace.decl_insert_full",
		 "WITH d AS (" INSERT_HEAD "), l AS (INSERT INTO "
		 "declaration_line (declaration_id, gnum, gtin, "
		 "gcode, name, country, unit, qty, price_e4, "
		 "total_fen, line) SELECT d.id, gnum, nullif(gtin, "
		 "''), nullif(gcode, ''), name, country, unit, qty, "
		 "price, total, line FROM d, unnest($20::int[], "
		 "$21::text[], $22::text[], $23::text[], $24::text[], "
		 "$25::text[], $26::numeric[], $27::bigint[], "
		 "$28::bigint[], $29::jsonb[]) AS u(gnum, gtin, gcode, "
		 "name, country, unit, qty, price, total, line)) "
		 "SELECT id FROM d"},
	[ST_UPDATE] =
		{"trace.decl_update",
		 "UPDATE declaration SET (" HEAD_COLUMNS ", deleted, "
		 "updated_at) = ($4, $5, $6, nullif($7, ''), "
		 "to_timestamp($8, 'YYYYMMDDHH24MISS')::timestamp AT TIME ZONE "
		 "'Asia/Shanghai', to_date(nullif($9, ''), 'YYYYMMDD'), "
		 "to_date(nullif($10, ''), 'YYYYMMDD'), nullif($11, ''), "
		 "nullif($12, ''), nullif($13, ''), nullif($14, ''), $15, "
		 "$16, $17, nullif($18, ''), nullif($19, ''), false, now()) "
		 "WHERE enterprise_id = $1 AND kind = $2 AND business_key "
		 "= $3 RETURNING id"},
	[ST_DELETE] = {"trace.decl_delete",
		       "UPDATE declaration SET deleted = true, message_guid = "
		       "$2, updated_at = now() WHERE id = $1"},
	[ST_CLEAR_LINES] =
		{"trace.decl_clear_lines",
		 "DELETE FROM declaration_line WHERE declaration_id = "
		 "$1"},
	[ST_LINE] =
		{"trace.decl_lines",
		 "INSERT INTO declaration_line (declaration_id, gnum, gtin, "
		 "gcode, name, country, unit, qty, price_e4, total_fen, line) "
		 "SELECT $1, gnum, nullif(gtin, ''), nullif(gcode, ''), name, "
		 "country, unit, qty, price, total, line FROM "
		 "unnest($2::int[], $3::text[], $4::text[], $5::text[], "
		 "$6::text[], $7::text[], $8::numeric[], $9::bigint[], "
		 "$10::bigint[], $11::jsonb[]) AS u(gnum, gtin, gcode, name, "
		 "country, unit, qty, price, total, line)"},
};

/* The non-personal fields of v as a JSON object. */
static json_t *fields_json(const struct ceb_values *v, const char *const *skip)
{
	json_t *j = json_object();
	const char *names[] = {
		"appTime",    "appStatus",    "orderType",     "ebpCode",
		"ebpName",    "ebcCode",      "ebcName",       "freight",
		"discount",   "taxTotal",     "acturalPaid",   "payCode",
		"payName",    "logisticsNo",  "logisticsCode", "logisticsName",
		"copNo",      "preNo",	      "invtNo",	       "ieFlag",
		"declTime",   "customsCode",  "portCode",      "ieDate",
		"agentCode",  "agentName",    "areaCode",      "areaName",
		"tradeMode",  "trafMode",     "trafNo",	       "voyageNo",
		"billNo",     "country",      "insuredFee",    "currency",
		"packNo",     "grossWeight",  "netWeight",     "itemRecordNo",
		"itemNo",     "itemName",     "gcode",	       "gname",
		"gmodel",     "itemDescribe", "barCode",       "unit",
		"qty",	      "qty1",	      "unit1",	       "price",
		"totalPrice", "goodsValue",   "orderNo",       NULL};
	for (const char *const *n = names; *n; n++) {
		const char *val = ceb_get(v, *n);
		bool skipped = false;
		for (const char *const *s = skip; s && *s && !skipped; s++)
			skipped = strcmp(*s, *n) == 0;
		if (val && !skipped && !ceb_is_personal(*n))
			json_object_set_new(j, *n, json_string(val));
	}
	return j;
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

/* Appends v to a PostgreSQL array literal being built in b, quoted and
 * escaped. */
static void array_item(struct bt_buf *b, const char *v)
{
	bt_buf_puts(b, b->len ? ",\"" : "{\"");
	for (const char *p = v; *p; p++) {
		if (*p == '"' || *p == '\\')
			bt_buf_append(b, "\\", 1);
		bt_buf_append(b, p, 1);
	}
	bt_buf_puts(b, "\"");
}

/* The lines of a record as ten array parameters (gnum, gtin, gcode, name,
 * country, unit, qty, price, total, line). */
struct line_arrays {
	struct bt_buf a[10];
};

static void line_arrays_fill(struct line_arrays *la, const struct ceb_record *r)
{
	memset(la, 0, sizeof(*la));
	for (size_t i = 0; i < r->nitems; i++) {
		const struct ceb_values *it = &r->items[i];
		char gtin[TRACE_GTIN_LEN + 1] = "";
		const char *reason;
		const char *bar = ceb_get(it, "barCode");
		if (bar && trace_gtin_normalize(bar, gtin, &reason) != BT_OK)
			gtin[0] = '\0';
		long long price = 0, total = 0;
		ceb_decimal(ceb_get(it, "price"), 4, &price);
		ceb_decimal(ceb_get(it, "totalPrice"), 2, &total);
		char price_s[24], total_s[24];
		snprintf(price_s, sizeof(price_s), "%lld", price);
		snprintf(total_s, sizeof(total_s), "%lld", total);
		const char *name = ceb_get(it, "gname");
		if (name == NULL)
			name = ceb_get(it, "itemName");
		json_t *line = fields_json(it, NULL);
		char *line_s = json_dumps(line, JSON_COMPACT);
		json_decref(line);
		const char *v[10] = {ceb_get(it, "gnum"),
				     gtin,
				     or_empty(ceb_get(it, "gcode")),
				     or_empty(name),
				     ceb_get(it, "country"),
				     ceb_get(it, "unit"),
				     ceb_get(it, "qty"),
				     price_s,
				     total_s,
				     line_s ? line_s : "{}"};
		for (int k = 0; k < 10; k++)
			array_item(&la->a[k], v[k]);
		free(line_s);
	}
	for (int k = 0; k < 10; k++)
		bt_buf_puts(&la->a[k], "}");
}

static void line_arrays_free(struct line_arrays *la)
{
	for (int k = 0; k < 10; k++)
		bt_buf_free(&la->a[k]);
}

/* Replaces the lines of a declaration in two statements. */
static enum bt_err replace_lines(struct bt_db *db, long long id,
				 const struct ceb_record *r)
{
	char key[24];
	snprintf(key, sizeof(key), "%lld", id);
	const char *p0[] = {key};
	enum bt_err err = bt_db_run(db, &stmts[ST_CLEAR_LINES], 1, p0, NULL);
	struct line_arrays la;
	line_arrays_fill(&la, r);
	const char *p[11] = {key};
	for (int k = 0; k < 10; k++)
		p[k + 1] = la.a[k].data;
	if (err == BT_OK)
		err = bt_db_run(db, &stmts[ST_LINE], 11, p, NULL);
	line_arrays_free(&la);
	return err;
}

/* The parameters of a record's head ($1..$19 of INSERT_HEAD, ST_UPDATE). */
struct head_params {
	const char *p[19];
	char idh[33], phone[33], goods[24];
	char *head;
};

static void head_params_fill(struct head_params *hp, const struct ceb_values *h,
			     const struct ceb_message *m, const char *ents,
			     const char *kind, const char *bkey)
{
	memset(hp, 0, sizeof(*hp));
	const char *idn = ceb_get(h, "buyerIdNumber");
	const char *tel = ceb_get(h, "buyerTelephone");
	if (idn)
		trace_hash_person_id(idn, hp->idh);
	if (tel)
		trace_hash_phone(tel, hp->phone);
	long long gv = 0;
	if (m->kind == CEB_ORDER &&
	    ceb_decimal(ceb_get(h, "goodsValue"), 2, &gv))
		snprintf(hp->goods, sizeof(hp->goods), "%lld", gv);
	json_t *head = fields_json(h, NULL);
	hp->head = json_dumps(head, JSON_COMPACT);
	json_decref(head);
	const char *p[19] = {ents,
			     kind,
			     bkey,
			     ceb_get(h, "guid"),
			     m->guid,
			     ceb_get(h, "orderNo"),
			     or_empty(ceb_get(h, "invtNo")),
			     ceb_get(h, "appTime"),
			     or_empty(ceb_get(h, "declTime")),
			     or_empty(ceb_get(h, "ieDate")),
			     or_empty(ceb_get(h, "tradeMode")),
			     or_empty(ceb_get(h, "customsCode")),
			     or_empty(ceb_get(h, "portCode")),
			     or_empty(ceb_get(h, "country")),
			     ceb_get(h, "currency"),
			     hp->goods[0] ? hp->goods : NULL,
			     hp->head ? hp->head : "{}",
			     hp->idh,
			     hp->phone};
	memcpy(hp->p, p, sizeof(p));
}

/* A new record, head and lines, in one statement; *inserted is false if
 * the business key exists already (nothing was written then). */
static enum bt_err insert_new(struct bt_db *db, const struct ceb_record *r,
			      const struct ceb_message *m, const char *ents,
			      const char *kind, const char *bkey,
			      bool *inserted)
{
	struct head_params hp;
	struct line_arrays la;
	head_params_fill(&hp, &r->head, m, ents, kind, bkey);
	line_arrays_fill(&la, r);
	const char *p[29];
	memcpy(p, hp.p, sizeof(hp.p));
	for (int k = 0; k < 10; k++)
		p[19 + k] = la.a[k].data;
	PGresult *res = NULL;
	enum bt_err err =
		bt_db_query_take(db, &stmts[ST_INSERT_FULL], 29, p, &res);
	*inserted = err == BT_OK && PQntuples(res) == 1;
	PQclear(res);
	free(hp.head);
	line_arrays_free(&la);
	return err;
}

/* Rewrites an existing record (appType 2, or 1 after a deletion). */
static enum bt_err rewrite(struct bt_db *db, const struct ceb_record *r,
			   const struct ceb_message *m, const char *ents,
			   const char *kind, const char *bkey)
{
	struct head_params hp;
	head_params_fill(&hp, &r->head, m, ents, kind, bkey);
	PGresult *res = NULL;
	enum bt_err err =
		bt_db_query_take(db, &stmts[ST_UPDATE], 19, hp.p, &res);
	free(hp.head);
	if (err == BT_OK && PQntuples(res) != 1)
		err = BT_EINTERNAL;
	long long id = err == BT_OK ? bt_db_int(res, 0, 0) : 0;
	PQclear(res);
	return err == BT_OK ? replace_lines(db, id, r) : err;
}

struct judged {
	const char *path;
	char path_buf[200];
	const char *rule;
	char rule_buf[200];
};

static void rule(struct judged *j, const char *path, const char *text)
{
	bt_strlcpy(j->path_buf, path, sizeof(j->path_buf));
	bt_strlcpy(j->rule_buf, text, sizeof(j->rule_buf));
	j->path = j->path_buf;
	j->rule = j->rule_buf;
}

/* Applies one record (appType 1, 2 or 3). BT_EINVAL with j set when a
 * business rule refuses it. */
static enum bt_err apply_record(struct bt_db *db, long long ent,
				const struct ceb_message *m,
				const struct ceb_record *r, const char *rpath,
				struct judged *j)
{
	const struct ceb_values *h = &r->head;
	bool order = m->kind == CEB_ORDER;
	const char *bkey = ceb_get(h, order ? "orderNo" : "copNo");
	const char *app = ceb_get(h, "appType");
	char ents[24], kind[8];
	snprintf(ents, sizeof(ents), "%lld", ent);
	snprintf(kind, sizeof(kind), "%d", (int)m->kind);
	const char *pf[] = {ents, kind, bkey};
	PGresult *res = NULL;
	enum bt_err err = BT_OK;
	if (app[0] == '1') {
		/* The common case, a new record: one statement, no lookup. */
		bool inserted = false;
		err = insert_new(db, r, m, ents, kind, bkey, &inserted);
		if (err != BT_OK || inserted)
			return err;
	}
	err = bt_db_query_take(db, &stmts[ST_FIND], 3, pf, &res);
	if (err != BT_OK)
		return err;
	bool exists = PQntuples(res) == 1;
	bool live = exists && strcmp(bt_db_text(res, 0, 1), "f") == 0;
	long long id = exists ? bt_db_int(res, 0, 0) : 0;
	PQclear(res);
	char path[220];
	snprintf(path, sizeof(path), "%s/%s/appType", rpath,
		 order ? "OrderHead" : "InventoryHead");
	if (app[0] == '1' && live) {
		rule(j, path,
		     "this record was declared already; send appType 2 to "
		     "change it");
		return BT_EINVAL;
	}
	if ((app[0] == '2' || app[0] == '3') && !live) {
		rule(j, path,
		     "this record was never declared (or was deleted); send "
		     "appType 1 first");
		return BT_EINVAL;
	}
	if (app[0] == '3') {
		char key[24];
		snprintf(key, sizeof(key), "%lld", id);
		const char *pd[] = {key, m->guid};
		err = bt_db_run(db, &stmts[ST_DELETE], 2, pd, NULL);
	} else {
		err = rewrite(db, r, m, ents, kind, bkey);
	}
	return err;
}

/* Is the key's enterprise one of the parties the record names? */
static bool owns(const struct disc_enterprise *e, enum ceb_kind kind,
		 const struct ceb_values *h)
{
	const char *fields[] = {"ebpCode", "ebcCode",
				kind == CEB_INVENTORY ? "agentCode" : NULL};
	for (int i = 0; i < 3 && fields[i]; i++) {
		const char *v = ceb_get(h, fields[i]);
		if (v && (strcmp(v, e->customs_code) == 0 ||
			  strcmp(v, e->uscc) == 0))
			return true;
	}
	return false;
}

static void log_rejection(struct bt_db *db, long long ent, const char *guid,
			  const char *path, const char *why)
{
	char ents[24];
	snprintf(ents, sizeof(ents), "%lld", ent);
	const char *p[] = {ents, guid ? guid : "", path, why};
	if (bt_db_run(db, &stmts[ST_REJECT], 4, p, NULL) != BT_OK)
		bt_log_warn("cannot record a rejected declaration");
}

/* Inside the transaction: the message row (its receipt says accepted,
 * which holds only if every record is), then each record. *fresh is false
 * when the guid was stored before: then nothing else is done. */
static enum bt_err store(struct bt_db *db, long long ent,
			 const struct ceb_message *m, struct judged *j,
			 json_t **receipt, bool *fresh)
{
	char ents[24], kind[8];
	snprintf(ents, sizeof(ents), "%lld", ent);
	snprintf(kind, sizeof(kind), "%d", (int)m->kind);
	*receipt = trace_receipt_accepted(m);
	char *text = json_dumps(*receipt, JSON_COMPACT);
	const char *pm[] = {m->guid, ents, kind, text};
	PGresult *r = NULL;
	enum bt_err err =
		text ? bt_db_query_take(db, &stmts[ST_MESSAGE], 4, pm, &r)
		     : BT_ENOMEM;
	free(text);
	*fresh = err == BT_OK && PQntuples(r) == 1;
	PQclear(r);
	const char *rec = m->kind == CEB_ORDER ? "Order" : "Inventory";
	const char *root =
		m->kind == CEB_ORDER ? "CEB311Message" : "CEB621Message";
	for (size_t i = 0; err == BT_OK && *fresh && i < m->nrecords; i++) {
		char path[120];
		snprintf(path, sizeof(path), "/%s/%s[%zu]", root, rec, i + 1);
		err = apply_record(db, ent, m, &m->records[i], path, j);
	}
	return err;
}

/* The guid attribute of a message we could not parse, for the log. */
static void guess_guid(const char *xml, size_t len, char out[65])
{
	out[0] = '\0';
	const char *g = bt_memfind(xml, len < 4096 ? len : 4096, "guid=\"");
	if (g == NULL)
		return;
	g += 6;
	size_t n = 0;
	while (n < 64 && (size_t)(g + n - xml) < len && g[n] != '"')
		n++;
	memcpy(out, g, n);
	out[n] = '\0';
	if (!bt_text_ok(out, 1, 64))
		out[0] = '\0';
}

/* The receipt of a message accepted before; refused if another
 * enterprise sent that guid. */
static enum bt_err resent(struct bt_db *db, long long ent,
			  const struct ceb_message *m,
			  struct trace_declare_result *out)
{
	const char *pg[] = {m->guid};
	PGresult *seen = NULL;
	enum bt_err err = bt_db_query_take(db, &stmts[ST_SEEN], 1, pg, &seen);
	if (err != BT_OK)
		return err;
	if (PQntuples(seen) == 1 && bt_db_int(seen, 0, 0) == ent) {
		out->receipt = json_loads(bt_db_text(seen, 0, 1), 0, NULL);
		out->accepted = out->resent = true;
		err = bt_db_run(db, &stmts[ST_RESENT], 1, pg, NULL);
	} else {
		bt_strlcpy(out->error.path, "/@guid", sizeof(out->error.path));
		bt_strlcpy(out->error.rule,
			   "this guid was used by another enterprise's message",
			   sizeof(out->error.rule));
		out->receipt = trace_receipt_rejected(
			m->guid, trace_receipt_kind(m->kind), out->error.path,
			out->error.rule);
	}
	PQclear(seen);
	return err;
}

enum bt_err trace_declare(struct bt_db *db, const struct disc_enterprise *ent,
			  const char *xml, size_t len,
			  struct trace_declare_result *out)
{
	memset(out, 0, sizeof(*out));
	long long enterprise_id = ent->id;
	enum bt_err err = trace_customs_codes_load(db);
	if (err != BT_OK)
		return err;
	struct ceb_message m;
	err = ceb_parse(xml, len, trace_customs_code_known, &m, &out->error);
	if (err == BT_ENOMEM)
		return err;
	if (err != BT_OK) {
		char guid[65];
		guess_guid(xml, len, guid);
		const char *kind = bt_memfind(xml, len, "CEB311Message")
					   ? "CEB311"
					   : "CEB621";
		out->receipt = trace_receipt_rejected(
			guid, kind, out->error.path, out->error.rule);
		log_rejection(db, enterprise_id, guid, out->error.path,
			      out->error.rule);
		return BT_OK;
	}
	for (size_t i = 0; i < m.nrecords; i++) {
		if (owns(ent, m.kind, &m.records[i].head))
			continue;
		snprintf(
			out->error.path, sizeof(out->error.path), "/%s/%s[%zu]",
			m.kind == CEB_ORDER ? "CEB311Message" : "CEB621Message",
			m.kind == CEB_ORDER ? "Order" : "Inventory", i + 1);
		snprintf(out->error.rule, sizeof(out->error.rule),
			 "none of ebpCode, ebcCode%s is your customs code %s",
			 m.kind == CEB_INVENTORY ? " or agentCode" : "",
			 ent->customs_code);
		out->receipt = trace_receipt_rejected(
			m.guid, trace_receipt_kind(m.kind), out->error.path,
			out->error.rule);
		log_rejection(db, enterprise_id, m.guid, out->error.path,
			      out->error.rule);
		ceb_message_free(&m);
		return BT_OK;
	}
	struct judged j = {0};
	json_t *receipt = NULL;
	bool fresh = false;
	err = bt_db_begin(db);
	if (err == BT_OK)
		err = store(db, ent->id, &m, &j, &receipt, &fresh);
	if (err == BT_OK && !fresh) {
		/* Sent before: the same answer, nothing changes. */
		json_decref(receipt);
		receipt = NULL;
		err = resent(db, ent->id, &m, out);
	}
	if (err == BT_OK)
		err = bt_db_commit(db);
	if (err == BT_OK && fresh) {
		out->accepted = true;
		out->receipt = receipt;
		trace_cache_clear(NULL); /* the next scan sees it */
	} else if (err != BT_OK) {
		bt_db_rollback(db);
		json_decref(receipt);
		json_decref(out->receipt);
		out->receipt = NULL;
		out->accepted = out->resent = false;
		if (err == BT_EINVAL && j.rule) {
			bt_strlcpy(out->error.path, j.path,
				   sizeof(out->error.path));
			bt_strlcpy(out->error.rule, j.rule,
				   sizeof(out->error.rule));
			out->receipt = trace_receipt_rejected(
				m.guid, trace_receipt_kind(m.kind), j.path,
				j.rule);
			log_rejection(db, ent->id, m.guid, j.path, j.rule);
			err = BT_OK;
		}
	}
	ceb_message_free(&m);
	return err;
}

void trace_declare_result_free(struct trace_declare_result *r)
{
	json_decref(r->receipt);
	r->receipt = NULL;
}
