/* fuzz_image.c: libFuzzer target for the image path of uploads: any bytes
 * must be decoded or refused without a crash, a leak, undefined behaviour
 * or unbounded memory. Built and run by scripts/fuzz.sh. */
#include <stddef.h>
#include <stdint.h>

#include "scanner/decode.h"
#include "scanner/image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct scan_gray g;
	const char *reason;
	if (scan_image_load(data, size, &g, &reason) != BT_OK)
		return 0;
	/* zbar on small images only: the fuzzer's time is for the decoders. */
	if ((long)g.width * g.height <= 512L * 512L) {
		struct scan_result r;
		if (scan_decode_plain(&g, &r) == BT_OK)
			scan_result_free(&r);
	}
	scan_gray_free(&g);
	return 0;
}
