/* print_api.c: print files over HTTP (GET /api/v1/batches/{id}/codes),
 * streamed as a worker renders them, with bounds on how many run. */
#include "print_api.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "trace/code/batch.h"
#include "trace/code/print.h"

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
	struct trace_batch b;
	if (!trace_batch_load(req, &b))
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
	trace_print_title(bt_req_db(req), &b, &o);
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
