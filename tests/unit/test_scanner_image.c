/* test_scanner_image.c: loading images: formats, and the refusals of bad,
 * truncated, huge and bomb-like input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <zlib.h>

#include "core/buf.h"
#include "scanner/decode.h"
#include "scanner/image.h"
#include "tests/support/photo.h"
#include "trace/code/qr.h"

static const char *uri = "HTTPS://ID.EXAMPLE.CN/01/09312345001019/21/ABC";

static void png_and_jpeg_decode_to_the_same_code(void **state)
{
	(void)state;
	struct trace_qr qr;
	assert_int_equal(trace_qr_encode(uri, TRACE_ECC_M, &qr), BT_OK);
	struct bt_buf png = BT_BUF_INIT, jpg = BT_BUF_INIT;
	assert_int_equal(trace_qr_png(&qr, 4, &png), BT_OK);
	struct scan_gray g;
	const char *reason;
	assert_int_equal(scan_image_load(png.data, png.len, &g, &reason),
			 BT_OK);
	assert_int_equal(g.width, (qr.width + 8) * 4);
	assert_int_equal(photo_jpeg(&g, 80, &jpg), BT_OK);
	struct scan_result r;
	assert_int_equal(scan_decode(&g, &r), BT_OK);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.sym[0].data, uri);
	assert_string_equal(r.sym[0].type, "QR-Code");
	scan_result_free(&r);
	scan_gray_free(&g);
	assert_int_equal(scan_image_load(jpg.data, jpg.len, &g, &reason),
			 BT_OK);
	assert_int_equal(scan_decode(&g, &r), BT_OK);
	assert_int_equal(r.n, 1);
	scan_result_free(&r);
	scan_gray_free(&g);
	bt_buf_free(&png);
	bt_buf_free(&jpg);
	trace_qr_free(&qr);
}

static void bad_input_is_refused_with_a_reason(void **state)
{
	(void)state;
	struct trace_qr qr;
	assert_int_equal(trace_qr_encode(uri, TRACE_ECC_M, &qr), BT_OK);
	struct bt_buf png = BT_BUF_INIT;
	assert_int_equal(trace_qr_png(&qr, 4, &png), BT_OK);
	struct scan_gray g;
	const char *reason = NULL;
	/* Truncated at every tenth length. */
	for (size_t n = 0; n < png.len; n += png.len / 10 + 1) {
		enum bt_err err = scan_image_load(png.data, n, &g, &reason);
		assert_int_not_equal(err, BT_OK);
		assert_non_null(reason);
	}
	assert_int_equal(scan_image_load("GIF89a...", 9, &g, &reason),
			 BT_EINVAL);
	assert_string_equal(reason, "the file is not a PNG or JPEG image");
	char *big = calloc(1, SCAN_MAX_BYTES + 1);
	assert_non_null(big);
	assert_int_equal(scan_image_load(big, SCAN_MAX_BYTES + 1, &g, &reason),
			 BT_ETOOBIG);
	free(big);
	/* A JPEG that is only a start-of-image marker. */
	assert_int_not_equal(
		scan_image_load("\xff\xd8\xff\xe0", 4, &g, &reason), BT_OK);
	bt_buf_free(&png);
	trace_qr_free(&qr);
}

/* A PNG that declares 100000 x 100000 pixels in a few bytes. */
static void decompression_bombs_are_refused_before_decoding(void **state)
{
	(void)state;
	unsigned char png[64] = "\x89PNG\r\n\x1a\n";
	unsigned char ihdr[17] = {'I', 'H',  'D',  'R', 0, 1, 0x86, 0xa0, 0,
				  1,   0x86, 0xa0, 8,	0, 0, 0,    0};
	png[11] = 13; /* IHDR length, big-endian; bytes 8-10 are zero */
	memcpy(png + 12, ihdr, 17);
	uLong crc = crc32(0, ihdr, 17);
	png[29] = (unsigned char)(crc >> 24);
	png[30] = (unsigned char)(crc >> 16);
	png[31] = (unsigned char)(crc >> 8);
	png[32] = (unsigned char)crc;
	struct scan_gray g;
	const char *reason = NULL;
	clock_t t = clock();
	enum bt_err err = scan_image_load(png, 33, &g, &reason);
	assert_true(err == BT_ETOOBIG || err == BT_EINVAL);
	assert_true((double)(clock() - t) / CLOCKS_PER_SEC < 0.5);
	/* PGM headers are checked the same way. */
	const char *pgm = "P5 30000 30000 255\n";
	assert_int_equal(scan_image_load(pgm, strlen(pgm), &g, &reason),
			 BT_ETOOBIG);
}

/* Found by fuzz_image: a 14 KiB file whose zTXt chunk claimed 1.9 GB made
 * libpng allocate that much before reading it. */
