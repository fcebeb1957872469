/* trace_api.c: thin handlers: parse, call the trace module, reply. */
#include "trace_api.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/db.h"
#include "disclosure/enterprise.h"
#include "trace/code/batch.h"
#include "trace/code/print.h"
#include "trace/code/product.h"

struct bt_db *trace_api_db(struct bt_req *req)
{
	struct bt_db *db = NULL;
	enum bt_err err = bt_db_thread(&db);
	if (err != BT_OK) {
		bt_reply_error(
			req, err,
			"the database is unavailable; try again shortly");
		return NULL;
	}
	return db;
}

static bool require_enterprise(struct bt_req *req, long long *enterprise_id)
{
	const struct bt_principal *who = bt_req_principal(req);
	if (who->role != BT_ROLE_ENTERPRISE) {
		bt_reply_error(req, BT_EFORBIDDEN,
			       "only an enterprise's API key can do this");
		return false;
	}
	*enterprise_id = who->enterprise_id;
	return true;
}

/* Copies an optional string member into dst; false after a 400 reply if
 * it is not a string or does not fit. */
static bool copy_field(struct bt_req *req, const json_t *body, const char *key,
		       char *dst, size_t size)
{
	const char *v;
	if (!bt_json_opt_string(req, body, key, &v))
		return false;
	if (bt_strlcpy(dst, v ? v : "", size) >= size) {
		char msg[128];
		snprintf(msg, sizeof(msg), "'%s' is too long", key);
		bt_reply_error(req, BT_EINVAL, msg);
		return false;
	}
	return true;
}

static void product_store(struct bt_req *req, struct trace_product *p)
{
	struct bt_db *db = trace_api_db(req);
	if (db == NULL)
		return;
	const char *reason = NULL;
	long long id = 0;
	enum bt_err err = trace_product_add(db, p, &id, &reason);
	if (err != BT_OK) {
		bt_reply_error(req, err, reason);
		return;
	}
	char gtin14[TRACE_GTIN_LEN + 1];
	trace_gtin_normalize(p->gtin, gtin14, &reason);
	err = trace_product_get(db, gtin14, p);
	if (err != BT_OK)
		bt_reply_error(req, err, NULL);
	else
		bt_reply_json(req, 201, trace_product_json(p));
}

void trace_api_product_create(struct bt_req *req)
{
	static const char *const allowed[] = {
		"gtin",		  "name_zh",  "name_en", "brand",
		"origin_country", "category", NULL};
	long long ent;
	if (!require_enterprise(req, &ent))
		return;
	json_t *body = bt_req_json_body(req);
	if (body == NULL)
		return;
	struct trace_product p;
	memset(&p, 0, sizeof(p));
	p.enterprise_id = ent;
	if (bt_json_only(req, body, allowed) &&
	    copy_field(req, body, "gtin", p.gtin, sizeof(p.gtin)) &&
	    copy_field(req, body, "name_zh", p.name_zh, sizeof(p.name_zh)) &&
	    copy_field(req, body, "name_en", p.name_en, sizeof(p.name_en)) &&
	    copy_field(req, body, "brand", p.brand, sizeof(p.brand)) &&
	    copy_field(req, body, "origin_country", p.origin_country,
		       sizeof(p.origin_country)) &&
	    copy_field(req, body, "category", p.category, sizeof(p.category))) {
		product_store(req, &p);
	}
	json_decref(body);
}

void trace_api_product_list(struct bt_req *req)
{
	long long ent;
	if (!require_enterprise(req, &ent))
		return;
	struct bt_db *db = trace_api_db(req);
	if (db == NULL)
		return;
	json_t *list = NULL;
	enum bt_err err = trace_product_list(db, ent, &list);
	if (err != BT_OK) {
		bt_reply_error(req, err, NULL);
		return;
	}
	bt_reply_json(req, 200, json_pack("{s:o}", "products", list));
}

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
	long long ent;
	if (!require_enterprise(req, &ent))
		return;
	json_t *body = bt_req_json_body(req);
	if (body == NULL)
		return;
	struct trace_batch_request r = {0};
	if (bt_json_only(req, body, allowed) &&
	    bt_json_opt_string(req, body, "gtin", &r.gtin) &&
	    bt_json_req_integer(req, body, "count", &r.count) &&
	    bt_json_opt_string(req, body, "lot", &r.lot) &&
	    bt_json_opt_string(req, body, "expiry", &r.expiry)) {
		struct bt_db *db = trace_api_db(req);
		struct trace_batch b;
		const char *reason = NULL;
		enum bt_err err =
			db ? trace_batch_issue(db, ent, &r, &b, &reason)
			   : BT_OK;
		if (db && err != BT_OK)
			bt_reply_error(req, err, reason);
		else if (db)
			bt_reply_json(req, 201, batch_view(&b));
	}
	json_decref(body);
}

