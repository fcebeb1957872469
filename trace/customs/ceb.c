/* ceb.c: CEB311/CEB621 parsing and field checks. Field rules are data
 * (ceb_fields.c); every rule broken is reported with its element path. */
#include "ceb.h"
#include "ceb_fields.h"

#include <stdarg.h>
#include <stdint.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/clock.h"

#define MAX_NODES 20000

bool ceb_is_personal(const char *name)
{
	static const char *const personal[] = {
		"buyerName",	    "buyerIdNumber",
		"buyerTelephone",   "buyerRegNo",
		"consignee",	    "consigneeTelephone",
		"consigneeAddress", NULL};
	for (const char *const *p = personal; *p; p++)
		if (strcmp(*p, name) == 0)
			return true;
	return false;
}

static int field_index(const struct ceb_spec *s, const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->f[i].name, name) == 0)
			return (int)i;
	return -1;
}

const char *ceb_get(const struct ceb_values *v, const char *name)
{
	int i = v->spec ? field_index(v->spec, name) : -1;
	return i < 0 ? NULL : v->v[i];
}

bool ceb_decimal(const char *s, int scale, long long *out)
{
	long long v = 0;
	int decimals = -1;
	if (s == NULL || *s == '\0' || *s == '.')
		return false;
	for (const char *p = s; *p; p++) {
		if (*p == '.') {
			if (decimals >= 0 || p[1] == '\0')
				return false;
			decimals = 0;
			continue;
		}
		if (*p < '0' || *p > '9' || v > 100000000000000LL)
			return false;
		if (decimals >= 0 && ++decimals > scale)
			return false;
		v = v * 10 + (*p - '0');
	}
	for (int d = decimals < 0 ? 0 : decimals; d < scale; d++)
		v *= 10;
	*out = v;
	return true;
}

