/* scanlog.h: the durable scan log. Every resolve of a genuine-format code
 * is written before its answer goes out. One writer thread takes every
 * scan waiting and commits them in one transaction (group commit), so the
 * cost of a commit is shared by all concurrent scans; it updates each
 * code's statistics atomically and judges each scan (verdict.h). */
#ifndef TRACE_SCANLOG_H
#define TRACE_SCANLOG_H

#include <stddef.h>
#include <stdint.h>

#include "core/db.h"
#include "core/err.h"
#include "trace/scan/verdict.h"

#define TRACE_NET_HASH_LEN 32 /* hex digits */

struct trace_scan {
	/* What the caller fills in. */
	uint32_t batch;
	uint32_t index;
	long long enterprise_id;
	char net[TRACE_NET_HASH_LEN + 1];    /* trace_scan_net_hash */
	char viewer[TRACE_NET_HASH_LEN + 1]; /* trace_scan_viewer_hash */
	char region[7];			     /* GB/T 2260 code or "" */
	char ua_class[16];
	char channel[8]; /* "web", "api", "upload" */
	struct trace_rules rules;
	enum trace_code_status status;
	int status_in_force;
	int undeclared; /* the code is not bound to a live declaration */
	/* What the writer fills in. */
	enum bt_err err;
	unsigned count;	      /* scans of this code including this one (all of
			       * them: the honest count; the rules judge only
			       * counted views, see migration 0006) */
	double first_at;      /* seconds since the epoch */
	char first_region[7]; /* region of the first scan, or "" */
	double at;
	struct trace_judgement judgement;
	/* Called from the writer thread when the scan is committed or has
	 * failed (err). */
	void (*done)(struct trace_scan *scan);
	void *ctx;
	struct trace_scan *next; /* the writer's queue */
	unsigned round;		 /* the writer's */
};

/* Starts the writer on its own connection and makes sure the scan table
 * has partitions for this month and the next two. */
enum bt_err trace_scanlog_start(const char *conninfo);
/* Writes what is queued, then stops the writer. */
void trace_scanlog_stop(void);

/* Queues a scan; scan->done runs once it is committed or failed. */
void trace_scanlog_submit(struct trace_scan *scan);
/* Queues a scan and waits for it; returns scan->err. */
enum bt_err trace_scanlog_record(struct trace_scan *scan);

/* Writes n scans in one transaction through db (what the writer does for
 * each group); sets each scan's results but calls no done. */
enum bt_err trace_scanlog_write(struct bt_db *db, struct trace_scan **scans,
				size_t n);

/* The keyed hash of the client's network (IPv4 /24, IPv6 /48) under the
 * personal-data key: the same network always gives the same hash, and the
 * address cannot be read back. */
void trace_scan_net_hash(const uint8_t key[32], const char *ip,
			 char out[TRACE_NET_HASH_LEN + 1]);

/* The keyed hash of one viewer (address and browser): a buyer reloading
 * the page or switching its language is the same viewer. */
void trace_scan_viewer_hash(const uint8_t key[32], const char *ip,
			    const char *user_agent,
			    char out[TRACE_NET_HASH_LEN + 1]);

/* A coarse class of a User-Agent: wechat, alipay, ios, android, desktop,
 * bot or other. */
const char *trace_ua_class(const char *user_agent);

#endif
