/* print.h: print files of a batch or a range of it: URI lists, CSV, QR
 * images (SVG or PNG, in a tar archive or a folder), PDF label sheets
 * (cairo) and ZPL for thermal printers. QR symbols are made on all cores;
 * output streams, so memory does not grow with the range. */
#ifndef TRACE_PRINT_H
#define TRACE_PRINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/db.h"
#include "core/err.h"
#include "trace/code/batch.h"
#include "trace/code/qr.h"

enum trace_print_format {
	TRACE_PRINT_URI,
	TRACE_PRINT_CSV,
	TRACE_PRINT_SVG, /* a tar of one SVG per code */
	TRACE_PRINT_PNG, /* a tar of one PNG per code */
	TRACE_PRINT_PDF, /* label sheets */
	TRACE_PRINT_ZPL,
};

struct trace_print_options {
	enum trace_print_format format;
	enum trace_qr_ecc ecc; /* default M */
	bool upper_host;       /* upper-case scheme and host in symbols */
	int png_px;	       /* pixels per module (PNG), default 4 */
	double label_w_mm;     /* PDF/ZPL label, default 50 x 30 */
	double label_h_mm;
	int columns;	    /* PDF labels per row, default 3 */
	int rows;	    /* PDF rows per page, default 8 */
	double margin_mm;   /* PDF page margin left and right, default 10 */
	double margin_y_mm; /* and top and bottom, default 10 */
	double page_w_mm;   /* PDF page, default A4 210 x 297 */
	double page_h_mm;
	int threads; /* 0: one per core */
	int zpl_dpi; /* ZPL printer resolution: 203 (default) or 300 */
	/* What a PDF label says of the item besides its code (the product's
	 * name and brand); the caller fills it in. */
	char title[160];
};

/* Reads print options by name through get (a query string or command-line
 * options): format (text, csv, svg, png, pdf, zpl), ecc (L, M, Q, H),
 * stock (a label sheet preset: a4-24 = 70 x 37 mm 3 x 8, a4-24s = 63.5 x
 * 33.9 mm 3 x 8, a4-21 = 63.5 x 38.1 mm 3 x 7, each centred on A4),
 * label (WxH in mm), columns, rows, margin (mm), dpi (ZPL: 203 or 300),
 * png-px, case ("upper" or "mixed" host in symbols), threads. BT_EINVAL
 * with *reason. */
enum bt_err trace_print_options_parse(struct trace_print_options *o,
				      const char *(*get)(void *ctx,
							 const char *name),
				      void *ctx, const char **reason);

/* Fills o->title with the batch's product, "NAME · BRAND", for labels; a
 * product that cannot be read leaves it empty (the label still prints). */
void trace_print_title(struct bt_db *db, const struct trace_batch *b,
		       struct trace_print_options *o);

/* Fills o with the defaults for format. */

void trace_print_defaults(struct trace_print_options *o,
			  enum trace_print_format format);
/* Parses "text", "csv", "svg", "png", "pdf" or "zpl". */
enum bt_err trace_print_format_parse(const char *s,
				     enum trace_print_format *out);
/* The Content-Type and file extension of a format's stream. */
const char *trace_print_content_type(enum trace_print_format f);
const char *trace_print_extension(enum trace_print_format f);

struct trace_print;

/* BT_EINVAL with *reason if the layout is out of bounds or the labels do
 * not fit the page (checked again by trace_print_open). */
enum bt_err trace_print_options_check(const struct trace_print_options *o,
				      const char **reason);

/* Starts printing codes [from, to) of b. BT_EINVAL with *reason for a bad
 * range or layout. The caller closes p with trace_print_close. */
enum bt_err trace_print_open(const struct trace_batch *b, uint32_t from,
			     uint32_t to, const struct trace_print_options *o,
			     struct trace_print **out, const char **reason);

/* The next bytes of the stream; 0 at the end, -1 on failure. */
ssize_t trace_print_read(struct trace_print *p, char *buf, size_t size);

/* For SVG and PNG: the next file instead of a tar stream. Returns false at
 * the end. name and data stay valid until the next call. */
bool trace_print_next_file(struct trace_print *p, const char **name,
			   const char **data, size_t *len);

/* Codes done so far and in all. */
void trace_print_progress(const struct trace_print *p, uint64_t *done,
			  uint64_t *total);

void trace_print_close(struct trace_print *p);

/* Frees the font caches the PDF labels filled (cairo, fontconfig); call
 * once at exit, after every print stream is closed. */
void trace_print_shutdown(void);

#endif
