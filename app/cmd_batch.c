/* cmd_batch.c: `bondtrace batch issue|show|export` and `verify-print`:
 * issuing codes, exporting print files (with progress on a terminal) and
 * checking a printed run's files against the batch. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/commands.h"
#include "core/buf.h"
#include "disclosure/enterprise.h"
#include "scanner/verify.h"
#include "trace/code/batch.h"
#include "trace/code/print.h"

int cmd_batch_issue(struct bt_cli *cli)
{
	const char *ent, *gtin, *count;
	if (!bt_cli_need(cli, "--enterprise", &ent) ||
	    !bt_cli_need(cli, "--gtin", &gtin) ||
	    !bt_cli_need(cli, "--count", &count))
		return BT_EXIT_USAGE;
	struct trace_batch_request r = {
		.gtin = gtin,
		.lot = bt_cli_get(cli, "--lot"),
		.expiry = bt_cli_get(cli, "--expiry"),
	};
	if (!bt_parse_ll(count, 1, TRACE_BATCH_COUNT_MAX, &r.count))
		return bt_cli_fail(cli, BT_EINVAL,
				   "--count must be 1 to 100000000");
	struct bt_db *db = NULL;
	struct disc_enterprise e;
	int rc = app_trace_enterprise(cli, ent, &db, &e);
	if (rc != 0)
		return rc;
	struct trace_batch b;
	const char *reason = NULL;
	enum bt_err err = trace_batch_issue(db, e.id, &r, &b, &reason);
	if (err != BT_OK)
		return bt_cli_refused(cli, err, reason);
	app_print_json(trace_batch_json(&b));
	return 0;
}

static int load_batch(struct bt_cli *cli, const char *id_text,
		      struct trace_batch *b)
{
	long long id;
	memset(b, 0, sizeof(*b));
	if (!bt_parse_ll(id_text, 1, TRACE_BATCH_ID_MAX, &id))
		return bt_cli_fail(cli, BT_EINVAL,
				   "a batch id is a positive number");
	int rc = 0;
	char url[256];
	struct bt_db *db = app_need_db(cli, &rc);
	if (db == NULL || !app_setup_trace(cli, url, sizeof(url), &rc))
		return rc;
	enum bt_err err = trace_batch_get(db, (uint32_t)id, b);
	if (err != BT_OK)
		return bt_cli_fail(cli, err, "cannot read batch %lld: %s", id,
				   bt_strerror(err));
	return 0;
}

/* load_batch, and the code range of --from and --to (the whole batch by
 * default). */
static int load_range(struct bt_cli *cli, const char *id_text,
		      struct trace_batch *b, long long *from, long long *to)
{
	int rc = load_batch(cli, id_text, b);
	if (rc != 0)
		return rc;
	*from = 0;
	*to = b->count;
	const char *f = bt_cli_get(cli, "--from"), *t = bt_cli_get(cli, "--to");
	if ((f && !bt_parse_ll(f, 0, TRACE_BATCH_COUNT_MAX, from)) ||
	    (t && !bt_parse_ll(t, 0, TRACE_BATCH_COUNT_MAX, to)))
		return bt_cli_fail(cli, BT_EINVAL,
				   "--from and --to are code indexes");
	return 0;
}

int cmd_batch_show(struct bt_cli *cli)
{
	if (cli->nargs != 1)
		return bt_cli_usage_error(cli, "name one batch");
	struct trace_batch b;
	int rc = load_batch(cli, cli->args[0], &b);
	if (rc == 0)
		app_print_json(trace_batch_json(&b));
	return rc;
}

static const char *cli_option(void *ctx, const char *name)
{
	char flag[32];
	snprintf(flag, sizeof(flag), "--%s", name);
	return bt_cli_get(ctx, flag);
}

/* A progress line on a terminal: share, count, rate and time left. */
static void progress(const struct trace_print *p, double started, bool end)
{
	uint64_t done, total;
	trace_print_progress(p, &done, &total);
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	double secs = (double)now.tv_sec + (double)now.tv_nsec / 1e9 - started;
	double rate = secs > 0 ? (double)done / secs : 0;
	double eta = rate > 0 ? (double)(total - done) / rate : 0;
	int width = 30;
	int filled = total ? (int)((uint64_t)width * done / total) : width;
	char bar[32];
	for (int i = 0; i < width; i++)
		bar[i] = i < filled ? '#' : '.';
	bar[width] = '\0';
	fprintf(stderr, "\r[%s] %3d%% %llu/%llu codes  %.0f/s  ETA %dm%02ds ",
		bar, total ? (int)(100 * done / total) : 100,
		(unsigned long long)done, (unsigned long long)total, rate,
		(int)eta / 60, (int)eta % 60);
	if (end)
		fputc('\n', stderr);
}

