/* resolve_api.c: the scan path over HTTP: resolve a code, record the scan
 * durably (parking the request while the group commit runs), then answer
 * with the product page, JSON, a GS1 linkset or a redirect. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/render.h"
#include "resolve_api.h"
#include "trace/code/elements.h"
#include "trace/scan/cache.h"
#include "trace/scan/links.h"
#include "trace/scan/resolve.h"
#include "trace/scan/scanlog.h"
#include "trace/trace.h"

struct scan_job {
	struct trace_scan scan;
	struct trace_resolution res;
	struct bt_req *req;
	enum trace_answer answer;
	char link_type[48];
};

static void not_genuine(struct bt_req *req, const char *reason,
			const struct trace_resolution *res)
{
	if (!bt_req_rate(req, BT_RATE_FORGED))
		return; /* probing for serials */
	json_t *view = json_pack("{s:s, s:s, s:s, s:b}", "error", "not_genuine",
				 "message",
				 "this code was not issued by bondtrace; the "
				 "item may not be genuine",
				 "reason", reason, "genuine", 0);
	if (res->dl.gtin[0])
		json_object_set_new(view, "gtin", json_string(res->dl.gtin));
	/* The code as scanned, for the report form. */
	char scanned[600];
	bt_fmt(scanned, sizeof(scanned), "%s%s", trace_public_url(),
	       bt_req_path(req));
	json_object_set_new(view, "scanned", json_string(scanned));
	bt_reply_view(req, 404, "notgenuine", view);
}

/* ISO 8601 UTC and Beijing time (UTC+8, no daylight saving) of t. */
static void format_times(double t, char iso[32], char local[32])
{
	time_t s = (time_t)t;
	struct tm tm;
	gmtime_r(&s, &tm);
	strftime(iso, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
	bt_clock_cn_tm(s, &tm);
	strftime(local, 32, "%Y-%m-%d %H:%M", &tm);
}

static json_t *status_json(const struct trace_status_range *st, double now)
{
	if (st == NULL)
		return json_null();
	char iso[32], local[32];
	format_times(st->effective_at, iso, local);
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:b}", "status",
			 trace_status_name(st->status), "reason", st->reason,
			 "reason_en", st->reason_en, "effective_at",
			 st->effective, "effective_at_local", local, "in_force",
			 st->effective_at <= now);
}

static json_t *reasons_json(const struct trace_judgement *j, const char *lang)
{
	json_t *list = json_array();
	for (unsigned i = 0; i < j->nreasons; i++) {
		char key[64];
		snprintf(key, sizeof(key), "reason.%s", j->reasons[i]);
		json_array_append_new(
			list, json_pack("{s:s, s:s}", "code", j->reasons[i],
					"text", bt_render_text(lang, key)));
	}
	return list;
}

json_t *trace_scan_view(const struct trace_resolution *res,
			const struct trace_scan *scan, const char *lang)
{
	const struct trace_batch *b = &res->info->batch;
	char uri[256], first_iso[32], first_local[32];
	trace_code_uri(b, res->code.index, uri, sizeof(uri));
	format_times(scan->first_at, first_iso, first_local);
	json_t *code = json_pack("{s:s, s:s, s:s, s:I, s:I}", "uri", uri,
				 "gtin", b->gtin, "serial", res->dl.serial,
				 "batch", (json_int_t)b->id, "index",
				 (json_int_t)res->code.index);
	json_object_set_new(code, "lot",
			    b->lot[0] ? json_string(b->lot) : json_null());
	json_object_set_new(code, "expiry",
			    b->expiry[0] ? json_string(b->expiry)
					 : json_null());
	json_t *scans =
		json_pack("{s:I, s:s, s:s}", "count", (json_int_t)scan->count,
			  "first_at", first_iso, "first_at_local", first_local);
	json_object_set_new(scans, "first_region",
			    scan->first_region[0]
				    ? json_string(scan->first_region)
				    : json_null());
	const struct trace_bound_range *bound =
		trace_info_binding(res->info, res->code.index);
	json_t *view = json_pack(
		"{s:b, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:O, s:O}", "genuine",
		1, "verdict", trace_verdict_name(scan->judgement.verdict),
		"reasons", reasons_json(&scan->judgement, lang), "scans", scans,
		"status",
		status_json(trace_info_status(res->info, res->code.index),
			    scan->at),
		"code", code, "product",
		trace_product_json(&res->info->product), "importer",
		disc_enterprise_json(&res->info->importer), "declaration",
		bound ? bound->declaration : json_null(), "provenance",
		res->info->provenance ? res->info->provenance : json_null());
	/* A declared item is insured by the policy in force on its import
	 * date, where a claim goes; one not declared by the policy in force
	 * today, shown while its end D has not passed ("until D"). */
	const json_t *cover = res->info->cover;
	if (bound != NULL) {
		cover = json_object_get(bound->declaration, "cover");
	} else {
		const char *until =
			json_string_value(json_object_get(cover, "until"));
		char today[16];
		struct tm tm;
		bt_clock_cn_tm((time_t)scan->at, &tm);
		strftime(today, sizeof(today), "%Y-%m-%d", &tm);
		if (until == NULL || strcmp(until, today) < 0)
			cover = NULL;
	}
	json_object_set(view, "insurance",
			cover ? (json_t *)cover : json_null());
	json_object_set_new(view, "links",
			    res->info->links ? json_incref(res->info->links)
					     : json_array());
	return view;
}

