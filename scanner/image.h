/* image.h: photos and label images to 8-bit grayscale: PNG (libpng), JPEG
 * (libjpeg-turbo) and PGM/PBM (as poppler writes pages), bounded in bytes
 * and pixels before anything is decoded, and scaled down so that decoding
 * time stays bounded whatever the camera. */
#ifndef SCAN_IMAGE_H
#define SCAN_IMAGE_H

#include <stddef.h>

#include "core/err.h"

#define SCAN_MAX_BYTES	(10u << 20) /* an upload */
#define SCAN_MAX_PIXELS 50000000L   /* declared size, checked before decoding */
#define SCAN_MAX_SIDE	2400	    /* longer side after scaling down */

struct scan_gray {
	int width;
	int height;
	unsigned char *px; /* width * height bytes, 0 black .. 255 white */
};

/* Decodes an image; BT_EINVAL (not an image, truncated, corrupt) or
 * BT_ETOOBIG with *reason. The caller frees out with scan_gray_free. */
enum bt_err scan_image_load(const void *data, size_t len, struct scan_gray *out,
			    const char **reason);
void scan_gray_free(struct scan_gray *g);

/* Box-filters g down by an integer factor into out. */
enum bt_err scan_gray_shrink(const struct scan_gray *g, int factor,
			     struct scan_gray *out);

/* A photo in colour: 3 bytes a pixel, red, green, blue; alpha laid over
 * white. */
struct scan_rgb {
	int width;
	int height;
	unsigned char *px; /* width * height * 3 bytes */
};

/* Decodes a PNG or JPEG photo in colour, with the same bounds as
 * scan_image_load (JPEGs above twice SCAN_MAX_SIDE are decoded smaller),
 * not scaled further. The caller frees out with scan_rgb_free. */
enum bt_err scan_image_load_rgb(const void *data, size_t len,
				struct scan_rgb *out, const char **reason);
void scan_rgb_free(struct scan_rgb *p);

#endif
