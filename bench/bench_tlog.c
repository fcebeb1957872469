/* bench_tlog.c: the public log's bulk append. Each run makes N entries
 * shaped like a penalty's (about 400 bytes, Chinese text) and appends half
 * with tlog_append (leaf and subtree hashes computed here, everything
 * written with COPY) and half through the facts' queue and the sequencer,
 * against a bare SHA-256 loop over the same entries in memory, measured in
 * the same run. Needs a migrated
 * database in BONDTRACE_DATABASE_URL whose log may grow (bench/log.sh
 * makes one).
 * usage: bench_tlog [N] [RUNS]   (defaults 200000 and 3) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/bench.h"
#include "core/buf.h"
#include "core/db.h"
#include "core/tlog.h"
#include "tlog/sequencer.h"

static const struct bt_stmt st_queue = {
	"bench.queue",
	"INSERT INTO log_queue (kind, ref, enterprise, actor, fact, at) SELECT "
	"'bench', g, g % 216 + 1, 'regulator', "
	"jsonb_build_object('amount_fen', "
	"g * 100, 'authority', '宁波海关', 'decided_on', '2026-11-01', "
	"'decision', '甬关缉违字〔2026〕' || g || '号', 'enterprise', g % 216 "
	"+ 1, "
	"'legal_basis', '《中华人民共和国海关行政处罚实施条例》第十五条', "
	"'penalty', '警告并处罚款', 'severity', 'minor', 'violation', "
	"'申报不实：商品名称与实际不符'), '2026-11-01 08:00:00+00' FROM "
	"generate_series($1::bigint, $2::bigint) g"};
static const struct bt_stmt st_size = {"bench.size",
				       "SELECT size FROM log_head"};

static _Noreturn void die(const char *what)
{
	fprintf(stderr, "bench_tlog: %s\n", what);
	exit(1);
}

static long long size_of(struct bt_db *db)
{
	PGresult *r = NULL;
	if (bt_db_query_take(db, &st_size, 0, NULL, &r) != BT_OK)
		return -1;
	long long n = bt_db_int(r, 0, 0);
	PQclear(r);
	return n;
}

/* The bench entry of ref g, as the queue's SQL writes it. */
static size_t body_of(char *out, size_t cap, long long g)
{
	int n = snprintf(
		out, cap,
		"{\"actor\":\"regulator\",\"at\":\"2026-11-01T08:00:00."
		"000000Z\","
		"\"fact\":{\"amount_fen\":%lld,\"authority\":\"宁波海关\","
		"\"decided_on\":\"2026-11-01\",\"decision\":"
		"\"甬关缉违字〔2026〕%lld号\",\"enterprise\":%lld,"
		"\"legal_basis\":"
		"\"《中华人民共和国海关行政处罚实施条例》第十五条\","
		"\"penalty\":\"警告并处罚款\",\"severity\":\"minor\","
		"\"violation\":\"申报不实：商品名称与实际不符\"},\"id\":%lld,"
		"\"kind\":\"bench\"}",
		g * 100, g, g % 216 + 1, g);
	return n > 0 && (size_t)n < cap ? (size_t)n : 0;
}

#define BODY_CAP 768
#define BATCH	 10000

/* Entries per second through tlog_append, BATCH per transaction. */
static double bulk_rate(struct bt_db *db, long long first, long long n,
			const char *bodies, const size_t *lens,
			const char (*ids)[48])
{
	static struct tlog_new e[BATCH];
	double t = bench_now();
	for (long long done = 0; done < n;) {
		size_t k = n - done < BATCH ? (size_t)(n - done) : BATCH;
		for (size_t i = 0; i < k; i++) {
			size_t j = (size_t)done + i;
			e[i] = (struct tlog_new){
				.kind = "bench",
				.ref = ids[j],
				.enterprise = ids[j] + 24,
				.body = bodies + j * BODY_CAP,
				.len = lens[j],
				.at = "2026-11-01 08:00:00+00",
			};
		}
		if (tlog_append(db, e, k) != BT_OK) {
			fprintf(stderr, "append failed: %s\n",
				bt_db_last_error(db));
			exit(1);
		}
		done += (long long)k;
	}
	(void)first;
	return (double)n / (bench_now() - t);
}

int main(int argc, char **argv)
{
	long long n = argc > 1 ? strtoll(argv[1], NULL, 10) : 200000;
	int runs = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 3;
	const char *url = getenv("BONDTRACE_DATABASE_URL");
	struct bt_db *db = NULL;
	if (n < 1 || n > 10000000 || runs < 1 || runs > 99 || url == NULL) {
		fprintf(stderr, "usage: BONDTRACE_DATABASE_URL=... "
				"bench_tlog [N] [RUNS]\n");
		return 2;
	}
	if (bt_db_open(url, 0, &db) != BT_OK)
		return 1;
	char *bodies = malloc((size_t)n * BODY_CAP);
	size_t *lens = malloc((size_t)n * sizeof(*lens));
	char(*ids)[48] = malloc((size_t)n * sizeof(*ids));
	if (bodies == NULL || lens == NULL || ids == NULL)
		die("out of memory or the database failed");
	double bulk[99] = {0}, queued[99] = {0}, bare[99] = {0};
	for (int r = 0; r < runs; r++) {
		/* Half the run in bulk, half through the queue (emptied
		 * first of what others queued). */
		uint64_t moved = 0;
		if (tlog_sequence_all(db, &moved) != BT_OK)
			die("sequencing failed");
		long long start = size_of(db), half = n / 2;
		for (long long i = 0; i < half; i++) {
			long long g = start + 1 + i;
			lens[i] = body_of(bodies + i * BODY_CAP, BODY_CAP, g);
			snprintf(ids[i], 24, "%lld", g);
			snprintf(ids[i] + 24, 24, "%lld", g % 216 + 1);
		}
		bt_tlog_hash h, x = {0};
		double t = bench_now();
		for (long long i = 0; i < half; i++) {
			bt_tlog_leaf_hash(h, bodies + i * BODY_CAP, lens[i]);
			x[0] ^= h[0];
		}
		bare[r] = (double)half / (bench_now() - t);
		if (x[0] == 0x5a)
			fputs("", stderr); /* keeps the loop's work */
		bulk[r] = bulk_rate(db, start, half, bodies, lens, ids);

		long long from = start + half + 1;
		char a[24], b[24];
		snprintf(a, sizeof(a), "%lld", from);
		snprintf(b, sizeof(b), "%lld", from + (n - half) - 1);
		const char *p[] = {a, b};
		if (bt_db_run(db, &st_queue, 2, p, NULL) != BT_OK)
			die("queueing failed");
		t = bench_now();
		if (tlog_sequence_all(db, &moved) != BT_OK ||
		    moved != (uint64_t)(n - half)) {
			die("sequencing failed");
		}
		queued[r] = (double)(n - half) / (bench_now() - t);
	}
	double sh = bench_median(bare, runs), bu = bench_median(bulk, runs),
	       qu = bench_median(queued, runs);
	printf("%lld entries per run (half each way), median of %d runs\n", n,
	       runs);
	printf("%-48s %10.0f /s\n", "baseline: bare SHA-256 loop, in memory",
	       sh);
	printf("%-48s %10.0f /s  %.3fx baseline\n",
	       "bulk append (tlog_append, 10,000 per commit)", bu, bu / sh);
	printf("%-48s %10.0f /s  %.3fx baseline\n",
	       "queued entries sequenced (tlog_sequence_all)", qu, qu / sh);
	free(bodies);
	free(lens);
	free(ids);
	bt_db_free(db);
	return 0;
}
