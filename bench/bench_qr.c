/* bench_qr.c: QR print export (PNG and SVG archives, all cores) against raw
 * libqrencode on the same strings on one core, measured in the same run.
 * usage: bench_qr [COUNT] [RUNS]   (defaults 20000 and 5) */
#include <qrencode.h>
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
#include "trace/code/print.h"
#include "trace/code/qr.h"

/* The strings the export puts in its symbols. */
static char (*strings)[160];

static double raw_rate(uint32_t n)
{
	double t = bench_now();
	for (uint32_t i = 0; i < n; i++) {
		QRcode *q = QRcode_encodeString(strings[i], 0, QR_ECLEVEL_M,
						QR_MODE_8, 1);
		QRcode_free(q);
	}
	return n / (bench_now() - t);
}

static double export_rate(const struct trace_batch *b, uint32_t n,
			  enum trace_print_format f, int threads)
{
	struct trace_print_options o;
	trace_print_defaults(&o, f);
	o.threads = threads;
	struct trace_print *p = NULL;
	const char *reason = NULL;
	double t = bench_now();
	if (trace_print_open(b, 0, n, &o, &p, &reason) != BT_OK)
		abort();
	static char buf[1 << 16];
	while (trace_print_read(p, buf, sizeof(buf)) > 0)
		;
	trace_print_close(p);
	return n / (bench_now() - t);
}

int main(int argc, char **argv)
{
	uint32_t n = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : 20000;
	int runs = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 5;
	if (n == 0 || n > 1000000 || runs < 1 || runs > 99)
		return 2;
	if (bt_crypto_init() != BT_OK)
		return 1;
	char path[64];
	snprintf(path, sizeof(path), "/tmp/bt-bench-qr-%d.keys", (int)getpid());
	struct bt_keys *keys = NULL;
	if (bt_keys_init(path) != BT_OK || bt_keys_load(path, &keys) != BT_OK)
		return 1;
	unlink(path);
	trace_init(keys, "https://id.example.cn");
	struct trace_batch b = {.id = 12345, .count = n, .key_version = 1};
	memcpy(b.gtin, "09312345001019", 15);
	strings = malloc((size_t)n * sizeof(*strings));
	if (strings == NULL)
		return 1;
	for (uint32_t i = 0; i < n; i++) {
		char uri[160];
		trace_code_uri(&b, i, uri, sizeof(uri));
		trace_qr_upper_host(uri, strings[i], sizeof(strings[i]));
	}
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	double r[5][99];
	for (int k = 0; k < runs; k++) {
		r[0][k] = raw_rate(n);
		r[1][k] = export_rate(&b, n, TRACE_PRINT_PNG, (int)cores);
		r[2][k] = export_rate(&b, n, TRACE_PRINT_SVG, (int)cores);
		r[3][k] = export_rate(&b, n, TRACE_PRINT_PNG, 1);
		r[4][k] = export_rate(&b, n, TRACE_PRINT_SVG, 1);
	}
	double med[5];
	for (int i = 0; i < 5; i++)
		med[i] = bench_median(r[i], runs);
	double raw = med[0];

	printf("%u codes, median of %d runs, %ld cores for the exports\n", n,
	       runs, cores);
	printf("%-34s %9.0f /s\n", "raw libqrencode, 1 core (baseline)", raw);
	const char *names[] = {"", "PNG archive export", "SVG archive export",
			       "PNG archive export, 1 worker",
			       "SVG archive export, 1 worker"};
	for (int i = 1; i < 5; i++) {
		long used = i < 3 ? cores : 1;
		printf("%-34s %9.0f /s  %6.0f /s per core  %4.0f%% of baseline "
		       "per core\n",
		       names[i], med[i], med[i] / (double)used,
		       100 * med[i] / (double)used / raw);
	}

	free(strings);
	bt_keys_free(keys);
	return 0;
}
