/* serve.c: `bondtrace serve`: the server process from start to stop:
 * settings, the services that run beside the HTTP server (each started in
 * order and stopped in reverse, whichever failed), signals and limits. */
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "app/audit.h"
#include "app/commands.h"
#include "complaints/upkeep.h"
#include "core/auth.h"
#include "core/limit.h"
#include "core/log.h"
#include "core/render.h"
#include "core/session.h"
#include "disclosure/disc_api.h"
#include "disclosure/disc_desk.h"
#include "disclosure/draw.h"
#include "disclosure/portal_cache.h"
#include "disclosure/rating.h"
#include "disclosure/rating_worker.h"
#include "scanner/upload_api.h"
#include "tlog/api.h"
#include "trace/code/print.h"
#include "trace/scan/cache.h"
#include "trace/scan/scanlog.h"

/* Starts what serves beside the HTTP server, in order; on failure *failed
 * names the one that did not start (the caller stops them all). */
static enum bt_err start_services(const struct bt_cli *cli, const char **failed)
{
	const struct bt_config *c = &cli->cfg;
	enum bt_err err;
	if ((err = bt_db_watch_start(c->database_url)) != BT_OK)
		*failed = "the database watcher";
	else if ((err = bt_session_pool_start()) != BT_OK)
		*failed = "the sign-in pool";
	else if ((err = scan_api_start(c->decode_threads, c->decode_queue)) !=
		 BT_OK)
		*failed = "the photo decoder";
	else if ((err = trace_cache_start(c->database_url)) != BT_OK)
		*failed = "the scan cache";
	else if ((err = trace_scanlog_start(c->database_url)) != BT_OK)
		*failed = "the scan log";
	else if ((err = disc_rating_start(c->database_url,
					  c->rating_interval)) != BT_OK)
		*failed = "the rating worker";
	else if ((err = cmpl_upkeep_start(c->database_url, c->contact_days)) !=
		 BT_OK)
		*failed = "the complaints upkeep";
	else if ((err = tlog_signer_start(c->database_url, c->log_interval)) !=
		 BT_OK)
		*failed = "the log signer";
	else if ((err = disc_cache_start(c->database_url)) != BT_OK)
		*failed = "the portal cache";
	return err;
}

/* Stops them in reverse order; each stop is a no-op if it never ran. */
static void stop_services(void)
{
	disc_cache_stop();
	tlog_signer_stop();
	cmpl_upkeep_stop();
	disc_rating_stop();
	trace_scanlog_stop();
	trace_cache_stop();
	scan_api_stop();
	bt_session_pool_stop();
	bt_db_watch_stop();
	trace_print_shutdown();
}

int cmd_serve(struct bt_cli *cli)
{
	int rc = 0;
	char url[256];
	if (!app_setup_trace(cli, url, sizeof(url), &rc))
		return rc;
	if (bt_render_init(cli->cfg.web_dir) != BT_OK)
		return bt_cli_fail(cli, BT_EINVAL,
				   "cannot load the web folder %s (templates "
				   "or catalogs are broken; see the log)",
				   cli->cfg.web_dir);
	/* A server started before its database waits for it. */
	struct bt_db *db = NULL;
	for (unsigned tries = 0; bt_cli_db(cli, &db) != BT_OK; tries++) {
		if (tries % 10 == 0)
			bt_log_warn("waiting for the database", "hint",
				    "BONDTRACE_DATABASE_URL");
		sleep(1);
	}
	json_t *rates = NULL;
	char reason[200];
	if (!disc_draw_rates(cli->cfg.draw_rates, &rates, reason,
			     sizeof(reason))) {
		rc = bt_cli_fail(cli, BT_EINVAL, "%s", reason);
		goto out;
	}
	json_decref(rates);
	const struct bt_keys *keys = NULL;
	struct tlog_config log_cfg;
	const char *why = NULL;
	if (bt_cli_keys(cli, &keys) != BT_OK ||
	    tlog_config_init(&log_cfg, keys, cli->cfg.log_origin, url,
			     cli->cfg.log_witnesses, &why) != BT_OK ||
	    tlog_config_bind(db, &log_cfg, cli->cfg.log_origin[0] != '\0',
			     &why) != BT_OK) {
		rc = bt_cli_fail(cli, BT_EINVAL, "the public log: %s",
				 why ? why : "the key file cannot be read");
		goto out;
	}
	tlog_api_init(&log_cfg, url);
	sodium_memzero(&log_cfg, sizeof(log_cfg));
	disc_api_set_draw_rates(cli->cfg.draw_rates);
	disc_api_set_portal_url(url);
	bt_db_configure(cli->cfg.database_url, cli->cfg.db_timeout);
	bt_rate_configure(BT_RATE_SCAN, cli->cfg.rate_scans);
	bt_rate_configure(BT_RATE_FORGED, cli->cfg.rate_forged);
	bt_rate_configure(BT_RATE_UPLOAD, cli->cfg.rate_uploads);
	bt_rate_configure(BT_RATE_LOGIN, cli->cfg.rate_logins);
	bt_rate_configure(BT_RATE_INTAKE, cli->cfg.rate_intake);
	const char *failed = NULL;
	enum bt_err err = start_services(cli, &failed);
	if (err != BT_OK) {
		rc = bt_cli_fail(cli, err,
				 "cannot start %s (are the migrations "
				 "applied? `bondtrace db migrate`)",
				 failed);
		goto out;
	}

	/* Signals are taken by this thread alone, through sigwait. */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	/* Every connection is a descriptor: allow as many as the hard limit
	 * lets, so that the connection cap, not EMFILE, is what refuses. */
	struct rlimit nofile;
	if (getrlimit(RLIMIT_NOFILE, &nofile) == 0 &&
	    nofile.rlim_cur < nofile.rlim_max) {
		nofile.rlim_cur = nofile.rlim_max;
		setrlimit(RLIMIT_NOFILE, &nofile);
	}
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	struct bt_http_options opt = {
		.listen = cli->cfg.listen,
		.threads = cli->cfg.threads ? cli->cfg.threads
					    : (unsigned)(cores > 0 ? cores : 2),
		.workers = cli->cfg.workers,
		.worker_queue = cli->cfg.worker_queue,
		.max_body = cli->cfg.max_body,
		.max_uri = cli->cfg.max_uri,
		.max_connections = cli->cfg.max_connections,
		.per_ip_connections = cli->cfg.per_ip_connections,
		.head_timeout_s = cli->cfg.head_timeout,
		.body_timeout_s = cli->cfg.body_timeout,
		.authenticate = bt_auth_http,
		.session = bt_session_http,
		.audit = app_audit,
	};
	bt_session_secure_cookies(strncmp(url, "https://", 8) == 0);
	struct bt_server *srv = NULL;
	err = bt_server_start(app_routes, app_nroutes, &opt, &srv);
	if (err != BT_OK) {
		rc = bt_err_exit_code(err);
		goto out;
	}
	char port[16], threads[16];
	snprintf(port, sizeof(port), "%u", bt_server_port(srv));
	snprintf(threads, sizeof(threads), "%u", opt.threads);
	bt_log_info("serving", "listen", cli->cfg.listen, "port", port,
		    "threads", threads, "public_url", url);
	int sig = 0;
	sigwait(&set, &sig);
	bt_log_info("stopping", "signal", sig == SIGINT ? "SIGINT" : "SIGTERM");
	scan_api_stop(); /* answers the uploads it holds */
	bt_session_pool_stop();
	bt_server_stop(srv);
out:
	stop_services();
	bt_render_free();
	if (rc == 0)
		bt_log_info("stopped");
	return rc;
}