static void finish(struct bt_req *req, void *data)
{
	struct scan_job *job = data;
	if (job->scan.err != BT_OK) {
		bt_reply_error(req, BT_EUNAVAIL,
			       "the scan could not be recorded; try again");
	} else {
		json_t *view = trace_scan_view(&job->res, &job->scan,
					       bt_req_lang(req));
		trace_links_reply(req, &job->res, job->answer, job->link_type,
				  view);
	}
	trace_resolution_release(&job->res);
	free(job);
}

static void committed(struct trace_scan *scan)
{
	struct scan_job *job = (struct scan_job *)(void *)scan;
	bt_req_resume(job->req);
}

/* Fills the parts of a scan record that come from the request. */
void trace_scan_prepare(struct trace_scan *scan,
			const struct trace_resolution *res, const char *ip,
			const char *user_agent, const char *region,
			const char *channel)
{
	const struct trace_batch_info *info = res->info;
	memset(scan, 0, sizeof(*scan));
	scan->batch = info->batch.id;
	scan->index = res->code.index;
	scan->enterprise_id = info->batch.enterprise_id;
	trace_scan_net_hash(bt_keys_pii(trace_keys()), ip, scan->net);
	trace_scan_viewer_hash(bt_keys_pii(trace_keys()), ip, user_agent,
			       scan->viewer);
	bt_strlcpy(scan->region, region ? region : "", sizeof(scan->region));
	bt_strlcpy(scan->ua_class, trace_ua_class(user_agent),
		   sizeof(scan->ua_class));
	bt_strlcpy(scan->channel, channel, sizeof(scan->channel));
	trace_cache_rules(info->product.category, &scan->rules);
	const struct trace_bound_range *bound =
		trace_info_binding(info, res->code.index);
	scan->undeclared = bound == NULL || bound->withdrawn;
	const struct trace_status_range *st =
		trace_info_status(info, res->code.index);
	if (st != NULL) {
		struct timespec now;
		clock_gettime(CLOCK_REALTIME, &now);
		scan->status = st->status;
		scan->status_in_force =
			st->effective_at <=
			(double)now.tv_sec + (double)now.tv_nsec / 1e9;
	}
}

/* The region a client may send (?region=330200), if valid. */
static bool read_region(struct bt_req *req, const char **region)
{
	*region = bt_req_query(req, "region");
	if (*region != NULL && !trace_region_valid(*region)) {
		bt_reply_error(req, BT_EINVAL,
			       "region must be a six-digit GB/T 2260 code of "
			       "a Chinese province, city or county");
		return false;
	}
	return true;
}

