/* photo.c: re-encoding photos kept as evidence (see photo.h). */
#include "photo.h"

#include <png.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "scanner/image.h"

/* Box-filters p down by an integer factor so that its longer side fits. */
static enum bt_err fit(struct scan_rgb *p, const char **reason)
{
	int side = p->width > p->height ? p->width : p->height;
	if (side <= SCAN_PHOTO_SIDE)
		return BT_OK;
	int f = (side + SCAN_PHOTO_SIDE - 1) / SCAN_PHOTO_SIDE;
	int w = p->width / f, h = p->height / f;
	if (w < 1 || h < 1) {
		*reason = "the photo is too narrow for its length to keep";
		return BT_EINVAL;
	}
	unsigned char *px = malloc((size_t)w * (size_t)h * 3);
	if (px == NULL)
		return BT_ENOMEM;
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			for (int c = 0; c < 3; c++) {
				unsigned sum = 0;
				for (int dy = 0; dy < f; dy++) {
					const unsigned char *row =
						p->px + ((size_t)(y * f + dy) *
							 (size_t)p->width * 3);
					for (int dx = 0; dx < f; dx++)
						sum += row[(x * f + dx) * 3 +
							   c];
				}
				px[((size_t)y * (size_t)w + (size_t)x) * 3 +
				   (size_t)c] =
					(unsigned char)(sum /
							(unsigned)(f * f));
			}
	free(p->px);
	p->px = px;
	p->width = w;
	p->height = h;
	return BT_OK;
}

static void png_append(png_structp png, png_bytep data, size_t n)
{
	struct bt_buf *out = png_get_io_ptr(png);
	if (bt_buf_append(out, data, n) != BT_OK)
		png_error(png, "out of memory");
}

static void png_flush(png_structp png)
{
	(void)png;
}

static void png_quiet(png_structp png, png_const_charp msg)
{
	(void)msg;
	png_longjmp(png, 1);
}

/* Writes p as a PNG of IHDR, IDAT and IEND only. */
static enum bt_err write_png(const struct scan_rgb *p, struct bt_buf *out)
{
	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL,
						  png_quiet, NULL);
	png_infop info = png ? png_create_info_struct(png) : NULL;
	png_bytep *volatile rows = NULL;
	volatile enum bt_err err = BT_ENOMEM;
	if (png && info && setjmp(png_jmpbuf(png)) == 0) {
		rows = malloc((size_t)p->height * sizeof(*rows));
		if (rows != NULL) {
			for (int y = 0; y < p->height; y++)
				rows[y] = p->px +
					  (size_t)y * (size_t)p->width * 3;
			png_set_write_fn(png, out, png_append, png_flush);
			png_set_IHDR(png, info, (png_uint_32)p->width,
				     (png_uint_32)p->height, 8,
				     PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
				     PNG_COMPRESSION_TYPE_DEFAULT,
				     PNG_FILTER_TYPE_DEFAULT);
			png_write_info(png, info);
			png_write_image(png, rows);
			png_write_end(png, NULL);
			err = BT_OK;
		}
	}
	free(rows);
	png_destroy_write_struct(&png, &info);
	return err;
}

enum bt_err scan_photo_reencode(const void *data, size_t len,
				struct bt_buf *png, int *w, int *h,
				const char **reason)
{
	struct scan_rgb p;
	enum bt_err err = scan_image_load_rgb(data, len, &p, reason);
	if (err != BT_OK)
		return err;
	err = fit(&p, reason);
	if (err == BT_OK)
		err = write_png(&p, png);
	if (err == BT_OK) {
		*w = p.width;
		*h = p.height;
	} else if (err != BT_EINVAL) {
		*reason = NULL;
	}
	scan_rgb_free(&p);
	return err;
}
