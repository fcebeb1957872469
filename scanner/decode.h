/* decode.h: barcodes in a grayscale image, read by zbar: QR codes (our
 * Digital Links), EAN-13 (a product's GTIN) and Code 128 / GS1-128.
 * When a plain pass finds nothing, the image is tried again after
 * preprocessing (scaled down, locally thresholded, scaled up). */
#ifndef SCAN_DECODE_H
#define SCAN_DECODE_H

#include <stddef.h>

#include "core/err.h"
#include "scanner/image.h"

#define SCAN_MAX_SYMBOLS 64

/* Preprocessing passes start only while the image has taken less than
 * this; with the pixel limits of image.h it bounds the time per image. */
#define SCAN_BUDGET_MS 1000

struct scan_symbol {
	char type[16]; /* "QR-Code", "EAN-13", "CODE-128", ... */
	char *data;
};

struct scan_result {
	size_t n;
	struct scan_symbol sym[SCAN_MAX_SYMBOLS];
	int passes; /* how many passes it took (1 = plain) */
};

/* Reads every symbol of g, each payload once. */
enum bt_err scan_decode(const struct scan_gray *g, struct scan_result *out);

/* zbar alone on g, no preprocessing (for comparison). */
enum bt_err scan_decode_plain(const struct scan_gray *g,
			      struct scan_result *out);

void scan_result_free(struct scan_result *r);

#endif
