/* print.c: print-file streams. QR symbols (the costly part) are made by
 * worker threads, a chunk of codes at a time, into a ring of slots; the
 * reader takes chunks in order and turns them into the output stream (tar
 * entries or PDF pages), so output is in code order and memory is bounded
 * by the ring. */
#include "print.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "trace/code/serial.h"

#define CHUNK	    64
#define MAX_THREADS 64
#define MM_TO_PT    (72.0 / 25.4)
/* Labels' words: a face with Chinese glyphs (fonts-wqy-microhei), which
 * fontconfig replaces where it is missing. */
#define LABEL_FONT "WenQuanYi Micro Hei"

struct chunk {
	uint64_t seq;
	int ready;
	enum bt_err err;
	uint32_t first, count;
	struct bt_buf data;
	size_t offset[CHUNK + 1];
	char serial[CHUNK][TRACE_SERIAL_MAX + 1];
};

struct trace_print {
	struct trace_batch batch;
	struct trace_print_options o;
	const uint8_t *key;
	uint32_t from, to;
	/* workers and the ring */
	int nthreads;
	pthread_t threads[MAX_THREADS];
	struct chunk *slots;
	size_t nslots;
	pthread_mutex_t lock;
	pthread_cond_t ready_cond, free_cond;
	uint64_t next_claim, next_emit, nchunks;
	/* output */
	struct bt_buf pending;
	size_t pending_off;
	struct trace_export text; /* URI and CSV */
	uint32_t zpl_next;
	bool finished;
	bool fixed_ready; /* fixed[] holds the cut lines */
	bool stopping;	  /* the ring's, under lock */
	cairo_surface_t *surface;
	cairo_t *cr;
	uint64_t labels;
	/* PDF labels' faces (text, bold, mono, mono bold), and the lines that
	 * are the same on every label, cut to fit once. */
	cairo_font_face_t *faces[4];
	/* the current chunk when handing out files */
	struct chunk *file_chunk;
	_Atomic uint64_t done;
	uint32_t file_item;
	char file_name[64];
	char fixed[5][200];
};

static bool uses_workers(enum trace_print_format f)
{
	return f == TRACE_PRINT_SVG || f == TRACE_PRINT_PNG ||
	       f == TRACE_PRINT_PDF;
}

/* The text a symbol holds for code index: its URI, the host upper-cased
 * when asked. */
static void symbol_text(const struct trace_print *p, uint32_t index,
			char *serial, char *out, size_t size)
{
	struct trace_code code = {p->batch.id, index, p->batch.key_version};
	trace_serial_encode(&code, p->batch.gtin, p->key, serial);
	char uri[256];
	trace_dl_format(uri, sizeof(uri), trace_public_url(), p->batch.gtin,
			p->batch.lot, serial);
	if (p->o.upper_host)
		trace_qr_upper_host(uri, out, size);
	else
		bt_strlcpy(out, uri, size);
}

/* Renders one chunk: SVG or PNG files, or for PDF the raw modules (a
 * width byte then width*width bytes) for the reader to draw. */
static enum bt_err render_chunk(const struct trace_print *p, struct chunk *c)
{
	bt_buf_clear(&c->data);
	for (uint32_t i = 0; i < c->count; i++) {
		char text[300];
		symbol_text(p, c->first + i, c->serial[i], text, sizeof(text));
		struct trace_qr qr;
		enum bt_err err = trace_qr_encode(text, p->o.ecc, &qr);
		c->offset[i] = c->data.len;
		if (err == BT_OK) {
			if (p->o.format == TRACE_PRINT_SVG) {
				err = trace_qr_svg(&qr, &c->data);
			} else if (p->o.format == TRACE_PRINT_PNG) {
				err = trace_qr_png(&qr, p->o.png_px, &c->data);
			} else {
				unsigned char w = (unsigned char)qr.width;
				err = bt_buf_append(&c->data, &w, 1);
				if (err == BT_OK)
					err = bt_buf_append(
						&c->data, qr.modules,
						(size_t)qr.width *
							(size_t)qr.width);
			}
			trace_qr_free(&qr);
		}
		if (err != BT_OK)
			return err;
	}
	c->offset[c->count] = c->data.len;
	return BT_OK;
}

