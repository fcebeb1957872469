/* bench_scan.c: photo decoding per core, ours (zbar plus preprocessing
 * passes when needed) against zbar alone on the same images, measured in
 * the same run: clean label images, and photo-like ones.
 * usage: bench_scan [IMAGES] [RUNS]   (defaults 200 and 5) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/bench.h"
#include "scanner/decode.h"
#include "tests/support/photo.h"

static struct scan_gray *images;
static int nimages;

static double rate(enum bt_err (*decode)(const struct scan_gray *,
					 struct scan_result *),
		   int *read)
{
	*read = 0;
	double t = bench_now();
	for (int i = 0; i < nimages; i++) {
		struct scan_result r;
		if (decode(&images[i], &r) == BT_OK && r.n > 0)
			(*read)++;
		scan_result_free(&r);
	}
	return nimages / (bench_now() - t);
}

static void make(int n, bool photo_like)
{
	nimages = n;
	images = calloc((size_t)n, sizeof(*images));
	for (int i = 0; i < n; i++) {
		char uri[128];
		snprintf(uri, sizeof(uri),
			 "HTTPS://ID.EXAMPLE.CN/01/09312345001019/21/14%013d",
			 i);
		struct trace_qr qr;
		trace_qr_encode(uri, TRACE_ECC_M, &qr);
		struct photo_params p = {.scale = 1, .seed = (unsigned)i + 1};
		if (photo_like) {
			p = photo_phone(13.0 * i, (unsigned)i + 1);
			p.jpeg = 50;
		}
		photo_make(&qr, &p, &images[i]);
		trace_qr_free(&qr);
	}
}

static void drop(void)
{
	for (int i = 0; i < nimages; i++)
		scan_gray_free(&images[i]);
	free(images);
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 200;
	int runs = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 5;
	if (n < 1 || runs < 1 || runs > 99)
		return 2;
	const char *names[] = {"clean 640x640 labels", "photo-like 640x640"};
	for (int kind = 0; kind < 2; kind++) {
		make(n, kind == 1);
		double plain[99], ours[99];
		int read_plain = 0, read_ours = 0;
		for (int r = 0; r < runs; r++) {
			plain[r] = rate(scan_decode_plain, &read_plain);
			ours[r] = rate(scan_decode, &read_ours);
		}
		double p = bench_median(plain, runs),
		       o = bench_median(ours, runs);
		printf("%s, %d images, median of %d runs, one core:\n",
		       names[kind], n, runs);
		printf("  zbar alone (baseline)      %7.0f /s  read %d\n", p,
		       read_plain);
		printf("  ours (with preprocessing)  %7.0f /s  read %d  "
		       "%.2fx\n",
		       o, read_ours, o / p);
		drop();
	}
	return 0;
}
