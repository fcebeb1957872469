/* render.h: HTML pages from compiled XSLT templates (libxslt) fed with the
 * same JSON view an API client gets, translated through i18n catalogs, and
 * the static files under web/static. */
#ifndef BT_RENDER_H
#define BT_RENDER_H

#include <jansson.h>
#include <stddef.h>

#include "err.h"

/* Loads and compiles web_dir/templates/ *.xsl and the catalogs in
 * web_dir/i18n/ (zh-CN.tsv, en.tsv). Call once before serving. */
enum bt_err bt_render_init(const char *web_dir);
void bt_render_free(void);

/* Renders view (as XML: objects become elements named by key, arrays
 * become <item> children) through templates/<tmpl>.xsl in lang ("zh" or
 * "en"). On success *html is the caller's to free(). */
enum bt_err bt_render_html(const char *tmpl, const json_t *view,
			   const char *lang, char **html, size_t *len);

/* The catalog text of key in lang, or key itself if the catalog lacks it.
 * Static storage for the process lifetime. */
const char *bt_render_text(const char *lang, const char *key);

/* Reads web_dir/static/name if the name is safe (letters, digits, '-',
 * '_', '.', no leading dot) and its type known. The caller frees *data. */
enum bt_err bt_render_static(const char *name, char **data, size_t *len,
			     const char **content_type);

/* Converts a JSON value to an XML element tree under a new document whose
 * root is <root_name>; exposed for tests. The caller frees the result with
 * xmlFreeDoc. */
struct _xmlDoc *bt_render_json_to_xml(const json_t *view,
				      const char *root_name);

#endif
