/* image.c: decoding images to grayscale, with limits. */
#include "image.h"

#include <stdio.h> /* before jpeglib.h, which uses FILE */

#include <jpeglib.h>
#include <png.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void scan_gray_free(struct scan_gray *g)
{
	free(g->px);
	memset(g, 0, sizeof(*g));
}

enum bt_err scan_gray_shrink(const struct scan_gray *g, int f,
			     struct scan_gray *out)
{
	memset(out, 0, sizeof(*out));
	if (f < 1 || g->width / f < 1 || g->height / f < 1)
		return BT_EINVAL;
	out->width = g->width / f;
	out->height = g->height / f;
	out->px = malloc((size_t)out->width * (size_t)out->height);
	if (out->px == NULL)
		return BT_ENOMEM;
	for (int y = 0; y < out->height; y++) {
		for (int x = 0; x < out->width; x++) {
			unsigned sum = 0;
			for (int dy = 0; dy < f; dy++) {
				const unsigned char *row =
					g->px +
					(size_t)(y * f + dy) * (size_t)g->width;
				for (int dx = 0; dx < f; dx++)
					sum += row[x * f + dx];
			}
			out->px[(size_t)y * (size_t)out->width + (size_t)x] =
				(unsigned char)(sum / (unsigned)(f * f));
		}
	}
	return BT_OK;
}

/* Scales down until the longer side fits SCAN_MAX_SIDE. */
static enum bt_err fit(struct scan_gray *g)
{
	int side = g->width > g->height ? g->width : g->height;
	if (side <= SCAN_MAX_SIDE)
		return BT_OK;
	int f = (side + SCAN_MAX_SIDE - 1) / SCAN_MAX_SIDE;
	struct scan_gray small;
	enum bt_err err = scan_gray_shrink(g, f, &small);
	if (err != BT_OK)
		return err;
	scan_gray_free(g);
	*g = small;
	return BT_OK;
}

static bool size_ok(long w, long h, const char **reason)
{
	if (w < 1 || h < 1) {
		*reason = "the image has no pixels";
		return false;
	}
	if (w > 20000 || h > 20000 || w * h > SCAN_MAX_PIXELS) {
		*reason = "the image is larger than 50 megapixels";
		return false;
	}
	return true;
}

/* PNG */

struct png_src {
	const unsigned char *data;
	size_t len, at;
};

static void png_read(png_structp png, png_bytep out, size_t n)
{
	struct png_src *s = png_get_io_ptr(png);
	if (s->len - s->at < n)
		png_error(png, "truncated");
	memcpy(out, s->data + s->at, n);
	s->at += n;
}

/* libpng's errors end the decoding quietly: the caller gives the reason. */
static void png_quiet_error(png_structp png, png_const_charp msg)
{
	(void)msg;
	png_longjmp(png, 1);
}

static void png_quiet_warning(png_structp png, png_const_charp msg)
{
	(void)png;
	(void)msg;
}

/* Whether every chunk up to IEND declares no more bytes than the file has
 * left (else *reason says why). libpng sizes its buffer from a chunk's
 * declared length before it reads the chunk, so a few bytes claiming a
 * 2 GB text chunk would cost 2 GB; walking the lengths first bounds that
 * by the file. */
static bool png_chunks_fit(const unsigned char *data, size_t len,
			   const char **reason)
{
	size_t at = 8;
	while (len - at >= 12) {
		size_t n = (size_t)data[at] << 24 | (size_t)data[at + 1] << 16 |
			   (size_t)data[at + 2] << 8 | data[at + 3];
		if (n > len - at - 12) {
			if (n > SCAN_MAX_BYTES)
				*reason = "the PNG image has a chunk larger "
					  "than an upload may be";
			return false;
		}
		if (memcmp(data + at + 4, "IEND", 4) == 0)
			return true;
		at += 12 + n;
	}
	return true; /* no IEND: libpng says how it is truncated */
}

/* Every colour type, bit depth, transparency and interlacing comes out of
 * libpng as 8-bit gray plus alpha (two bytes a pixel); the alpha is then
 * laid over white here, so a transparent background reads as paper. The
 * row size libpng reports after its transformations must be exactly what
 * the buffer holds, or the image is refused. */
