/* print_options.c: what a print file is asked to be: its format, the
 * label and page layout, the PNG scale; defaults, parsing from options or
 * a query, and the check that the labels fit the page. */
#include "print.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "trace/code/product.h"

void trace_print_defaults(struct trace_print_options *o,
			  enum trace_print_format format)
{
	memset(o, 0, sizeof(*o));
	o->format = format;
	o->ecc = TRACE_ECC_M;
	o->upper_host = true;
	o->png_px = 4;
	o->label_w_mm = 50;
	o->label_h_mm = 30;
	o->columns = 3;
	o->rows = 8;
	o->margin_mm = 10;
	o->margin_y_mm = 10;
	o->page_w_mm = 210;
	o->page_h_mm = 297;
	o->zpl_dpi = 203;
}

/* Common A4 label stock: the label, its grid, centred on the sheet. */
static bool stock_preset(struct trace_print_options *o, const char *name)
{
	static const struct {
		const char *name;
		double w, h;
		int columns, rows;
	} stock[] = {
		{"a4-24", 70, 37, 3, 8},
		{"a4-24s", 63.5, 33.9, 3, 8},
		{"a4-21", 63.5, 38.1, 3, 7},
	};
	for (size_t i = 0; i < sizeof(stock) / sizeof(stock[0]); i++) {
		if (strcmp(name, stock[i].name) != 0)
			continue;
		o->label_w_mm = stock[i].w;
		o->label_h_mm = stock[i].h;
		o->columns = stock[i].columns;
		o->rows = stock[i].rows;
		o->page_w_mm = 210;
		o->page_h_mm = 297;
		o->margin_mm = (o->page_w_mm - o->columns * o->label_w_mm) / 2;
		o->margin_y_mm = (o->page_h_mm - o->rows * o->label_h_mm) / 2;
		return true;
	}
	return false;
}

enum bt_err trace_print_format_parse(const char *s,
				     enum trace_print_format *out)
{
	static const char *const names[] = {"text", "csv", "svg",
					    "png",  "pdf", "zpl"};
	for (int i = 0; i < 6; i++) {
		if (strcmp(s, names[i]) == 0) {
			*out = (enum trace_print_format)i;
			return BT_OK;
		}
	}
	return BT_EINVAL;
}

const char *trace_print_content_type(enum trace_print_format f)
{
	switch (f) {
	case TRACE_PRINT_URI: return "text/plain; charset=utf-8";
	case TRACE_PRINT_CSV: return "text/csv; charset=utf-8";
	case TRACE_PRINT_SVG:
	case TRACE_PRINT_PNG: return "application/x-tar";
	case TRACE_PRINT_PDF: return "application/pdf";
	case TRACE_PRINT_ZPL: return "application/vnd.zebra-zpl";
	}
	return "application/octet-stream";
}

const char *trace_print_extension(enum trace_print_format f)
{
	switch (f) {
	case TRACE_PRINT_URI: return "txt";
	case TRACE_PRINT_CSV: return "csv";
	case TRACE_PRINT_SVG: return "svg.tar";
	case TRACE_PRINT_PNG: return "png.tar";
	case TRACE_PRINT_PDF: return "pdf";
	case TRACE_PRINT_ZPL: return "zpl";
	}
	return "bin";
}

enum bt_err trace_print_options_check(const struct trace_print_options *o,
				      const char **reason)
{
	if (o->png_px < 1 || o->png_px > 40) {
		*reason = "PNG pixels per module must be 1 to 40";
		return BT_EINVAL;
	}
	if (o->label_w_mm < 15 || o->label_h_mm < 15 || o->label_w_mm > 300 ||
	    o->label_h_mm > 300) {
		*reason = "labels are 15 to 300 mm on each side";
		return BT_EINVAL;
	}
	if (o->format == TRACE_PRINT_PDF &&
	    (o->columns < 1 || o->rows < 1 || o->margin_mm < 0 ||
	     2 * o->margin_mm + o->columns * o->label_w_mm >
		     o->page_w_mm + 0.01 ||
	     o->margin_y_mm < 0 ||
	     2 * o->margin_y_mm + o->rows * o->label_h_mm >
		     o->page_h_mm + 0.01)) {
		*reason = "the labels (columns x width, rows x height, plus "
			  "margins) do not fit on the page";
		return BT_EINVAL;
	}
	return BT_OK;
}

