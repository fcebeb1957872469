/* http.c: the server around libmicrohttpd. Each request gets a struct
 * bt_req, made in the URI log callback (so we see the raw, undecoded URI),
 * filled across access-handler calls and freed in the completed callback,
 * which also logs the request and counts it in the metrics. */
#include "http_int.h"

#include <arpa/inet.h>
#include <limits.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#include "buf.h"
#include "clock.h"
#include "crypto.h"
#include "form.h"
#include "limit.h"
#include "log.h"
#include "pool.h"
#include "render.h"

/* Defaults of struct bt_http_options (see http.h). */
#define DEFAULT_MAX_CONNECTIONS	   4096u
#define DEFAULT_PER_IP_CONNECTIONS 256u
#define DEFAULT_HEAD_TIMEOUT_S	   10u
#define DEFAULT_BODY_TIMEOUT_S	   60u
/* libmicrohttpd's per-connection buffer: the request head must fit. */
#define HEAD_MEMORY ((size_t)64 * 1024)
/* libmicrohttpd's own inactivity timeout, behind the reaper's deadlines. */
#define IDLE_TIMEOUT_S 30u

/* The handler pool. A BT_POOLED request parks; a worker runs its handler,
 * which replies, and hands the request back to its HTTP thread to send. */
static void pooled_replied(struct bt_req *req, void *data)
{
	(void)data;
	if (req->resp != NULL)
		return;
	/* The pool was full: nothing ran. */
	bt_reply_header(req, "Retry-After", "1");
	bt_reply_error_status(req, 503, "busy",
			      "the server is busy; try again in a few seconds");
}

/* Counts the requests that may have written, each once it is done and
 * before its reply leaves: see bt_http_write_epoch. */
static _Atomic unsigned long write_epoch;

unsigned long bt_http_write_epoch(void)
{
	return atomic_load(&write_epoch);
}

static void handled(const struct bt_route *route)
{
	if (strcmp(route->method, "GET") != 0 &&
	    strcmp(route->method, "HEAD") != 0)
		atomic_fetch_add(&write_epoch, 1);
}

static void run_pooled(void *arg)
{
	struct bt_req *req = arg;
	const struct bt_route *route = req->srv->routes[req->route].route;
	route->handler(req);
	handled(route);
	if (req->resp == NULL) {
		bt_log_error("handler gave no reply", "route", route->name);
		bt_reply_error(req, BT_EINTERNAL, NULL);
	}
	bt_req_resume(req);
}

/* Answers the request, parks it for later, or hands it to the handler
 * pool; true in that last case, when the request belongs to a worker
 * until it comes back. */
static bool dispatch(struct bt_req *req)
{
	if (req->uri_too_long) {
		bt_reply_error_status(req, 414, "uri_too_long",
				      "the request URI is too long");
		return false;
	}
	bool method_mismatch = req->method_mismatch;
	bool bad_escape = req->bad_escape;
	if (bad_escape) {
		bt_reply_error(req, BT_EINVAL,
			       "the path holds a malformed percent escape");
		return false;
	}
	if (req->route < 0) {
		if (method_mismatch)
			bt_reply_error_status(
				req, 405, "method_not_allowed",
				"this method is not allowed here");
		else
			bt_reply_error(req, BT_ENOTFOUND,
				       "there is no page at this address");
		return false;
	}
	const struct bt_route *route = req->srv->routes[req->route].route;
	if (!http_authorize(req, route))
		return false;
	if (route->pooled) {
		bt_req_suspend(req, pooled_replied, NULL);
		if (bt_pool_submit(req->srv->workers, run_pooled, req) != BT_OK)
			bt_req_resume(req);
		return true;
	}
	route->handler(req);
	handled(route);
	if (req->resp == NULL && req->cont == NULL) {
		bt_log_error("handler gave no reply", "route", route->name);
		bt_reply_error(req, BT_EINTERNAL, NULL);
	}
	return false;
}

/* Deadlines. */

static void watch_set(struct conn_watch *w, enum conn_phase phase)
{
	if (w == NULL)
		return;
	atomic_store(&w->since_ms, bt_clock_mono_ms());
	atomic_store(&w->phase, (int)phase);
}

