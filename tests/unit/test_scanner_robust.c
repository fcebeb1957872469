/* test_scanner_robust.c: the decoder reads at least 95 % of a set of
 * distorted photos of an exported symbol: any rotation, scale, skew,
 * blur, noise, JPEG quality 30, low contrast, on a photo-like background.
 * Prints the rates of zbar alone and with the preprocessing passes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "scanner/decode.h"
#include "tests/support/photo.h"

/* As an export puts it in a symbol: the host upper-cased. */
static const char *uri =
	"HTTPS://ID.EXAMPLE.CN/01/09312345001019/10/KV2409A/21/1400000JDV01K9T";

static struct photo_params set[200];
static size_t nset;

static void add(struct photo_params p)
{
	p.background = true;
	p.seed = 7919u * (unsigned)(nset + 1);
	if (p.scale == 0)
		p.scale = 1;
	set[nset++] = p;
}

static void build_set(void)
{
	for (int a = 0; a < 360; a += 15)
		add((struct photo_params){.angle = a});
	const double scales[] = {0.6, 0.8, 1.3, 1.6, 2.0};
	for (int i = 0; i < 5; i++)
		add((struct photo_params){.angle = 10, .scale = scales[i]});
	const double skews[][2] = {{0.15, 0}, {0, 0.15}, {0.3, 0}, {0.2, 0.2}};
	for (int i = 0; i < 4; i++)
		add((struct photo_params){.angle = 5,
					  .skew_x = skews[i][0],
					  .skew_y = skews[i][1]});
	for (int b = 1; b <= 3; b++)
		add((struct photo_params){.angle = 20, .blur = b});
	for (int n = 10; n <= 30; n += 10)
		add((struct photo_params){.angle = 35, .noise = n});
	for (int a = 0; a < 3; a++)
		add((struct photo_params){.angle = 40 + 50 * a, .jpeg = 30});
	const int contrast[][2] = {
		{90, 150}, {100, 160}, {110, 150}, {60, 120}};
	for (int i = 0; i < 4; i++)
		add((struct photo_params){.angle = 50,
					  .low = contrast[i][0],
					  .high = contrast[i][1]});
	/* Everything at once, as a real phone photo is. */
	for (int i = 0; i < 20; i++)
		add((struct photo_params){.angle = 17.0 * i,
					  .scale = 0.8 + 0.05 * (i % 8),
					  .skew_x = 0.01 * (i % 10),
					  .blur = 1 + i % 2,
					  .noise = 8 + i % 10,
					  .jpeg = 30 + 5 * (i % 3),
					  .low = 30 + i % 20,
					  .high = 200 + i % 40});
}

static void reads_95_percent_of_distorted_photos(void **state)
{
	(void)state;
	struct trace_qr qr;
	assert_int_equal(trace_qr_encode(uri, TRACE_ECC_M, &qr), BT_OK);
	build_set();
	size_t plain = 0, ours = 0;
	for (size_t i = 0; i < nset; i++) {
		struct scan_gray g;
		assert_int_equal(photo_make(&qr, &set[i], &g), BT_OK);
		struct scan_result r;
		assert_int_equal(scan_decode_plain(&g, &r), BT_OK);
		plain += r.n == 1 && strcmp(r.sym[0].data, uri) == 0;
		scan_result_free(&r);
		assert_int_equal(scan_decode(&g, &r), BT_OK);
		bool ok = r.n == 1 && strcmp(r.sym[0].data, uri) == 0;
		ours += ok;
		if (!ok)
			printf("not read: angle %.0f scale %.2f skew %.2f/%.2f "
			       "blur %d noise %d contrast %d-%d jpeg %d\n",
			       set[i].angle, set[i].scale, set[i].skew_x,
			       set[i].skew_y, set[i].blur, set[i].noise,
			       set[i].low, set[i].high, set[i].jpeg);
		scan_result_free(&r);
		scan_gray_free(&g);
	}
	printf("distortion set: %zu photos; zbar alone read %zu (%.1f %%), "
	       "with preprocessing %zu (%.1f %%)\n",
	       nset, plain, 100.0 * (double)plain / (double)nset, ours,
	       100.0 * (double)ours / (double)nset);
	trace_qr_free(&qr);
	assert_true(ours * 100 >= nset * 95);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_95_percent_of_distorted_photos),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
