/* bench_ingest.c: durable ingest of CEB621 messages of 3 items each, one
 * transaction per message, on 1 and 2 connections, with the public log's
 * trigger on declarations off and on (the log's sequencer running beside
 * the ingest as the server's does, its queue emptied before the clock
 * stops), against a baseline of the bare durable transaction (insert one
 * row, commit) measured in the same run. Needs BONDTRACE_DATABASE_URL and
 * BONDTRACE_KEY_FILE.
 *   usage: bench_ingest [MESSAGES] [RUNS]   (defaults 2000 and 5)
 * BENCH_SEQUENCE_MS sets the sequencer's pause (100, the server's);
 * BENCH_NO_SEQUENCER=1 leaves the queue to grow. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/bench.h"
#include "core/buf.h"
#include "core/crypto.h"
#include "core/keys.h"
#include "disclosure/enterprise.h"
#include "tlog/sequencer.h"
#include "trace/code/batch.h"
#include "trace/customs/declaration.h"

static const char *customs = "3302469999";
static struct disc_enterprise enterprise;
static const char *url;
static unsigned long run_id;

static void message(struct bt_buf *b, unsigned long n)
{
	bt_buf_clear(b);
	bt_buf_printf(
		b,
		"<ceb:CEB621Message guid=\"bench-%lu-%lu\" version=\"1.0\" "
		"xmlns:ceb=\"http://www.chinaport.gov.cn/ceb\"><ceb:Inventory>"
		"<ceb:InventoryHead><ceb:guid>h-%lu-%lu</"
		"ceb:guid><ceb:appType>1"
		"</ceb:appType><ceb:appTime>20261120103000</ceb:appTime>"
		"<ceb:appStatus>2</ceb:appStatus><ceb:orderNo>O%lu-%lu"
		"</ceb:orderNo><ceb:ebpCode>%s</ceb:ebpCode><ceb:ebpName>平台"
		"</ceb:ebpName><ceb:ebcCode>%s</ceb:ebcCode><ceb:ebcName>电商"
		"</ceb:ebcName><ceb:logisticsNo>L%lu</ceb:logisticsNo>"
		"<ceb:logisticsCode>3302980001</ceb:logisticsCode>"
		"<ceb:logisticsName>物流</ceb:logisticsName><ceb:copNo>B%lu-%lu"
		"</ceb:copNo><ceb:ieFlag>I</ceb:ieFlag><ceb:declTime>20261120"
		"</ceb:declTime><ceb:customsCode>3105</ceb:customsCode>"
		"<ceb:portCode>3105</ceb:portCode><ceb:ieDate>20261120</"
		"ceb:ieDate>"
		"<ceb:buyerIdType>1</ceb:buyerIdType><ceb:buyerIdNumber>"
		"330203199001011234</ceb:buyerIdNumber><ceb:buyerName>买家"
		"</ceb:buyerName><ceb:buyerTelephone>13800138000"
		"</ceb:buyerTelephone><ceb:consigneeAddress>地址</"
		"ceb:consigneeAddress>"
		"<ceb:agentCode>%s</ceb:agentCode><ceb:agentName>报关</"
		"ceb:agentName>"
		"<ceb:tradeMode>1210</ceb:tradeMode><ceb:trafMode>Y</"
		"ceb:trafMode>"
		"<ceb:country>601</ceb:country><ceb:freight>0</ceb:freight>"
		"<ceb:insuredFee>0</ceb:insuredFee><ceb:currency>142</"
		"ceb:currency>"
		"<ceb:packNo>1</ceb:packNo><ceb:grossWeight>3</ceb:grossWeight>"
		"<ceb:netWeight>2</ceb:netWeight></ceb:InventoryHead>",
		run_id, n, run_id, n, run_id, n, customs, customs, n, run_id, n,
		customs);
	for (int g = 1; g <= 3; g++)
		bt_buf_printf(
			b,
			"<ceb:InventoryList><ceb:gnum>%d</ceb:gnum>"
			"<ceb:gcode>1901101000</ceb:gcode><ceb:gname>奶粉"
			"</ceb:gname><ceb:gmodel>900g</ceb:gmodel>"
			"<ceb:barCode>9312345001019</ceb:barCode>"
			"<ceb:country>601</ceb:country><ceb:currency>142"
			"</ceb:currency><ceb:qty>2</ceb:qty><ceb:unit>122"
			"</ceb:unit><ceb:qty1>1.8</ceb:qty1><ceb:unit1>035"
			"</ceb:unit1><ceb:price>268</ceb:price>"
			"<ceb:totalPrice>536.00</ceb:totalPrice>"
			"</ceb:InventoryList>",
			g);
	bt_buf_puts(b, "</ceb:Inventory></ceb:CEB621Message>");
}

struct worker {
	pthread_t t;
	unsigned long first, count;
	int fails;
};

static void *ingest(void *arg)
{
	struct worker *w = arg;
	struct bt_db *db = NULL;
	if (bt_db_open(url, 0, &db) != BT_OK) {
		w->fails = 1;
		return NULL;
	}
	struct bt_buf b = BT_BUF_INIT;
	for (unsigned long i = w->first; i < w->first + w->count; i++) {
		message(&b, i);
		struct trace_declare_result r;
		if (trace_declare(db, &enterprise, b.data, b.len, &r) !=
			    BT_OK ||
		    !r.accepted)
			w->fails++;
		trace_declare_result_free(&r);
	}
	bt_buf_free(&b);
	bt_db_free(db);
	return NULL;
}

/* The server's log worker, as it runs beside the ingest: appends what
 * the declarations queued every 100 ms until told to stop. */
