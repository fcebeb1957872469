/* serial.c: the serial codec (see serial.h for the layout). */
#include "serial.h"

#include <string.h>

#include "core/crypto.h"

#define MAC_CHARS 8
#define MAC_BITS  40

/* Canonical upper-case Crockford digits only, stored plus one so that
 * every other byte maps to 0. */
static const signed char digits_plus_one[256] = {
	['0'] = 1,  ['1'] = 2,	['2'] = 3,  ['3'] = 4,	['4'] = 5,  ['5'] = 6,
	['6'] = 7,  ['7'] = 8,	['8'] = 9,  ['9'] = 10, ['A'] = 11, ['B'] = 12,
	['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16, ['G'] = 17, ['H'] = 18,
	['J'] = 19, ['K'] = 20, ['M'] = 21, ['N'] = 22, ['P'] = 23, ['Q'] = 24,
	['R'] = 25, ['S'] = 26, ['T'] = 27, ['V'] = 28, ['W'] = 29, ['X'] = 30,
	['Y'] = 31, ['Z'] = 32};

static int digit_value(char c)
{
	return digits_plus_one[(unsigned char)c] - 1;
}

uint64_t trace_gtin_number(const char *gtin)
{
	uint64_t v = 0;
	for (const char *p = gtin; *p; p++)
		v = v * 10 + (uint64_t)(*p - '0');
	return v;
}

static uint64_t mac40(const uint8_t key[BT_KEYS_SERIAL_LEN], uint64_t gtin,
		      uint64_t payload, unsigned version)
{
	uint8_t msg[17];
	for (int i = 0; i < 8; i++) {
		msg[i] = (uint8_t)(gtin >> (8 * i));
		msg[8 + i] = (uint8_t)(payload >> (8 * i));
	}
	msg[16] = (uint8_t)version;
	return bt_mac64(key, msg, sizeof(msg)) & ((1ull << MAC_BITS) - 1);
}

unsigned trace_serial_encode(const struct trace_code *code, const char *gtin,
			     const uint8_t key[BT_KEYS_SERIAL_LEN],
			     char out[TRACE_SERIAL_MAX + 1])
{
	uint64_t payload =
		(uint64_t)code->batch << TRACE_INDEX_BITS | code->index;
	uint64_t mac =
		mac40(key, trace_gtin_number(gtin), payload, code->version);
	char digits[13];
	unsigned nd = 0;
	for (uint64_t v = payload; v != 0 || nd == 0; v >>= 5)
		digits[nd++] = BT_CROCKFORD[v & 31];
	unsigned n = 0;
	out[n++] = BT_CROCKFORD[code->version & 31];
	while (nd > 0)
		out[n++] = digits[--nd];
	for (int i = MAC_CHARS - 1; i >= 0; i--)
		out[n++] = BT_CROCKFORD[(mac >> (5 * i)) & 31];
	out[n] = '\0';
	return n;
}

enum bt_err trace_serial_decode(const char *serial, const char *gtin,
				const struct bt_keys *keys,
				struct trace_code *out)
{
	size_t n = strlen(serial);
	if (n < 1 + 6 + MAC_CHARS || n > TRACE_SERIAL_MAX)
		return BT_ENOTFOUND;
	int version = digit_value(serial[0]);
	if (version < 1)
		return BT_ENOTFOUND;
	/* Leading zeros would give a second spelling of the same code. */
	if (serial[1] == '0')
		return BT_ENOTFOUND;
	uint64_t payload = 0;
	for (size_t i = 1; i < n - MAC_CHARS; i++) {
		int d = digit_value(serial[i]);
		if (d < 0)
			return BT_ENOTFOUND;
		payload = payload << 5 | (uint64_t)d;
	}
	uint64_t mac = 0;
	for (size_t i = n - MAC_CHARS; i < n; i++) {
		int d = digit_value(serial[i]);
		if (d < 0)
			return BT_ENOTFOUND;
		mac = mac << 5 | (uint64_t)d;
	}
	uint64_t batch = payload >> TRACE_INDEX_BITS;
	if (batch == 0 || batch > TRACE_BATCH_ID_MAX)
		return BT_ENOTFOUND;
	const uint8_t *key = bt_keys_serial(keys, (unsigned)version);
	if (key == NULL)
		return BT_ENOTFOUND;
	uint64_t expect =
		mac40(key, trace_gtin_number(gtin), payload, (unsigned)version);
	if ((expect ^ mac) != 0)
		return BT_ENOTFOUND;
	out->batch = (uint32_t)batch;
	out->index = (uint32_t)(payload & ((1u << TRACE_INDEX_BITS) - 1));
	out->version = (unsigned)version;
	return BT_OK;
}
