/* http_metrics.c: Prometheus metrics of the HTTP server: requests by
 * route and status, and a latency histogram per route. */
#include "http_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const unsigned statuses[] = {200, 201, 204, 206, 301, 302, 303, 304,
				    307, 400, 401, 403, 404, 405, 409, 413,
				    414, 415, 422, 429, 500, 503};
/* Latency histogram upper bounds, seconds. */
static const double buckets[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
				 0.05,	 0.1,	0.25,	0.5,   1,    2.5};
_Static_assert(sizeof(statuses) / sizeof(statuses[0]) + 1 == NSTATUS,
	       "NSTATUS counts the statuses and other");
_Static_assert(sizeof(buckets) / sizeof(buckets[0]) + 1 == NBUCKETS,
	       "NBUCKETS counts the buckets and +Inf");

static size_t status_index(unsigned status)
{
	for (size_t i = 0; i < NSTATUS - 1; i++)
		if (statuses[i] == status)
			return i;
	return NSTATUS - 1;
}

void http_metrics_count(struct route_metrics *m, unsigned status, double secs)
{
	atomic_fetch_add(&m->by_status[status_index(status)], 1);
	size_t b = 0;
	while (b < NBUCKETS - 1 && secs > buckets[b])
		b++;
	atomic_fetch_add(&m->by_bucket[b], 1);
	atomic_fetch_add(&m->count, 1);
	atomic_fetch_add(&m->sum_us, (uint64_t)(secs * 1e6));
}

/* Metrics. */

void bt_http_metrics(struct bt_req *req)
{
	struct bt_server *srv = req->srv;
	struct bt_buf b = BT_BUF_INIT;
	bt_buf_puts(&b, "# HELP bondtrace_http_requests_total HTTP requests "
			"by route and status.\n"
			"# TYPE bondtrace_http_requests_total counter\n");
	for (size_t r = 0; r <= srv->nroutes; r++) {
		const char *name =
			r < srv->nroutes ? srv->routes[r].route->name : "none";
		for (size_t s = 0; s < NSTATUS; s++) {
			uint64_t v = atomic_load(&srv->metrics[r].by_status[s]);
			if (v == 0)
				continue;
			char status[16] = "other";
			if (s < NSTATUS - 1)
				snprintf(status, sizeof(status), "%u",
					 statuses[s]);
			bt_buf_printf(
				&b,
				"bondtrace_http_requests_total{route=\"%s\","
				"status=\"%s\"} %llu\n",
				name, status, (unsigned long long)v);
		}
	}
	bt_buf_puts(&b,
		    "# HELP bondtrace_http_request_duration_seconds Time from "
		    "request line to response end.\n"
		    "# TYPE bondtrace_http_request_duration_seconds "
		    "histogram\n");
	for (size_t r = 0; r <= srv->nroutes; r++) {
		const struct route_metrics *m = &srv->metrics[r];
		uint64_t count = atomic_load(&m->count);
		if (count == 0)
			continue;
		const char *name =
			r < srv->nroutes ? srv->routes[r].route->name : "none";
		uint64_t cum = 0;
		for (size_t k = 0; k < NBUCKETS; k++) {
			cum += atomic_load(&m->by_bucket[k]);
			char le[16] = "+Inf";
			if (k < NBUCKETS - 1)
				snprintf(le, sizeof(le), "%g", buckets[k]);
			bt_buf_printf(&b,
				      "bondtrace_http_request_duration_seconds_"
				      "bucket{route=\"%s\",le=\"%s\"} %llu\n",
				      name, le, (unsigned long long)cum);
		}
		bt_buf_printf(&b,
			      "bondtrace_http_request_duration_seconds_sum{"
			      "route=\"%s\"} %.6f\n"
			      "bondtrace_http_request_duration_seconds_count{"
			      "route=\"%s\"} %llu\n",
			      name, (double)atomic_load(&m->sum_us) / 1e6, name,
			      (unsigned long long)count);
	}
	size_t len = b.len;
	char *text = bt_buf_steal(&b);
	if (text == NULL) {
		bt_reply_error(req, BT_ENOMEM, NULL);
		return;
	}
	bt_reply_take(req, 200, "text/plain; version=0.0.4", text, len);
}
