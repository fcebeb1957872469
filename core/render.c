/* render.c: XSLT page rendering, i18n catalogs and static files. */
#include "render.h"

#include <dirent.h>
#include <errno.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpathInternals.h>
#include <libxslt/extensions.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/xslt.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "clock.h"
#include "log.h"

#define NS_URI		 "urn:bondtrace"
#define MAX_TEMPLATES	 64
#define MAX_STATIC_BYTES (4u << 20)

struct template
{
	char name[64];
	xsltStylesheetPtr style;
};

struct entry {
	char *key;
	char *text;
};

struct catalog {
	struct entry *entries;
	size_t n;
	char *storage;
};

enum { LANG_ZH, LANG_EN, NLANGS };

static struct template templates[MAX_TEMPLATES];
static size_t ntemplates;
static struct catalog catalogs[NLANGS];
static char *static_dir;
static xsltSecurityPrefsPtr security;

static int lang_index(const char *lang)
{
	return lang && strcmp(lang, "en") == 0 ? LANG_EN : LANG_ZH;
}

static int entry_cmp(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	return strcmp(x->key, y->key);
}

/* A catalog is lines of "key<TAB>text"; '#' starts a comment line. */
static enum bt_err load_catalog(const char *path, struct catalog *c)
{
	struct bt_buf b = BT_BUF_INIT;
	enum bt_err err = bt_read_file(path, MAX_STATIC_BYTES, &b);
	if (err != BT_OK) {
		bt_log_error("cannot read catalog", "path", path);
		return err;
	}
	size_t lines = 1;
	for (size_t i = 0; i < b.len; i++)
		lines += b.data[i] == '\n';
	c->entries = calloc(lines, sizeof(*c->entries));
	if (c->entries == NULL) {
		bt_buf_free(&b);
		return BT_ENOMEM;
	}
	c->storage = bt_buf_steal(&b);
	char *save = c->storage;
	while (save && *save) {
		char *line = save;
		char *nl = strchr(line, '\n');
		save = nl ? nl + 1 : NULL;
		if (nl)
			*nl = '\0';
		if (*line == '#' || *line == '\0')
			continue;
		char *tab = strchr(line, '\t');
		if (tab == NULL) {
			bt_log_error("catalog line without a tab", "path", path,
				     "line", line);
			return BT_EINVAL;
		}
		*tab = '\0';
		c->entries[c->n].key = line;
		c->entries[c->n].text = tab + 1;
		c->n++;
	}
	qsort(c->entries, c->n, sizeof(*c->entries), entry_cmp);
	for (size_t i = 1; i < c->n; i++) {
		if (strcmp(c->entries[i].key, c->entries[i - 1].key) == 0) {
			bt_log_error("catalog key defined twice", "path", path,
				     "key", c->entries[i].key);
			return BT_EINVAL;
		}
	}
	return BT_OK;
}

const char *bt_render_text(const char *lang, const char *key)
{
	const struct catalog *c = &catalogs[lang_index(lang)];
	struct entry probe = {(char *)key, NULL};
	const struct entry *e = c->entries ? bsearch(&probe, c->entries, c->n,
						     sizeof(*e), entry_cmp)
					   : NULL;
	return e ? e->text : key;
}

/* XPath bt:t(key, arg1, ...): catalog text with {1}..{9} replaced. */
static void xpath_t(xmlXPathParserContextPtr ctxt, int nargs)
{
	if (nargs < 1 || nargs > 10) {
		xmlXPathSetArityError(ctxt);
		return;
	}
	xmlChar *args[10] = {NULL};
	for (int i = nargs - 1; i >= 0; i--)
		args[i] = xmlXPathPopString(ctxt);
	xsltTransformContextPtr tctxt = xsltXPathGetTransformContext(ctxt);
	const char *lang = tctxt ? tctxt->_private : NULL;
	const char *text = bt_render_text(lang, (const char *)args[0]);
	struct bt_buf out = BT_BUF_INIT;
	for (const char *p = text; *p; p++) {
		if (p[0] == '{' && p[1] >= '1' && p[1] <= '9' && p[2] == '}') {
			int k = p[1] - '0';
			if (k < nargs && args[k])
				bt_buf_puts(&out, (const char *)args[k]);
			p += 2;
		} else {
			bt_buf_append(&out, p, 1);
		}
	}
	for (int i = 0; i < nargs; i++)
		xmlFree(args[i]);
	xmlXPathReturnString(ctxt,
			     xmlStrdup(BAD_CAST(out.data ? out.data : "")));
	bt_buf_free(&out);
}

