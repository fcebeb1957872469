/* fuzz_upload.c: libFuzzer target for the upload path as a whole: a
 * multipart body (first line: its Content-Type) whose "image" part goes
 * through the image decoders and zbar, as POST /api/v1/scan does. Built
 * and run by scripts/fuzz.sh. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/form.h"
#include "tests/fuzz/fuzz_decode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *d = (const char *)data;
	const char *nl = memchr(d, '\n', size);
	if (nl == NULL || nl - d > 200)
		return 0;
	char type[201];
	memcpy(type, d, (size_t)(nl - d));
	type[nl - d] = '\0';
	const char *part = NULL;
	size_t plen = 0;
	if (!bt_multipart_part(nl + 1, size - (size_t)(nl - d) - 1, type,
			       "image", &part, &plen))
		return 0;
	fuzz_decode_image(part, plen);
	return 0;
}
