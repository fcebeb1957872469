/* photo.h: photo-like images of a QR symbol for scanner tests and
 * benchmarks: the label on a textured background, turned, scaled, skewed,
 * blurred, noisy, low in contrast, and JPEG-compressed, as asked. */
#ifndef TEST_PHOTO_H
#define TEST_PHOTO_H

#include <stdbool.h>

#include "core/buf.h"
#include "scanner/image.h"
#include "trace/code/qr.h"

struct photo_params {
	double angle;  /* degrees */
	double scale;  /* 1: about 5 px per module */
	double skew_x; /* shear, as a perspective stand-in */
	double skew_y;
	int blur;	 /* box blur radius, px */
	int noise;	 /* uniform noise amplitude, grey levels */
	int low, high;	 /* the range black..white is mapped to (0, 255) */
	int jpeg;	 /* JPEG quality, 0 for none */
	bool background; /* textured surroundings */
	unsigned seed;
};

/* A typical hand-held phone photo of a label: turned by angle, slightly
 * skewed and blurred, noisy, low in contrast, on a textured background. */
struct photo_params photo_phone(double angle, unsigned seed);

/* A 640 x 640 grayscale photo of qr. */
enum bt_err photo_make(const struct trace_qr *qr, const struct photo_params *p,
		       struct scan_gray *out);

/* Encodes g as a JPEG of the given quality. */
enum bt_err photo_jpeg(const struct scan_gray *g, int quality,
		       struct bt_buf *out);

#endif
