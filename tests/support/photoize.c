/* photoize.c: writes a photo-like JPEG of the QR symbol of a text, as an
 * exported label would carry it: `photoize TEXT OUT.jpg [ANGLE]`. Used by
 * the end-to-end tests to upload what a phone would. */
#include <stdio.h>
#include <stdlib.h>

#include "tests/support/photo.h"

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: photoize TEXT OUT.jpg [ANGLE]\n");
		return 2;
	}
	char text[512];
	trace_qr_upper_host(argv[1], text, sizeof(text));
	struct trace_qr qr;
	if (trace_qr_encode(text, TRACE_ECC_M, &qr) != BT_OK)
		return 1;
	struct photo_params p =
		photo_phone(argc > 3 ? strtod(argv[3], NULL) : 23, 99);
	struct scan_gray g;
	struct bt_buf jpg = BT_BUF_INIT;
	if (photo_make(&qr, &p, &g) != BT_OK ||
	    photo_jpeg(&g, 60, &jpg) != BT_OK)
		return 1;
	FILE *f = fopen(argv[2], "wb");
	if (f == NULL || fwrite(jpg.data, 1, jpg.len, f) != jpg.len)
		return 1;
	fclose(f);
	scan_gray_free(&g);
	bt_buf_free(&jpg);
	trace_qr_free(&qr);
	return 0;
}
