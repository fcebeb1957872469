/* qr.c: QR encoding and drawing. */
#include "qr.h"

#include <png.h>
#include <qrencode.h>
#include <stdlib.h>
#include <string.h>

enum bt_err trace_qr_ecc_parse(const char *s, enum trace_qr_ecc *out)
{
	static const char names[] = "LMQH";
	if (s == NULL || strlen(s) != 1 || strchr(names, s[0]) == NULL)
		return BT_EINVAL;
	*out = (enum trace_qr_ecc)(strchr(names, s[0]) - names);
	return BT_OK;
}

enum bt_err trace_qr_encode(const char *text, enum trace_qr_ecc ecc,
			    struct trace_qr *qr)
{
	static const QRecLevel levels[] = {QR_ECLEVEL_L, QR_ECLEVEL_M,
					   QR_ECLEVEL_Q, QR_ECLEVEL_H};
	memset(qr, 0, sizeof(*qr));
	QRcode *c = QRcode_encodeString(text, 0, levels[ecc], QR_MODE_8, 1);
	if (c == NULL)
		return BT_EINVAL;
	size_t n = (size_t)c->width * (size_t)c->width;
	qr->modules = malloc(n);
	if (qr->modules == NULL) {
		QRcode_free(c);
		return BT_ENOMEM;
	}
	for (size_t i = 0; i < n; i++)
		qr->modules[i] = c->data[i] & 1;
	qr->width = c->width;
	qr->version = c->version;
	QRcode_free(c);
	return BT_OK;
}

void trace_qr_free(struct trace_qr *qr)
{
	free(qr->modules);
	qr->modules = NULL;
}

void trace_qr_upper_host(const char *uri, char *out, size_t size)
{
	bt_strlcpy(out, uri, size);
	char *p = strstr(out, "://");
	if (p == NULL)
		return;
	char *end = strchr(p + 3, '/');
	if (end == NULL)
		end = out + strlen(out);
	for (char *c = out; c < end; c++)
		if (*c >= 'a' && *c <= 'z')
			*c = (char)(*c - 'a' + 'A');
}

void trace_qr_runs(const struct trace_qr *qr,
		   void (*fn)(int x, int y, int len, void *ctx), void *ctx)
{
	int w = qr->width;
	for (int y = 0; y < w; y++) {
		const unsigned char *row = qr->modules + (size_t)y * (size_t)w;
		int x = 0;
		while (x < w) {
			if (!row[x]) {
				x++;
				continue;
			}
			int start = x;
			while (x < w && row[x])
				x++;
			fn(start, y, x - start, ctx);
		}
	}
}

/* Appends a small non-negative number (faster than printf here, which
 * matters: a symbol has a few hundred runs). */
static void put_uint(struct bt_buf *out, char prefix, int v)
{
	char t[12];
	int n = 0;
	if (prefix != '\0')
		t[n++] = prefix;

	char digits[10];
	int d = 0;
	do {
		digits[d++] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0 && d < 10);
	while (d > 0)
		t[n++] = digits[--d];
	bt_buf_append(out, t, (size_t)n);
}

static void svg_run(int x, int y, int len, void *ctx)
{
	struct bt_buf *out = ctx;
	put_uint(out, 'M', x + TRACE_QR_QUIET);
	put_uint(out, ' ', y + TRACE_QR_QUIET);
	put_uint(out, 'h', len);
	bt_buf_append(out, "v1h-", 4);
	put_uint(out, '\0', len);
	bt_buf_append(out, "z", 1);
}

enum bt_err trace_qr_svg(const struct trace_qr *qr, struct bt_buf *out)
{
	int size = qr->width + 2 * TRACE_QR_QUIET;
	bt_buf_printf(
		out,
		"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "
		"%d %d\" shape-rendering=\"crispEdges\"><rect width=\"%d\" "
		"height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
		size, size, size, size);
	trace_qr_runs(qr, svg_run, out);
	return bt_buf_puts(out, "\"/></svg>\n");
}

static void png_write(png_structp png, png_bytep data, size_t len)
{
	struct bt_buf *out = png_get_io_ptr(png);
	if (bt_buf_append(out, data, len) != BT_OK)
		png_error(png, "out of memory");
}

static void png_flush(png_structp png)
{
	(void)png;
}

enum bt_err trace_qr_png(const struct trace_qr *qr, int px, struct bt_buf *out)
{
	int size = (qr->width + 2 * TRACE_QR_QUIET) * px;
	size_t stride = ((size_t)size + 7) / 8;
	unsigned char *row = malloc(stride);
	if (row == NULL)
		return BT_ENOMEM;
	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL,
						  NULL, NULL);
	png_infop info = png ? png_create_info_struct(png) : NULL;
	/* volatile: read after a longjmp out of libpng */
	volatile enum bt_err err = BT_ENOMEM;
	if (png && info && setjmp(png_jmpbuf(png)) == 0) {
		png_set_write_fn(png, out, png_write, png_flush);
		png_set_IHDR(png, info, (png_uint_32)size, (png_uint_32)size, 1,
			     PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
			     PNG_COMPRESSION_TYPE_DEFAULT,
			     PNG_FILTER_TYPE_DEFAULT);
		/* Speed over size, and a small deflate state: the images
		 * are a few kilobytes before compression. */
		png_set_compression_level(png, 1);
		png_set_compression_window_bits(png, 12);
		png_set_compression_mem_level(png, 2);
		png_set_filter(png, 0, PNG_FILTER_NONE);
		png_write_info(png, info);
		memset(row, 0xff, stride);
		for (int i = 0; i < TRACE_QR_QUIET * px; i++)
			png_write_row(png, row);
		for (int my = 0; my < qr->width; my++) {
			/* One row of modules, written px times. */
			memset(row, 0xff, stride);
			const unsigned char *m =
				qr->modules + (size_t)my * (size_t)qr->width;
			for (int mx = 0; mx < qr->width; mx++) {
				if (!m[mx])
					continue;
				int x0 = (mx + TRACE_QR_QUIET) * px;
				for (int x = x0; x < x0 + px; x++)
					row[x / 8] &= (unsigned char)~(0x80u >>
								       (x % 8));
			}
			for (int i = 0; i < px; i++)
				png_write_row(png, row);
		}
		memset(row, 0xff, stride);
		for (int i = 0; i < TRACE_QR_QUIET * px; i++)
			png_write_row(png, row);
		png_write_end(png, NULL);
		err = BT_OK;
	}
	png_destroy_write_struct(&png, &info);
	free(row);
	return err;
}
