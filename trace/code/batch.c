/* batch.c: issuing batches and exporting their codes. */
#include "batch.h"

#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/clock.h"
#include "trace/code/product.h"

enum {
	ST_INSERT,
	ST_GET,
	ST_FIND,
	ST_LIST,
};

#define COLUMNS                                                                \
	"id, enterprise_id, product_id, gtin, coalesce(lot, ''), "             \
	"coalesce(expiry::text, ''), count, key_version, "                     \
	"to_char(created_at, 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

static const struct bt_stmt stmts[] = {
	[ST_INSERT] =
		{"trace.batch_insert",
		 "INSERT INTO batch (enterprise_id, product_id, gtin, lot, "
		 "expiry, count, key_version) VALUES ($1, $2, $3, $4, $5, "
		 "$6, $7) RETURNING id, "
		 "to_char(created_at, 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"},
	[ST_GET] = {"trace.batch_get",
		    "SELECT " COLUMNS " FROM batch WHERE id = $1"},
	[ST_FIND] = {"trace.batch_find",
		     "SELECT " COLUMNS " FROM batch WHERE enterprise_id = $1 "
		     "AND gtin = $2 AND coalesce(lot, '') = $3 "
		     "ORDER BY id DESC LIMIT 1"},
	/* An enterprise's latest batches, with how much of each is bound
	 * to declarations (what scans as "not declared" otherwise). */
	[ST_LIST] =
		{"trace.batch_list",
		 "SELECT coalesce(json_agg(x ORDER BY x.id DESC), '[]') FROM "
		 "(SELECT b.id, b.gtin, nullif(b.lot, '') AS lot, "
		 "b.expiry::text AS expiry, b.count, to_char(b.created_at, "
		 "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS created_at, "
		 "p.name_zh, p.name_en, (SELECT coalesce(sum(n.end_idx - "
		 "n.first_idx), 0) FROM binding n WHERE n.batch_id = b.id) "
		 "AS bound FROM batch b JOIN product p ON p.id = "
		 "b.product_id WHERE b.enterprise_id = $1 ORDER BY b.id DESC "
		 "LIMIT 100) x"},
};

enum bt_err trace_batch_issue(struct bt_db *db, long long enterprise_id,
			      const struct trace_batch_request *req,
			      struct trace_batch *out, const char **reason)
{
	memset(out, 0, sizeof(*out));
	if (req->gtin == NULL ||
	    trace_gtin_normalize(req->gtin, out->gtin, reason) != BT_OK) {
		if (req->gtin == NULL)
			*reason = "the batch needs the product's GTIN";
		return BT_EINVAL;
	}
	if (req->count < 1 || req->count > TRACE_BATCH_COUNT_MAX) {
		*reason = "count must be between 1 and 100000000 codes";
		return BT_EINVAL;
	}
	const char *lot = req->lot && *req->lot ? req->lot : NULL;
	if (lot && !trace_cset82_valid(lot, TRACE_AI_MAX)) {
		*reason = "the lot must be 1 to 20 characters of GS1 character "
			  "set 82 (letters, digits and !\"%&'()*+,-./:;<=>?_)";
		return BT_EINVAL;
	}
	const char *expiry = req->expiry && *req->expiry ? req->expiry : NULL;
	if (expiry && !trace_date_valid(expiry)) {
		*reason = "expiry must be a date written YYYY-MM-DD";
		return BT_EINVAL;
	}
	struct trace_product p;
	enum bt_err err = trace_product_get(db, out->gtin, &p);
	if (err == BT_ENOTFOUND) {
		*reason = "no product with this GTIN is registered; register "
			  "it first";
		return err;
	}
	if (err != BT_OK)
		return err;
	if (p.enterprise_id != enterprise_id) {
		*reason = "this GTIN belongs to another enterprise";
		return BT_EFORBIDDEN;
	}
	out->enterprise_id = enterprise_id;
	out->product_id = p.id;
	out->count = (uint32_t)req->count;
	out->key_version = bt_keys_serial_current(trace_keys());
	bt_strlcpy(out->lot, lot ? lot : "", sizeof(out->lot));
	bt_strlcpy(out->expiry, expiry ? expiry : "", sizeof(out->expiry));