static void *worker(void *arg)
{
	struct trace_print *p = arg;
	pthread_mutex_lock(&p->lock);
	for (;;) {
		while (!p->stopping && p->next_claim < p->nchunks &&
		       p->next_claim - p->next_emit >= p->nslots)
			pthread_cond_wait(&p->free_cond, &p->lock);
		if (p->stopping || p->next_claim >= p->nchunks)
			break;
		uint64_t seq = p->next_claim++;
		struct chunk *c = &p->slots[seq % p->nslots];
		c->seq = seq;
		c->ready = 0;
		c->first = p->from + (uint32_t)(seq * CHUNK);
		uint32_t left = p->to - c->first;
		c->count = left < CHUNK ? left : CHUNK;
		pthread_mutex_unlock(&p->lock);
		enum bt_err err = render_chunk(p, c);
		pthread_mutex_lock(&p->lock);
		c->err = err;
		c->ready = 1;
		pthread_cond_broadcast(&p->ready_cond);
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

/* The next chunk in order (waiting for a worker), or NULL at the end. */
static struct chunk *take_chunk(struct trace_print *p)
{
	pthread_mutex_lock(&p->lock);
	if (p->next_emit >= p->nchunks) {
		pthread_mutex_unlock(&p->lock);
		return NULL;
	}
	struct chunk *c = &p->slots[p->next_emit % p->nslots];
	while (!(c->ready && c->seq == p->next_emit))
		pthread_cond_wait(&p->ready_cond, &p->lock);
	pthread_mutex_unlock(&p->lock);
	return c;
}

static void give_back(struct trace_print *p, struct chunk *c)
{
	atomic_fetch_add(&p->done, c->count);
	pthread_mutex_lock(&p->lock);
	c->ready = 0;
	p->next_emit++;
	pthread_cond_broadcast(&p->free_cond);
	pthread_mutex_unlock(&p->lock);
}

/* tar (ustar) framing */

static void tar_header(struct bt_buf *out, const char *name, size_t size)
{
	char h[512];
	memset(h, 0, sizeof(h));
	bt_strlcpy(h, name, 100);
	memcpy(h + 100, "0000644", 8);
	memcpy(h + 108, "0000000", 8);
	memcpy(h + 116, "0000000", 8);
	snprintf(h + 124, 12, "%011llo", (unsigned long long)size);
	snprintf(h + 136, 12, "%011llo", (unsigned long long)time(NULL));
	memset(h + 148, ' ', 8);
	h[156] = '0';
	memcpy(h + 257, "ustar", 6);
	h[263] = '0'; /* version "00", not NUL-terminated */
	h[264] = '0';

	unsigned sum = 0;
	for (int i = 0; i < 512; i++)
		sum += (unsigned char)h[i];
	snprintf(h + 148, 8, "%06o", sum);
	h[155] = ' ';
	bt_buf_append(out, h, sizeof(h));
}

static void file_name(const struct trace_print *p, const struct chunk *c,
		      uint32_t i, char *out, size_t size)
{
	snprintf(out, size, "%09u-%s.%s", c->first + i, c->serial[i],
		 p->o.format == TRACE_PRINT_SVG ? "svg" : "png");
}

static enum bt_err emit_tar_chunk(struct trace_print *p, struct chunk *c)
{
	static const char zeros[512];
	for (uint32_t i = 0; i < c->count; i++) {
		char name[64];
		size_t len = c->offset[i + 1] - c->offset[i];
		file_name(p, c, i, name, sizeof(name));
		tar_header(&p->pending, name, len);
		bt_buf_append(&p->pending, c->data.data + c->offset[i], len);
		if (len % 512)
			bt_buf_append(&p->pending, zeros, 512 - len % 512);
	}
	return BT_OK;
}

/* PDF label sheets */

static cairo_status_t pdf_write(void *closure, const unsigned char *data,
				unsigned int len)
{
	struct bt_buf *out = closure;
	return bt_buf_append(out, data, len) == BT_OK
		       ? CAIRO_STATUS_SUCCESS
		       : CAIRO_STATUS_WRITE_ERROR;
}

/* The symbol as a 1-bit mask, one pixel per module: drawn scaled with
 * the nearest filter it stays sharp, and a PDF stores it in ~100 bytes. */
static cairo_surface_t *symbol_mask(const unsigned char *sym)
{
	int w = sym[0];
	cairo_surface_t *img =
		cairo_image_surface_create(CAIRO_FORMAT_A1, w, w);
	if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS)
		return img;
	cairo_surface_flush(img);
	unsigned char *px = cairo_image_surface_get_data(img);
	int stride = cairo_image_surface_get_stride(img);
	for (int y = 0; y < w; y++) {
		uint32_t *row =
			(uint32_t *)(void *)(px + (size_t)y * (size_t)stride);
		memset(row, 0, (size_t)stride);
		for (int x = 0; x < w; x++)
			if (sym[1 + (size_t)y * (size_t)w + (size_t)x])
				row[x / 32] |= 1u
					       << (x % 32); /* little-endian */
	}
	cairo_surface_mark_dirty(img);
	return img;
}

/* The face of a label line: text or mono, bold or not. */
static void use_face(struct trace_print *p, double size, bool bold, bool mono)
{
	cairo_set_font_face(p->cr, p->faces[(mono ? 2 : 0) + (bold ? 1 : 0)]);
	cairo_set_font_size(p->cr, size);
}

/* Cuts text (with an ellipsis) into out until it is at most max_w points
 * wide in the current face; returns its width. */
static double cut_to_fit(cairo_t *cr, const char *text, double max_w,
			 char out[200])
{
	bt_strlcpy(out, text, 200);
	cairo_text_extents_t ext;
	cairo_text_extents(cr, out, &ext);
	size_t n = strlen(out);
	while (ext.x_advance > max_w && n > 0) {
		/* drop one UTF-8 character, then try with "…" */
		do
			n--;
		while (n > 0 && ((unsigned char)out[n] & 0xC0) == 0x80);
		if (n + 4 > 200)
			continue;
		memcpy(out + n, "\xE2\x80\xA6", 4);
		cairo_text_extents(cr, out, &ext);
	}
	return ext.x_advance;
}

/* Writes text at (x, y), cut to max_w points; centred on x when centre. */
static void fit_text(struct trace_print *p, const char *text, double size,
		     bool bold, bool mono, double x, double y, double max_w,
		     bool centre)
{
	use_face(p, size, bold, mono);
	char buf[200];
	double w = cut_to_fit(p->cr, text, max_w, buf);
	cairo_move_to(p->cr, centre ? x - w / 2 : x, y);
	cairo_show_text(p->cr, buf);
}

/* A page's furniture, drawn with its first label: cut marks at the label
 * grid in the margins, and the footer (batch, range, page x of y). */
static void draw_page(struct trace_print *p)
{
	const struct trace_print_options *o = &p->o;
	cairo_t *cr = p->cr;
	double lw = o->label_w_mm * MM_TO_PT, lh = o->label_h_mm * MM_TO_PT;
	double mx = o->margin_mm * MM_TO_PT, my = o->margin_y_mm * MM_TO_PT;
	double pw = o->page_w_mm * MM_TO_PT, ph = o->page_h_mm * MM_TO_PT;
	double tick = 3 * MM_TO_PT;
	cairo_save(cr);
	cairo_set_source_rgb(cr, 0.45, 0.45, 0.45);
	cairo_set_line_width(cr, 0.3);
	for (int c = 0; c <= o->columns && my >= tick; c++) {
		double x = mx + c * lw;
		cairo_move_to(cr, x, my - tick);
		cairo_line_to(cr, x, my - 0.5);
		cairo_move_to(cr, x, my + o->rows * lh + 0.5);
		cairo_line_to(cr, x, my + o->rows * lh + tick);
	}
	for (int r = 0; r <= o->rows && mx >= tick; r++) {
		double y = my + r * lh;
		cairo_move_to(cr, mx - tick, y);
		cairo_line_to(cr, mx - 0.5, y);
		cairo_move_to(cr, mx + o->columns * lw + 0.5, y);
		cairo_line_to(cr, mx + o->columns * lw + tick, y);
	}
	cairo_stroke(cr);
	uint64_t per_page = (uint64_t)o->columns * (uint64_t)o->rows;
	uint64_t page = p->labels / per_page + 1;
	uint64_t pages =
		((uint64_t)(p->to - p->from) + per_page - 1) / per_page;
	if (my >= 5 * MM_TO_PT) {
		char footer[160];
		snprintf(footer, sizeof(footer),
			 "批次 Batch %u · %u–%u · %s · 第 %llu / %llu 页 "
			 "Page %llu of %llu",
			 (unsigned)p->batch.id, (unsigned)p->from,
			 (unsigned)p->to, p->batch.gtin,
			 (unsigned long long)page, (unsigned long long)pages,
			 (unsigned long long)page, (unsigned long long)pages);
		cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
		fit_text(p, footer, 7, false, false, pw / 2, ph - my / 2 + 2.5,
			 pw - 2 * mx, true);
	}
	cairo_restore(cr);
}

/* One label: the code on the left, and beside it "scan to verify", the
 * product, expiry, GTIN and lot, the serial and the code's index. */
static void draw_label(struct trace_print *p, const unsigned char *sym,
		       const char *serial, uint32_t index)
{
	const struct trace_print_options *o = &p->o;
	int per_page = o->columns * o->rows;
	int slot = (int)(p->labels % (uint64_t)per_page);
	if (slot == 0 && p->labels > 0)
		cairo_show_page(p->cr);
	if (slot == 0)
		draw_page(p);
	p->labels++;
	double lw = o->label_w_mm * MM_TO_PT, lh = o->label_h_mm * MM_TO_PT;
	double x0 = o->margin_mm * MM_TO_PT + (slot % o->columns) * lw;
	int row = slot / o->columns;
	double y0 = o->margin_y_mm * MM_TO_PT + row * lh;

	double pad = 4;
	double side = lh - 2 * pad;
	if (side > lw * 0.55)
		side = lw * 0.55;
	/* Modules of a whole number of 1/150 inch, on that grid: every
	 * module is as many dots as the next at 150, 300 or 600 dpi, which
	 * readers (and verify-print's 150 dpi rendering) need. */
	int modules = sym[0] + 2 * TRACE_QR_QUIET;
	const double grid = 72.0 / 150;
	double module = floor(side / modules / grid) * grid;
	if (module < grid)
		module = grid;
	double qx = round((x0 + pad) / grid) * grid;
	double qy = round((y0 + (lh - module * modules) / 2) / grid) * grid;
	side = module * modules;
	cairo_surface_t *mask = symbol_mask(sym);
	cairo_save(p->cr);
	cairo_translate(p->cr, qx + TRACE_QR_QUIET * module,
			qy + TRACE_QR_QUIET * module);
	cairo_scale(p->cr, module, module);
	cairo_set_source_rgb(p->cr, 0, 0, 0);
	cairo_pattern_t *pat = cairo_pattern_create_for_surface(mask);
	cairo_pattern_set_filter(pat, CAIRO_FILTER_NEAREST);
	cairo_mask(p->cr, pat);
	cairo_pattern_destroy(pat);
	cairo_restore(p->cr);
	cairo_surface_destroy(mask);

	double tx = x0 + pad + side + 1.5 * MM_TO_PT, tw = x0 + lw - pad - tx;
	char gtin[40], lot[40], expiry[40], idx[24];
	snprintf(gtin, sizeof(gtin), "GTIN %s", p->batch.gtin);
	snprintf(lot, sizeof(lot), "LOT %s", p->batch.lot);
	snprintf(expiry, sizeof(expiry), "EXP %s", p->batch.expiry);
	snprintf(idx, sizeof(idx), "#%u", (unsigned)index);
	const struct {
		const char *text;
		double size;
		bool bold, mono, shown;
	} lines[] = {
		{"扫码验真 Scan to verify", 6.5, true, false, true},
		{o->title, 6, false, false, o->title[0] != '\0'},
		{expiry, 5.5, false, true, p->batch.expiry[0] != '\0'},
		{gtin, 5, false, true, true},
		{lot, 5, false, true, p->batch.lot[0] != '\0'},
		{serial, 6, true, true, true},
		{idx, 5, false, true, true},
	};
	double ty = y0 + pad + 6.5;
	cairo_set_source_rgb(p->cr, 0, 0, 0);
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		if (!lines[i].shown || ty > y0 + lh - pad)
			continue;
		/* The first five lines are the batch's: cut once. */
		use_face(p, lines[i].size, lines[i].bold, lines[i].mono);
		char cut[200];
		char *text = i < 5 ? p->fixed[i] : cut;
		if (i >= 5 || !p->fixed_ready)
			cut_to_fit(p->cr, lines[i].text, tw, text);
		cairo_move_to(p->cr, tx, ty);
		cairo_show_text(p->cr, text);
		ty += lines[i].size + 1.6;
	}
	p->fixed_ready = true;
}

