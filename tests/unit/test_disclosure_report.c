/* test_disclosure_report.c: the credit report PDF from profiles as the
 * portal makes them, and from ones with parts missing or too long for a
 * line or a page. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <cmocka.h>
#include <fontconfig/fontconfig.h>

#include "core/render.h"
#include "disclosure/report.h"

static int setup(void **state)
{
	(void)state;
	const char *d = getenv("BT_WEB_DIR");
	return bt_render_init(d ? d : "web") == BT_OK ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	bt_render_free();
	/* cairo's and fontconfig's caches, as the server frees them at exit
	 * (trace_print_shutdown), so that the leak check sees only ours */
	cairo_debug_reset_static_data();
	FcFini();
	return 0;
}

/* The page count the PDF's page tree states. */
static long pages(const struct bt_buf *pdf)
{
	const char *count = NULL;
	for (size_t i = 0; i + 6 < pdf->len; i++)
		if (memcmp(pdf->data + i, "/Count", 6) == 0)
			count = pdf->data + i + 6;
	return count ? strtol(count, NULL, 10) : -1; /* -1: no page tree */
}

static struct bt_buf report(const char *profile_json, const char *lang)
{
	json_t *p = json_loads(profile_json, 0, NULL);
	assert_non_null(p);
	struct bt_buf pdf = BT_BUF_INIT;
	assert_int_equal(
		disc_report_pdf(p, lang, "https://t.example/e/1", &pdf), BT_OK);
	json_decref(p);
	assert_true(pdf.len > 1000);
	assert_memory_equal(pdf.data, "%PDF-", 5);
	return pdf;
}

static void empty_profile_is_one_page(void **state)
{
	(void)state;
	struct bt_buf pdf = report("{}", "zh");
	assert_int_equal(pages(&pdf), 1);
	bt_buf_free(&pdf);
	/* Wrong types where strings and numbers belong are left out. */
	pdf = report("{\"enterprise\": 7, \"rating\": {\"grade\": 1}, "
		     "\"entity\": {\"licences\": \"x\"}, \"as_of\": \"soon\"}",
		     "en");
	assert_int_equal(pages(&pdf), 1);
	bt_buf_free(&pdf);
}

/* A long value without spaces breaks between Chinese characters and flows
 * on to the next pages; the same in English breaks at spaces. */
static void long_values_flow_over_pages(void **state)
{
	(void)state;
	struct bt_buf addr = BT_BUF_INIT, words = BT_BUF_INIT;
	for (int i = 0; i < 1500; i++)
		bt_buf_puts(&addr, "浙");
	for (int i = 0; i < 500; i++)
		bt_buf_puts(&words, "declared ");
	/* and one word longer than a line, cut where it must be */
	for (int i = 0; i < 200; i++)
		bt_buf_puts(&words, "x");
	json_t *p = json_pack("{s:{s:s, s:s}, s:{s:s}, s:{s:[{s:s, s:s}]}}",
			      "enterprise", "name_zh", "长地址公司", "name_en",
			      "Long Address Co.", "entity", "address",
			      addr.data, "rewards_penalties", "penalties",
			      "violation", words.data, "decision_no", "甬1号");
	char *text = json_dumps(p, 0);
	struct bt_buf pdf = report(text, "zh");
	assert_true(pages(&pdf) >= 2);
	bt_buf_free(&pdf);
	pdf = report(text, "en");
	assert_true(pages(&pdf) >= 2);
	bt_buf_free(&pdf);
	free(text);
	json_decref(p);
	bt_buf_free(&addr);
	bt_buf_free(&words);
}

/* Broken UTF-8 (a profile never holds it, but the layout must not read
 * past it) still makes a report. */
static void broken_utf8_is_drawn_safely(void **state)
{
	(void)state;
	json_t *p = json_object();
	json_t *e = json_object();
	json_object_set_new(e, "name_zh", json_string("公司"));
	json_object_set_new(p, "enterprise", e);
	json_t *ent = json_object();
	/* jansson refuses invalid UTF-8 in json_string; nocheck keeps it */
	json_object_set_new(ent, "address", json_string_nocheck("\xE6\xB5"));
	json_object_set_new(p, "entity", ent);
	struct bt_buf pdf = BT_BUF_INIT;
	assert_int_equal(disc_report_pdf(p, "zh", "u", &pdf), BT_OK);
	assert_int_equal(pages(&pdf), 1);
	bt_buf_free(&pdf);
	json_decref(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(empty_profile_is_one_page),
		cmocka_unit_test(long_values_flow_over_pages),
		cmocka_unit_test(broken_utf8_is_drawn_safely),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