static enum bt_err load_png(const unsigned char *data, size_t len,
			    struct scan_gray *out, const char **reason,
			    int channels)
{
	png_structp png =
		png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL,
				       png_quiet_error, png_quiet_warning);
	png_infop info = png ? png_create_info_struct(png) : NULL;
	struct png_src src = {data, len, 0};
	unsigned char *volatile px = NULL;
	png_bytep *volatile rows = NULL;
	volatile enum bt_err err = BT_ENOMEM;
	*reason = "the PNG image is truncated or corrupt";
	bool fits = png_chunks_fit(data, len, reason);
	if (fits && png && info && setjmp(png_jmpbuf(png)) == 0) {
		/* Text, colour profiles and EXIF are never used: skipped
		 * unread, whatever they hold. */
		static const png_byte unused[] = "iCCP\0iTXt\0tEXt\0zTXt\0"
						 "eXIf\0sPLT";
		png_set_keep_unknown_chunks(png, PNG_HANDLE_CHUNK_NEVER, unused,
					    6);
		png_set_read_fn(png, &src, png_read);
		png_set_user_limits(png, 20000, 20000);
		png_set_chunk_malloc_max(png, 8u << 20);
		png_read_info(png, info);
		png_uint_32 w = png_get_image_width(png, info);
		png_uint_32 h = png_get_image_height(png, info);
		if (!size_ok((long)w, (long)h, reason)) {
			err = BT_ETOOBIG;
			goto done;
		}
		png_set_expand(png); /* palette, gray < 8 bits, tRNS */
		png_set_scale_16(png);
		bool color =
			png_get_color_type(png, info) & PNG_COLOR_MASK_COLOR;
		if (color && channels == 1)
			png_set_rgb_to_gray_fixed(png, 1, -1, -1);
		if (!color && channels == 3)
			png_set_gray_to_rgb(png);
		png_set_add_alpha(png, 0xff, PNG_FILLER_AFTER);
		png_set_interlace_handling(png);
		png_read_update_info(png, info);
		size_t stride = (size_t)w * (size_t)(channels + 1);
		if (png_get_channels(png, info) != channels + 1 ||
		    png_get_bit_depth(png, info) != 8 ||
		    png_get_rowbytes(png, info) != stride) {
			*reason = "the PNG image has a layout that cannot be "
				  "read";
			err = BT_EINVAL;
			goto done;
		}
		px = malloc(stride * h);
		rows = px ? malloc(h * sizeof(*rows)) : NULL;
		if (rows == NULL)
			goto done;
		for (png_uint_32 y = 0; y < h; y++)
			rows[y] = px + (size_t)y * stride;
		png_read_image(png, rows);
		/* Each channel laid over white, in place. */
		size_t n = (size_t)w * h, c = (size_t)channels;
		unsigned char *g = px;
		for (size_t i = 0; i < n; i++) {
			unsigned a = g[(c + 1) * i + c];
			for (size_t k = 0; k < c; k++) {
				unsigned v = g[(c + 1) * i + k];
				g[c * i + k] =
					(unsigned char)((v * a +
							 255u * (255u - a) +
							 127u) /
							255u);
			}
		}
		out->width = (int)w; /* the buffer keeps its 2n bytes */
		out->height = (int)h;
		out->px = px;
		px = NULL;
		err = BT_OK;
	} else if (!fits || (png && info)) {
		err = BT_EINVAL;
	}
done:
	free(px);
	free(rows);
	png_destroy_read_struct(&png, &info, NULL);
	return err;
}

/* JPEG */

struct jpeg_fail {
	struct jpeg_error_mgr mgr;
	jmp_buf jump;
};

static void jpeg_fail_exit(j_common_ptr cinfo)
{
	struct jpeg_fail *f = (struct jpeg_fail *)(void *)cinfo->err;
	longjmp(f->jump, 1);
}

/* Warnings are counted, not printed: a truncated file only warns. */
static void jpeg_quiet(j_common_ptr cinfo, int level)
{
	if (level < 0)
		cinfo->err->num_warnings++;
}

/* CMYK (or YCCK, which libjpeg hands over as CMYK) to luma. Files with
 * Adobe's marker, as Photoshop writes them, store the channels inverted
 * (255 means no ink). */