static enum bt_err emit_pdf_chunk(struct trace_print *p, struct chunk *c)
{
	for (uint32_t i = 0; i < c->count; i++)
		draw_label(p,
			   (const unsigned char *)c->data.data + c->offset[i],
			   c->serial[i], c->first + i);
	return cairo_status(p->cr) == CAIRO_STATUS_SUCCESS ? BT_OK : BT_EIO;
}

/* ZPL: the printer draws the QR code from the URI; beside it GTIN, lot,
 * expiry and serial in the printer's own font, at 203 or 300 dpi. */
static void emit_zpl(struct trace_print *p, uint32_t index)
{
	static const char ecc[] = "LMQH";
	char serial[TRACE_SERIAL_MAX + 1], text[300];
	symbol_text(p, index, serial, text, sizeof(text));
	int dpmm = p->o.zpl_dpi == 300 ? 12 : 8;
	int w = (int)(p->o.label_w_mm * dpmm);
	int h = (int)(p->o.label_h_mm * dpmm);
	int mag = (h >= 240 ? 4 : 3) * dpmm / 8;
	int font = 22 * dpmm / 8, step = 26 * dpmm / 8, margin = 2 * dpmm;
	int tx = h - margin > w / 2 ? w / 2 : h - margin;
	bt_buf_printf(&p->pending,
		      "^XA^CI28^PW%d^LL%d^FO%d,%d^BQN,2,%d^FD%cA,%s^FS", w, h,
		      margin, margin, mag, ecc[p->o.ecc], text);
	int y = margin;
	bt_buf_printf(&p->pending, "^FO%d,%d^A0N,%d,%d^FDSCAN TO VERIFY^FS", tx,
		      y, font, font);
	y += step;
	bt_buf_printf(&p->pending, "^FO%d,%d^A0N,%d,%d^FDGTIN %s^FS", tx, y,
		      font, font, p->batch.gtin);
	y += step;
	if (p->batch.lot[0]) {
		bt_buf_printf(&p->pending, "^FO%d,%d^A0N,%d,%d^FDLOT %s^FS", tx,
			      y, font, font, p->batch.lot);
		y += step;
	}
	if (p->batch.expiry[0]) {
		bt_buf_printf(&p->pending, "^FO%d,%d^A0N,%d,%d^FDEXP %s^FS", tx,
			      y, font, font, p->batch.expiry);
		y += step;
	}
	bt_buf_printf(&p->pending, "^FO%d,%d^A0N,%d,%d^FD%s #%u^FS^XZ\n", tx, y,
		      font, font, serial, (unsigned)index);
	atomic_fetch_add(&p->done, 1);
}

