/* qr.c: QR encoding and drawing. */
#include "qr.h"

#include <qrencode.h>
#include <stdbool.h>
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
			*p++ = 'v';
			*p++ = '1';
			*p++ = 'h';
			*p++ = '-';
			p = put_uint(p, x - start);
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

/* PNG, written directly. The image data is a zlib stream; a QR image
 * is long runs of one byte and rows repeated px times, so a small deflate
 * with the fixed Huffman codes of RFC 1951 and two kinds of match (the
 * row above, and the byte before) compresses it about as well as zlib's
 * level 1 in a fraction of the time, and needs no state between images. */

struct bits {
	unsigned char *out;
	uint64_t acc;
	int n;
};

static void put_bits(struct bits *b, uint32_t v, int n)
{
	b->acc |= (uint64_t)v << b->n;
	b->n += n;
	while (b->n >= 8) {
		*b->out++ = (unsigned char)b->acc;
		b->acc >>= 8;
		b->n -= 8;
	}
}

/* A Huffman code goes most significant bit first: its n bits reversed. */
static void put_code(struct bits *b, uint32_t code, int n)
{
	uint32_t v = code;
	v = ((v >> 1) & 0x5555u) | ((v & 0x5555u) << 1);
	v = ((v >> 2) & 0x3333u) | ((v & 0x3333u) << 2);
	v = ((v >> 4) & 0x0f0fu) | ((v & 0x0f0fu) << 4);
	v = ((v >> 8) & 0x00ffu) | ((v & 0x00ffu) << 8);
	put_bits(b, v >> (16 - n), n);
}

static void put_literal(struct bits *b, unsigned v)
{
	if (v < 144)
		put_code(b, 0x30 + v, 8);
	else if (v < 256)
		put_code(b, 0x190 + (v - 144), 9);
	else if (v < 280)
		put_code(b, v - 256, 7);
	else
		put_code(b, 0xc0 + (v - 280), 8);
}

static void put_match(struct bits *b, unsigned len, unsigned dist)
{
	static const unsigned short lbase[29] = {
		3,  4,	5,  6,	7,  8,	9,  10, 11,  13,  15,  17,  19,	 23, 27,
		31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
	static const unsigned char lextra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1,
						 1, 1, 2, 2, 2, 2, 3, 3, 3, 3,
						 4, 4, 4, 4, 5, 5, 5, 5, 0};
	static const unsigned short dbase[30] = {
		1,    2,    3,	  4,	5,    7,    9,	  13,	 17,	25,
		33,   49,   65,	  97,	129,  193,  257,  385,	 513,	769,
		1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
	static const unsigned char dextra[30] = {
		0, 0, 0, 0, 1, 1, 2, 2,	 3,  3,	 4,  4,	 5,  5,	 6,
		6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};
	int l = 28;
	while (lbase[l] > len)
		l--;
	put_literal(b, 257u + (unsigned)l);
	put_bits(b, len - lbase[l], lextra[l]);
	int d = 29;
	while (dbase[d] > dist)
		d--;
	put_code(b, (uint32_t)d, 5);
	put_bits(b, dist - dbase[d], dextra[d]);
}

/* How many bytes from a equal those from b, up to max; eight at a time
 * where the machine is little-endian. */
static size_t same_run(const unsigned char *a, const unsigned char *b,
		       size_t max)
{
	size_t n = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	for (; n + 8 <= max; n += 8) {
		uint64_t x, y;
		memcpy(&x, a + n, 8);
		memcpy(&y, b + n, 8);
		if (x != y)
			return n + (size_t)(__builtin_ctzll(x ^ y) / 8);
	}
#endif
	while (n < max && a[n] == b[n])
		n++;
	return n;
}

/* Writes in as a zlib stream (one fixed-Huffman block) at out, which has
 * room for n * 9 / 8 + 16 bytes; returns its length. Matches are with the
 * row above (distance stride) or the byte before (a run). */
static size_t zlib_fixed(const unsigned char *in, size_t n, size_t stride,
			 unsigned char *out)
{
	out[0] = 0x78; /* deflate, 32 KiB window */
	out[1] = 0x01; /* no dictionary, fastest; (0x7801 % 31) == 0 */
	struct bits b = {out + 2, 0, 0};
	put_bits(&b, 1, 1); /* the last block */
	put_bits(&b, 1, 2); /* fixed codes */
	for (size_t i = 0; i < n;) {
		size_t max = n - i < 258 ? n - i : 258;
		size_t up = i >= stride ? same_run(in + i, in + i - stride, max)
					: 0;
		size_t run = i >= 1 && up < max
				     ? same_run(in + i, in + i - 1, max)
				     : 0;
		if (up >= 3 && up >= run) {
			put_match(&b, (unsigned)up, (unsigned)stride);
			i += up;
		} else if (run >= 3) {
			put_match(&b, (unsigned)run, 1);
			i += run;
		} else {
			put_literal(&b, in[i++]);
		}
	}
	put_literal(&b, 256); /* end of block */
	if (b.n > 0)
		put_bits(&b, 0, 8 - b.n);
	uint32_t a = (uint32_t)adler32(adler32(0, NULL, 0), in, (uInt)n);
	unsigned char *p = b.out;
	p[0] = (unsigned char)(a >> 24);
	p[1] = (unsigned char)(a >> 16);
	p[2] = (unsigned char)(a >> 8);
	p[3] = (unsigned char)a;
	return (size_t)(p + 4 - out);
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

/* Packs one row of modules, each px pixels wide (1 = white), with the
 * quiet zone on both sides, into out: px bits a module at a time in a
 * register rather than a read-modify-write of memory per pixel. */
static void pack_row(const unsigned char *m, int width, int px,
		     unsigned char *out)
{
	uint64_t acc = 0;
	int bits = 0;
	uint64_t white = (1ull << px) - 1;
	int n = width + 2 * TRACE_QR_QUIET;
	for (int i = 0; i < n; i++) {
		int mx = i - TRACE_QR_QUIET;
		uint64_t dark = mx >= 0 && mx < width ? m[mx] : 0;
		acc = acc << px | (white & (dark - 1)); /* dark: 0 bits */
		bits += px;
		while (bits >= 8) {
			bits -= 8;
			*out++ = (unsigned char)(acc >> bits);
		}
	}
	if (bits > 0) /* pad the last byte with white */
		*out = (unsigned char)(acc << (8 - bits) | (0xffu >> bits));
}

/* The rows of the image, each a filter byte (0: none) and 1-bit pixels;
 * each module px x px. */
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
		pack_row(qr->modules + (size_t)my * (size_t)qr->width,
			 qr->width, px, row);
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
	if (raw == NULL)
		return BT_ENOMEM;
	/* width, height, 1-bit gray, deflate, no interlace */
	unsigned char ihdr[13] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0};
	put32(ihdr, (uint32_t)size);
	put32(ihdr + 4, (uint32_t)size);
	size_t at = 0;
	size_t bound = rawlen * 9 / 8 + 16;
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
	if (err == BT_OK)
		out->len += zlib_fixed(raw, rawlen, stride,
				       (unsigned char *)out->data + out->len);
	if (err == BT_OK)
		err = chunk_end(out, at, "IDAT");
	if (err == BT_OK)
		err = chunk_start(out, &at);
	if (err == BT_OK)
		err = chunk_end(out, at, "IEND");
	free(raw);
	return err;
}
