/* fuzz_decode.h: what the image fuzzers do with bytes that may be an
 * image: decode or refuse them, and run zbar on small results (the
 * fuzzer's time is for the decoders). */
#ifndef FUZZ_DECODE_H
#define FUZZ_DECODE_H

#include <stddef.h>

#include "scanner/decode.h"
#include "scanner/image.h"

static inline void fuzz_decode_image(const void *data, size_t size)
{
	struct scan_gray g;
	const char *reason;
	if (scan_image_load(data, size, &g, &reason) != BT_OK)
		return;
	if ((long)g.width * g.height <= 512L * 512L) {
		struct scan_result r;
		if (scan_decode_plain(&g, &r) == BT_OK)
			scan_result_free(&r);
	}
	scan_gray_free(&g);
}

#endif