/* Produces more output into p->pending; false when there is no more. */
static bool produce(struct trace_print *p, bool *failed)
{
	switch (p->o.format) {
	case TRACE_PRINT_URI:
	case TRACE_PRINT_CSV: {
		enum bt_err err = bt_buf_reserve(&p->pending, 1 << 16);
		if (err != BT_OK) {
			*failed = true;
			return false;
		}
		size_t n =
			trace_export_fill(&p->text, p->pending.data, 1 << 16);
		p->pending.len = n;
		atomic_store(&p->done, p->text.next - p->from);
		return n > 0;
	}
	case TRACE_PRINT_ZPL:
		for (int i = 0; i < 256 && p->zpl_next < p->to; i++)
			emit_zpl(p, p->zpl_next++);
		return p->pending.len > 0;
	case TRACE_PRINT_SVG:
	case TRACE_PRINT_PNG:
	case TRACE_PRINT_PDF: break;
	}
	if (p->finished)
		return false;
	struct chunk *c = take_chunk(p);
	if (c == NULL) {
		p->finished = true;
		if (p->o.format == TRACE_PRINT_PDF) {
			cairo_destroy(p->cr);
			p->cr = NULL;
			cairo_surface_finish(p->surface);
		} else {
			char zeros[1024] = {0};
			bt_buf_append(&p->pending, zeros, sizeof(zeros));
		}
		return p->pending.len > 0;
	}
	enum bt_err err = c->err;
	if (err == BT_OK)
		err = p->o.format == TRACE_PRINT_PDF ? emit_pdf_chunk(p, c)
						     : emit_tar_chunk(p, c);
	give_back(p, c);
	if (err != BT_OK) {
		*failed = true;
		return false;
	}
	return true;
}