static _Atomic bool ingesting;

static void *sequencer(void *arg)
{
	(void)arg;
	struct bt_db *db = NULL;
	if (bt_db_open(url, 0, &db) != BT_OK)
		return NULL;
	uint64_t moved = 0;
	/* BENCH_SEQUENCE_MS: the pause between rounds (the server's: 100). */
	const char *ms = getenv("BENCH_SEQUENCE_MS");
	long pause_ms = ms ? strtol(ms, NULL, 10) : 100;
	if (pause_ms < 1 || pause_ms > 10000)
		pause_ms = 100;
	do {
		struct timespec pause = {pause_ms / 1000,
					 pause_ms % 1000 * 1000000L};
		nanosleep(&pause, NULL);
		tlog_sequence_all(db, &moved);
	} while (atomic_load(&ingesting));
	bt_db_free(db);
	return NULL;
}

/* Messages per second, the log's queue appended to the tree before the
 * clock stops. */
static double ingest_rate(unsigned long n, int threads)
{
	struct worker w[2] = {0};
	double t = bench_now();
	pthread_t seq;
	atomic_store(&ingesting, true);
	/* BENCH_NO_SEQUENCER=1: the queue is left to grow (to tell the
	 * sequencer's share from the facts' own). */
	bool sequencing = getenv("BENCH_NO_SEQUENCER") == NULL;
	if (sequencing)
		pthread_create(&seq, NULL, sequencer, NULL);
	for (int i = 0; i < threads; i++) {
		w[i].first = run_id * 10000000UL + (unsigned long)i * n;
		w[i].count = n / (unsigned long)threads;
		pthread_create(&w[i].t, NULL, ingest, &w[i]);
	}
	int fails = 0;
	for (int i = 0; i < threads; i++) {
		pthread_join(w[i].t, NULL);
		fails += w[i].fails;
	}
	atomic_store(&ingesting, false);
	if (sequencing)
		pthread_join(seq, NULL);
	run_id++;
	if (fails)
		fprintf(stderr, "%d messages failed\n", fails);
	return (double)n / (bench_now() - t);
}

static const struct bt_stmt st_base = {"bench.base",
				       "INSERT INTO bench_commit VALUES ($1)"};