static double monotonic_now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Writes one file per code into dir (SVG and PNG). */
static int export_folder(struct bt_cli *cli, struct trace_print *p,
			 const char *dir, bool show)
{
	if (mkdir(dir, 0755) != 0 && errno != EEXIST)
		return bt_cli_fail(cli, BT_EIO, "cannot create %s: %s", dir,
				   strerror(errno));
	const char *name, *data;
	size_t len;
	double started = monotonic_now(), last = 0;
	while (trace_print_next_file(p, &name, &data, &len)) {
		char path[1024];
		if (!bt_path_join(path, sizeof(path), dir, name))
			return bt_cli_fail(cli, BT_EIO, "path too long");
		FILE *f = fopen(path, "wbe");
		bool ok = f && fwrite(data, 1, len, f) == len;
		if (f)
			ok = fclose(f) == 0 && ok;
		if (!ok)
			return bt_cli_fail(cli, BT_EIO, "cannot write %s: %s",
					   path, strerror(errno));
		if (show && monotonic_now() - last > 0.25) {
			progress(p, started, false);
			last = monotonic_now();
		}
	}
	if (show)
		progress(p, started, true);
	return 0;
}

static int export_stream(struct bt_cli *cli, struct trace_print *p,
			 const char *path, bool show)
{
	FILE *out = path ? fopen(path, "wbe") : stdout;
	if (out == NULL)
		return bt_cli_fail(cli, BT_EIO, "cannot write %s: %s", path,
				   strerror(errno));
	static char buf[1 << 16];
	ssize_t n;
	bool ok = true;
	double started = monotonic_now(), last = 0;
	while (ok && (n = trace_print_read(p, buf, sizeof(buf))) > 0) {
		ok = fwrite(buf, 1, (size_t)n, out) == (size_t)n;
		if (show && monotonic_now() - last > 0.25) {
			progress(p, started, false);
			last = monotonic_now();
		}
	}
	ok = n == 0 && ok;
	ok = fflush(out) == 0 && ok;
	if (path)
		ok = fclose(out) == 0 && ok;
	if (show)
		progress(p, started, true);
	if (!ok)
		return bt_cli_fail(cli, BT_EIO, "writing the export failed: %s",
				   errno ? strerror(errno) : "render error");
	return 0;
}

int cmd_batch_export(struct bt_cli *cli)
{
	const char *id;
	if (!bt_cli_need(cli, "--batch", &id))
		return BT_EXIT_USAGE;
	struct trace_print_options o;
	const char *reason = NULL;
	if (trace_print_options_parse(&o, cli_option, cli, &reason) != BT_OK)
		return bt_cli_usage_error(cli, reason);
	struct trace_batch b;
	long long from, to;
	int rc = load_range(cli, id, &b, &from, &to);
	if (rc != 0)
		return rc;
	int dbrc = 0;
	trace_print_title(app_need_db(cli, &dbrc), &b, &o);
	struct trace_print *p = NULL;
	enum bt_err err = trace_print_open(&b, (uint32_t)from, (uint32_t)to, &o,
					   &p, &reason);
	if (err != BT_OK)
		return bt_cli_refused(cli, err, reason);
	const char *path = bt_cli_get(cli, "--output");
	struct stat st;
	bool folder =
		path &&
		(o.format == TRACE_PRINT_SVG || o.format == TRACE_PRINT_PNG) &&
		((stat(path, &st) == 0 && S_ISDIR(st.st_mode)) ||
		 path[strlen(path) - 1] == '/');
	bool show = isatty(STDERR_FILENO) && !bt_cli_get(cli, "--quiet");
	rc = folder ? export_folder(cli, p, path, show)
		    : export_stream(cli, p, path, show);
	trace_print_close(p);
	trace_print_shutdown();
	return rc;
}

int cmd_verify_print(struct bt_cli *cli)
{
	const char *id;
	if (!bt_cli_need(cli, "--batch", &id))
		return BT_EXIT_USAGE;
	if (cli->nargs == 0)
		return bt_cli_usage_error(cli, "name the exported files");
	struct trace_batch b;
	long long from, to;
	int rc = load_range(cli, id, &b, &from, &to);
	if (rc != 0)
		return rc;
	struct scan_verify *v = NULL;
	enum bt_err err = scan_verify_new(&b, (uint32_t)from, (uint32_t)to, &v);
	if (err != BT_OK)
		return bt_cli_fail(cli, err,
				   "the range must lie within the batch");
	for (size_t i = 0; i < cli->nargs; i++) {
		const char *reason = NULL;
		err = scan_verify_file(v, cli->args[i], &reason);
		if (err != BT_OK) {
			scan_verify_free(v);
			return bt_cli_fail(cli, err, "%s: %s", cli->args[i],
					   reason ? reason : bt_strerror(err));
		}
	}
	json_t *report = scan_verify_report(v);
	scan_verify_free(v);
	bool clean = json_is_true(json_object_get(report, "clean"));
	app_print_json(report);
	/* 0: every code once and nothing else; 5: the run is not clean. */
	return clean ? 0 : bt_err_exit_code(BT_ECONFLICT);
}
