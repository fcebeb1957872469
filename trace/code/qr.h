/* qr.h: QR symbols of codes (libqrencode) and their drawings: SVG path,
 * and 1-bit PNG. */
#ifndef TRACE_QR_H
#define TRACE_QR_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"

#define TRACE_QR_QUIET 4 /* modules of quiet zone on each side */

enum trace_qr_ecc { TRACE_ECC_L, TRACE_ECC_M, TRACE_ECC_Q, TRACE_ECC_H };

/* A symbol: width x width modules, row-major, 1 = dark. */
struct trace_qr {
	int width;
	int version;
	unsigned char *modules;
};

/* Parses "L", "M", "Q" or "H". */
enum bt_err trace_qr_ecc_parse(const char *s, enum trace_qr_ecc *out);

/* Encodes text, choosing the segment modes that give the smallest symbol.
 * The caller frees qr with trace_qr_free. */
enum bt_err trace_qr_encode(const char *text, enum trace_qr_ecc ecc,
			    struct trace_qr *qr);
void trace_qr_free(struct trace_qr *qr);

/* Writes uri into out with the scheme and host upper-cased (they are
 * case-insensitive), so that a URI whose path is upper case too can be
 * encoded in the denser alphanumeric mode. */
void trace_qr_upper_host(const char *uri, char *out, size_t size);

/* Appends a standalone SVG of the symbol (with quiet zone) to out. */
enum bt_err trace_qr_svg(const struct trace_qr *qr, struct bt_buf *out);
/* Appends a 1-bit grayscale PNG, px pixels per module. */
enum bt_err trace_qr_png(const struct trace_qr *qr, int px, struct bt_buf *out);

#endif
