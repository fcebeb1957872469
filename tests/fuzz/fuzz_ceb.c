/* fuzz_ceb.c: libFuzzer target for the CEB message parser (the XML ingest
 * path): any input must be parsed or refused without a crash, a leak or
 * undefined behaviour. Built and run by scripts/fuzz.sh. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "trace/customs/ceb.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Codes accepted by the fuzzer: a few of each table, so that inputs can
 * get past the code checks to the cross-field ones. */
static bool known(const char *table, const char *code)
{
	(void)table;
	return strcmp(code, "142") == 0 || strcmp(code, "601") == 0 ||
	       strcmp(code, "122") == 0 || strcmp(code, "035") == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ceb_message m;
	struct ceb_error e;
	if (ceb_parse((const char *)data, size, known, &m, &e) == BT_OK)
		ceb_message_free(&m);
	return 0;
}