/* A timestamp as the database and the API write it (2026-12-03T14:22:39Z,
 * with fractions or an offset such as +00:00, 'T' or a space) to Beijing
 * time, "YYYY-MM-DD HH:MM"; day only with day_only. Anything else (a
 * date alone, an empty string) comes back as it was. */
static bool cn_time(const char *s, bool day_only, char out[17])
{
	int y, mo, d, h, mi, sec, n = 0;
	if (s == NULL || strlen(s) < 19 ||
	    sscanf(s, "%4d-%2d-%2d%*1[T ]%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi,
		   &sec, &n) != 6 ||
	    !bt_date_valid(y, mo, d) || h > 23 || mi > 59 || sec > 60)
		return false;
	const char *z = s + n;
	if (*z == '.')
		z += 1 + strspn(z + 1, "0123456789");
	long offset = 0; /* seconds east of UTC */
	if (z[0] == '+' || z[0] == '-') {
		int oh = 0, om = 0;
		if (sscanf(z + 1, "%2d:%2d", &oh, &om) < 1)
			return false;
		offset = (z[0] == '-' ? -1 : 1) * (oh * 3600L + om * 60L);
	} else if (z[0] != 'Z' && z[0] != '\0') {
		return false;
	}
	struct tm tm = {.tm_year = y - 1900,
			.tm_mon = mo - 1,
			.tm_mday = d,
			.tm_hour = h,
			.tm_min = mi,
			.tm_sec = sec};
	time_t t = timegm(&tm) - offset;
	bt_clock_cn_tm(t, &tm);
	strftime(out, 17, day_only ? "%Y-%m-%d" : "%Y-%m-%d %H:%M", &tm);
	return true;
}

/* XPath bt:cn(timestamp) and bt:cnday(timestamp): cn_time. */
static void xpath_cn_of(xmlXPathParserContextPtr ctxt, int nargs, bool day_only)
{
	if (nargs != 1) {
		xmlXPathSetArityError(ctxt);
		return;
	}
	xmlChar *s = xmlXPathPopString(ctxt);
	char out[17];
	xmlXPathReturnString(ctxt, cn_time((const char *)s, day_only, out)
					   ? xmlStrdup(BAD_CAST out)
					   : xmlStrdup(s ? s : BAD_CAST ""));
	xmlFree(s);
}

static void xpath_cn(xmlXPathParserContextPtr ctxt, int nargs)
{
	xpath_cn_of(ctxt, nargs, false);
}

static void xpath_cnday(xmlXPathParserContextPtr ctxt, int nargs)
{
	xpath_cn_of(ctxt, nargs, true);
}

/* XPath bt:uri(text): text percent-encoded for a query value (all but
 * ASCII letters, digits and -._~), so that a link carries it whole. */
static void xpath_uri(xmlXPathParserContextPtr ctxt, int nargs)
{
	if (nargs != 1) {
		xmlXPathSetArityError(ctxt);
		return;
	}
	xmlChar *s = xmlXPathPopString(ctxt);
	struct bt_buf b = BT_BUF_INIT;
	bt_buf_puts(&b, "");
	for (const unsigned char *p = s; p && *p; p++) {
		bool plain = (*p >= '0' && *p <= '9') ||
			     ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') ||
			     strchr("-._~", *p) != NULL;
		if (plain)
			bt_buf_append(&b, p, 1);
		else
			bt_buf_printf(&b, "%%%02X", *p);
	}
	xmlXPathReturnString(ctxt, xmlStrdup(BAD_CAST(b.data ? b.data : "")));
	bt_buf_free(&b);
	xmlFree(s);
}