static bool parse_int(const char *s, int min, int max, int *out)
{
	char *end = NULL;
	long v = s ? strtol(s, &end, 10) : 0;
	if (s == NULL || *s == '\0' || *end != '\0' || v < min || v > max)
		return false;
	*out = (int)v;
	return true;
}

static bool parse_mm(const char *s, double *out)
{
	char *end = NULL;
	double v = s ? strtod(s, &end) : 0;
	if (s == NULL || *s == '\0' || *end != '\0' || !(v >= 0 && v <= 1000))
		return false;
	*out = v;
	return true;
}

enum bt_err trace_print_options_parse(struct trace_print_options *o,
				      const char *(*get)(void *ctx,
							 const char *name),
				      void *ctx, const char **reason)
{
	enum trace_print_format format = TRACE_PRINT_URI;
	const char *v = get(ctx, "format");
	if (v && trace_print_format_parse(v, &format) != BT_OK) {
		*reason = "format is text, csv, svg, png, pdf or zpl";
		return BT_EINVAL;
	}
	trace_print_defaults(o, format);
	if ((v = get(ctx, "ecc")) && trace_qr_ecc_parse(v, &o->ecc) != BT_OK) {
		*reason = "ecc is L, M, Q or H";
		return BT_EINVAL;
	}
	if ((v = get(ctx, "stock")) && !stock_preset(o, v)) {
		*reason =
			"stock is a4-24 (70 x 37 mm), a4-24s (63.5 x 33.9 mm) "
			"or a4-21 (63.5 x 38.1 mm)";
		return BT_EINVAL;
	}
	if ((v = get(ctx, "label"))) {
		char w[16], h[16];
		const char *x = strchr(v, 'x');
		if (x == NULL || (size_t)(x - v) >= sizeof(w) ||
		    strlen(x + 1) >= sizeof(h)) {
			*reason = "label is WIDTHxHEIGHT in mm, e.g. 50x30";
			return BT_EINVAL;
		}
		memcpy(w, v, (size_t)(x - v));
		w[x - v] = '\0';
		bt_strlcpy(h, x + 1, sizeof(h));
		if (!parse_mm(w, &o->label_w_mm) ||
		    !parse_mm(h, &o->label_h_mm)) {
			*reason = "label is WIDTHxHEIGHT in mm, e.g. 50x30";
			return BT_EINVAL;
		}
	}
	if (((v = get(ctx, "columns")) && !parse_int(v, 1, 50, &o->columns)) ||
	    ((v = get(ctx, "rows")) && !parse_int(v, 1, 100, &o->rows)) ||
	    ((v = get(ctx, "png-px")) && !parse_int(v, 1, 40, &o->png_px)) ||
	    ((v = get(ctx, "threads")) && !parse_int(v, 1, 64, &o->threads)) ||
	    ((v = get(ctx, "margin")) && !parse_mm(v, &o->margin_mm)) ||
	    ((v = get(ctx, "dpi")) && !parse_int(v, 203, 300, &o->zpl_dpi)) ||
	    (o->zpl_dpi != 203 && o->zpl_dpi != 300)) {
		*reason =
			"columns (1-50), rows (1-100), png-px (1-40), threads "
			"(1-64) and margin (mm) are numbers; dpi is 203 or 300";
		return BT_EINVAL;
	}
	if (get(ctx, "margin"))
		o->margin_y_mm = o->margin_mm; /* one margin all round */
	if ((v = get(ctx, "case"))) {
		if (strcmp(v, "upper") != 0 && strcmp(v, "mixed") != 0) {
			*reason = "case is upper or mixed";
			return BT_EINVAL;
		}
		o->upper_host = strcmp(v, "upper") == 0;
	}
	return trace_print_options_check(o, reason);
}

void trace_print_title(struct bt_db *db, const struct trace_batch *b,
		       struct trace_print_options *o)
{
	struct trace_product p;
	o->title[0] = '\0';
	if (db != NULL && trace_product_get(db, b->gtin, &p) == BT_OK)
		bt_fmt(o->title, sizeof(o->title), "%s · %s", p.name_zh,
		       p.brand);
	/* A cut name must not end inside a character: cairo refuses it. */
	size_t n = strlen(o->title), lead = n;
	while (lead > 0 && ((unsigned char)o->title[lead - 1] & 0xC0) == 0x80)
		lead--;
	if (lead > 0) {
		unsigned char c = (unsigned char)o->title[lead - 1];
		size_t want = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
		if (n - (lead - 1) < want)
			o->title[lead - 1] = '\0';
	}
}