static void on_connection(void *cls, struct MHD_Connection *conn,
			  void **socket_context,
			  enum MHD_ConnectionNotificationCode code)
{
	struct bt_server *srv = cls;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(
			conn, MHD_CONNECTION_INFO_CONNECTION_FD);
		struct conn_watch *w = calloc(1, sizeof(*w));
		if (w == NULL || ci == NULL) {
			free(w);
			return;
		}
		w->fd = ci->connect_fd;
		watch_set(w, PHASE_HEAD);
		pthread_mutex_lock(&srv->watch_lock);
		w->next = srv->watched;
		if (w->next)
			w->next->prev = w;
		srv->watched = w;
		pthread_mutex_unlock(&srv->watch_lock);
		*socket_context = w;
		return;
	}
	/* Closed: MHD calls this before it closes the socket, and the reaper
	 * shuts sockets down only under the same lock, so it never touches a
	 * descriptor that was already reused. */
	struct conn_watch *w = *socket_context;
	if (w == NULL)
		return;
	pthread_mutex_lock(&srv->watch_lock);
	if (w->prev)
		w->prev->next = w->next;
	else
		srv->watched = w->next;
	if (w->next)
		w->next->prev = w->prev;
	pthread_mutex_unlock(&srv->watch_lock);
	free(w);
	*socket_context = NULL;
}

static void *reaper_loop(void *arg)
{
	struct bt_server *srv = arg;
	long long head_ms = (long long)srv->opt.head_timeout_s * 1000;
	long long body_ms = (long long)srv->opt.body_timeout_s * 1000;
	while (atomic_load(&srv->reaping)) {
		poll(NULL, 0, 250);
		long long now = bt_clock_mono_ms();
		pthread_mutex_lock(&srv->watch_lock);
		for (struct conn_watch *w = srv->watched; w; w = w->next) {
			int phase = atomic_load(&w->phase);
			long long age = now - atomic_load(&w->since_ms);
			if ((phase == PHASE_HEAD && age > head_ms) ||
			    (phase == PHASE_BODY && age > body_ms)) {
				atomic_store(&w->phase, PHASE_CUT);
				shutdown(w->fd, SHUT_RDWR);
			}
		}
		pthread_mutex_unlock(&srv->watch_lock);
	}
	return NULL;
}

/* libmicrohttpd callbacks. */