static bool all_digits(const char *s, size_t n)
{
	if (strlen(s) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static bool date_ok(const char *s)
{
	if (!all_digits(s, 8) && !(strlen(s) == 14 && all_digits(s, 14)))
		return false;
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
		(s[3] - '0');
	int m = (s[4] - '0') * 10 + (s[5] - '0');
	int d = (s[6] - '0') * 10 + (s[7] - '0');
	if (y < 2000 || y > 2099 || !bt_date_valid(y, m, d))
		return false;
	if (strlen(s) == 8)
		return true;
	int hh = (s[8] - '0') * 10 + (s[9] - '0');
	int mm = (s[10] - '0') * 10 + (s[11] - '0');
	int ss = (s[12] - '0') * 10 + (s[13] - '0');
	return hh < 24 && mm < 60 && ss < 60;
}

static bool enum_ok(const char *value, const char *allowed)
{
	size_t n = strlen(value);
	for (const char *p = allowed; *p;) {
		size_t k = strcspn(p, "|");
		if (k == n && strncmp(p, value, n) == 0)
			return true;
		p += k + (p[k] ? 1 : 0);
	}
	return false;
}

static void fail(struct ceb_error *e, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void fail(struct ceb_error *e, const char *path, const char *fmt, ...)
{
	bt_strlcpy(e->path, path, sizeof(e->path));
	va_list ap;
	va_start(ap, fmt);
	bt_vfmt(e->rule, sizeof(e->rule), fmt, ap);
	va_end(ap);
}

/* Checks one value against its field rule. */
static bool check_field(const struct field *f, const char *v,
			ceb_code_known known, const char *path,
			struct ceb_error *e)
{
	long long n;
	char max[16];
	snprintf(max, sizeof(max), "%d", f->max);
	switch ((enum type)f->type) {
	case T_STR:
		if (!bt_text_ok(v, 1, (size_t)f->max)) {
			fail(e, path, "must be 1 to {} characters of text [%s]",
			     max);
			return false;
		}
		return true;
	case T_ENUM:
		if (!enum_ok(v, f->arg)) {
			fail(e, path, "must be one of [%s]", f->arg);
			return false;
		}
		return true;
	case T_INT:
		if (!ceb_decimal(v, 0, &n) || n < 1 || n > f->max) {
			fail(e, path,
			     "must be a whole number from 1 to {} [%s]", max);
			return false;
		}
		return true;
	case T_QTY:
		if (!ceb_decimal(v, 5, &n) || n == 0) {
			fail(e, path,
			     "must be a number greater than 0 with at most 5 "
			     "decimals");
			return false;
		}
		return true;
	case T_DEC:
		if (!ceb_decimal(v, 5, &n)) {
			fail(e, path,
			     "must be a number with at most 5 decimals");
			return false;
		}
		return true;
	case T_MONEY:
		if (!ceb_decimal(v, 2, &n)) {
			fail(e, path,
			     "must be an amount in yuan with at most 2 "
			     "decimals");
			return false;
		}
		return true;
	case T_PRICE:
		if (!ceb_decimal(v, 4, &n)) {
			fail(e, path,
			     "must be a price with at most 4 decimals");
			return false;
		}
		return true;
	case T_DATE:
		if (strlen(v) != 8 || !date_ok(v)) {
			fail(e, path, "must be a date written YYYYMMDD");
			return false;
		}
		return true;
	case T_TIME:
		if (strlen(v) != 14 || !date_ok(v)) {
			fail(e, path, "must be a time written YYYYMMDDhhmmss");
			return false;
		}
		return true;
	case T_CODE:
		if (known == NULL || !known(f->arg, v)) {
			/* "TEXT [VALUE]": pages translate TEXT, keep VALUE */
			fail(e, path, "not a code of the customs %s table [%s]",
			     f->arg, v);
			return false;
		}
		return true;
	case T_HS:
		if (!all_digits(v, 10)) {
			fail(e, path, "must be a 10-digit HS code");
			return false;
		}
		return true;
	case T_DIGITS:
		if (!all_digits(v, (size_t)f->max)) {
			fail(e, path, "must be {} digits [%s]", max);
			return false;
		}
		return true;
	}
	return false;
}

/* Parsing. */

struct walk {
	size_t nodes;
	ceb_code_known known;
	struct ceb_error *e;
};

static bool is_ceb(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns &&
	       strcmp((const char *)n->ns->href, CEB_NS) == 0 &&
	       strcmp((const char *)n->name, name) == 0;
}

static bool text_only(const xmlNode *n)
{
	for (const xmlNode *c = n->children; c; c = c->next)
		if (c->type != XML_TEXT_NODE &&
		    c->type != XML_CDATA_SECTION_NODE)
			return false;
	return true;
}

/* Reads the fields of one head or list element into v. */
static bool read_values(const xmlNode *el, const struct ceb_spec *spec,
			const char *path, struct walk *w, struct ceb_values *v)
{
	v->spec = spec;
	char p[200];
	for (const xmlNode *c = el->children; c; c = c->next) {
		if (++w->nodes > MAX_NODES) {
			fail(w->e, path, "the message has too many elements");
			return false;
		}
		if (c->type != XML_ELEMENT_NODE)
			continue;
		bt_fmt(p, sizeof(p), "%s/%s", path, (const char *)c->name);
		int i = field_index(spec, (const char *)c->name);
		if (i < 0)
			continue; /* fields of newer versions are not kept */
		if (!text_only(c)) {
			fail(w->e, p, "must hold text only");
			return false;
		}
		if (v->v[i] != NULL) {
			fail(w->e, p, "appears twice");
			return false;
		}
		xmlChar *t = xmlNodeGetContent(c);
		v->v[i] = strdup(t ? (const char *)t : "");
		xmlFree(t);
		if (v->v[i] == NULL)
			return false;
		/* Surrounding white space is layout, not data. */
		char *s = v->v[i];
		size_t n = strlen(s);
		while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\n' ||
				 s[n - 1] == '\r' || s[n - 1] == '\t'))
			s[--n] = '\0';
		size_t lead = strspn(s, " \n\r\t");
		memmove(s, s + lead, n - lead + 1);
	}
	for (size_t i = 0; i < spec->n; i++) {
		const struct field *f = &spec->f[i];
		bt_fmt(p, sizeof(p), "%s/%s", path, f->name);
		if (v->v[i] == NULL || v->v[i][0] == '\0') {
			if (f->required) {
				fail(w->e, p, "is required");
				return false;
			}
			free(v->v[i]);
			v->v[i] = NULL;
			continue;
		}
		if (!check_field(f, v->v[i], w->known, p, w->e))
			return false;
	}
	return true;
}

static long long money(const struct ceb_values *v, const char *name)
{
	long long n = 0;
	ceb_decimal(ceb_get(v, name), 2, &n);
	return n;
}

/* Checks that hold across the fields of a record. */
static bool check_record(enum ceb_kind kind, const struct ceb_record *r,
			 const char *path, struct ceb_error *e)
{
	char p[200];
	long long sum = 0;
	for (size_t i = 0; i < r->nitems; i++) {
		const struct ceb_values *it = &r->items[i];
		long long gnum = 0, qty = 0, price = 0;
		ceb_decimal(ceb_get(it, "gnum"), 0, &gnum);
		ceb_decimal(ceb_get(it, "qty"), 5, &qty);
		ceb_decimal(ceb_get(it, "price"), 4, &price);
		long long total = money(it, "totalPrice");
		bt_fmt(p, sizeof(p), "%s/%s[%zu]/gnum", path,
		       kind == CEB_ORDER ? "OrderList" : "InventoryList",
		       i + 1);
		if (gnum != (long long)i + 1) {
			fail(e, p,
			     "list lines must be numbered 1, 2, 3, ... in "
			     "order");
			return false;
		}
		/* qty (10^-5) x price (10^-4) in fen (10^-2): divide by 10^7;
		 * a fen of rounding is allowed. */
		__int128 product = (__int128)qty * price;
		long long fen = (long long)((product + 5000000) / 10000000);
		if (fen - total > 1 || total - fen > 1) {
			bt_fmt(p, sizeof(p), "%s/%s[%zu]/totalPrice", path,
			       kind == CEB_ORDER ? "OrderList"
						 : "InventoryList",
			       i + 1);
			fail(e, p, "must equal qty x price");
			return false;
		}
		sum += total;
	}
	if (kind == CEB_ORDER) {
		long long goods = money(&r->head, "goodsValue");
		bt_fmt(p, sizeof(p), "%s/OrderHead/goodsValue", path);
		if (sum != goods) {
			fail(e, p,
			     "must equal the sum of the lines' totalPrice");
			return false;
		}
		long long paid = goods + money(&r->head, "freight") -
				 money(&r->head, "discount") +
				 money(&r->head, "taxTotal");
		bt_fmt(p, sizeof(p), "%s/OrderHead/acturalPaid", path);
		if (paid != money(&r->head, "acturalPaid")) {
			fail(e, p,
			     "must equal goodsValue + freight - discount + "
			     "taxTotal");
			return false;
		}
	} else {
		long long gross = 0, net = 0;
		ceb_decimal(ceb_get(&r->head, "grossWeight"), 5, &gross);
		ceb_decimal(ceb_get(&r->head, "netWeight"), 5, &net);
		bt_fmt(p, sizeof(p), "%s/InventoryHead/netWeight", path);
		if (net > gross) {
			fail(e, p, "must not exceed grossWeight");
			return false;
		}
	}
	return true;
}

static bool read_record(const xmlNode *el, enum ceb_kind kind, const char *path,
			struct walk *w, struct ceb_record *r)
{
	const char *head = kind == CEB_ORDER ? "OrderHead" : "InventoryHead";
	const char *list = kind == CEB_ORDER ? "OrderList" : "InventoryList";
	const struct ceb_spec *hs =
		&ceb_specs[kind == CEB_ORDER ? CEB_SPEC_ORDER_HEAD
					     : CEB_SPEC_INVENTORY_HEAD];
	const struct ceb_spec *ls =
		&ceb_specs[kind == CEB_ORDER ? CEB_SPEC_ORDER_LIST
					     : CEB_SPEC_INVENTORY_LIST];
	bool have_head = false;
	char p[200];
	for (const xmlNode *c = el->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (++w->nodes > MAX_NODES) {
			fail(w->e, path, "the message has too many elements");
			return false;
		}
		if (is_ceb(c, head) && !have_head) {
			bt_fmt(p, sizeof(p), "%s/%s", path, head);
			if (!read_values(c, hs, p, w, &r->head))
				return false;
			have_head = true;
		} else if (is_ceb(c, list)) {
			if (r->nitems == CEB_MAX_ITEMS) {
				fail(w->e, path,
				     "holds more than %d list lines",
				     CEB_MAX_ITEMS);
				return false;
			}
			struct ceb_values *grown = realloc(
				r->items, (r->nitems + 1) * sizeof(*r->items));
			if (grown == NULL)
				return false;
			r->items = grown;
			memset(&r->items[r->nitems], 0, sizeof(*r->items));
			bt_fmt(p, sizeof(p), "%s/%s[%zu]", path, list,
			       r->nitems + 1);
			r->nitems++;
			if (!read_values(c, ls, p, w, &r->items[r->nitems - 1]))
				return false;
		} else {
			bt_fmt(p, sizeof(p), "%s/%s", path,
			       (const char *)c->name);
			fail(w->e, p,
			     "is not expected here (one %s, then %s "
			     "lines)",
			     head, list);
			return false;
		}
	}
	if (!have_head) {
		bt_fmt(p, sizeof(p), "%s/%s", path, head);
		fail(w->e, p, "is required");
		return false;
	}
	if (r->nitems == 0) {
		bt_fmt(p, sizeof(p), "%s/%s", path, list);
		fail(w->e, p, "at least one line is required");
		return false;
	}
	return check_record(kind, r, path, w->e);
}

static void free_values(struct ceb_values *v)
{
	for (size_t i = 0; i < CEB_MAX_FIELDS; i++)
		free(v->v[i]);
}

void ceb_message_free(struct ceb_message *m)
{
	for (size_t i = 0; i < m->nrecords; i++) {
		free_values(&m->records[i].head);
		for (size_t k = 0; k < m->records[i].nitems; k++)
			free_values(&m->records[i].items[k]);
		free(m->records[i].items);
	}
	free(m->records);
	memset(m, 0, sizeof(*m));
}

static bool read_message(const xmlNode *root, struct walk *w,
			 struct ceb_message *m)
{
	const char *name = (const char *)root->name;
	if (is_ceb(root, "CEB311Message"))
		m->kind = CEB_ORDER;
	else if (is_ceb(root, "CEB621Message"))
		m->kind = CEB_INVENTORY;
	else {
		char p[200];
		bt_fmt(p, sizeof(p), "/%s", name);
		fail(w->e, p,
		     "the root must be CEB311Message or CEB621Message in the "
		     "namespace %s",
		     CEB_NS);
		return false;
	}
	char path[64];
	snprintf(path, sizeof(path), "/%s", name);
	xmlChar *guid = xmlGetProp(root, BAD_CAST "guid");
	xmlChar *version = xmlGetProp(root, BAD_CAST "version");
	bool ok = guid && bt_text_ok((const char *)guid, 1, 64);
	if (ok) {
		bt_strlcpy(m->guid, (const char *)guid, sizeof(m->guid));
		bt_strlcpy(m->version, version ? (const char *)version : "",
			   sizeof(m->version));
	} else {
		char p[80];
		bt_fmt(p, sizeof(p), "%s/@guid", path);
		fail(w->e, p, "is required: 1 to 64 characters");
	}
	xmlFree(guid);
	xmlFree(version);
	if (!ok)
		return false;
	const char *rec = m->kind == CEB_ORDER ? "Order" : "Inventory";
	for (const xmlNode *c = root->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is_ceb(c, "BaseTransfer") ||
		    strcmp((const char *)c->name, "Signature") == 0)
			continue;
		char p[200];
		if (!is_ceb(c, rec)) {
			bt_fmt(p, sizeof(p), "%s/%s", path,
			       (const char *)c->name);
			fail(w->e, p, "is not expected here");
			return false;
		}
		if (m->nrecords == CEB_MAX_RECORDS) {
			fail(w->e, path, "holds more than %d records",
			     CEB_MAX_RECORDS);
			return false;
		}
		struct ceb_record *grown = realloc(
			m->records, (m->nrecords + 1) * sizeof(*m->records));
		if (grown == NULL)
			return false;
		m->records = grown;
		memset(&m->records[m->nrecords], 0, sizeof(*m->records));
		m->nrecords++;
		bt_fmt(p, sizeof(p), "%s/%s[%zu]", path, rec, m->nrecords);
		if (!read_record(c, m->kind, p, w,
				 &m->records[m->nrecords - 1]))
			return false;
	}
	if (m->nrecords == 0) {
		char p[200];
		bt_fmt(p, sizeof(p), "%s/%s", path, rec);
		fail(w->e, p, "at least one is required");
		return false;
	}
	return true;
}

