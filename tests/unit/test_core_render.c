/* test_core_render.c: templates, catalogs and the JSON-to-XML view. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <dirent.h>
#include <libxml/tree.h>

#include "core/buf.h"
#include "core/render.h"

static const char *web_dir(void)
{
	const char *d = getenv("BT_WEB_DIR");
	return d ? d : "web";
}

static int setup(void **state)
{
	(void)state;
	return bt_render_init(web_dir()) == BT_OK ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	bt_render_free();
	return 0;
}

static void read_file(const char *path, struct bt_buf *b)
{
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		bt_buf_append(b, chunk, n);
	fclose(f);
}

/* Calls check(key) for every key of a catalog file. */
static void for_each_key(const char *file, void (*check)(const char *key))
{
	char path[512];
	snprintf(path, sizeof(path), "%s/i18n/%s", web_dir(), file);
	struct bt_buf b = BT_BUF_INIT;
	read_file(path, &b);
	char *line = b.data;
	while (line && *line) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		char *tab = strchr(line, '\t');
		if (line[0] != '#' && tab) {
			*tab = '\0';
			check(line);
		}
		line = nl ? nl + 1 : NULL;
	}
	bt_buf_free(&b);
}

static void in_both(const char *key)
{
	/* bt_render_text returns the key itself when a catalog lacks it. */
	assert_true(bt_render_text("zh", key) != key);
	assert_true(bt_render_text("en", key) != key);
	assert_string_not_equal(bt_render_text("zh", key),
				bt_render_text("en", key));
}

static void catalogs_have_the_same_keys(void **state)
{
	(void)state;
	for_each_key("zh-CN.tsv", in_both);
	for_each_key("en.tsv", in_both);
}

static void templates_use_only_catalog_keys(void **state)
{
	(void)state;
	char dir[512];
	snprintf(dir, sizeof(dir), "%s/templates", web_dir());
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *e;
	unsigned checked = 0;
	while ((e = readdir(d)) != NULL) {
		if (!strstr(e->d_name, ".xsl"))
			continue;
		char path[1024];
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		struct bt_buf b = BT_BUF_INIT;
		read_file(path, &b);
		for (char *p = b.data ? strstr(b.data, "bt:t('") : NULL; p;
		     p = strstr(p + 1, "bt:t('")) {
			char key[128];
			size_t n = strcspn(p + 6, "'");
			assert_true(n < sizeof(key));
			memcpy(key, p + 6, n);
			key[n] = '\0';
			in_both(key);
			checked++;
		}
		bt_buf_free(&b);
	}
	closedir(d);
	assert_true(checked > 10);
}

static void views_become_xml(void **state)
{
	(void)state;
	json_t *v = json_pack("{s:s, s:i, s:b, s:n, s:[s, s], s:{s:s}}", "name",
			      "a<b", "n", 3, "ok", 1, "none", "list", "x", "y",
			      "obj", "k", "v");
	xmlDocPtr doc = bt_render_json_to_xml(v, "view");
	xmlChar *out = NULL;
	int len = 0;
	xmlDocDumpMemory(doc, &out, &len);
	const char *s = (const char *)out;
	assert_non_null(strstr(s, "<name>a&lt;b</name>"));
	assert_non_null(strstr(s, "<n>3</n>"));
	assert_non_null(strstr(s, "<ok>true</ok>"));
	assert_null(strstr(s, "<none"));
	assert_non_null(strstr(s, "<list><item>x</item><item>y</item></list>"));
	assert_non_null(strstr(s, "<obj><k>v</k></obj>"));
	xmlFree(out);
	xmlFreeDoc(doc);
	json_decref(v);
}

static void pages_escape_data_and_follow_the_language(void **state)
{
	(void)state;
	json_t *v = json_pack("{s:s, s:s, s:i}", "error", "invalid_input",
			      "message", "<script>alert(1)</script>", "status",
			      400);
	char *html = NULL;
	size_t len = 0;
	assert_int_equal(bt_render_html("error", v, "en", &html, &len), BT_OK);
	assert_null(strstr(html, "<script>"));
	assert_non_null(strstr(html, "&lt;script&gt;"));
	assert_non_null(strstr(html, bt_render_text("en", "error.title.400")));
	assert_non_null(strstr(html, "lang=\"en\""));
	free(html);
	assert_int_equal(bt_render_html("error", v, "zh", &html, &len), BT_OK);
	assert_non_null(strstr(html, bt_render_text("zh", "error.title.400")));
	assert_non_null(strstr(html, "lang=\"zh-CN\""));
	free(html);
	assert_int_equal(bt_render_html("nonexistent", v, "zh", &html, &len),
			 BT_EINTERNAL);
	json_decref(v);
}

/* Times reach pages in Beijing time, whatever offset the data carries. */
static void times_are_shown_in_beijing_time(void **state)
{
	(void)state;
	static const struct {
		const char *at, *shown;
	} cases[] = {
		{"2026-12-03T17:30:00Z", "2026-12-04 01:30"},
		{"2026-12-03T17:30:00.123456+00:00", "2026-12-04 01:30"},
		{"2026-12-03 09:05:00+08:00", "2026-12-03 09:05"},
		{"2026-12-31T16:00:00-01:00", "2027-01-01 01:00"},
		{"not a time", "not a time"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *v =
			json_pack("{s:s, s:s, s:s}", "created_at", cases[i].at,
				  "created_by", "x", "run_at", "");
		char *html = NULL;
		size_t len = 0;
		assert_int_equal(bt_render_html("draw", v, "zh", &html, &len),
				 BT_OK);
		assert_non_null(strstr(html, cases[i].shown));
		free(html);
		json_decref(v);
	}
}

static void static_files_are_confined_to_their_folder(void **state)
{
	(void)state;
	char *data = NULL;
	size_t len = 0;
	const char *type = NULL;
	assert_int_equal(bt_render_static("style.css", &data, &len, &type),
			 BT_OK);
	assert_true(len > 100);
	assert_string_equal(type, "text/css; charset=utf-8");
	free(data);
	assert_int_equal(bt_render_static("../i18n/en.tsv", &data, &len, &type),
			 BT_ENOTFOUND);
	assert_int_equal(bt_render_static(".hidden.css", &data, &len, &type),
			 BT_ENOTFOUND);
	assert_int_equal(bt_render_static("missing.css", &data, &len, &type),
			 BT_ENOTFOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(catalogs_have_the_same_keys),
		cmocka_unit_test(templates_use_only_catalog_keys),
		cmocka_unit_test(views_become_xml),
		cmocka_unit_test(pages_escape_data_and_follow_the_language),
		cmocka_unit_test(times_are_shown_in_beijing_time),
		cmocka_unit_test(static_files_are_confined_to_their_folder),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