/* Reads the batch named in the path and checks the caller may see it. */
static bool load_batch(struct bt_req *req, struct trace_batch *b)
{
	long long id;
	if (!bt_parse_ll(bt_req_param(req, "id"), 1, TRACE_BATCH_ID_MAX, &id)) {
		bt_reply_error(req, BT_EINVAL,
			       "a batch id is a positive number");
		return false;
	}
	struct bt_db *db = trace_api_db(req);
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
	if (load_batch(req, &b))
		bt_reply_json(req, 200, batch_view(&b));
}

/* Print exports over HTTP share the cores with the resolver: each runs
 * one worker thread, at most EXPORTS_MAX run at once, and one per API key
 * (the CLI, for big runs, has no such bounds). */
#define EXPORTS_MAX 2

static pthread_mutex_t exports_lock = PTHREAD_MUTEX_INITIALIZER;
static long long export_keys[EXPORTS_MAX]; /* 0: a free slot */

struct export
{
	struct trace_print *print;
	int slot;
};

/* A slot for key, or -1 with *reason (and *status 429 or 503). */
static int export_slot(long long key, unsigned *status, const char **reason)
{
	int slot = -1;
	bool own = false;
	pthread_mutex_lock(&exports_lock);
	for (int i = 0; i < EXPORTS_MAX; i++) {
		own = own || export_keys[i] == key;
		if (export_keys[i] == 0 && slot < 0)
			slot = i;
	}
	if (own || slot < 0) {
		slot = -1;
	} else {
		export_keys[slot] = key;
	}
	pthread_mutex_unlock(&exports_lock);
	if (own) {
		*status = 429;
		*reason = "an export of yours is still running; wait for it to "
			  "finish";
	} else if (slot < 0) {
		*status = 503;
		*reason = "the server is exporting other print files; try "
			  "again in a minute";
	}
	return slot;
}

static ssize_t print_stream(void *cls, char *buf, size_t size)
{
	struct export *e = cls;
	return trace_print_read(e->print, buf, size);
}

static void print_close(void *cls)
{
	struct export *e = cls;
	trace_print_close(e->print);
	pthread_mutex_lock(&exports_lock);
	export_keys[e->slot] = 0;
	pthread_mutex_unlock(&exports_lock);
	free(e);
}

static const char *query_option(void *ctx, const char *name)
{
	return bt_req_query(ctx, name);
}

void trace_api_batch_codes(struct bt_req *req)
{
	/* Printable codes are the enterprise's alone: a regulator sees a
	 * batch's facts (GET /api/v1/batches/{id}), never its serials. */
	long long ent;
	struct trace_batch b;
	if (!require_enterprise(req, &ent) || !load_batch(req, &b))
		return;
	long long from = 0, to = b.count;
	const char *f = bt_req_query(req, "from"), *t = bt_req_query(req, "to");
	if ((f && !bt_parse_ll(f, 0, TRACE_BATCH_COUNT_MAX, &from)) ||
	    (t && !bt_parse_ll(t, 0, TRACE_BATCH_COUNT_MAX, &to))) {
		bt_reply_error(req, BT_EINVAL,
			       "from and to are code indexes (whole numbers)");
		return;
	}
	struct trace_print_options o;
	const char *reason = NULL;
	if (trace_print_options_parse(&o, query_option, req, &reason) !=
	    BT_OK) {
		bt_reply_error(req, BT_EINVAL, reason);
		return;
	}
	const char *accept = bt_req_header(req, "Accept");
	if (bt_req_query(req, "format") == NULL && accept &&
	    strstr(accept, "text/csv"))
		o.format = TRACE_PRINT_CSV;
	o.threads = 1;
	unsigned status = 0;
	struct export *e = malloc(sizeof(*e));
	if (e == NULL) {
		bt_reply_error(req, BT_ENOMEM, NULL);
		return;
	}
	e->slot = export_slot(bt_req_principal(req)->key_id, &status, &reason);
	if (e->slot < 0) {
		free(e);
		bt_reply_header(req, "Retry-After",
				status == 429 ? "10" : "30");
		bt_reply_error_status(req, status,
				      status == 429 ? "too_many_requests"
						    : "unavailable",
				      reason);
		return;
	}
	enum bt_err err = trace_print_open(&b, (uint32_t)from, (uint32_t)to, &o,
					   &e->print, &reason);
	if (err != BT_OK) {
		e->print = NULL;
		print_close(e);
		bt_reply_error(req, err, reason);
		return;
	}
	if (o.format != TRACE_PRINT_URI) {
		char disp[96];
		snprintf(disp, sizeof(disp),
			 "attachment; filename=\"batch-%u.%s\"", b.id,
			 trace_print_extension(o.format));
		bt_reply_header(req, "Content-Disposition", disp);
	}
	bt_reply_stream(req, 200, trace_print_content_type(o.format),
			print_stream, e, print_close);
}