static void cmyk_to_gray(const unsigned char *in, unsigned char *out, size_t n,
			 bool adobe_inverted)
{
	for (size_t i = 0; i < n; i++, in += 4) {
		unsigned c = in[0], m = in[1], y = in[2], k = in[3];
		if (!adobe_inverted) {
			c = 255u - c;
			m = 255u - m;
			y = 255u - y;
			k = 255u - k;
		}
		unsigned r = c * k / 255u, g = m * k / 255u, b = y * k / 255u;
		out[i] = (unsigned char)((299u * r + 587u * g + 114u * b) /
					 1000u);
	}
}

/* The same to RGB. */
static void cmyk_to_rgb(const unsigned char *in, unsigned char *out, size_t n,
			bool adobe_inverted)
{
	for (size_t i = 0; i < n; i++, in += 4, out += 3) {
		unsigned c = in[0], m = in[1], y = in[2], k = in[3];
		if (!adobe_inverted) {
			c = 255u - c;
			m = 255u - m;
			y = 255u - y;
			k = 255u - k;
		}
		out[0] = (unsigned char)(c * k / 255u);
		out[1] = (unsigned char)(m * k / 255u);
		out[2] = (unsigned char)(y * k / 255u);
	}
}

static enum bt_err load_jpeg(const unsigned char *data, size_t len,
			     struct scan_gray *out, const char **reason,
			     int channels)
{
	struct jpeg_decompress_struct cinfo;
	struct jpeg_fail fail;
	unsigned char *volatile px = NULL;
	unsigned char *volatile row4 = NULL;
	volatile enum bt_err err = BT_EINVAL;
	*reason = "the JPEG image is truncated or corrupt";
	cinfo.err = jpeg_std_error(&fail.mgr);
	fail.mgr.error_exit = jpeg_fail_exit;
	fail.mgr.emit_message = jpeg_quiet;
	jpeg_create_decompress(&cinfo);
	if (setjmp(fail.jump) == 0) {
		jpeg_mem_src(&cinfo, data, (unsigned long)len);
		jpeg_read_header(&cinfo, TRUE);
		if (!size_ok((long)cinfo.image_width, (long)cinfo.image_height,
			     reason)) {
			err = BT_ETOOBIG;
		} else {
			/* libjpeg turns no CMYK or YCCK into gray: those come
			 * out as CMYK and are converted here. */
			bool cmyk = cinfo.jpeg_color_space == JCS_CMYK ||
				    cinfo.jpeg_color_space == JCS_YCCK;
			cinfo.out_color_space = cmyk		? JCS_CMYK
						: channels == 3 ? JCS_RGB
								: JCS_GRAYSCALE;
			/* Let the decoder shrink big photos: cheap, and it
			 * bounds the memory used. */
			unsigned side = cinfo.image_width > cinfo.image_height
						? cinfo.image_width
						: cinfo.image_height;
			cinfo.scale_num = 1;
			cinfo.scale_denom = 1;
			while (cinfo.scale_denom < 8 &&
			       side / cinfo.scale_denom > 2 * SCAN_MAX_SIDE)
				cinfo.scale_denom *= 2;
			jpeg_start_decompress(&cinfo);
			size_t w = cinfo.output_width, h = cinfo.output_height;
			size_t c = (size_t)channels;
			px = calloc(w * h, c);
			row4 = cmyk ? malloc(w * 4) : NULL;
			if (px == NULL || (cmyk && row4 == NULL)) {
				err = BT_ENOMEM;
			} else {
				while (cinfo.output_scanline < h) {
					unsigned char *o =
						px +
						cinfo.output_scanline * w * c;
					JSAMPROW row = cmyk ? row4 : o;
					jpeg_read_scanlines(&cinfo, &row, 1);
					if (cmyk && c == 3)
						cmyk_to_rgb(
							row4, o, w,
							cinfo.saw_Adobe_marker);
					else if (cmyk)
						cmyk_to_gray(
							row4, o, w,
							cinfo.saw_Adobe_marker);
				}
				jpeg_finish_decompress(&cinfo);
				if (fail.mgr.num_warnings > 0) {
					jpeg_destroy_decompress(&cinfo);
					free(px);
					free(row4);
					return BT_EINVAL; /* truncated */
				}
				out->width = (int)w;
				out->height = (int)h;
				out->px = px;
				px = NULL;
				err = BT_OK;
			}
		}
	}
	jpeg_destroy_decompress(&cinfo);
	free(px);
	free(row4);
	return err;
}

