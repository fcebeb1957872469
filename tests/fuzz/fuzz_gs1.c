/* fuzz_gs1.c: libFuzzer target for the code parsers: GS1 Digital Link
 * request targets (path and query, as phones send them) and GS1 element
 * strings (as DataMatrix and GS1-128 readers send them). Any bytes must be
 * parsed or refused with a reason, without a crash or undefined
 * behaviour. Built and run by scripts/fuzz.sh. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "trace/code/elements.h"
#include "trace/code/gs1.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	struct trace_dl dl;
	const char *reason = NULL;
	if (trace_dl_parse_target(s, &dl, &reason) == BT_OK) {
		/* What parsed formats back and parses the same. */
		char uri[512];
		if (dl.serial[0] &&
		    trace_dl_format(uri, sizeof(uri), "", dl.gtin, dl.lot,
				    dl.serial) > 0) {
			struct trace_dl again;
			if (trace_dl_parse_path(uri, &again, &reason) !=
				    BT_OK ||
			    strcmp(again.serial, dl.serial) != 0 ||
			    strcmp(again.lot, dl.lot) != 0)
				abort();
		}
	} else if (reason == NULL) {
		abort(); /* a refusal always says why */
	}
	reason = NULL;
	if (trace_elements_parse(s, &dl, &reason) != BT_OK && reason == NULL)
		abort();
	free(s);
	return 0;
}
