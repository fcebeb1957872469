/* qr.c: QR encoding and drawing. */
#include "qr.h"

#include <pthread.h>
#include <qrencode.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

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

/* Writes a small non-negative number at p, returns the end. */
static char *put_uint(char *p, int v)
{
	char digits[10];
	int d = 0;
	do {
		digits[d++] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0 && d < 10);
	while (d > 0)
		*p++ = digits[--d];
	return p;
}

/* One "M x y h len v1 h -len z" per run of dark modules. */
static char *svg_runs(const struct trace_qr *qr, char *p)
{
	int w = qr->width;
	for (int y = 0; y < w; y++) {
		const unsigned char *row = qr->modules + (size_t)y * (size_t)w;
		for (int x = 0; x < w;) {
			if (!row[x]) {
				x++;
				continue;
			}
			int start = x;
			while (x < w && row[x])
				x++;
			*p++ = 'M';
			p = put_uint(p, start + TRACE_QR_QUIET);
			*p++ = ' ';
			p = put_uint(p, y + TRACE_QR_QUIET);
			*p++ = 'h';
			p = put_uint(p, x - start);
			memcpy(p, "v1h-", 4);
			p = put_uint(p + 4, x - start);
			*p++ = 'z';
		}
	}
	return p;
}

enum bt_err trace_qr_svg(const struct trace_qr *qr, struct bt_buf *out)
{
	int size = qr->width + 2 * TRACE_QR_QUIET;
	enum bt_err err = bt_buf_printf(
		out,
		"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "
		"%d %d\" shape-rendering=\"crispEdges\"><rect width=\"%d\" "
		"height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
		size, size, size, size);
	/* At most (w + 1) / 2 runs a row, each at most "M999 999h999v1h-999z"
	 * (20 characters): room is made once and the path written in place,
	 * several times faster than appending piece by piece. */
	size_t w = (size_t)qr->width;
	size_t most = w * ((w + 1) / 2) * 20 + 16;
	if (err == BT_OK)
		err = bt_buf_reserve(out, most);
	if (err != BT_OK)
		return err;
	char *end = svg_runs(qr, out->data + out->len);
	out->len = (size_t)(end - out->data);
	return bt_buf_puts(out, "\"/></svg>\n");
}

/* PNG, written directly: a 1-bit grayscale image is one IDAT chunk of
 * zlib data, which each thread deflates with its own stream (reset, not
 * rebuilt, per image), so a label costs no libpng and zlib set-up. */

static pthread_key_t zkey;
static pthread_once_t zonce = PTHREAD_ONCE_INIT;

static void zfree(void *p)
{
	deflateEnd(p);
	free(p);
}

static void zkey_make(void)
{
	pthread_key_create(&zkey, zfree);
}

static z_stream *thread_deflate(void)
{
	pthread_once(&zonce, zkey_make);
	z_stream *z = pthread_getspecific(zkey);
	if (z != NULL) {
		deflateReset(z);
		return z;
	}
	z = calloc(1, sizeof(*z));
	/* speed over size; the images are a few kilobytes raw */
	if (z == NULL ||
	    deflateInit2(z, 1, Z_DEFLATED, 12, 2, Z_DEFAULT_STRATEGY) != Z_OK) {
		free(z);
		return NULL;
	}
	pthread_setspecific(zkey, z);
	return z;
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* A chunk: 8 bytes of room for its length and type, made by
 * chunk_start; its data appended after; chunk_end fills in the length
 * and type and appends the CRC. */
static enum bt_err chunk_start(struct bt_buf *out, size_t *at)
{
	static const unsigned char room[8];
	*at = out->len;
	return bt_buf_append(out, room, 8);
}

static enum bt_err chunk_end(struct bt_buf *out, size_t at, const char *type)
{
	unsigned char *c = (unsigned char *)out->data + at;
	size_t len = out->len - at - 8;
	put32(c, (uint32_t)len);
	memcpy(c + 4, type, 4);
	unsigned char crc[4];
	put32(crc, (uint32_t)crc32(0, c + 4, (uInt)(len + 4)));
	return bt_buf_append(out, crc, 4);
}

/* The rows of the image, each a filter byte (0: none) and 1-bit pixels,
 * 1 for white; each module px x px. */
static unsigned char *png_rows(const struct trace_qr *qr, int px, int size,
			       size_t stride)
{
	size_t rawlen = stride * (size_t)size;
	unsigned char *raw = malloc(rawlen);
	if (raw == NULL)
		return NULL;
	memset(raw, 0xff, rawlen);
	for (int y = 0; y < size; y++)
		raw[(size_t)y * stride] = 0;
	for (int my = 0; my < qr->width; my++) {
		unsigned char *row =
			raw + (size_t)((my + TRACE_QR_QUIET) * px) * stride + 1;
		const unsigned char *m =
			qr->modules + (size_t)my * (size_t)qr->width;
		for (int mx = 0; mx < qr->width; mx++) {
			if (!m[mx])
				continue;
			int x0 = (mx + TRACE_QR_QUIET) * px;
			for (int x = x0; x < x0 + px; x++)
				row[x / 8] &=
					(unsigned char)~(0x80u >> (x % 8));
		}
		for (int i = 1; i < px; i++)
			memcpy(row + (size_t)i * stride, row, stride - 1);
	}
	return raw;
}

enum bt_err trace_qr_png(const struct trace_qr *qr, int px, struct bt_buf *out)
{
	static const unsigned char sig[8] = {0x89, 'P',	 'N',  'G',
					     '\r', '\n', 0x1a, '\n'};
	int size = (qr->width + 2 * TRACE_QR_QUIET) * px;
	size_t stride = ((size_t)size + 7) / 8 + 1;
	size_t rawlen = stride * (size_t)size;
	unsigned char *raw = png_rows(qr, px, size, stride);
	z_stream *z = thread_deflate();
	if (raw == NULL || z == NULL) {
		free(raw);
		return BT_ENOMEM;
	}
	unsigned char ihdr[13];
	put32(ihdr, (uint32_t)size);
	put32(ihdr + 4, (uint32_t)size);
	memcpy(ihdr + 8, "\x01\x00\x00\x00\x00", 5); /* 1-bit gray */
	size_t at = 0;
	size_t bound = deflateBound(z, (uLong)rawlen);
	enum bt_err err = bt_buf_reserve(out, 8 + 25 + 12 + bound + 12);
	if (err == BT_OK)
		err = bt_buf_append(out, sig, 8);
	if (err == BT_OK)
		err = chunk_start(out, &at);
	if (err == BT_OK)
		err = bt_buf_append(out, ihdr, sizeof(ihdr));
	if (err == BT_OK)
		err = chunk_end(out, at, "IHDR");
	if (err == BT_OK)
		err = chunk_start(out, &at);
	if (err == BT_OK) {
		z->next_in = raw;
		z->avail_in = (uInt)rawlen;
		z->next_out = (unsigned char *)out->data + out->len;
		z->avail_out = (uInt)bound;
		if (deflate(z, Z_FINISH) != Z_STREAM_END)
			err = BT_EINTERNAL;
		else
			out->len += bound - z->avail_out;
	}
	if (err == BT_OK)
		err = chunk_end(out, at, "IDAT");
	if (err == BT_OK)
		err = chunk_start(out, &at);
	if (err == BT_OK)
		err = chunk_end(out, at, "IEND");
	free(raw);
	return err;
}
