/* report.c: the credit report PDF. The text flows down A4 pages in one
 * face with Chinese glyphs; lines wrap at spaces and between Chinese
 * characters. The report is laid out twice: once to count the pages, once
 * to write them with "page x of y" in the footer. */
#include "report.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/render.h"

#define PAGE_W	 595.28 /* A4, points */
#define PAGE_H	 841.89
#define MARGIN	 56.0
#define TOP	 64.0
#define BOTTOM	 (PAGE_H - 64.0)
#define TEXT_W	 (PAGE_W - 2 * MARGIN)
#define LABEL_W	 150.0 /* the label column of a field row */
#define BODY	 9.5   /* point sizes */
#define SMALL	 8.0
#define FACE	 "WenQuanYi Micro Hei"
#define MAX_ROWS 40 /* of one list; the page has them all */

struct doc {
	cairo_t *cr;
	cairo_font_face_t *face[2]; /* regular, bold */
	const char *lang;
	const char *title; /* the enterprise's name, in every footer */
	const char *as_of; /* Beijing time */
	const char *url;
	double y;
	int page, pages; /* pages: 0 while counting */
};

static const char *t(const struct doc *d, const char *key)
{
	return bt_render_text(d->lang, key);
}

static const char *str(const json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));
	return s ? s : "";
}

/* The page language's value of base ("name" picks name_zh or name_en; ""
 * picks zh or en), the other language's when it is missing. */
static const char *pick(const struct doc *d, const json_t *obj,
			const char *base)
{
	char zh[40], en[40];
	bt_fmt(zh, sizeof(zh), "%s%szh", base, base[0] ? "_" : "");
	bt_fmt(en, sizeof(en), "%s%sen", base, base[0] ? "_" : "");
	bool english = strcmp(d->lang, "en") == 0;
	const char *s = str(obj, english ? en : zh);
	return s[0] ? s : str(obj, english ? zh : en);
}

/* The page language's value of key, where English is key_en: a text
 * written in Chinese with an optional English version. */
static const char *pick_en(const struct doc *d, const json_t *obj,
			   const char *key)
{
	char en[40];
	bt_fmt(en, sizeof(en), "%s_en", key);
	const char *s = strcmp(d->lang, "en") == 0 ? str(obj, en) : "";
	return s[0] ? s : str(obj, key);
}

