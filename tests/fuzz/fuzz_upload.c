/* fuzz_upload.c: libFuzzer target for the upload path as a whole: a
 * multipart body (first line: its Content-Type) whose "image" part goes
 * through the image decoders and zbar, as POST /api/v1/scan does. Built
 * and run by scripts/fuzz.sh. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/form.h"
#include "scanner/decode.h"
#include "scanner/image.h"

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
	struct scan_gray g;
	const char *reason;
	if (scan_image_load(part, plen, &g, &reason) != BT_OK)
		return 0;
	if ((long)g.width * g.height <= 512L * 512L) {
		struct scan_result r;
		if (scan_decode_plain(&g, &r) == BT_OK)
			scan_result_free(&r);
	}
	scan_gray_free(&g);
	return 0;
}