static enum bt_err load_templates(const char *dir)
{
	DIR *d = opendir(dir);
	if (d == NULL) {
		bt_log_error("cannot open templates folder", "path", dir,
			     "error", strerror(errno));
		return BT_EIO;
	}
	enum bt_err err = BT_OK;
	struct dirent *e;
	while (err == BT_OK && (e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		if (len < 5 || strcmp(e->d_name + len - 4, ".xsl") != 0 ||
		    e->d_name[0] == '_')
			continue; /* _name.xsl files are included, not pages */
		if (ntemplates == MAX_TEMPLATES || len - 4 >= 64) {
			err = BT_ETOOBIG;
			break;
		}
		char path[1024];
		xsltStylesheetPtr style =
			bt_path_join(path, sizeof(path), dir, e->d_name)
				? xsltParseStylesheetFile(BAD_CAST path)
				: NULL;
		if (style == NULL) {
			bt_log_error("template does not compile", "path", path);
			err = BT_EINVAL;
			break;
		}
		struct template *t = &templates[ntemplates++];
		memcpy(t->name, e->d_name, len - 4);
		t->name[len - 4] = '\0';
		t->style = style;
	}
	closedir(d);
	return err;
}

enum bt_err bt_render_init(const char *web_dir)
{
	xmlInitParser();
	xmlSubstituteEntitiesDefault(0);
	xmlLoadExtDtdDefaultValue = 0;
	security = xsltNewSecurityPrefs();
	xsltSetSecurityPrefs(security, XSLT_SECPREF_WRITE_FILE,
			     xsltSecurityForbid);
	xsltSetSecurityPrefs(security, XSLT_SECPREF_CREATE_DIRECTORY,
			     xsltSecurityForbid);
	xsltSetSecurityPrefs(security, XSLT_SECPREF_READ_NETWORK,
			     xsltSecurityForbid);
	xsltSetSecurityPrefs(security, XSLT_SECPREF_WRITE_NETWORK,
			     xsltSecurityForbid);
	xsltSetDefaultSecurityPrefs(security);
	xsltRegisterExtModuleFunction(BAD_CAST "t", BAD_CAST NS_URI, xpath_t);
	xsltRegisterExtModuleFunction(BAD_CAST "cn", BAD_CAST NS_URI, xpath_cn);
	xsltRegisterExtModuleFunction(BAD_CAST "cnday", BAD_CAST NS_URI,
				      xpath_cnday);
	xsltRegisterExtModuleFunction(BAD_CAST "uri", BAD_CAST NS_URI,
				      xpath_uri);

	char path[1024];
	static const char *const files[NLANGS] = {"i18n/zh-CN.tsv",
						  "i18n/en.tsv"};
	enum bt_err err = BT_OK;
	for (int i = 0; err == BT_OK && i < NLANGS; i++)
		err = bt_path_join(path, sizeof(path), web_dir, files[i])
			      ? load_catalog(path, &catalogs[i])
			      : BT_ETOOBIG;
	if (err == BT_OK)
		err = bt_path_join(path, sizeof(path), web_dir, "templates")
			      ? load_templates(path)
			      : BT_ETOOBIG;
	if (err == BT_OK) {
		static_dir = bt_path_join(path, sizeof(path), web_dir, "static")
				     ? strdup(path)
				     : NULL;
		if (static_dir == NULL)
			err = BT_ENOMEM;
	}
	if (err != BT_OK)
		bt_render_free();
	return err;
}

void bt_render_free(void)
{
	for (size_t i = 0; i < ntemplates; i++)
		xsltFreeStylesheet(templates[i].style);
	ntemplates = 0;
	for (int i = 0; i < NLANGS; i++) {
		free(catalogs[i].entries);
		free(catalogs[i].storage);
		memset(&catalogs[i], 0, sizeof(catalogs[i]));
	}
	free(static_dir);
	static_dir = NULL;
	if (security) {
		xsltSetDefaultSecurityPrefs(NULL);
		xsltFreeSecurityPrefs(security);
		security = NULL;
	}
}

static void element_name(char *out, size_t size, const char *key)
{
	size_t i = 0;
	if (!((key[0] >= 'a' && key[0] <= 'z') ||
	      (key[0] >= 'A' && key[0] <= 'Z') || key[0] == '_'))
		out[i++] = '_';
	for (; *key && i + 1 < size; key++) {
		char c = *key;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			  (c >= '0' && c <= '9') || c == '_' || c == '-';
		if (!ok)
			c = '_';
		out[i++] = c;
	}
	out[i] = '\0';
}

static void add_value(xmlNodePtr parent, const char *name, const json_t *v);

/* Each member of object becomes a child element named by its key. */
static void add_members(xmlNodePtr node, const json_t *object)
{
	for (void *it = json_object_iter((json_t *)object); it;
	     it = json_object_iter_next((json_t *)object, it)) {
		char el[64];
		element_name(el, sizeof(el), json_object_iter_key(it));
		add_value(node, el, json_object_iter_value(it));
	}
}

static void add_value(xmlNodePtr parent, const char *name, const json_t *v)
{
	char text[64];
	switch (json_typeof(v)) {
	case JSON_OBJECT: {
		xmlNodePtr node =
			xmlNewChild(parent, NULL, BAD_CAST name, NULL);
		add_members(node, v);
		return;
	}
	case JSON_ARRAY: {
		xmlNodePtr node =
			xmlNewChild(parent, NULL, BAD_CAST name, NULL);
		for (size_t i = 0; i < json_array_size(v); i++)
			add_value(node, "item", json_array_get(v, i));
		return;
	}
	case JSON_STRING:
		xmlNewTextChild(parent, NULL, BAD_CAST name,
				BAD_CAST json_string_value(v));
		return;
	case JSON_INTEGER:
		snprintf(text, sizeof(text), "%" JSON_INTEGER_FORMAT,
			 json_integer_value(v));
		break;
	case JSON_REAL:
		snprintf(text, sizeof(text), "%.6g", json_real_value(v));
		break;
	case JSON_TRUE: bt_strlcpy(text, "true", sizeof(text)); break;
	case JSON_FALSE: bt_strlcpy(text, "false", sizeof(text)); break;
	case JSON_NULL:
		return; /* absent in XML: templates test for the element */
	}
	xmlNewTextChild(parent, NULL, BAD_CAST name, BAD_CAST text);
}

struct _xmlDoc *bt_render_json_to_xml(const json_t *view, const char *root_name)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	if (doc == NULL)
		return NULL;
	xmlNodePtr root = xmlNewNode(NULL, BAD_CAST root_name);
	xmlDocSetRootElement(doc, root);
	if (json_is_object(view))
		add_members(root, view);
	else if (view != NULL) {
		add_value(root, "value", view);
	}
	return doc;
}