/* n with thousands separators. */
static void grouped(long long n, char out[32])
{
	char digits[24];
	snprintf(digits, sizeof(digits), "%lld", n < 0 ? -n : n);
	size_t len = strlen(digits), o = 0;
	if (n < 0)
		out[o++] = '-';
	for (size_t i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	out[o] = '\0';
}

static void yuan(long long fen, char out[40])
{
	char whole[32];
	grouped(fen / 100, whole);
	bt_fmt(out, 40, "¥%s.%02lld", whole, (fen < 0 ? -fen : fen) % 100);
}

static long long integer(const json_t *obj, const char *key)
{
	const json_t *v = json_object_get(obj, key);
	return json_is_number(v) ? (long long)json_number_value(v) : 0;
}

/* The character at s and its length in *len; false (and *len 1) where s
 * is not well-formed UTF-8. */
static bool next_char(const char *s, size_t *len, uint32_t *c)
{
	const unsigned char *u = (const unsigned char *)s;
	*len = 1;
	*c = u[0];
	size_t n = u[0] < 0x80		   ? 1
		   : (u[0] & 0xE0) == 0xC0 ? 2
		   : (u[0] & 0xF0) == 0xE0 ? 3
		   : (u[0] & 0xF8) == 0xF0 ? 4
					   : 0;
	if (n == 0)
		return false;
	uint32_t v = n == 1 ? u[0] : u[0] & (0x3Fu >> (n - 1));
	for (size_t i = 1; i < n; i++) {
		if ((u[i] & 0xC0) != 0x80)
			return false;
		v = (v << 6) | (u[i] & 0x3Fu);
	}
	static const uint32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
	if (v < least[n] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return false;
	*len = n;
	*c = v;
	return true;
}

/* text with every byte that is not well-formed UTF-8 replaced by U+FFFD
 * (cairo refuses such text and stops drawing). */
static void clean(const char *text, struct bt_buf *out)
{
	bt_buf_clear(out);
	for (const char *s = text; *s;) {
		size_t n;
		uint32_t c;
		if (next_char(s, &n, &c))
			bt_buf_append(out, s, n);
		else
			bt_buf_puts(out, "\xEF\xBF\xBD");
		s += n;
	}
}

/* Draws text at the current point, cleaned first. */
static void show(cairo_t *cr, const char *text)
{
	struct bt_buf ok = BT_BUF_INIT;
	clean(text, &ok);
	cairo_show_text(cr, ok.data ? ok.data : "");
	bt_buf_free(&ok);
}

/* Text layout */

static void face(struct doc *d, double size, bool bold)
{
	cairo_set_font_face(d->cr, d->face[bold ? 1 : 0]);
	cairo_set_font_size(d->cr, size);
}

static void footer(struct doc *d)
{
	cairo_save(d->cr);
	face(d, SMALL, false);
	cairo_set_source_rgb(d->cr, 0.35, 0.35, 0.35);
	char line[1200];
	bt_fmt(line, sizeof(line), "%s · %s%s", d->title, t(d, "report.as_of"),
	       d->as_of);
	cairo_move_to(d->cr, MARGIN, PAGE_H - 40);
	show(d->cr, line);
	if (d->pages > 0) {
		bt_fmt(line, sizeof(line), "%d / %d", d->page, d->pages);
		cairo_text_extents_t e;
		cairo_text_extents(d->cr, line, &e);
		cairo_move_to(d->cr, PAGE_W - MARGIN - e.x_advance,
			      PAGE_H - 40);
		cairo_show_text(d->cr, line);
	}
	cairo_move_to(d->cr, MARGIN, PAGE_H - 28);
	bt_fmt(line, sizeof(line), "%s%s", t(d, "report.verify"), d->url);
	show(d->cr, line);
	cairo_restore(d->cr);
}

static void new_page(struct doc *d)
{
	footer(d);
	cairo_show_page(d->cr);
	d->page++;
	d->y = TOP;
}

/* Room for h more points on this page, or a new page. */
static void need(struct doc *d, double h)
{
	if (d->y + h > BOTTOM)
		new_page(d);
}

static bool wide(uint32_t c)
{
	return c >= 0x2E80;
}

/* Closing marks a line may not start with. */
static bool closing(uint32_t c)
{
	static const uint32_t marks[] = {
		0xFF0C, 0x3002, 0x3001, 0xFF1B, 0xFF1A, 0xFF01, 0xFF1F, 0xFF09,
		0x300B, 0x300D, 0x300F, 0x3011, 0x3015, ')',	',',	'.'};
	for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
		if (c == marks[i])
			return true;
	return false;
}

/* The bytes of s (at most max) that fit in width w, ending where a line
 * may break. */
static size_t fit(cairo_t *cr, const char *s, double w, size_t max)
{
	double x = 0;
	size_t at = 0, last_break = 0;
	uint32_t prev = 0;
	while (s[at] && s[at] != '\n') {
		size_t n;
		uint32_t c;
		next_char(s + at, &n, &c); /* the text is clean */
		if (at > 0 && !closing(c) &&
		    (wide(c) || wide(prev) || prev == ' '))
			last_break = at;
		char one[5] = {0};
		memcpy(one, s + at, n);
		cairo_text_extents_t e;
		cairo_text_extents(cr, one, &e);
		if ((x + e.x_advance > w || at + n > max) && at > 0)
			return last_break > 0 ? last_break : at;
		x += e.x_advance;
		at += n;
		prev = c;
	}
	return at;
}

/* Takes the next line of *s that fits in width w into buf (a line break
 * or the spaces where it breaks are dropped); false when none is left. */
static bool next_line(cairo_t *cr, const char **s, double w, char *buf,
		      size_t size)
{
	while (**s == ' ')
		(*s)++;
	if (**s == '\0')
		return false;
	size_t n = fit(cr, *s, w, size - 1);
	memcpy(buf, *s, n);
	buf[n] = '\0';
	*s += n;
	if (**s == '\n')
		(*s)++;
	return true;
}

static double line_h(double size)
{
	return size * 1.55;
}

/* Writes text at x, wrapped to width w, moving down the page. */
static void text_at(struct doc *d, const char *text, double x, double w,
		    double size, bool bold)
{
	face(d, size, bold);
	struct bt_buf ok = BT_BUF_INIT;
	clean(text, &ok);
	char buf[1024];
	for (const char *s = ok.data ? ok.data : "";
	     next_line(d->cr, &s, w, buf, sizeof(buf));) {
		need(d, line_h(size));
		cairo_move_to(d->cr, x, d->y + size);
		cairo_show_text(d->cr, buf);
		d->y += line_h(size);
	}
	bt_buf_free(&ok);
}

static void para(struct doc *d, const char *text)
{
	text_at(d, text, MARGIN, TEXT_W, BODY, false);
}

static void heading(struct doc *d, const char *text)
{
	need(d, 48);
	d->y += 10;
	text_at(d, text, MARGIN, TEXT_W, 12.5, true);
	cairo_set_line_width(d->cr, 0.6);
	cairo_move_to(d->cr, MARGIN, d->y);
	cairo_line_to(d->cr, PAGE_W - MARGIN, d->y);
	cairo_stroke(d->cr);
	d->y += 5;
}

/* A label and its value, each wrapped in its own column; the label is
 * kept on one page, the value flows on. */
static void row(struct doc *d, const char *label, const char *value)
{
	const double w = LABEL_W - 10;
	face(d, BODY, false);
	char buf[1024];
	int lines = 0;
	for (const char *s = label; next_line(d->cr, &s, w, buf, sizeof(buf));)
		lines++;
	need(d, line_h(BODY) * (lines > 0 ? lines : 1));
	double top = d->y;
	int page = d->page;
	cairo_set_source_rgb(d->cr, 0.35, 0.35, 0.35);
	double y = top;
	for (const char *s = label; next_line(d->cr, &s, w, buf, sizeof(buf));
	     y += line_h(BODY)) {
		cairo_move_to(d->cr, MARGIN, y + BODY);
		cairo_show_text(d->cr, buf);
	}
	cairo_set_source_rgb(d->cr, 0, 0, 0);
	text_at(d, value[0] ? value : "—", MARGIN + LABEL_W, TEXT_W - LABEL_W,
		BODY, false);
	if (d->page == page && d->y < y)
		d->y = y;
}

static void row_n(struct doc *d, const char *label, long long n)
{
	char v[32];
	grouped(n, v);
	row(d, label, v);
}

/* One item of a list, marked with a bullet. */
static void item(struct doc *d, const char *text)
{
	need(d, line_h(BODY));
	face(d, BODY, false);
	cairo_move_to(d->cr, MARGIN + 4, d->y + BODY);
	cairo_show_text(d->cr, "•");
	text_at(d, text, MARGIN + 16, TEXT_W - 16, BODY, false);
}

static void gap(struct doc *d)
{
	d->y += 6;
}

/* The sections */

static void summary(struct doc *d, const json_t *p)
{
	const json_t *e = json_object_get(p, "enterprise");
	text_at(d, t(d, "report.title"), MARGIN, TEXT_W, 11, true);
	d->y += 4;
	text_at(d, d->title, MARGIN, TEXT_W, 17, true);
	d->y += 6;
	row(d, t(d, "field.uscc"), str(e, "uscc"));
	row(d, t(d, "field.customs_code"), str(e, "customs_code"));
	row(d, t(d, "report.as_of_label"), d->as_of);
	const json_t *rp = json_object_get(p, "rewards_penalties");
	if (json_is_true(json_object_get(rp, "red_list")))
		row(d, t(d, "lists.red"), t(d, "lists.on_red"));
	if (json_is_true(json_object_get(rp, "black_list")))
		row(d, t(d, "lists.black"), t(d, "lists.on_black"));
}

static void rating(struct doc *d, const json_t *p)
{
	heading(d, t(d, "rating.title"));
	const json_t *r = json_object_get(p, "rating");
	if (!json_is_string(json_object_get(r, "grade"))) {
		para(d, t(d, "rating.none"));
		return;
	}
	char v[1200];
	bt_fmt(v, sizeof(v), "%s · %s%lld · %s%lld", str(r, "grade"),
	       t(d, "rating.score"), integer(r, "score"), t(d, "rating.rules"),
	       integer(r, "rules_version"));
	row(d, t(d, "rating.grade"), v);
	const json_t *grades = json_object_get(p, "grades");
	struct bt_buf legend = BT_BUF_INIT;
	for (size_t i = 0; i < json_array_size(grades); i++) {
		const json_t *g = json_array_get(grades, i);
		bt_buf_printf(&legend, "%s%s %lld–%lld",
			      i ? t(d, "word.list_sep") : "", str(g, "grade"),
			      integer(g, "from"), integer(g, "to"));
	}
	if (legend.len > 0)
		row(d, t(d, "grade.legend"), legend.data);
	bt_buf_free(&legend);
	const json_t *result = json_object_get(r, "result");
	const json_t *reasons = json_object_get(result, "reasons");
	gap(d);
	text_at(d, t(d, "rating.reasons"), MARGIN, TEXT_W, BODY, true);
	if (json_array_size(reasons) == 0)
		item(d, t(d, "rating.baseline_only"));
	for (size_t i = 0; i < json_array_size(reasons); i++) {
		const json_t *x = json_array_get(reasons, i);
		long long pts = integer(x, "points");
		bt_fmt(v, sizeof(v), "%s%lld  %s", pts > 0 ? "+" : "", pts,
		       pick(d, x, ""));
		item(d, v);
	}
	const json_t *raise = json_object_get(result, "raise");
	if (json_array_size(raise) > 0) {
		gap(d);
		text_at(d, t(d, "rating.raise"), MARGIN, TEXT_W, BODY, true);
	}
	for (size_t i = 0; i < json_array_size(raise); i++) {
		const json_t *x = json_array_get(raise, i);
		bt_fmt(v, sizeof(v), "%s  +%lld", pick(d, x, ""),
		       integer(x, "points"));
		item(d, v);
	}
}

static void entity(struct doc *d, const json_t *p)
{
	const json_t *e = json_object_get(p, "entity");
	heading(d, t(d, "cat.entity"));
	row(d, t(d, "field.legal_rep"), str(e, "legal_rep"));
	row(d, t(d, "field.address"), str(e, "address"));
	row(d, t(d, "field.registered_on"), str(e, "registered_on"));
	const json_t *licences = json_object_get(e, "licences");
	char v[4200];
	for (size_t i = 0; i < json_array_size(licences); i++) {
		const json_t *l = json_array_get(licences, i);
		bt_fmt(v, sizeof(v), "%s %s · %s · %s – %s%s", str(l, "kind"),
		       str(l, "number"), str(l, "authority"),
		       str(l, "issued_on"), str(l, "expires_on"),
		       json_is_true(json_object_get(l, "valid"))
			       ? ""
			       : t(d, "report.not_valid"));
		row(d, i == 0 ? t(d, "field.licences") : "", v);
	}
}

static void operating(struct doc *d, const json_t *p)
{
	const json_t *o = json_object_get(p, "operating");
	heading(d, t(d, "cat.operating"));
	row_n(d, t(d, "field.codes_issued"), integer(o, "codes_issued"));
	char v[1200], a[32], b[32];
	grouped(integer(o, "codes_scanned"), a);
	grouped(integer(o, "scans"), b);
	bt_fmt(v, sizeof(v), "%s (%s)", a, b);
	row(d, t(d, "field.codes_scanned"), v);
	const json_t *months = json_object_get(o, "months");
	for (size_t i = 0; i < json_array_size(months); i++) {
		const json_t *m = json_array_get(months, i);
		char orders[32], value[40];
		grouped(integer(m, "orders"), orders);
		yuan(integer(m, "value_fen"), value);
		bt_fmt(v, sizeof(v), "%s · %s %s · %s", str(m, "month"),
		       t(d, "field.orders"), orders, value);
		row(d, i == 0 ? t(d, "field.declared_months") : "", v);
	}
	const json_t *products = json_object_get(o, "products");
	for (size_t i = 0; i < json_array_size(products) && i < MAX_ROWS; i++) {
		const json_t *x = json_array_get(products, i);
		bt_fmt(v, sizeof(v), "%s · %s", pick(d, x, "name"),
		       str(x, "gtin"));
		row(d, i == 0 ? t(d, "field.products") : "", v);
	}
}

static void regulatory(struct doc *d, const json_t *p)
{
	const json_t *r = json_object_get(p, "regulatory");
	heading(d, t(d, "cat.regulatory"));
	row(d, t(d, "field.customs_class"),
	    pick(d, json_object_get(r, "customs_class"), "name"));
	row_n(d, t(d, "field.alerts"), integer(r, "alerts"));
	row_n(d, t(d, "field.drawn"),
	      (long long)json_array_size(json_object_get(r, "draws")));
	const json_t *list = json_object_get(r, "inspections");
	char v[4200];
	if (json_array_size(list) > 0) {
		gap(d);
		text_at(d, t(d, "section.inspections"), MARGIN, TEXT_W, BODY,
			true);
	}
	for (size_t i = 0; i < json_array_size(list) && i < MAX_ROWS; i++) {
		const json_t *x = json_array_get(list, i);
		bool passed = json_is_true(json_object_get(x, "passed"));
		bt_fmt(v, sizeof(v), "%s  %s · %s %s · %s · %s %s",
		       t(d, passed ? "inspection.passed" : "inspection.failed"),
		       str(x, "tested_on"), pick(d, x, "product"),
		       str(x, "lot"), pick_en(d, x, "lab"),
		       t(d, "report.report_no"), str(x, "report_no"));
		if (!passed)
			cairo_set_source_rgb(d->cr, 0.7, 0.1, 0.1);
		item(d, v);
		cairo_set_source_rgb(d->cr, 0, 0, 0);
	}
}

static void service(struct doc *d, const json_t *p)
{
	const json_t *s = json_object_get(p, "service");
	heading(d, t(d, "cat.service"));
	const json_t *list = json_object_get(s, "commitments");
	char v[4200];
	for (size_t i = 0; i < json_array_size(list); i++) {
		const json_t *x = json_array_get(list, i);
		const char *broken = str(x, "broken_on");
		if (broken[0])
			bt_fmt(v, sizeof(v), "%s (%s%s) · %s%s %s",
			       pick(d, x, "text"), t(d, "field.since"),
			       str(x, "since"), t(d, "field.broken"), broken,
			       pick_en(d, x, "broken_reason"));
		else
			bt_fmt(v, sizeof(v), "%s (%s%s)", pick(d, x, "text"),
			       t(d, "field.since"), str(x, "since"));
		row(d, i == 0 ? t(d, "field.commitments") : "", v);
	}
	list = json_object_get(s, "insurance");
	for (size_t i = 0; i < json_array_size(list); i++) {
		const json_t *x = json_array_get(list, i);
		char cover[40];
		yuan(integer(x, "cover_fen"), cover);
		bt_fmt(v, sizeof(v), "%s · %s · %s · %s – %s%s",
		       pick(d, x, "insurer"), str(x, "policy_no"), cover,
		       str(x, "valid_from"), str(x, "valid_to"),
		       json_is_true(json_object_get(x, "in_force"))
			       ? t(d, "report.in_force")
			       : "");
		row(d, i == 0 ? t(d, "field.insurance") : "", v);
	}
	const json_t *c = json_object_get(s, "claims");
	if (c != NULL) {
		gap(d);
		text_at(d, t(d, "ins.p.title"), MARGIN, TEXT_W, BODY, true);
		row_n(d, t(d, "ins.p.received"), integer(c, "claims_received"));
		row_n(d, t(d, "ins.p.paid"), integer(c, "claims_paid"));
		row_n(d, t(d, "ins.p.rejected"), integer(c, "claims_rejected"));
		row_n(d, t(d, "ins.p.paid_late"),
		      integer(c, "claims_paid_late"));
	}
}

static void penalty_rows(struct doc *d, const json_t *x)
{
	char amount[40], v[1200];
	yuan(integer(x, "amount_fen"), amount);
	gap(d);
	row(d, t(d, "penalty.decision_no"), str(x, "decision_no"));
	row(d, t(d, "penalty.violation"), pick_en(d, x, "violation"));
	row(d, t(d, "penalty.legal_basis"), pick_en(d, x, "legal_basis"));
	row(d, t(d, "penalty.penalty"), pick_en(d, x, "penalty"));
	row(d, t(d, "penalty.amount"), amount);
	char sev[40];
	bt_fmt(sev, sizeof(sev), "severity.%s", str(x, "severity"));
	row(d, t(d, "penalty.severity"), t(d, sev));
	bt_fmt(v, sizeof(v), "%s · %s", str(x, "decided_on"),
	       pick_en(d, x, "authority"));
	row(d, t(d, "penalty.decided_on"), v);
	row(d, t(d, "penalty.until"), str(x, "publish_until"));
	if (json_array_size(json_object_get(x, "revisions")) > 0)
		row(d, "", t(d, "report.revised"));
}

static void rewards(struct doc *d, const json_t *p)
{
	const json_t *r = json_object_get(p, "rewards_penalties");
	heading(d, t(d, "cat.rewards"));
	const json_t *list = json_object_get(r, "commendations");
	char v[4200];
	for (size_t i = 0; i < json_array_size(list); i++) {
		const json_t *x = json_array_get(list, i);
		bt_fmt(v, sizeof(v), "%s · %s · %s", pick(d, x, "title"),
		       str(x, "authority"), str(x, "decided_on"));
		row(d, i == 0 ? t(d, "field.commendations") : "", v);
	}
	list = json_object_get(r, "penalties");
	gap(d);
	text_at(d, t(d, "nav.penalties"), MARGIN, TEXT_W, BODY, true);
	if (json_array_size(list) == 0)
		para(d, t(d, "penalty.none"));
	for (size_t i = 0; i < json_array_size(list) && i < MAX_ROWS; i++)
		penalty_rows(d, json_array_get(list, i));
}

static void complaints(struct doc *d, const json_t *p)
{
	const json_t *c = json_object_get(p, "complaints");
	heading(d, t(d, "cat.complaints"));
	row_n(d, t(d, "cmpl.p.complaints"), integer(c, "complaints"));
	row_n(d, t(d, "cmpl.p.closed"), integer(c, "closed"));
	row_n(d, t(d, "cmpl.p.upheld"), integer(c, "upheld"));
	row_n(d, t(d, "cmpl.p.in_window"), integer(c, "answered_in_window"));
	row_n(d, t(d, "cmpl.p.window_overdue"), integer(c, "overdue"));
	const json_t *median = json_object_get(c, "median_working_days");
	if (json_is_number(median))
		row_n(d, t(d, "cmpl.p.median"),
		      integer(c, "median_working_days"));
}

static cairo_status_t discard(void *closure, const unsigned char *data,
			      unsigned int len)
{
	(void)closure;
	(void)data;
	(void)len;
	return CAIRO_STATUS_SUCCESS;
}

static cairo_status_t keep(void *closure, const unsigned char *data,
			   unsigned int len)
{
	return bt_buf_append(closure, data, len) == BT_OK
		       ? CAIRO_STATUS_SUCCESS
		       : CAIRO_STATUS_WRITE_ERROR;
}

/* Lays the report out once; the number of pages it took, 0 on failure. */
static int lay_out(struct doc *d, const json_t *p, cairo_write_func_t write,
		   void *closure)
{
	cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(
		write, closure, PAGE_W, PAGE_H);
	char title[700];
	bt_fmt(title, sizeof(title), "%s · %s", t(d, "report.title"), d->title);
	struct bt_buf clean_title = BT_BUF_INIT;
	clean(title, &clean_title);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE,
				       clean_title.data ? clean_title.data
							: "");
	bt_buf_free(&clean_title);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR,
				       "bondtrace");
	d->cr = cairo_create(surface);
	d->page = 1;
	d->y = TOP;
	summary(d, p);
	rating(d, p);
	entity(d, p);
	operating(d, p);
	regulatory(d, p);
	service(d, p);
	rewards(d, p);
	complaints(d, p);
	footer(d);
	int pages = d->page;
	bool ok = cairo_status(d->cr) == CAIRO_STATUS_SUCCESS;
	cairo_destroy(d->cr);
	cairo_surface_finish(surface);
	ok = ok && cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS;
	cairo_surface_destroy(surface);
	return ok ? pages : 0;
}

