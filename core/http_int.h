/* http_int.h: what the files of the HTTP server share and nothing else
 * includes: the server and request structures. */
#ifndef BT_HTTP_INT_H
#define BT_HTTP_INT_H

#include <arpa/inet.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <time.h>

#include "buf.h"
#include "http.h"

#define MAX_SEGMENTS	16
#define MAX_PARAMS	8
#define MAX_HEADERS	8
#define MAX_FORM_FIELDS 16 /* fields of a form body that are read */
/* Bodies up to this many times the limit are read and dropped before the
 * 413 is sent; larger ones are cut off at once. */
#define DRAIN_FACTOR	8ull
#define TOO_BIG_MESSAGE "the request body is over the size limit"

#define NSTATUS	 23 /* the statuses counted, and "other" */
#define NBUCKETS 13 /* latency buckets, and +Inf */

struct route_metrics {
	_Atomic uint64_t by_status[NSTATUS];
	_Atomic uint64_t by_bucket[NBUCKETS];
	_Atomic uint64_t count;
	_Atomic uint64_t sum_us;
};

struct compiled_route {
	const struct bt_route *route;
	char *copy;
	const char *seg[MAX_SEGMENTS]; /* literal, or NULL for a parameter */
	const char *param[MAX_SEGMENTS];
	int nseg;
	bool rest; /* the last parameter, {name*}, takes the rest of the path */
};

/* A connection as the deadline reaper sees it. MHD's own timeout restarts
 * on every byte, so a client that sends a byte every few seconds could hold
 * a connection for ever; these deadlines do not restart. */
enum conn_phase {
	PHASE_HEAD,    /* waiting for a complete request head */
	PHASE_BODY,    /* head read, receiving the body */
	PHASE_SERVING, /* ours to answer: no deadline */
	PHASE_CUT,     /* shut down by the reaper */
};

struct conn_watch {
	int fd;
	_Atomic int phase;
	_Atomic long long since_ms;
	struct conn_watch *prev, *next;
};

struct bt_server {
	struct MHD_Daemon *daemon;
	pthread_mutex_t watch_lock;
	struct conn_watch *watched;
	pthread_t reaper;
	_Atomic bool reaping;
	bool reaper_started;
	_Atomic long parked;	 /* requests suspended, not yet resumed */
	struct bt_pool *workers; /* runs the BT_POOLED routes' handlers */
	struct compiled_route *routes;
	size_t nroutes;
	struct route_metrics *metrics; /* nroutes + 1: the last is "none" */
	struct bt_http_options opt;
};

struct header {
	char *name;
	char *value;
};

/* A JSON reply taken instead of sent (bt_req_call_json). */
struct bt_capture {
	unsigned status;
	json_t *reply;
};

struct bt_req {
	struct bt_server *srv;
	struct MHD_Connection *conn;
	char *uri;  /* raw request target */
	char *path; /* raw path, before '?' */
	const char *method;
	const char *pname[MAX_PARAMS];
	char *pvalue[MAX_PARAMS];
	struct bt_buf body;
	size_t received;
	size_t max_body; /* the route's limit, or the server's */
	struct bt_principal principal;
	const char *lang;
	struct MHD_Response *resp;
	struct header headers[MAX_HEADERS];
	struct timespec start;
	bt_continuation cont; /* set while parked */
	void *cont_data;
	struct bt_capture *capture; /* set during bt_req_call */
	const char *call_type;	    /* its body's Content-Type, or NULL */
	char *form_store;
	const char *form_name[MAX_FORM_FIELDS];
	const char *form_value[MAX_FORM_FIELDS];
	long route; /* index, or -1 */
	int nparams;
	int wants_json; /* -1 until asked */
	unsigned status;
	int nheaders;
	int nform;
	char ip[INET6_ADDRSTRLEN];
	char csrf[33]; /* the session's, when signed in by cookie */
	struct conn_watch *watch;
	bool uri_too_long;
	bool started;
	bool queued;
	bool body_too_big;
	bool by_session;
	bool method_mismatch; /* routing found the path, not the method */
	bool bad_escape;
	bool form_parsed;
};

/* http_route.c */
enum bt_err http_route_compile(const struct bt_route *r,
			       struct compiled_route *c);
/* Matches req->path against the server's routes; sets req->route (or -1),
 * the parameters, and the two flags. */
void http_route_match(struct bt_req *req, bool *method_mismatch,
		      bool *bad_escape);
/* http_auth.c: finds who makes the request; false after a reply. */
bool http_authorize(struct bt_req *req, const struct bt_route *route);
/* http_metrics.c: counts a finished request in its route's metrics. */
void http_metrics_count(struct route_metrics *m, unsigned status, double secs);

#endif