	char ent[24], prod[24], count[16], version[8];
	snprintf(ent, sizeof(ent), "%lld", enterprise_id);
	snprintf(prod, sizeof(prod), "%lld", p.id);
	snprintf(count, sizeof(count), "%u", out->count);
	snprintf(version, sizeof(version), "%u", out->key_version);
	const char *params[] = {ent,	prod,  out->gtin, lot,
				expiry, count, version};
	PGresult *r = NULL;
	err = bt_db_query_take(db, &stmts[ST_INSERT], 7, params, &r);
	if (err == BT_OK) {
		out->id = (uint32_t)bt_db_int(r, 0, 0);
		bt_strlcpy(out->created_at, bt_db_text(r, 0, 1),
			   sizeof(out->created_at));
	} else if (err == BT_EINVAL) {
		*reason = "the batch was refused by a database check";
	}
	PQclear(r);
	return err;
}

static enum bt_err read_one(struct bt_db *db, const struct bt_stmt *stmt, int n,
			    const char *const *params, struct trace_batch *out)
{
	PGresult *r = NULL;
	enum bt_err err = bt_db_query_take(db, stmt, n, params, &r);
	if (err == BT_OK && PQntuples(r) != 1)
		err = BT_ENOTFOUND;
	if (err == BT_OK) {
		memset(out, 0, sizeof(*out));
		out->id = (uint32_t)bt_db_int(r, 0, 0);
		out->enterprise_id = bt_db_int(r, 0, 1);
		out->product_id = bt_db_int(r, 0, 2);
		bt_strlcpy(out->gtin, bt_db_text(r, 0, 3), sizeof(out->gtin));
		bt_strlcpy(out->lot, bt_db_text(r, 0, 4), sizeof(out->lot));
		bt_strlcpy(out->expiry, bt_db_text(r, 0, 5),
			   sizeof(out->expiry));
		out->count = (uint32_t)bt_db_int(r, 0, 6);
		out->key_version = (unsigned)bt_db_int(r, 0, 7);
		bt_strlcpy(out->created_at, bt_db_text(r, 0, 8),
			   sizeof(out->created_at));
	}
	PQclear(r);
	return err;
}

enum bt_err trace_batch_get(struct bt_db *db, uint32_t id,
			    struct trace_batch *out)
{
	char key[16];
	snprintf(key, sizeof(key), "%u", id);
	const char *params[] = {key};
	return read_one(db, &stmts[ST_GET], 1, params, out);
}

enum bt_err trace_batch_find(struct bt_db *db, long long enterprise_id,
			     const char *gtin, const char *lot,
			     struct trace_batch *out)
{
	char ent[24];
	snprintf(ent, sizeof(ent), "%lld", enterprise_id);
	const char *params[] = {ent, gtin, lot};
	return read_one(db, &stmts[ST_FIND], 3, params, out);
}

json_t *trace_batch_json(const struct trace_batch *b)
{
	json_t *j = json_pack("{s:I, s:s, s:I, s:i, s:s}", "id",
			      (json_int_t)b->id, "gtin", b->gtin, "count",
			      (json_int_t)b->count, "key_version",
			      (int)b->key_version, "created_at", b->created_at);
	json_object_set_new(j, "lot",
			    b->lot[0] ? json_string(b->lot) : json_null());
	json_object_set_new(j, "expiry",
			    b->expiry[0] ? json_string(b->expiry)
					 : json_null());
	char first[256];
	if (trace_code_uri(b, 0, first, sizeof(first)) > 0)
		json_object_set_new(j, "first_code", json_string(first));
	return j;
}

size_t trace_code_uri(const struct trace_batch *b, uint32_t index, char *buf,
		      size_t size)
{
	const uint8_t *key = bt_keys_serial(trace_keys(), b->key_version);
	if (key == NULL || index >= b->count)
		return 0;
	struct trace_code code = {b->id, index, b->key_version};
	char serial[TRACE_SERIAL_MAX + 1];
	trace_serial_encode(&code, b->gtin, key, serial);
	return trace_dl_format(buf, size, trace_public_url(), b->gtin, b->lot,
			       serial);
}

