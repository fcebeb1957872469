/* test_trace_serial.c: the serial codec. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/crypto.h"
#include "core/keys.h"
#include "trace/code/gs1.h"
#include "trace/code/serial.h"

static struct bt_keys *keys;
static char key_path[64];

static int setup(void **state)
{
	(void)state;
	if (bt_crypto_init() != BT_OK)
		return -1;
	snprintf(key_path, sizeof(key_path), "/tmp/bt-serial-test-%d.keys",
		 (int)getpid());
	unlink(key_path);
	unsigned v;
	if (bt_keys_init(key_path) != BT_OK ||
	    bt_keys_rotate(key_path, &v) != BT_OK ||
	    bt_keys_load(key_path, &keys) != BT_OK)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	bt_keys_free(keys);
	unlink(key_path);
	return 0;
}

static const char *gtin = "09312345001019";

static void encode(uint32_t batch, uint32_t index, unsigned version,
		   const char *for_gtin, char out[TRACE_SERIAL_MAX + 1])
{
	struct trace_code c = {batch, index, version};
	trace_serial_encode(&c, for_gtin, bt_keys_serial(keys, version), out);
}

static void round_trips_across_the_range(void **state)
{
	(void)state;
	const uint32_t batches[] = {1,	  2,	 31,	   32,
				    1000, 65535, 1u << 20, TRACE_BATCH_ID_MAX};
	const uint32_t indexes[] = {
		0, 1, 99, 100000, 99999999, (1u << TRACE_INDEX_BITS) - 1};
	for (size_t b = 0; b < sizeof(batches) / sizeof(batches[0]); b++) {
		for (size_t i = 0; i < sizeof(indexes) / sizeof(indexes[0]);
		     i++) {
			for (unsigned v = 1; v <= 2; v++) {
				char s[TRACE_SERIAL_MAX + 1];
				encode(batches[b], indexes[i], v, gtin, s);
				struct trace_code out;
				assert_int_equal(trace_serial_decode(
							 s, gtin, keys, &out),
						 BT_OK);
				assert_int_equal(out.batch, batches[b]);
				assert_int_equal(out.index, indexes[i]);
				assert_int_equal(out.version, v);
			}
		}
	}
}

static void serials_are_15_to_20_characters_of_set_82(void **state)
{
	(void)state;
	char s[TRACE_SERIAL_MAX + 1];
	encode(1, 0, 1, gtin, s);
	assert_int_equal(strlen(s), 15);
	encode(TRACE_BATCH_ID_MAX, (1u << TRACE_INDEX_BITS) - 1, 1, gtin, s);
	assert_int_equal(strlen(s), 20);
	assert_true(trace_cset82_valid(s, TRACE_AI_MAX));
	for (const char *p = s; *p; p++)
		assert_non_null(strchr("0123456789ABCDEFGHJKMNPQRSTVWXYZ", *p));
}

static void every_single_character_change_is_rejected(void **state)
{
	(void)state;
	static const char alphabet[] =
		"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		"!\"%&'()*+,-./:;<=>?_";
	const uint32_t samples[][2] = {{1, 0}, {7, 12345}, {200000, 99999999}};
	for (size_t k = 0; k < 3; k++) {
		char s[TRACE_SERIAL_MAX + 1];
		encode(samples[k][0], samples[k][1], 1, gtin, s);
		size_t n = strlen(s);
		unsigned tried = 0;
		for (size_t pos = 0; pos < n; pos++) {
			for (const char *c = alphabet; *c; c++) {
				if (*c == s[pos])
					continue;
				char t[TRACE_SERIAL_MAX + 1];
				memcpy(t, s, n + 1);
				t[pos] = *c;
				struct trace_code out;
				assert_int_equal(trace_serial_decode(
							 t, gtin, keys, &out),
						 BT_ENOTFOUND);
				tried++;
			}
		}
		assert_true(tried > 15 * 80);
	}
}

static void a_serial_moved_to_another_gtin_fails(void **state)
{
	(void)state;
	char s[TRACE_SERIAL_MAX + 1];
	encode(5, 42, 1, gtin, s);
	struct trace_code out;
	assert_int_equal(trace_serial_decode(s, "09412345002020", keys, &out),
			 BT_ENOTFOUND);
}

static void bad_lengths_versions_and_padding_fail(void **state)
{
	(void)state;
	struct trace_code out;
	const char *bad[] = {
		"",
		"1",
		"14000005Z9QMR6",	 /* 14 characters */
		"140000005Z9QMR6QQQQQQ", /* 21 characters */
		"04000005Z9QMR6Q",	 /* key version 0 */
		"Z4000005Z9QMR6Q",	 /* key version 31: not in the file */
		"140000005Z9QMR6Q",	 /* a leading zero in the payload */
		"1000000005Z9QMR6",	 /* batch 0 */
		"14000005z9qmr6q",	 /* lower case */
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(trace_serial_decode(bad[i], gtin, keys, &out),
				 BT_ENOTFOUND);
}

static void an_older_key_version_keeps_verifying(void **state)
{
	(void)state;
	assert_int_equal(bt_keys_serial_current(keys), 2);
	char s[TRACE_SERIAL_MAX + 1];
	encode(3, 9, 1, gtin, s);
	struct trace_code out;
	assert_int_equal(trace_serial_decode(s, gtin, keys, &out), BT_OK);
	assert_int_equal(out.version, 1);
}

static void random_guesses_do_not_verify(void **state)
{
	(void)state;
	/* 2^-40 per guess: a million guesses pass with odds ~1e-6. */
	static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	uint8_t r[16];
	for (int i = 0; i < 1000000; i++) {
		char s[16];
		bt_random_bytes(r, sizeof(r));
		s[0] = '1';
		s[1] = '4';
		for (int k = 2; k < 15; k++)
			s[k] = alphabet[r[k] & 31];
		s[15] = '\0';
		struct trace_code out;
		assert_int_equal(trace_serial_decode(s, gtin, keys, &out),
				 BT_ENOTFOUND);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(round_trips_across_the_range),
		cmocka_unit_test(serials_are_15_to_20_characters_of_set_82),
		cmocka_unit_test(every_single_character_change_is_rejected),
		cmocka_unit_test(a_serial_moved_to_another_gtin_fails),
		cmocka_unit_test(bad_lengths_versions_and_padding_fail),
		cmocka_unit_test(an_older_key_version_keeps_verifying),
		cmocka_unit_test(random_guesses_do_not_verify),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
