/* decode.c: zbar, and the preprocessing passes that raise its read rate. */
#include "decode.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zbar.h>

#include "core/buf.h"

void scan_result_free(struct scan_result *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->sym[i].data);
	memset(r, 0, sizeof(*r));
}

static bool seen(const struct scan_result *r, const char *data)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->sym[i].data, data) == 0)
			return true;
	return false;
}

/* One zbar pass over g, scanning every density-th line (1: all), adding
 * what it finds to out. */
static enum bt_err zbar_pass(const struct scan_gray *g, int density,
			     struct scan_result *out)
{
	zbar_image_scanner_t *scanner = zbar_image_scanner_create();
	zbar_image_t *img = zbar_image_create();
	if (scanner == NULL || img == NULL) {
		zbar_image_destroy(img);
		zbar_image_scanner_destroy(scanner);
		return BT_ENOMEM;
	}
	zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
	zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
	zbar_image_scanner_set_config(scanner, ZBAR_EAN13, ZBAR_CFG_ENABLE, 1);
	zbar_image_scanner_set_config(scanner, ZBAR_CODE128, ZBAR_CFG_ENABLE,
				      1);
	zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_X_DENSITY,
				      density);
	zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_Y_DENSITY,
				      density);
	zbar_image_set_format(img, zbar_fourcc('Y', '8', '0', '0'));
	zbar_image_set_size(img, (unsigned)g->width, (unsigned)g->height);
	zbar_image_set_data(img, g->px,
			    (unsigned long)g->width * (unsigned long)g->height,
			    NULL);
	enum bt_err err = BT_OK;
	if (zbar_scan_image(scanner, img) > 0) {
		for (const zbar_symbol_t *s = zbar_image_first_symbol(img); s;
		     s = zbar_symbol_next(s)) {
			const char *data = zbar_symbol_get_data(s);
			if (data == NULL || seen(out, data) ||
			    out->n == SCAN_MAX_SYMBOLS)
				continue;
			struct scan_symbol *sym = &out->sym[out->n];
			sym->data = strdup(data);
			if (sym->data == NULL) {
				err = BT_ENOMEM;
				break;
			}
			bt_strlcpy(
				sym->type,
				zbar_get_symbol_name(zbar_symbol_get_type(s)),
				sizeof(sym->type));
			out->n++;
		}
	}
	zbar_image_destroy(img);
	zbar_image_scanner_destroy(scanner);
	return err;
}

/* Local-mean threshold: a pixel is black when darker than the mean of
 * its neighbourhood by a margin. Evens out shadows, gradients and low
 * contrast. */
static enum bt_err threshold(const struct scan_gray *g, struct scan_gray *out)
{
	int w = g->width, h = g->height;
	size_t n = (size_t)w * (size_t)h;
	uint32_t *sum =
		malloc((size_t)(w + 1) * (size_t)(h + 1) * sizeof(*sum));
	out->px = malloc(n);
	if (sum == NULL || out->px == NULL) {
		free(sum);
		free(out->px);
		out->px = NULL;
		return BT_ENOMEM;
	}
	out->width = w;
	out->height = h;
	size_t stride = (size_t)w + 1;
	memset(sum, 0, stride * sizeof(*sum));
	for (int y = 0; y < h; y++) {
		uint32_t row = 0;
		sum[(size_t)(y + 1) * stride] = 0;
		for (int x = 0; x < w; x++) {
			row += g->px[(size_t)y * (size_t)w + (size_t)x];
			sum[(size_t)(y + 1) * stride + (size_t)x + 1] =
				sum[(size_t)y * stride + (size_t)x + 1] + row;
		}
	}
	int r = (w < h ? w : h) / 16;
	if (r < 4)
		r = 4;
	for (int y = 0; y < h; y++) {
		int y0 = y - r < 0 ? 0 : y - r, y1 = y + r >= h ? h - 1 : y + r;
		for (int x = 0; x < w; x++) {
			int x0 = x - r < 0 ? 0 : x - r;
			int x1 = x + r >= w ? w - 1 : x + r;
			uint32_t s =
				sum[(size_t)(y1 + 1) * stride + (size_t)x1 +
				    1] -
				sum[(size_t)y0 * stride + (size_t)x1 + 1] -
				sum[(size_t)(y1 + 1) * stride + (size_t)x0] +
				sum[(size_t)y0 * stride + (size_t)x0];
			uint32_t area =
				(uint32_t)((x1 - x0 + 1) * (y1 - y0 + 1));
			unsigned v = g->px[(size_t)y * (size_t)w + (size_t)x];
			out->px[(size_t)y * (size_t)w + (size_t)x] =
				v * area + 8 * area < s ? 0 : 255;
		}
	}
	free(sum);
	return BT_OK;
}

/* Nearest-neighbour doubling, for codes photographed from afar. */
static enum bt_err upscale(const struct scan_gray *g, struct scan_gray *out)
{
	out->width = g->width * 2;
	out->height = g->height * 2;
	out->px = malloc((size_t)out->width * (size_t)out->height);
	if (out->px == NULL)
		return BT_ENOMEM;
	for (int y = 0; y < out->height; y++)
		for (int x = 0; x < out->width; x++)
			out->px[(size_t)y * (size_t)out->width + (size_t)x] =
				g->px[(size_t)(y / 2) * (size_t)g->width +
				      (size_t)(x / 2)];
	return BT_OK;
}

enum bt_err scan_decode_plain(const struct scan_gray *g,
			      struct scan_result *out)
{
	memset(out, 0, sizeof(*out));
	out->passes = 1;
	return zbar_pass(g, 1, out);
}

static long elapsed_ms(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long)(t.tv_sec - t0->tv_sec) * 1000 +
	       (t.tv_nsec - t0->tv_nsec) / 1000000;
}

enum bt_err scan_decode(const struct scan_gray *g, struct scan_result *out)
{
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* A quick look at every second line first: a clear photo needs no
	 * more, and it costs half. */
	memset(out, 0, sizeof(*out));
	out->passes = 1;
	enum bt_err err = zbar_pass(g, 2, out);
	if (err == BT_OK && out->n == 0)
		err = zbar_pass(g, 1, out);
	/* Each further pass runs only while nothing was found. */
	for (int pass = 1; err == BT_OK && out->n == 0 && pass < 5 &&
			   elapsed_ms(&t0) < SCAN_BUDGET_MS;
	     pass++) {
		struct scan_gray t = {0};
		switch (pass) {
		case 1: err = scan_gray_shrink(g, 2, &t); break;
		case 2: err = threshold(g, &t); break;
		case 3: {
			struct scan_gray half = {0};
			err = scan_gray_shrink(g, 2, &half);
			if (err == BT_OK)
				err = threshold(&half, &t);
			scan_gray_free(&half);
			break;
		}
		default:
			err = g->width * g->height <= 1200 * 1200
				      ? upscale(g, &t)
				      : BT_EINVAL;
			break;
		}
		if (err == BT_OK) {
			out->passes = pass + 1;
			err = zbar_pass(&t, 1, out);
		} else if (err == BT_EINVAL) {
			err = BT_OK; /* this pass does not apply */
		}
		scan_gray_free(&t);
	}
	return err;
}