static void *uri_logger(void *cls, const char *uri, struct MHD_Connection *conn)
{
	struct bt_server *srv = cls;
	struct bt_req *req = calloc(1, sizeof(*req));
	if (req == NULL)
		return NULL;
	clock_gettime(CLOCK_MONOTONIC, &req->start);
	req->srv = srv;
	req->conn = conn;
	req->route = -1;
	req->wants_json = -1;
	const union MHD_ConnectionInfo *sc = MHD_get_connection_info(
		conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	req->watch = sc ? sc->socket_context : NULL;
	size_t n = strlen(uri);
	if (n > srv->opt.max_uri) {
		req->uri_too_long = true;
		n = 0;
	}
	req->uri = strndup(uri, n);
	if (req->uri == NULL) {
		free(req);
		return NULL;
	}
	size_t plen = strcspn(req->uri, "?#");
	req->path = strndup(req->uri, plen);
	if (req->path == NULL || req->path[0] != '/') {
		free(req->path);
		req->path = strdup("/");
	}
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(
		conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(
				AF_INET,
				&((const struct sockaddr_in *)(const void *)sa)
					 ->sin_addr,
				req->ip, sizeof(req->ip));
		else if (sa->sa_family == AF_INET6)
			inet_ntop(
				AF_INET6,
				&((const struct sockaddr_in6 *)(const void *)sa)
					 ->sin6_addr,
				req->ip, sizeof(req->ip));
	}
	return req;
}

static enum MHD_Result queue(struct bt_req *req)
{
	if (req->resp == NULL)
		bt_reply_text(req, 500, "text/plain", "internal error\n");
	if (req->resp == NULL)
		return MHD_NO;
	req->queued = true;
	return MHD_queue_response(req->conn, req->status, req->resp);
}

struct framing {
	int content_lengths;
	const char *first_length;
	bool differ;
	bool chunked;
};

static enum MHD_Result count_framing(void *cls, enum MHD_ValueKind kind,
				     const char *key, const char *value)
{
	(void)kind;
	struct framing *f = cls;
	if (strcasecmp(key, "Content-Length") == 0) {
		if (f->content_lengths++ == 0)
			f->first_length = value;
		else if (value == NULL || f->first_length == NULL ||
			 strcmp(value, f->first_length) != 0)
			f->differ = true;
	} else if (strcasecmp(key, "Transfer-Encoding") == 0) {
		f->chunked = true;
	}
	return MHD_YES;
}

/* A body's length must have one meaning (RFC 9112, section 6.3): both
 * Content-Length and Transfer-Encoding, or two different lengths, let a
 * proxy in front and this server disagree on where the next request
 * starts. Such a request is refused and its connection closed. */
static bool framing_ok(struct bt_req *req)
{
	struct framing f = {0};
	MHD_get_connection_values(req->conn, MHD_HEADER_KIND, count_framing,
				  &f);
	if (!(f.chunked && f.content_lengths > 0) && !f.differ)
		return true;
	bt_reply_header(req, "Connection", "close");
	bt_reply_error(req, BT_EINVAL,
		       "the request gives its body length twice (Content-"
		       "Length with Transfer-Encoding, or two lengths)");
	return false;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
				  const char *url, const char *method,
				  const char *version, const char *upload,
				  size_t *upload_size, void **req_cls)
{
	(void)cls;
	(void)url;
	(void)version;
	(void)conn;
	struct bt_req *req = *req_cls;
	if (req == NULL)
		return MHD_NO;
	if (!req->started) {
		req->started = true;
		req->method = method;
		watch_set(req->watch, PHASE_BODY);
		if (!framing_ok(req))
			return queue(req);
		/* Routing now gives the route's own body limit. */
		http_route_match(req, &req->method_mismatch, &req->bad_escape);
		req->max_body = req->srv->opt.max_body;
		if (req->route >= 0 &&
		    req->srv->routes[req->route].route->max_body > 0)
			req->max_body =
				req->srv->routes[req->route].route->max_body;
		const char *cl = bt_req_header(req, "Content-Length");
		unsigned long long declared = cl ? strtoull(cl, NULL, 10) : 0;
		if (declared > req->max_body)
			req->body_too_big = true;
		/* A body far beyond the limit is refused at once (and the
		 * connection closed); a moderately large one is read and
		 * dropped so that the client gets to read the 413. */
		if (declared > DRAIN_FACTOR * req->max_body) {
			bt_reply_error(req, BT_ETOOBIG, TOO_BIG_MESSAGE);
			return queue(req);
		}
		return MHD_YES; /* answering later keeps the connection alive */
	}
	if (req->queued) {
		*upload_size = 0; /* discard what follows a refused upload */
		return MHD_YES;
	}
	if (*upload_size > 0) {
		req->received += *upload_size;
		if (req->received > req->max_body) {
			req->body_too_big = true;
			bt_buf_free(&req->body);
		}
		if (req->received > DRAIN_FACTOR * req->max_body) {
			*upload_size = 0;
			bt_reply_error(req, BT_ETOOBIG, TOO_BIG_MESSAGE);
			return queue(req);
		}
		if (!req->body_too_big &&
		    bt_buf_append(&req->body, upload, *upload_size) != BT_OK) {
			*upload_size = 0;
			bt_reply_error(req, BT_ENOMEM, NULL);
			return queue(req);
		}
		*upload_size = 0;
		return MHD_YES;
	}
	watch_set(req->watch, PHASE_SERVING);
	if (req->body_too_big) {
		bt_reply_error(req, BT_ETOOBIG, TOO_BIG_MESSAGE);
		return queue(req);
	}
	if (req->cont != NULL) { /* resumed after parking */
		bt_continuation cont = req->cont;
		req->cont = NULL;
		atomic_fetch_sub(&req->srv->parked, 1);
		cont(req, req->cont_data);
		return queue(req);
	}
	if (dispatch(req))
		return MHD_YES; /* a worker has it; it comes back resumed */
	if (req->cont != NULL && req->resp == NULL)
		return MHD_YES; /* parked; the continuation will reply */
	return queue(req);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **req_cls,
			 enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)conn;
	struct bt_req *req = *req_cls;
	if (req == NULL)
		return;
	*req_cls = NULL;
	struct timespec end;
	clock_gettime(CLOCK_MONOTONIC, &end);
	double secs = (double)(end.tv_sec - req->start.tv_sec) +
		      (double)(end.tv_nsec - req->start.tv_nsec) / 1e9;
	struct bt_server *srv = req->srv;
	size_t ri = req->route >= 0 ? (size_t)req->route : srv->nroutes;
	struct route_metrics *m = &srv->metrics[ri];
	unsigned status = req->status ? req->status : 499;
	if (req->method) { /* a request MHD refused itself never started */
		http_metrics_count(m, status, secs);
		enum bt_role role = req->principal.role;
		if (srv->opt.audit && req->route >= 0 && status < 400 &&
		    strcmp(req->method, "GET") != 0 &&
		    strcmp(req->method, "HEAD") != 0 &&
		    (role == BT_ROLE_REGULATOR || role == BT_ROLE_ADMIN ||
		     role == BT_ROLE_INSURER))
			srv->opt.audit(&req->principal, req->method, req->path,
				       srv->routes[req->route].route->name,
				       status);
		if (bt_log_get_level() <= BT_LOG_INFO) {
			char st[16], ms[32];
			snprintf(st, sizeof(st), "%u", status);
			snprintf(ms, sizeof(ms), "%.3f", secs * 1e3);
			bt_log_info(
				"request", "method", req->method, "path",
				req->path, "route",
				req->route >= 0
					? srv->routes[req->route].route->name
					: "-",
				"status", st, "ms", ms, "ip", req->ip,
				"complete",
				toe == MHD_REQUEST_TERMINATED_COMPLETED_OK
					? "yes"
					: "no");
		}
	}
	if (req->watch && atomic_load(&req->watch->phase) != PHASE_CUT)
		watch_set(req->watch, PHASE_HEAD); /* keep-alive: the next */
	if (req->resp)
		MHD_destroy_response(req->resp);
	for (int i = 0; i < req->nparams; i++)
		free(req->pvalue[i]);
	for (int i = 0; i < req->nheaders; i++) {
		free(req->headers[i].name);
		free(req->headers[i].value);
	}
	bt_buf_free(&req->body);
	free(req->form_store);
	free(req->uri);
	free(req->path);
	free(req);
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	char msg[512];
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	vsnprintf(msg, sizeof(msg), fmt, ap);
#pragma GCC diagnostic pop
	size_t n = strlen(msg);
	while (n > 0 && msg[n - 1] == '\n')
		msg[--n] = '\0';
	bt_log_warn("http server", "detail", msg);
}