enum bt_err trace_export_init(struct trace_export *ex,
			      const struct trace_batch *b, uint32_t from,
			      uint32_t to, enum trace_export_format format,
			      const char **reason)
{
	memset(ex, 0, sizeof(*ex));
	if (from >= to || to > b->count) {
		*reason =
			"the range must satisfy 0 <= from < to <= the batch's "
			"count";
		return BT_EINVAL;
	}
	ex->batch = *b;
	ex->key = bt_keys_serial(trace_keys(), b->key_version);
	if (ex->key == NULL) {
		*reason = "the key this batch was issued under is missing "
			  "from the key file";
		return BT_EINTERNAL;
	}
	ex->format = format;
	ex->next = from;
	ex->end = to;
	/* Everything before the serial is the same for every code. */
	size_t n = trace_dl_format(ex->prefix, sizeof(ex->prefix),
				   trace_public_url(), b->gtin, b->lot, "X");
	if (n == 0) {
		*reason = "the public URL is too long";
		return BT_EINVAL;
	}
	ex->prefix_len = n - 1;
	return BT_OK;
}

size_t trace_export_fill(struct trace_export *ex, char *buf, size_t size)
{
	size_t at = 0;
	if (ex->format == TRACE_EXPORT_CSV && !ex->header_done) {
		static const char header[] = "index,serial,uri\n";
		memcpy(buf, header, sizeof(header) - 1);
		at = sizeof(header) - 1;
		ex->header_done = true;
	}
	/* The longest line: index (9) + 2 commas + serial twice + prefix. */
	size_t longest = ex->prefix_len + (size_t)2 * TRACE_SERIAL_MAX + 16;
	struct trace_code code = {ex->batch.id, 0, ex->batch.key_version};
	while (ex->next < ex->end && at + longest <= size) {
		code.index = ex->next++;
		char serial[TRACE_SERIAL_MAX + 1];
		unsigned sl = trace_serial_encode(&code, ex->batch.gtin,
						  ex->key, serial);
		if (ex->format == TRACE_EXPORT_CSV) {
			int n = snprintf(buf + at, size - at, "%u,%s,",
					 code.index, serial);
			at += (size_t)n;
		}
		memcpy(buf + at, ex->prefix, ex->prefix_len);
		at += ex->prefix_len;
		memcpy(buf + at, serial, sl);
		at += sl;
		buf[at++] = '\n';
	}
	return at;
}

/* Handlers */

static json_t *batch_view(const struct trace_batch *b)
{
	json_t *j = trace_batch_json(b);
	char link[64];
	snprintf(link, sizeof(link), "/api/v1/batches/%u/codes", b->id);
	json_object_set_new(j, "codes", json_string(link));
	return j;
}

void trace_api_batch_create(struct bt_req *req)
{
	static const char *const allowed[] = {"gtin", "count", "lot", "expiry",
					      NULL};
	long long ent = bt_req_principal(req)->enterprise_id;
	json_t *body = bt_req_json_body(req);
	if (body == NULL)
		return;
	struct trace_batch_request r = {0};
	if (bt_json_only(req, body, allowed) &&
	    bt_json_opt_string(req, body, "gtin", &r.gtin) &&
	    bt_json_req_integer(req, body, "count", &r.count) &&
	    bt_json_opt_string(req, body, "lot", &r.lot) &&
	    bt_json_opt_string(req, body, "expiry", &r.expiry)) {
		struct bt_db *db = bt_req_db(req);
		struct trace_batch b;
		const char *reason = NULL;
		if (db != NULL) {
			enum bt_err err =
				trace_batch_issue(db, ent, &r, &b, &reason);
			if (err != BT_OK)
				bt_reply_error(req, err, reason);
			else
				bt_reply_json(req, 201, batch_view(&b));
		}
	}
	json_decref(body);
}

bool trace_batch_load(struct bt_req *req, struct trace_batch *b)
{
	long long id;
	if (!bt_req_id(req, "a batch", TRACE_BATCH_ID_MAX, &id))
		return false;
	struct bt_db *db = bt_req_db(req);
	if (db == NULL)
		return false;
	enum bt_err err = trace_batch_get(db, (uint32_t)id, b);
	const struct bt_principal *who = bt_req_principal(req);
	if (err == BT_OK && who->role == BT_ROLE_ENTERPRISE &&
	    who->enterprise_id != b->enterprise_id)
		err = BT_ENOTFOUND; /* do not reveal others' batches */
	if (err != BT_OK) {
		bt_reply_error(req, err,
			       err == BT_ENOTFOUND ? "no such batch of yours"
						   : NULL);
		return false;
	}
	return true;
}

void trace_api_batch_get(struct bt_req *req)
{
	struct trace_batch b;
	if (trace_batch_load(req, &b))
		bt_reply_json(req, 200, batch_view(&b));
}

void trace_api_batch_list(struct bt_req *req)
{
	bt_reply_own_json(req, &stmts[ST_LIST]);
}
