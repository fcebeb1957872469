/* fuzz_image.c: libFuzzer target for the image path of uploads: any bytes
 * must be decoded or refused without a crash, a leak, undefined behaviour
 * or unbounded memory. Built and run by scripts/fuzz.sh. */
#include <stddef.h>
#include <stdint.h>

#include "tests/fuzz/fuzz_decode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_decode_image(data, size);
	return 0;
}
