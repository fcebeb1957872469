/* photo.h: photos kept as evidence (a complaint's, a claim's): decoded
 * and written again as a plain PNG, so that nothing of the original file
 * but its pixels survives (no EXIF, GPS, maker notes, text chunks,
 * thumbnails), and scaled down to a bounded size. */
#ifndef SCAN_PHOTO_H
#define SCAN_PHOTO_H

#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"

/* The longer side of a photo kept as evidence. */
#define SCAN_PHOTO_SIDE 1600

/* Re-encodes data (PNG or JPEG, bounded as scan_image_load) into png as a
 * new 8-bit RGB PNG whose longer side is at most SCAN_PHOTO_SIDE; *w and *h
 * its size. BT_EINVAL / BT_ETOOBIG with *reason. png is the caller's
 * (bt_buf_free), also after an error. */
enum bt_err scan_photo_reencode(const void *data, size_t len,
				struct bt_buf *png, int *w, int *h,
				const char **reason);

#endif
