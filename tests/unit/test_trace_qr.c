/* test_trace_qr.c: QR symbols and their drawings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "scanner/image.h"
#include "trace/code/qr.h"

static const char *uri =
	"https://id.example.cn/01/09312345001019/21/1400000JDV01K9T";

static void upper_case_hosts_give_smaller_symbols(void **state)
{
	(void)state;
	char upper[128];
	trace_qr_upper_host(uri, upper, sizeof(upper));
	assert_string_equal(upper, "HTTPS://ID.EXAMPLE.CN/01/09312345001019/"
				   "21/1400000JDV01K9T");
	struct trace_qr mixed, dense;
	assert_int_equal(trace_qr_encode(uri, TRACE_ECC_M, &mixed), BT_OK);
	assert_int_equal(trace_qr_encode(upper, TRACE_ECC_M, &dense), BT_OK);
	assert_int_equal(mixed.version, 4);
	assert_int_equal(dense.version, 3);
	assert_int_equal(dense.width, 29);
	trace_qr_free(&mixed);
	trace_qr_free(&dense);
}

static void only_scheme_and_host_change_case(void **state)
{
	(void)state;
	char out[128];
	trace_qr_upper_host("https://Example.cn/trace/01/1/10/ab/21/X", out,
			    sizeof(out));
	assert_string_equal(out, "HTTPS://EXAMPLE.CN/trace/01/1/10/ab/21/X");
	trace_qr_upper_host("no scheme here", out, sizeof(out));
	assert_string_equal(out, "no scheme here");
}

static void higher_correction_gives_larger_symbols(void **state)
{
	(void)state;
	struct trace_qr l, h;
	assert_int_equal(trace_qr_encode(uri, TRACE_ECC_L, &l), BT_OK);
	assert_int_equal(trace_qr_encode(uri, TRACE_ECC_H, &h), BT_OK);
	assert_true(h.width > l.width);
	trace_qr_free(&l);
	trace_qr_free(&h);
	enum trace_qr_ecc e;
	assert_int_equal(trace_qr_ecc_parse("Q", &e), BT_OK);
	assert_int_equal(e, TRACE_ECC_Q);
	assert_int_equal(trace_qr_ecc_parse("q", &e), BT_EINVAL);
	assert_int_equal(trace_qr_ecc_parse("", &e), BT_EINVAL);
}

/* The dark modules an SVG path paints: the sum of its "h" runs. */
static int svg_dark(const char *svg)
{
	int dark = 0;
	for (const char *p = strstr(svg, " d=\""); p && *p; p++)
		if (*p == 'h' && p[1] != '-')
			dark += (int)strtol(p + 1, NULL, 10);
	return dark;
}

static void drawings_cover_the_symbol(void **state)
{
	(void)state;
	struct trace_qr qr;
	assert_int_equal(trace_qr_encode(uri, TRACE_ECC_M, &qr), BT_OK);
	int expect = 0;
	for (int i = 0; i < qr.width * qr.width; i++)
		expect += qr.modules[i];

	struct bt_buf svg = BT_BUF_INIT, png = BT_BUF_INIT;
	assert_int_equal(trace_qr_svg(&qr, &svg), BT_OK);
	assert_non_null(strstr(svg.data, "viewBox=\"0 0 41 41\""));
	assert_int_equal(svg_dark(svg.data), expect);
	assert_int_equal(trace_qr_png(&qr, 4, &png), BT_OK);
	/* decoded by libpng, every pixel is its module's colour, at the
	 * smallest, an odd and the largest module size */
	const int sizes[] = {1, 3, 4, 40};
	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		int px = sizes[k];
		struct bt_buf img = BT_BUF_INIT;
		assert_int_equal(trace_qr_png(&qr, px, &img), BT_OK);
		struct scan_gray g;
		const char *why = NULL;
		assert_int_equal(scan_image_load(img.data, img.len, &g, &why),
				 BT_OK);
		assert_int_equal(g.width, (qr.width + 2 * TRACE_QR_QUIET) * px);
		for (int y = 0; y < g.height; y++)
			for (int x = 0; x < g.width; x++) {
				int mx = x / px - TRACE_QR_QUIET;
				int my = y / px - TRACE_QR_QUIET;
				bool dark = mx >= 0 && my >= 0 &&
					    mx < qr.width && my < qr.width &&
					    qr.modules[my * qr.width + mx];
				if (g.px[(size_t)y * (size_t)g.width +
					 (size_t)x] != (dark ? 0 : 255))
					fail_msg("px %d: pixel %d,%d", px, x,
						 y);
			}
		scan_gray_free(&g);
		bt_buf_free(&img);
	}
	/* drawing the same symbol again gives the same bytes */
	struct bt_buf again = BT_BUF_INIT;
	assert_int_equal(trace_qr_png(&qr, 4, &again), BT_OK);
	assert_int_equal(again.len, png.len);
	assert_memory_equal(again.data, png.data, png.len);
	bt_buf_free(&again);
	assert_memory_equal(png.data, "\x89PNG\r\n\x1a\n", 8);
	/* IHDR: width and height in pixels, bit depth 1, grayscale */
	const unsigned char *ihdr = (const unsigned char *)png.data + 16;
	assert_int_equal(ihdr[3], 164);
	assert_int_equal(ihdr[7], 164);
	assert_int_equal(ihdr[8], 1);
	assert_int_equal(ihdr[9], 0);
	bt_buf_free(&svg);
	bt_buf_free(&png);
	trace_qr_free(&qr);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(upper_case_hosts_give_smaller_symbols),
		cmocka_unit_test(only_scheme_and_host_change_case),
		cmocka_unit_test(higher_correction_gives_larger_symbols),
		cmocka_unit_test(drawings_cover_the_symbol),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
