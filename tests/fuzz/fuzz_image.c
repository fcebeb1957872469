/* fuzz_image.c: libFuzzer target for the image paths of uploads, the
 * scanner's (grayscale) and evidence photos' (colour, written again as a
 * PNG): any bytes must be decoded or refused without a crash, a leak,
 * undefined behaviour or unbounded memory. Built and run by
 * scripts/fuzz.sh. */
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "scanner/photo.h"
#include "tests/fuzz/fuzz_decode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_decode_image(data, size);
	struct bt_buf png = BT_BUF_INIT;
	int w, h;
	const char *reason = NULL;
	scan_photo_reencode(data, size, &png, &w, &h, &reason);
	bt_buf_free(&png);
	return 0;
}
