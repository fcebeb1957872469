/* photo.c: making photo-like test images with cairo and libjpeg. */
#include "photo.h"

#include <cairo.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>

#define SIDE 640

static unsigned next(unsigned *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static double unit(unsigned *s)
{
	return (next(s) % 10000) / 10000.0;
}

static void background(cairo_t *cr, unsigned *seed)
{
	cairo_pattern_t *g = cairo_pattern_create_linear(0, 0, SIDE, SIDE);
	cairo_pattern_add_color_stop_rgb(g, 0, 0.55, 0.5, 0.45);
	cairo_pattern_add_color_stop_rgb(g, 1, 0.25, 0.22, 0.2);
	cairo_set_source(cr, g);
	cairo_paint(cr);
	cairo_pattern_destroy(g);
	/* Clutter: shapes and stripes, as on a table or a package. */
	for (int i = 0; i < 40; i++) {
		double v = 0.1 + 0.8 * unit(seed);
		cairo_set_source_rgba(cr, v, v, v, 0.6);
		if (i % 3 == 0)
			cairo_arc(cr, unit(seed) * SIDE, unit(seed) * SIDE,
				  5 + 40 * unit(seed), 0, 2 * M_PI);
		else
			cairo_rectangle(cr, unit(seed) * SIDE,
					unit(seed) * SIDE, 5 + 80 * unit(seed),
					3 + 20 * unit(seed));
		cairo_fill(cr);
	}
}

enum bt_err photo_make(const struct trace_qr *qr, const struct photo_params *p,
		       struct scan_gray *out)
{
	memset(out, 0, sizeof(*out));
	unsigned seed = p->seed ? p->seed : 2463534242u;
	cairo_surface_t *s =
		cairo_image_surface_create(CAIRO_FORMAT_RGB24, SIDE, SIDE);
	cairo_t *cr = cairo_create(s);
	if (p->background) {
		background(cr, &seed);
	} else {
		cairo_set_source_rgb(cr, 1, 1, 1);
		cairo_paint(cr);
	}
	double module = 5.0 * (p->scale > 0 ? p->scale : 1);
	int n = qr->width + 2 * TRACE_QR_QUIET;
	double side = n * module;
	cairo_translate(cr, SIDE / 2.0, SIDE / 2.0);
	cairo_rotate(cr, p->angle * M_PI / 180);
	cairo_matrix_t shear = {1, p->skew_y, p->skew_x, 1, 0, 0};
	cairo_transform(cr, &shear);
	cairo_translate(cr, -side / 2, -side / 2);
	cairo_set_source_rgb(cr, 1, 1, 1); /* the label */
	cairo_rectangle(cr, -module, -module, side + 2 * module,
			side + 4 * module);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	for (int y = 0; y < qr->width; y++)
		for (int x = 0; x < qr->width; x++)
			if (qr->modules[(size_t)y * (size_t)qr->width +
					(size_t)x])
				cairo_rectangle(cr,
						(x + TRACE_QR_QUIET) * module,
						(y + TRACE_QR_QUIET) * module,
						module, module);
	cairo_fill(cr);
	cairo_destroy(cr);
	cairo_surface_flush(s);

	out->width = out->height = SIDE;
	out->px = malloc((size_t)SIDE * SIDE);
	unsigned char *tmp = malloc((size_t)SIDE * SIDE);
	if (out->px == NULL || tmp == NULL) {
		free(tmp);
		cairo_surface_destroy(s);
		scan_gray_free(out);
		return BT_ENOMEM;
	}
	const unsigned char *data = cairo_image_surface_get_data(s);
	int stride = cairo_image_surface_get_stride(s);
	int low = p->high > p->low ? p->low : 0;
	int high = p->high > p->low ? p->high : 255;
	for (int y = 0; y < SIDE; y++) {
		const uint32_t *row =
			(const uint32_t
				 *)(const void *)(data +
						  (size_t)y * (size_t)stride);
		for (int x = 0; x < SIDE; x++) {
			uint32_t c = row[x];
			int v = (int)(((c >> 16) & 255) * 30 +
				      ((c >> 8) & 255) * 59 + (c & 255) * 11) /
				100;
			out->px[y * SIDE + x] =
				(unsigned char)(low + v * (high - low) / 255);
		}
	}
	cairo_surface_destroy(s);
	for (int pass = 0; pass < 2 && p->blur > 0; pass++) {
		/* a box blur, rows then columns */
		for (int y = 0; y < SIDE; y++)
			for (int x = 0; x < SIDE; x++) {
				int sum = 0, cnt = 0;
				for (int d = -p->blur; d <= p->blur; d++) {
					int xx = pass ? x : x + d,
					    yy = pass ? y + d : y;
					if (xx >= 0 && xx < SIDE && yy >= 0 &&
					    yy < SIDE) {
						sum += out->px[yy * SIDE + xx];
						cnt++;
					}
				}
				tmp[y * SIDE + x] = (unsigned char)(sum / cnt);
			}
		memcpy(out->px, tmp, (size_t)SIDE * SIDE);
	}
	for (int i = 0; p->noise > 0 && i < SIDE * SIDE; i++) {
		int v = out->px[i] +
			(int)(next(&seed) % (unsigned)(2 * p->noise + 1)) -
			p->noise;
		out->px[i] = (unsigned char)(v < 0 ? 0 : v > 255 ? 255 : v);
	}
	free(tmp);
	if (p->jpeg > 0) {
		struct bt_buf jpg = BT_BUF_INIT;
		struct scan_gray back;
		const char *reason;
		enum bt_err err = photo_jpeg(out, p->jpeg, &jpg);
		if (err == BT_OK)
			err = scan_image_load(jpg.data, jpg.len, &back,
					      &reason);
		bt_buf_free(&jpg);
		scan_gray_free(out);
		if (err != BT_OK)
			return err;
		*out = back;
	}
	return BT_OK;
}

enum bt_err photo_jpeg(const struct scan_gray *g, int quality,
		       struct bt_buf *out)
{
	struct jpeg_compress_struct c;
	struct jpeg_error_mgr err;
	unsigned char *mem = NULL;
	unsigned long len = 0;
	c.err = jpeg_std_error(&err);
	jpeg_create_compress(&c);
	jpeg_mem_dest(&c, &mem, &len);
	c.image_width = (JDIMENSION)g->width;
	c.image_height = (JDIMENSION)g->height;
	c.input_components = 1;
	c.in_color_space = JCS_GRAYSCALE;
	jpeg_set_defaults(&c);
	jpeg_set_quality(&c, quality, TRUE);
	jpeg_start_compress(&c, TRUE);
	while (c.next_scanline < c.image_height) {
		JSAMPROW row =
			g->px + (size_t)c.next_scanline * (size_t)g->width;
		jpeg_write_scanlines(&c, &row, 1);
	}
	jpeg_finish_compress(&c);
	jpeg_destroy_compress(&c);
	enum bt_err e = bt_buf_append(out, mem, len);
	free(mem);
	return e;
}

struct photo_params photo_phone(double angle, unsigned seed)
{
	return (struct photo_params){
		.angle = angle,
		.scale = 0.9,
		.skew_x = 0.06,
		.blur = 1,
		.noise = 12,
		.low = 25,
		.high = 225,
		.background = true,
		.seed = seed,
	};
}