ssize_t trace_print_read(struct trace_print *p, char *buf, size_t size)
{
	bool failed = false;
	while (p->pending_off >= p->pending.len) {
		bt_buf_clear(&p->pending);
		p->pending_off = 0;
		if (!produce(p, &failed))
			return failed ? -1 : 0;
	}
	size_t n = p->pending.len - p->pending_off;
	if (n > size)
		n = size;
	memcpy(buf, p->pending.data + p->pending_off, n);
	p->pending_off += n;
	return (ssize_t)n;
}

bool trace_print_next_file(struct trace_print *p, const char **name,
			   const char **data, size_t *len)
{
	if (p->o.format != TRACE_PRINT_SVG && p->o.format != TRACE_PRINT_PNG)
		return false;
	if (p->file_chunk && p->file_item >= p->file_chunk->count) {
		give_back(p, p->file_chunk);
		p->file_chunk = NULL;
	}
	if (p->file_chunk == NULL) {
		p->file_chunk = take_chunk(p);
		p->file_item = 0;
		if (p->file_chunk == NULL || p->file_chunk->err != BT_OK)
			return false;
	}
	struct chunk *c = p->file_chunk;
	uint32_t i = p->file_item++;
	file_name(p, c, i, p->file_name, sizeof(p->file_name));
	*name = p->file_name;
	*data = c->data.data + c->offset[i];
	*len = c->offset[i + 1] - c->offset[i];
	return true;
}

