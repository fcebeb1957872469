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

struct export
{
	struct trace_print *print;
	int slot;
	uint32_t batch;
	const char *extension;
	char token[33]; /* ?progress= of the request: what a page polls by */
};

/* The running exports, by slot: whose (0: a free slot) and which, so that
 * the one running for a key can report its progress. */
static pthread_mutex_t exports_lock = PTHREAD_MUTEX_INITIALIZER;
static long long export_keys[EXPORTS_MAX];
static struct export *exports[EXPORTS_MAX]; /* set once it streams */

/* The last exports that ended, one per key (the oldest gives way), so
 * that one too short to be seen running still reports how far it got. */
#define ENDED_MAX 32
static struct ended {
	long long key;
	unsigned long long seq; /* 0: none */
	const char *extension;
	uint64_t done, total;
	uint32_t batch;
	char token[33];
} ended[ENDED_MAX];
static unsigned long long ended_seq;

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

/* A progress token: 1 to 32 letters and digits. */
static bool token_ok(const char *t)
{
	size_t n = strspn(t, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUV"
			     "WXYZ0123456789");
	return n > 0 && n <= 32 && t[n] == '\0';
}

/* Whether an export with token is the one asked for (any when "" ). */
static bool token_match(const char *asked, const char *token)
{
	return asked[0] == '\0' || strcmp(asked, token) == 0;
}

static ssize_t print_stream(void *cls, char *buf, size_t size)
{
	struct export *e = cls;
	return trace_print_read(e->print, buf, size);
}

static void print_close(void *cls)
{
	struct export *e = cls;
	pthread_mutex_lock(&exports_lock); /* no progress read after this */
	if (exports[e->slot] != NULL) {
		struct ended *x = &ended[0];
		for (int i = 0; i < ENDED_MAX; i++) {
			if (ended[i].key == export_keys[e->slot]) {
				x = &ended[i];
				break;
			}
			if (ended[i].seq < x->seq)
				x = &ended[i];
		}
		x->key = export_keys[e->slot];
		x->seq = ++ended_seq;
		x->batch = e->batch;
		x->extension = e->extension;
		memcpy(x->token, e->token, sizeof(x->token));
		trace_print_progress(e->print, &x->done, &x->total);
	}
	export_keys[e->slot] = 0;
	exports[e->slot] = NULL;
	pthread_mutex_unlock(&exports_lock);
	trace_print_close(e->print);
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
	struct export *e = calloc(1, sizeof(*e));
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
	e->batch = b.id;
	e->extension = trace_print_extension(o.format);
	const char *token = bt_req_query(req, "progress");
	bt_strlcpy(e->token, token && token_ok(token) ? token : "",
		   sizeof(e->token));
	pthread_mutex_lock(&exports_lock);
	exports[e->slot] = e;
	pthread_mutex_unlock(&exports_lock);
	bt_reply_stream(req, 200, trace_print_content_type(o.format),
			print_stream, e, print_close);
}

void trace_api_export_progress(struct bt_req *req)
{
	long long key = bt_req_principal(req)->key_id;
	const char *asked = bt_req_query(req, "token");
	if (asked == NULL)
		asked = "";
	else if (!token_ok(asked)) {
		bt_reply_error(req, BT_EINVAL,
			       "token: the progress token the export was "
			       "asked with, 1 to 32 letters and digits");
		return;
	}
	json_t *out = NULL;
	pthread_mutex_lock(&exports_lock);
	for (int i = 0; i < EXPORTS_MAX && out == NULL; i++) {
		const struct export *e = exports[i];
		if (e == NULL || export_keys[i] != key ||
		    !token_match(asked, e->token))
			continue;
		uint64_t done = 0, total = 0;
		trace_print_progress(e->print, &done, &total);
		out = json_pack("{s:b, s:I, s:s, s:I, s:I}", "running", 1,
				"batch", (json_int_t)e->batch, "format",
				e->extension, "done", (json_int_t)done, "total",
				(json_int_t)total);
	}
	const struct ended *last = NULL;
	for (int i = 0; i < ENDED_MAX && out == NULL; i++)
		if (ended[i].seq > 0 && ended[i].key == key &&
		    token_match(asked, ended[i].token) &&
		    (last == NULL || ended[i].seq > last->seq))
			last = &ended[i];
	if (out == NULL && last != NULL)
		out = json_pack("{s:b, s:{s:I, s:s, s:I, s:I}}", "running", 0,
				"last", "batch", (json_int_t)last->batch,
				"format", last->extension, "done",
				(json_int_t)last->done, "total",
				(json_int_t)last->total);
	pthread_mutex_unlock(&exports_lock);
	bt_reply_json(req, 200, out ? out : json_pack("{s:b}", "running", 0));
}
