/* test_scanner_photo.c: photos kept as evidence come out as plain PNGs:
 * every layout other tools write is read in colour, nothing but the pixels
 * survives (an exiftool-tagged JPEG loses its EXIF), big photos are scaled
 * down, and what is not a photo is refused with a reason. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/buf.h"
#include "scanner/image.h"
#include "scanner/photo.h"

static struct bt_buf slurp(const char *name)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/images/tools/%s",
		 getenv("BT_TEST_DATA"), name);
	struct bt_buf b = BT_BUF_INIT;
	assert_int_equal(bt_read_file(path, 20u << 20, &b), BT_OK);
	return b;
}

/* The chunk types of a PNG, concatenated ("IHDRIDATIEND"). */
static void chunks(const struct bt_buf *png, char *out, size_t size)
{
	out[0] = '\0';
	assert_true(png->len > 8);
	size_t at = 8;
	while (at + 8 <= png->len) {
		const unsigned char *p = (const unsigned char *)png->data + at;
		size_t n = (size_t)p[0] << 24 | (size_t)p[1] << 16 |
			   (size_t)p[2] << 8 | p[3];
		char type[5] = {(char)p[4], (char)p[5], (char)p[6], (char)p[7],
				0};
		/* one IDAT or many: name each kind once */
		if (strstr(out, type) == NULL)
			bt_strlcpy(out + strlen(out), type, size - strlen(out));
		at += 12 + n;
	}
}

static void an_exif_tagged_jpeg_comes_out_with_its_pixels_only(void **state)
{
	(void)state;
	struct bt_buf in = slurp("jpeg-exif-rot90.jpg");
	assert_non_null(bt_memfind(in.data, in.len, "Exif"));
	struct bt_buf png = BT_BUF_INIT;
	int w = 0, h = 0;
	const char *reason = NULL;
	assert_int_equal(
		scan_photo_reencode(in.data, in.len, &png, &w, &h, &reason),
		BT_OK);
	char kinds[64];
	chunks(&png, kinds, sizeof(kinds));
	assert_string_equal(kinds, "IHDRIDATIEND");
	assert_null(bt_memfind(png.data, png.len, "Exif"));
	/* and it reads back, in colour, at the size it says */
	struct scan_rgb back;
	assert_int_equal(scan_image_load_rgb(png.data, png.len, &back, &reason),
			 BT_OK);
	assert_int_equal(back.width, w);
	assert_int_equal(back.height, h);
	scan_rgb_free(&back);
	bt_buf_free(&png);
	bt_buf_free(&in);
}

static void every_layout_other_tools_write_is_read_in_colour(void **state)
{
	(void)state;
	char dir[512];
	snprintf(dir, sizeof(dir), "%s/images/tools", getenv("BT_TEST_DATA"));
	DIR *d = opendir(dir);
	assert_non_null(d);
	int n = 0;
	for (struct dirent *e; (e = readdir(d)) != NULL;) {
		size_t len = strlen(e->d_name);
		if (len < 5 || (strcmp(e->d_name + len - 4, ".png") != 0 &&
				strcmp(e->d_name + len - 4, ".jpg") != 0))
			continue;
		struct bt_buf in = slurp(e->d_name);
		struct scan_gray g;
		const char *reason = NULL;
		assert_int_equal(scan_image_load(in.data, in.len, &g, &reason),
				 BT_OK);
		struct bt_buf png = BT_BUF_INIT;
		int w = 0, h = 0;
		if (scan_photo_reencode(in.data, in.len, &png, &w, &h,
					&reason) != BT_OK)
			fail_msg("%s: %s", e->d_name, reason ? reason : "?");
		assert_true(w <= SCAN_PHOTO_SIDE && h <= SCAN_PHOTO_SIDE);
		int side = g.width > g.height ? g.width : g.height;
		if (side <= SCAN_PHOTO_SIDE) {
			/* the same picture as the scanner reads */
			assert_int_equal(w, g.width);
			assert_int_equal(h, g.height);
		}
		scan_gray_free(&g);
		bt_buf_free(&png);
		bt_buf_free(&in);
		n++;
	}
	closedir(d);
	assert_true(n >= 20);
}

static void what_is_not_a_photo_is_refused_with_a_reason(void **state)
{
	(void)state;
	const char *bad[] = {"GIF89a...", "P5 2 2 255\n\1\2\3\4",
			     "\x89PNG\r\n\x1a\n\0\0\0\rIHDR"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct bt_buf png = BT_BUF_INIT;
		int w, h;
		const char *reason = NULL;
		assert_int_equal(scan_photo_reencode(bad[i], strlen(bad[i]) + 8,
						     &png, &w, &h, &reason),
				 BT_EINVAL);
		assert_non_null(reason);
		bt_buf_free(&png);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			an_exif_tagged_jpeg_comes_out_with_its_pixels_only),
		cmocka_unit_test(
			every_layout_other_tools_write_is_read_in_colour),
		cmocka_unit_test(what_is_not_a_photo_is_refused_with_a_reason),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