void trace_print_progress(const struct trace_print *p, uint64_t *done,
			  uint64_t *total)
{
	*done = atomic_load(&p->done);
	*total = p->to - p->from;
}

enum bt_err trace_print_open(const struct trace_batch *b, uint32_t from,
			     uint32_t to, const struct trace_print_options *o,
			     struct trace_print **out, const char **reason)
{
	*out = NULL;
	enum bt_err err = trace_print_options_check(o, reason);
	if (err != BT_OK)
		return err;
	struct trace_print *p = calloc(1, sizeof(*p));
	if (p == NULL)
		return BT_ENOMEM;
	p->batch = *b;
	p->o = *o;
	p->from = from;
	p->to = to;
	p->zpl_next = from;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->ready_cond, NULL);
	pthread_cond_init(&p->free_cond, NULL);
	/* The export checks the range and the key for every format. */
	err = trace_export_init(&p->text, b, from, to,
				o->format == TRACE_PRINT_CSV ? TRACE_EXPORT_CSV
							     : TRACE_EXPORT_URI,
				reason);
	p->key = p->text.key;
	if (err == BT_OK && o->format == TRACE_PRINT_PDF) {
		p->surface = cairo_pdf_surface_create_for_stream(
			pdf_write, &p->pending, o->page_w_mm * MM_TO_PT,
			o->page_h_mm * MM_TO_PT);
		p->cr = cairo_create(p->surface);
		if (cairo_status(p->cr) != CAIRO_STATUS_SUCCESS)
			err = BT_ENOMEM;
		for (int i = 0; i < 4; i++)
			p->faces[i] = cairo_toy_font_face_create(
				i >= 2 ? "DejaVu Sans Mono" : LABEL_FONT,
				CAIRO_FONT_SLANT_NORMAL,
				i % 2 ? CAIRO_FONT_WEIGHT_BOLD
				      : CAIRO_FONT_WEIGHT_NORMAL);
	}
	if (err == BT_OK && uses_workers(o->format)) {
		long cores = sysconf(_SC_NPROCESSORS_ONLN);
		int n = o->threads > 0 ? o->threads
				       : (int)(cores > 0 ? cores : 1);
		p->nthreads = n > MAX_THREADS ? MAX_THREADS : n;
		p->nslots = (size_t)p->nthreads * 2 + 2;
		p->nchunks = ((uint64_t)(to - from) + CHUNK - 1) / CHUNK;
		p->slots = calloc(p->nslots, sizeof(*p->slots));
		if (p->slots == NULL)
			err = BT_ENOMEM;
		int started = 0;
		for (; err == BT_OK && started < p->nthreads; started++)
			if (pthread_create(&p->threads[started], NULL, worker,
					   p) != 0)
				err = BT_EINTERNAL;
		p->nthreads = started;
	}
	if (err != BT_OK) {
		trace_print_close(p);
		return err;
	}
	*out = p;
	return BT_OK;
}

void trace_print_close(struct trace_print *p)
{
	if (p == NULL)
		return;
	pthread_mutex_lock(&p->lock);
	p->stopping = true;
	pthread_cond_broadcast(&p->free_cond);
	pthread_mutex_unlock(&p->lock);
	for (int i = 0; i < p->nthreads; i++)
		pthread_join(p->threads[i], NULL);
	for (size_t i = 0; p->slots && i < p->nslots; i++)
		bt_buf_free(&p->slots[i].data);
	free(p->slots);
	if (p->cr)
		cairo_destroy(p->cr);
	if (p->surface) {
		cairo_surface_finish(p->surface);
		cairo_surface_destroy(p->surface);
	}
	for (int f = 0; f < 4; f++)
		if (p->faces[f] != NULL)
			cairo_font_face_destroy(p->faces[f]);
	bt_buf_free(&p->pending);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->ready_cond);
	pthread_cond_destroy(&p->free_cond);
	free(p);
}

void trace_print_shutdown(void)
{
	cairo_debug_reset_static_data();
	FcFini();
}