void trace_api_resolve(struct bt_req *req)
{
	if (!bt_req_rate(req, BT_RATE_SCAN))
		return;
	struct scan_job *job = calloc(1, sizeof(*job));
	if (job == NULL) {
		bt_reply_error(req, BT_ENOMEM, NULL);
		return;
	}
	const char *reason = NULL;
	const char *region = NULL;
	struct trace_dl dl;
	enum bt_err err =
		trace_dl_parse_target(bt_req_target(req), &dl, &reason);
	if (err == BT_OK && dl.serial[0] == '\0') {
		bt_reply_error(req, BT_ENOTFOUND,
			       "this address names a product or a lot, not one "
			       "item: a bondtrace code ends in /21/ and its "
			       "serial");
		free(job);
		return;
	}
	if (err == BT_OK)
		err = trace_resolve_check_dl(&dl, &job->res, &reason);
	if (err == BT_EINVAL) {
		bt_reply_error(req, err, reason);
	} else if (err == BT_ENOTFOUND) {
		not_genuine(req, reason, &job->res);
	} else if (trace_links_parse(req, &job->answer, job->link_type,
				     sizeof(job->link_type)) &&
		   read_region(req, &region)) {
		struct bt_db *db = bt_req_db(req);
		err = db ? trace_resolve_lookup(db, &job->res, &reason)
			 : BT_EUNAVAIL;
		if (db && err == BT_ENOTFOUND) {
			not_genuine(req, reason, &job->res);
		} else if (db && err != BT_OK) {
			bt_reply_error(req, err,
				       "the code cannot be checked right now");
		} else if (db && strcmp(bt_req_method(req), "HEAD") == 0) {
			/* Link checkers and chat previews: an answer, and no
			 * scan recorded (libmicrohttpd sends no body). */
			bt_reply_text(req, 200, "text/html; charset=utf-8", "");
		} else if (db) {
			trace_scan_prepare(
				&job->scan, &job->res, bt_req_client_ip(req),
				bt_req_header(req, "User-Agent"), region,
				bt_req_wants_json(req) ? "api" : "web");
			job->req = req;
			job->scan.done = committed;
			bt_req_suspend(req, finish, job);
			trace_scanlog_submit(&job->scan);
			return; /* finish() replies and frees the job */
		}
	}
	trace_resolution_release(&job->res);
	free(job);
}

/* POST /api/v1/resolve {"data": "...", "region"?}: the same resolution as
 * a GET of the code, for DataMatrix and GS1-128 readers. */

static void finish_json(struct bt_req *req, void *data)
{
	struct scan_job *job = data;
	if (job->scan.err != BT_OK)
		bt_reply_error(req, BT_EUNAVAIL,
			       "the scan could not be recorded; try again");
	else
		bt_reply_json(req, 200,
			      trace_scan_view(&job->res, &job->scan,
					      bt_req_lang(req)));
	trace_resolution_release(&job->res);
	free(job);
}

void trace_api_resolve_data(struct bt_req *req)
{
	static const char *const allowed[] = {"data", "region", NULL};
	if (!bt_req_rate(req, BT_RATE_SCAN))
		return;
	json_t *body = bt_req_json_body(req);
	if (body == NULL)
		return;
	const char *data = NULL, *region = NULL;
	struct scan_job *job = NULL;
	struct trace_dl dl;
	const char *reason = NULL;
	if (!bt_json_only(req, body, allowed) ||
	    !bt_json_opt_string(req, body, "data", &data) ||
	    !bt_json_opt_string(req, body, "region", &region))
		goto out;
	if (data == NULL) {
		bt_reply_error(req, BT_EINVAL,
			       "'data' is required: the text read from the "
			       "code");
		goto out;
	}
	if (region != NULL && !trace_region_valid(region)) {
		bt_reply_error(req, BT_EINVAL,
			       "region must be a six-digit GB/T 2260 code");
		goto out;
	}
	job = calloc(1, sizeof(*job));
	if (job == NULL) {
		bt_reply_error(req, BT_ENOMEM, NULL);
		goto out;
	}
	if (trace_elements_parse(data, &dl, &reason) != BT_OK) {
		bt_reply_error(req, BT_EINVAL, reason);
		goto out;
	}
	enum bt_err err = trace_resolve_check_dl(&dl, &job->res, &reason);
	struct bt_db *db = err == BT_OK ? bt_req_db(req) : NULL;
	if (err == BT_OK && db == NULL)
		goto out;
	if (err == BT_OK)
		err = trace_resolve_lookup(db, &job->res, &reason);
	if (err == BT_ENOTFOUND) {
		not_genuine(req, reason, &job->res);
		goto out;
	}
	if (err != BT_OK) {
		bt_reply_error(req, err,
			       "the code cannot be checked right now");
		goto out;
	}
	trace_scan_prepare(&job->scan, &job->res, bt_req_client_ip(req),
			   bt_req_header(req, "User-Agent"), region, "api");
	job->req = req;
	job->scan.done = committed;
	bt_req_suspend(req, finish_json, job);
	trace_scanlog_submit(&job->scan);
	job = NULL; /* finish_json owns it now */
out:
	if (job != NULL) {
		trace_resolution_release(&job->res);
		free(job);
	}
	json_decref(body);
}
