/* bench_codes.c: how fast codes are made and checked, against the raw
 * SipHash MAC they are built on, measured in the same run.
 * usage: bench_codes [COUNT] [RUNS]   (defaults 2000000 and 5) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench/bench.h"
#include "core/crypto.h"
#include "core/keys.h"
#include "trace/code/batch.h"
#include "trace/code/serial.h"

static volatile uint64_t sink;

static const char *gtin = "09312345001019";

static void run_mac(const uint8_t *key, uint32_t n)
{
	uint8_t msg[17] = {0};
	uint64_t acc = 0;
	for (uint32_t i = 0; i < n; i++) {
		memcpy(msg + 8, &i, sizeof(i));
		acc += bt_mac64(key, msg, sizeof(msg));
	}
	sink = acc;
}

static void run_encode(const uint8_t *key, uint32_t n)
{
	char s[TRACE_SERIAL_MAX + 1];
	struct trace_code c = {12345, 0, 1};
	uint64_t acc = 0;
	for (uint32_t i = 0; i < n; i++) {
		c.index = i;
		acc += trace_serial_encode(&c, gtin, key, s);
	}
	sink = acc;
}

static char (*serials)[TRACE_SERIAL_MAX + 1];

static void run_verify(const struct bt_keys *keys, uint32_t n)
{
	uint64_t acc = 0;
	for (uint32_t i = 0; i < n; i++) {
		struct trace_code c;
		acc += trace_serial_decode(serials[i], gtin, keys, &c) == BT_OK;
	}
	sink = acc;
}

static void run_export(const struct trace_batch *b, uint32_t n)
{
	static char buf[1 << 16];
	struct trace_export ex;
	const char *reason;
	if (trace_export_init(&ex, b, 0, n, TRACE_EXPORT_URI, &reason) != BT_OK)
		abort();
	size_t got, total = 0;
	while ((got = trace_export_fill(&ex, buf, sizeof(buf))) > 0)
		total += got;
	sink = total;
}

int main(int argc, char **argv)
{
	uint32_t n = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : 2000000;
	int runs = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 5;
	if (n == 0 || n > TRACE_BATCH_COUNT_MAX || runs < 1 || runs > 99) {
		fprintf(stderr, "usage: bench_codes [COUNT] [RUNS]\n");
		return 2;
	}
	if (bt_crypto_init() != BT_OK)
		return 1;
	char path[64];
	snprintf(path, sizeof(path), "/tmp/bt-bench-%d.keys", (int)getpid());
	struct bt_keys *keys = NULL;
	if (bt_keys_init(path) != BT_OK || bt_keys_load(path, &keys) != BT_OK)
		return 1;
	unlink(path);
	const uint8_t *key = bt_keys_serial(keys, 1);
	trace_init(keys, "https://id.example.cn");
	struct trace_batch b = {.id = 12345, .count = n, .key_version = 1};
	memcpy(b.gtin, gtin, 15);
	memcpy(b.lot, "KV2409A", 8);
	serials = malloc((size_t)n * sizeof(*serials));
	if (serials == NULL)
		return 1;
	for (uint32_t i = 0; i < n; i++) {
		struct trace_code c = {12345, i, 1};
		trace_serial_encode(&c, gtin, key, serials[i]);
	}

	const char *names[] = {"SipHash MAC alone (baseline)", "serial encode",
			       "serial verify", "URI export, 1 thread"};
	double rate[4][99];
	for (int r = 0; r < runs; r++) {
		for (int k = 0; k < 4; k++) {
			double t = bench_now();
			switch (k) {
			case 0: run_mac(key, n); break;
			case 1: run_encode(key, n); break;
			case 2: run_verify(keys, n); break;
			default: run_export(&b, n); break;
			}
			rate[k][r] = n / (bench_now() - t);
		}
	}
	printf("%u codes, median of %d runs\n", n, runs);
	double base = 0;
	for (int k = 0; k < 4; k++) {
		double med = bench_median(rate[k], runs);
		if (k == 0)
			base = med;
		printf("%-30s %12.0f /s  %5.2fx baseline\n", names[k], med,
		       med / base);
	}
	free(serials);
	bt_keys_free(keys);
	return 0;
}