static xsltStylesheetPtr find_template(const char *name)
{
	for (size_t i = 0; i < ntemplates; i++)
		if (strcmp(templates[i].name, name) == 0)
			return templates[i].style;
	return NULL;
}

enum bt_err bt_render_html(const char *tmpl, const json_t *view,
			   const char *lang, char **html, size_t *len)
{
	*html = NULL;
	*len = 0;
	xsltStylesheetPtr style = find_template(tmpl);
	if (style == NULL) {
		bt_log_error("no such template", "template", tmpl);
		return BT_EINTERNAL;
	}
	xmlDocPtr doc = bt_render_json_to_xml(view, "view");
	if (doc == NULL)
		return BT_ENOMEM;
	xmlNewProp(xmlDocGetRootElement(doc), BAD_CAST "lang",
		   BAD_CAST(lang_index(lang) == LANG_EN ? "en" : "zh"));
	xsltTransformContextPtr tctxt = xsltNewTransformContext(style, doc);
	enum bt_err err = BT_ENOMEM;
	if (tctxt != NULL) {
		tctxt->_private =
			(void *)(lang_index(lang) == LANG_EN ? "en" : "zh");
		xmlDocPtr res = xsltApplyStylesheetUser(style, doc, NULL, NULL,
							NULL, tctxt);
		if (res != NULL && tctxt->state == XSLT_STATE_OK) {
			xmlChar *out = NULL;
			int n = 0;
			if (xsltSaveResultToString(&out, &n, res, style) == 0 &&
			    out != NULL) {
				*html = strdup((const char *)out);
				*len = (size_t)n;
				err = *html ? BT_OK : BT_ENOMEM;
			} else {
				err = BT_EINTERNAL;
			}
			xmlFree(out);
		} else {
			bt_log_error("template failed", "template", tmpl);
			err = BT_EINTERNAL;
		}
		xmlFreeDoc(res);
		xsltFreeTransformContext(tctxt);
	}
	xmlFreeDoc(doc);
	return err;
}

static const char *static_type(const char *name)
{
	static const struct {
		const char *ext;
		const char *type;
	} types[] = {
		{".css", "text/css; charset=utf-8"},
		{".js", "text/javascript; charset=utf-8"},
		{".svg", "image/svg+xml"},
		{".png", "image/png"},
		{".ico", "image/x-icon"},
		{".txt", "text/plain; charset=utf-8"},
	};
	const char *dot = strrchr(name, '.');
	for (size_t i = 0; dot && i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return NULL;
}

enum bt_err bt_render_static(const char *name, char **data, size_t *len,
			     const char **content_type)
{
	*data = NULL;
	*len = 0;
	if (static_dir == NULL || name[0] == '.' || name[0] == '\0' ||
	    strlen(name) > 128)
		return BT_ENOTFOUND;
	for (const char *p = name; *p; p++) {
		char c = *p;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '_' ||
		      c == '.'))
			return BT_ENOTFOUND;
	}
	*content_type = static_type(name);
	if (*content_type == NULL)
		return BT_ENOTFOUND;
	char path[1024];
	struct bt_buf b = BT_BUF_INIT;
	enum bt_err err = bt_path_join(path, sizeof(path), static_dir, name)
				  ? bt_read_file(path, MAX_STATIC_BYTES, &b)
				  : BT_ENOTFOUND;
	if (err != BT_OK) {
		bt_buf_free(&b);
		return err;
	}
	*len = b.len;
	*data = bt_buf_steal(&b);
	return *data ? BT_OK : BT_ENOMEM;
}