/* Lifecycle. */

static enum bt_err parse_listen(const char *listen, struct sockaddr_in *sa)
{
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	const char *colon = strrchr(listen, ':');
	if (colon == NULL || colon == listen ||
	    (size_t)(colon - listen) >= INET_ADDRSTRLEN)
		return BT_EINVAL;
	char host[INET_ADDRSTRLEN];
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	char *end = NULL;
	unsigned long port = strtoul(colon + 1, &end, 10);
	if (*end != '\0' || end == colon + 1 || port > 65535)
		return BT_EINVAL;
	if (strcmp(host, "localhost") == 0)
		bt_strlcpy(host, "127.0.0.1", sizeof(host));
	if (inet_pton(AF_INET, host, &sa->sin_addr) != 1)
		return BT_EINVAL;
	sa->sin_port = htons((uint16_t)port);
	return BT_OK;
}

enum bt_err bt_server_start(const struct bt_route *routes, size_t nroutes,
			    const struct bt_http_options *opt,
			    struct bt_server **out)
{
	*out = NULL;
	struct sockaddr_in sa;
	if (parse_listen(opt->listen, &sa) != BT_OK) {
		fprintf(stderr,
			"bondtrace: listen address '%s' is not IPv4 "
			"address:port\n",
			opt->listen);
		return BT_EINVAL;
	}
	struct bt_server *srv = calloc(1, sizeof(*srv));
	if (srv == NULL)
		return BT_ENOMEM;
	srv->opt = *opt;
	srv->nroutes = nroutes;
	srv->routes = calloc(nroutes, sizeof(*srv->routes));
	srv->metrics = calloc(nroutes + 1, sizeof(*srv->metrics));
	enum bt_err err = srv->routes && srv->metrics ? BT_OK : BT_ENOMEM;
	for (size_t i = 0; err == BT_OK && i < nroutes; i++) {
		err = http_route_compile(&routes[i], &srv->routes[i]);
		if (err != BT_OK)
			bt_log_error("bad route pattern", "pattern",
				     routes[i].pattern);
	}
	if (err != BT_OK) {
		bt_server_stop(srv);
		return err;
	}
	unsigned threads = opt->threads ? opt->threads : 2;
	if (srv->opt.max_connections == 0)
		srv->opt.max_connections = DEFAULT_MAX_CONNECTIONS;
	if (srv->opt.per_ip_connections == 0)
		srv->opt.per_ip_connections = DEFAULT_PER_IP_CONNECTIONS;
	if (srv->opt.head_timeout_s == 0)
		srv->opt.head_timeout_s = DEFAULT_HEAD_TIMEOUT_S;
	if (srv->opt.body_timeout_s == 0)
		srv->opt.body_timeout_s = DEFAULT_BODY_TIMEOUT_S;
	pthread_mutex_init(&srv->watch_lock, NULL);
	if (bt_pool_new("handlers", opt->workers ? opt->workers : 4,
			opt->worker_queue ? opt->worker_queue : 256,
			&srv->workers) != BT_OK) {
		bt_server_stop(srv);
		return BT_EINTERNAL;
	}
	srv->daemon = MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
			MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME |
			MHD_USE_ITC,
		0, NULL, NULL, on_request, srv, MHD_OPTION_EXTERNAL_LOGGER,
		mhd_log, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
		MHD_OPTION_THREAD_POOL_SIZE, threads,
		MHD_OPTION_URI_LOG_CALLBACK, uri_logger, srv,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
		MHD_OPTION_NOTIFY_CONNECTION, on_connection, srv,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, HEAD_MEMORY,
		MHD_OPTION_CONNECTION_TIMEOUT, IDLE_TIMEOUT_S,
		MHD_OPTION_CONNECTION_LIMIT, srv->opt.max_connections,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, srv->opt.per_ip_connections,
		MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u, MHD_OPTION_END);
	if (srv->daemon == NULL) {
		fprintf(stderr, "bondtrace: cannot listen on %s (in use?)\n",
			opt->listen);
		bt_server_stop(srv);
		return BT_EIO;
	}
	atomic_store(&srv->reaping, true);
	if (pthread_create(&srv->reaper, NULL, reaper_loop, srv) != 0) {
		bt_server_stop(srv);
		return BT_EINTERNAL;
	}
	srv->reaper_started = true;
	*out = srv;
	return BT_OK;
}

unsigned bt_server_port(const struct bt_server *srv)
{
	const union MHD_DaemonInfo *info =
		MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
	return info ? info->port : 0;
}

void bt_server_stop(struct bt_server *srv)
{
	if (srv == NULL)
		return;
	if (srv->reaper_started) {
		atomic_store(&srv->reaping, false);
		pthread_join(srv->reaper, NULL);
	}
	if (srv->daemon) {
		/* libmicrohttpd aborts if stopped with requests parked: stop
		 * listening, then give their owners (the scan writer) up to ten
		 * seconds to hand them back. */
		MHD_quiesce_daemon(srv->daemon);
		for (int i = 0; i < 1000 && atomic_load(&srv->parked) > 0; i++)
			poll(NULL, 0, 10);
		MHD_stop_daemon(srv->daemon);
	}
	bt_pool_free(srv->workers); /* after the daemon: none is parked */
	for (size_t i = 0; srv->routes && i < srv->nroutes; i++)
		free(srv->routes[i].copy);
	free(srv->routes);
	free(srv->metrics);
	free(srv);
}