enum bt_err disc_report_pdf(const json_t *profile, const char *lang,
			    const char *page_url, struct bt_buf *out)
{
	const json_t *e = json_object_get(profile, "enterprise");
	char as_of[40] = "";
	time_t at;
	if (bt_clock_parse(str(profile, "as_of"), &at)) {
		struct tm tm;
		bt_clock_cn_tm(at, &tm);
		strftime(as_of, sizeof(as_of), "%Y-%m-%d %H:%M", &tm);
	}
	char when[80];
	struct doc d = {.lang = lang, .url = page_url, .as_of = when};
	bt_fmt(when, sizeof(when), "%s%s", as_of, t(&d, "time.cn"));
	struct bt_buf title = BT_BUF_INIT;
	clean(pick(&d, e, "name"), &title);
	d.title = title.data ? title.data : "";
	for (int i = 0; i < 2; i++)
		d.face[i] = cairo_toy_font_face_create(
			FACE, CAIRO_FONT_SLANT_NORMAL,
			i ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
	d.pages = lay_out(&d, profile, discard, NULL);
	enum bt_err err = BT_EINTERNAL;
	if (d.pages > 0 && lay_out(&d, profile, keep, out) > 0)
		err = BT_OK;
	for (int i = 0; i < 2; i++)
		cairo_font_face_destroy(d.face[i]);
	bt_buf_free(&title);
	return err;
}