/* Refuses what a CEB message never needs and an attacker would: any
 * document type declaration (and so any entity definition). */
static bool has_doctype(const char *xml, size_t len)
{
	return bt_memfind(xml, len, "<!DOCTYPE") ||
	       bt_memfind(xml, len, "<!ENTITY") ||
	       bt_memfind(xml, len, "<!doctype");
}

enum bt_err ceb_parse(const char *xml, size_t len, ceb_code_known known,
		      struct ceb_message *out, struct ceb_error *e)
{
	memset(out, 0, sizeof(*out));
	memset(e, 0, sizeof(*e));
	if (len > CEB_MAX_BYTES) {
		fail(e, "/", "a message may be at most 1 MiB");
		return BT_ETOOBIG;
	}
	if (len > INT32_MAX || has_doctype(xml, len)) {
		fail(e, "/",
		     "document type declarations and entities are not "
		     "allowed");
		return BT_EINVAL;
	}
	/* No DTD loading, no entity substitution (no NOENT), no network. */
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	if (ctxt == NULL)
		return BT_ENOMEM;
	xmlDocPtr doc = xmlCtxtReadMemory(
		ctxt, xml, (int)len, "message.xml", NULL,
		XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
			XML_PARSE_NOCDATA);
	if (doc == NULL) {
		const xmlError *x = xmlCtxtGetLastError(ctxt);
		char line[32], why[160];
		snprintf(line, sizeof(line), "%d", x ? x->line : 0);
		bt_strlcpy(why, x && x->message ? x->message : "unknown error",
			   sizeof(why));
		size_t n = strlen(why);
		while (n > 0 && why[n - 1] == '\n')
			why[--n] = '\0';
		/* "TEXT [VALUE]": pages translate TEXT; libxml2's words stay */
		fail(e, "/", "the XML is not well formed [line %s: %s]", line,
		     why);
		xmlFreeParserCtxt(ctxt);
		return BT_EINVAL;
	}
	enum bt_err err = BT_OK;
	if (doc->intSubset || doc->extSubset) {
		fail(e, "/", "document type declarations are not allowed");
		err = BT_EINVAL;
	}
	struct walk w = {0, known, e};
	if (err == BT_OK && !read_message(xmlDocGetRootElement(doc), &w, out))
		err = w.nodes > MAX_NODES ? BT_ETOOBIG
		      : e->rule[0]	  ? BT_EINVAL
					  : BT_ENOMEM;
	xmlFreeDoc(doc);
	xmlFreeParserCtxt(ctxt);
	if (err != BT_OK)
		ceb_message_free(out);
	return err;
}