static void a_chunk_longer_than_the_file_is_refused_unread(void **state)
{
	(void)state;
	const char *dir = getenv("BT_TEST_DATA");
	char path[1024];
	snprintf(path, sizeof(path), "%s/images/label.png",
		 dir ? dir : "tests/data");
	struct bt_buf b = BT_BUF_INIT;
	assert_int_equal(bt_read_file(path, SCAN_MAX_BYTES, &b), BT_OK);
	/* After the 8-byte signature and IHDR (25 bytes): a zTXt chunk
	 * header claiming 0x76003630 bytes, then the rest of the file. */
	struct bt_buf f = BT_BUF_INIT;
	static const unsigned char ztxt[] = {0x76, 0x00, 0x36, 0x30,
					     'z',  'T',	 'X',  't'};
	assert_int_equal(bt_buf_append(&f, b.data, 33), BT_OK);
	assert_int_equal(bt_buf_append(&f, ztxt, sizeof(ztxt)), BT_OK);
	assert_int_equal(bt_buf_append(&f, b.data + 33, b.len - 33), BT_OK);
	struct scan_gray g;
	const char *reason = NULL;
	assert_int_equal(scan_image_load(f.data, f.len, &g, &reason),
			 BT_EINVAL);
	assert_string_equal(reason, "the PNG image has a chunk larger than "
				    "an upload may be");
	/* A text chunk of honest length is skipped, and the code reads. */
	bt_buf_free(&f);
	unsigned char text[17] = {0,   0,   0, 5,   't', 'E', 'X',
				  't', 'a', 0, 'b', 'c', 'd'};
	uLong crc = crc32(0, text + 4, 9);
	for (int i = 0; i < 4; i++)
		text[13 + i] = (unsigned char)(crc >> (24 - 8 * i));
	assert_int_equal(bt_buf_append(&f, b.data, 33), BT_OK);
	assert_int_equal(bt_buf_append(&f, text, sizeof(text)), BT_OK);
	assert_int_equal(bt_buf_append(&f, b.data + 33, b.len - 33), BT_OK);
	assert_int_equal(scan_image_load(f.data, f.len, &g, &reason), BT_OK);
	struct scan_result r;
	assert_int_equal(scan_decode_plain(&g, &r), BT_OK);
	assert_true(r.n >= 1);
	scan_result_free(&r);
	scan_gray_free(&g);
	bt_buf_free(&f);
	bt_buf_free(&b);
}

static void large_photos_are_scaled_down(void **state)
{
	(void)state;
	size_t w = 3000, h = 2000;
	struct bt_buf b = BT_BUF_INIT;
	bt_buf_printf(&b, "P5 %zu %zu 255\n", w, h);
	size_t head = b.len;
	assert_int_equal(bt_buf_reserve(&b, w * h), BT_OK);
	memset(b.data + head, 200, w * h);
	b.len += w * h;
	struct scan_gray g;
	const char *reason;
	assert_int_equal(scan_image_load(b.data, b.len, &g, &reason), BT_OK);
	assert_true(g.width <= SCAN_MAX_SIDE && g.height <= SCAN_MAX_SIDE);
	assert_int_equal(g.width, 1500);
	scan_gray_free(&g);
	bt_buf_free(&b);
}

/* Every image in tests/data/images/tools (written by qrencode, ImageMagick,
 * libpng, exiftool, and camera photos) loads, and reads as its MANIFEST
 * says. A qrencode PNG with tRNS once overflowed the row buffer. */
static void images_other_tools_wrote_load_and_decode(void **state)
{
	(void)state;
	const char *dir = getenv("BT_TEST_DATA");
	char path[1024];
	snprintf(path, sizeof(path), "%s/images/tools/MANIFEST",
		 dir ? dir : "tests/data");
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	char line[400];
	int checked = 0;
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '#')
			continue;
		line[strcspn(line, "\n")] = '\0';
		char *tab = strchr(line, '\t');
		assert_non_null(tab);
		*tab = '\0';
		const char *want = tab + 1;
		snprintf(path, sizeof(path), "%s/images/tools/%s",
			 dir ? dir : "tests/data", line);
		struct bt_buf b = BT_BUF_INIT;
		assert_int_equal(bt_read_file(path, SCAN_MAX_BYTES, &b), BT_OK);
		struct scan_gray g;
		const char *reason = NULL;
		enum bt_err err = scan_image_load(b.data, b.len, &g, &reason);
		if (err != BT_OK)
			fail_msg("%s: %s", line, reason);
		if (strcmp(want, "-") != 0) {
			struct scan_result r;
			assert_int_equal(scan_decode(&g, &r), BT_OK);
			bool found = false;
			for (size_t i = 0; i < r.n; i++)
				found = found ||
					strcmp(r.sym[i].data, want) == 0;
			if (!found)
				fail_msg("%s: '%s' not read (%zu symbols)",
					 line, want, r.n);
			scan_result_free(&r);
		}
		scan_gray_free(&g);
		bt_buf_free(&b);
		checked++;
	}
	fclose(f);
	assert_true(checked >= 40);
}

/* Transparent pixels are laid over white, as a screen shows them: a QR
 * with a transparent background has white quiet zones, not black. */
static void transparency_reads_as_white_paper(void **state)
{
	(void)state;
	const char *dir = getenv("BT_TEST_DATA");
	const char *names[] = {"qrencode-transparent-bg.png",
			       "libpng-palette1-trns.png", "png-rgba16.png",
			       "libpng-gray16-trns-interlaced.png"};
	for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
		char path[512];
		snprintf(path, sizeof(path), "%s/images/tools/%s",
			 dir ? dir : "tests/data", names[k]);
		struct bt_buf b = BT_BUF_INIT;
		assert_int_equal(bt_read_file(path, SCAN_MAX_BYTES, &b), BT_OK);
		struct scan_gray g;
		const char *reason = NULL;
		assert_int_equal(scan_image_load(b.data, b.len, &g, &reason),
				 BT_OK);
		assert_int_equal(g.px[0], 255); /* the quiet zone's corner */
		scan_gray_free(&g);
		bt_buf_free(&b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(png_and_jpeg_decode_to_the_same_code),
		cmocka_unit_test(bad_input_is_refused_with_a_reason),
		cmocka_unit_test(
			decompression_bombs_are_refused_before_decoding),
		cmocka_unit_test(
			a_chunk_longer_than_the_file_is_refused_unread),
		cmocka_unit_test(large_photos_are_scaled_down),
		cmocka_unit_test(images_other_tools_wrote_load_and_decode),
		cmocka_unit_test(transparency_reads_as_white_paper),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