static double baseline_rate(struct bt_db *db, unsigned long n)
{
	double t = bench_now();
	for (unsigned long i = 0; i < n; i++) {
		char v[24];
		snprintf(v, sizeof(v), "%lu", i);
		const char *p[] = {v};
		bt_db_begin(db);
		bt_db_run(db, &st_base, 1, p, NULL);
		bt_db_commit(db);
	}
	return (double)n / (bench_now() - t);
}

int main(int argc, char **argv)
{
	unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 10) : 2000;
	int runs = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 5;
	url = getenv("BONDTRACE_DATABASE_URL");
	const char *keyfile = getenv("BONDTRACE_KEY_FILE");
	if (n < 2 || runs < 1 || runs > 99 || !url || !keyfile) {
		fprintf(stderr,
			"usage: BONDTRACE_DATABASE_URL=... "
			"BONDTRACE_KEY_FILE=... bench_ingest [N] [RUNS]\n");
		return 2;
	}
	struct bt_keys *keys = NULL;
	struct bt_db *db = NULL;
	if (bt_crypto_init() != BT_OK ||
	    bt_keys_load(keyfile, &keys) != BT_OK ||
	    bt_db_open(url, 0, &db) != BT_OK)
		return 1;
	trace_init(keys, "https://id.example.cn");
	struct disc_enterprise e;
	if (disc_enterprise_find(db, customs, &e) != BT_OK) {
		memset(&e, 0, sizeof(e));
		memcpy(e.uscc, "91330201MA3BENCH7M", 19);
		memcpy(e.customs_code, customs, 11);
		memcpy(e.name_zh, "基准申报企业", sizeof("基准申报企业"));
		memcpy(e.name_en, "Ingest Benchmark Co.", 21);
		const char *reason;
		if (disc_enterprise_add(db, &e, &e.id, &reason) != BT_OK) {
			fprintf(stderr, "cannot add the enterprise: %s\n",
				reason);
			return 1;
		}
	}
	enterprise = e;
	bt_db_exec_script(db, "CREATE TABLE IF NOT EXISTS bench_commit (v "
			      "bigint); TRUNCATE bench_commit");
	run_id = (unsigned long)bench_now() % 100000;
	/* Each run measures the bare commit, then ingest with the log's
	 * trigger on declarations off and on, on 1 and 2 connections. */
	double base[99], rate[4][99];
	for (int r = 0; r < runs; r++) {
		base[r] = baseline_rate(db, n);
		for (int on = 0; on < 2; on++) {
			bt_db_exec_script(db, on ? "ALTER TABLE declaration "
						   "ENABLE TRIGGER "
						   "log_declaration"
						 : "ALTER TABLE declaration "
						   "DISABLE TRIGGER "
						   "log_declaration");
			rate[on][r] = ingest_rate(n, 1);
			rate[2 + on][r] = ingest_rate(n, 2);
		}
	}
	bt_db_exec_script(db, "ALTER TABLE declaration ENABLE TRIGGER "
			      "log_declaration");
	double b = bench_median(base, runs);
	printf("%lu messages per run, median of %d runs\n", n, runs);
	printf("%-48s %8.0f /s\n", "baseline: insert one row + commit, 1 conn",
	       b);
	static const char *const what[4] = {
		"CEB621 (3 items) ingest, log off, 1 connection",
		"CEB621 (3 items) ingest, log on, 1 connection",
		"CEB621 (3 items) ingest, log off, 2 connections",
		"CEB621 (3 items) ingest, log on, 2 connections",
	};
	double m[4];
	for (int i = 0; i < 4; i++) {
		m[i] = bench_median(rate[i], runs);
		printf("%-48s %8.0f /s  %.2fx baseline", what[i], m[i],
		       m[i] / b);
		if (i % 2 == 1)
			printf("  log on/off %.3f", m[i] / m[i - 1]);
		printf("\n");
	}
	bt_db_exec_script(db, "DROP TABLE bench_commit");
	bt_db_free(db);
	bt_keys_free(keys);
	return 0;
}
