/* serial.h: computed serials. A serial is Crockford base32 (upper case,
 * inside GS1 character set 82) of
 *   [key version: 1 char][batch<<27 | index: 6..11 chars][MAC: 8 chars]
 * 15 to 20 characters in all. The MAC is 40 bits of SipHash-2-4 under the
 * version's key over (GTIN, batch, index, version), so a guessed serial
 * is accepted with odds 2^-40 and a serial moved to another GTIN fails.
 * No database row per code is needed to issue or verify one. */
#ifndef TRACE_SERIAL_H
#define TRACE_SERIAL_H

#include <stdint.h>

#include "core/err.h"
#include "core/keys.h"

#define TRACE_SERIAL_MAX      20
#define TRACE_INDEX_BITS      27
#define TRACE_BATCH_COUNT_MAX 100000000u       /* codes in one batch */
#define TRACE_BATCH_ID_MAX    ((1u << 28) - 1) /* largest batch number */

struct trace_code {
	uint32_t batch;	  /* 1..TRACE_BATCH_ID_MAX */
	uint32_t index;	  /* 0..2^27-1, position in the batch */
	unsigned version; /* key version 1..31 */
};

/* Writes the serial of code for the 14-digit gtin under key (the key of
 * code->version) into out; returns its length. */
unsigned trace_serial_encode(const struct trace_code *code, const char *gtin,
			     const uint8_t key[BT_KEYS_SERIAL_LEN],
			     char out[TRACE_SERIAL_MAX + 1]);

/* Decodes serial for gtin and checks its MAC with the key of its version
 * from keys. BT_ENOTFOUND if it is not a serial we issued (bad length,
 * alphabet, unknown key version or MAC mismatch); no database is used. */
enum bt_err trace_serial_decode(const char *serial, const char *gtin,
				const struct bt_keys *keys,
				struct trace_code *out);

/* The GTIN as a number for MAC input (14 digits fit in 47 bits). */
uint64_t trace_gtin_number(const char *gtin);

#endif