/* PGM (P5, 8-bit) and PBM (P4), as `pdftoppm -gray/-mono` write them. */

static const unsigned char *pnm_number(const unsigned char *p,
				       const unsigned char *end, long *v)
{
	while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' ||
			   *p == '\t' || *p == '#')) {
		if (*p == '#')
			while (p < end && *p != '\n')
				p++;
		else
			p++;
	}
	long n = 0;
	const unsigned char *start = p;
	while (p < end && *p >= '0' && *p <= '9' && n < 1000000)
		n = n * 10 + (*p++ - '0');
	*v = p == start ? -1 : n;
	return p;
}

static enum bt_err load_pnm(const unsigned char *data, size_t len,
			    struct scan_gray *out, const char **reason)
{
	const unsigned char *end = data + len, *p = data + 2;
	bool bits = data[1] == '4';
	long w, h, max = 1;
	p = pnm_number(p, end, &w);
	p = pnm_number(p, end, &h);
	if (!bits)
		p = pnm_number(p, end, &max);
	*reason = "the PNM image is truncated or corrupt";
	if (w < 0 || h < 0 || max != (bits ? 1 : 255) || p >= end)
		return BT_EINVAL;
	if (!size_ok(w, h, reason))
		return BT_ETOOBIG;
	p++; /* the one white space after the header */
	size_t stride = bits ? ((size_t)w + 7) / 8 : (size_t)w;
	if ((size_t)(end - p) < stride * (size_t)h)
		return BT_EINVAL;
	out->px = calloc((size_t)w * (size_t)h, 1);
	if (out->px == NULL)
		return BT_ENOMEM;
	out->width = (int)w;
	out->height = (int)h;
	for (long y = 0; y < h; y++) {
		const unsigned char *row = p + (size_t)y * stride;
		unsigned char *o = out->px + (size_t)y * (size_t)w;
		for (long x = 0; x < w; x++)
			o[x] = bits ? ((row[x / 8] >> (7 - x % 8)) & 1 ? 0
								       : 255)
				    : row[x];
	}
	return BT_OK;
}

enum bt_err scan_image_load(const void *data, size_t len, struct scan_gray *out,
			    const char **reason)
{
	memset(out, 0, sizeof(*out));
	const unsigned char *d = data;
	if (len > SCAN_MAX_BYTES) {
		*reason = "images may be at most 10 MiB";
		return BT_ETOOBIG;
	}
	enum bt_err err;
	if (len >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0)
		err = load_png(d, len, out, reason, 1);
	else if (len >= 3 && d[0] == 0xff && d[1] == 0xd8 && d[2] == 0xff)
		err = load_jpeg(d, len, out, reason, 1);
	else if (len >= 3 && d[0] == 'P' && (d[1] == '4' || d[1] == '5'))
		err = load_pnm(d, len, out, reason);
	else {
		*reason = "the file is not a PNG or JPEG image";
		err = BT_EINVAL;
	}
	if (err == BT_OK)
		err = fit(out);
	if (err != BT_OK)
		scan_gray_free(out);
	return err;
}

enum bt_err scan_image_load_rgb(const void *data, size_t len,
				struct scan_rgb *out, const char **reason)
{
	memset(out, 0, sizeof(*out));
	const unsigned char *d = data;
	if (len > SCAN_MAX_BYTES) {
		*reason = "images may be at most 10 MiB";
		return BT_ETOOBIG;
	}
	struct scan_gray px = {0};
	enum bt_err err;
	if (len >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0)
		err = load_png(d, len, &px, reason, 3);
	else if (len >= 3 && d[0] == 0xff && d[1] == 0xd8 && d[2] == 0xff)
		err = load_jpeg(d, len, &px, reason, 3);
	else {
		*reason = "the file is not a PNG or JPEG photo";
		err = BT_EINVAL;
	}
	if (err != BT_OK) {
		scan_gray_free(&px);
		return err;
	}
	out->width = px.width;
	out->height = px.height;
	out->px = px.px;
	return BT_OK;
}

void scan_rgb_free(struct scan_rgb *p)
{
	free(p->px);
	memset(p, 0, sizeof(*p));
}
