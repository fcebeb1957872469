/* ceb.h: customs cross-border e-commerce (CEB) messages: CEB311 orders and
 * CEB621 import inventory lists (namespace http://www.chinaport.gov.cn/ceb),
 * parsed safely with libxml2 and checked field by field. Pure: the code
 * tables (countries, currencies, units) are handed in. */
#ifndef TRACE_CEB_H
#define TRACE_CEB_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

#define CEB_NS		"http://www.chinaport.gov.cn/ceb"
#define CEB_MAX_BYTES	(1u << 20) /* one message */
#define CEB_MAX_RECORDS 100	   /* Orders or Inventories per message */
#define CEB_MAX_ITEMS	200	   /* list lines per record */
#define CEB_MAX_FIELDS	48

enum ceb_kind { CEB_ORDER = 311, CEB_INVENTORY = 621 };

/* The field definitions of one element (head or list line). */
struct ceb_spec;

/* The values of one head or list line, indexed like its spec; NULL where
 * the element was absent. */
struct ceb_values {
	const struct ceb_spec *spec;
	char *v[CEB_MAX_FIELDS];
};

struct ceb_record {
	struct ceb_values head;
	size_t nitems;
	struct ceb_values *items;
};

struct ceb_message {
	enum ceb_kind kind;
	char guid[65];
	char version[16];
	size_t nrecords;
	struct ceb_record *records;
};

/* Where a message broke a rule: an element path and the rule in words. */
struct ceb_error {
	char path[200];
	char rule[200];
};

/* Answers whether a code is in a customs table ("country", "currency",
 * "unit"). */
typedef bool (*ceb_code_known)(const char *table, const char *code);

/* Parses and checks one message. No DTD, entity, external resource or
 * network access; bounded in bytes, depth and element count. On BT_EINVAL
 * (or BT_ETOOBIG) e says where and why, and out holds nothing. The caller
 * frees a parsed message with ceb_message_free. */
enum bt_err ceb_parse(const char *xml, size_t len, ceb_code_known known,
		      struct ceb_message *out, struct ceb_error *e);
void ceb_message_free(struct ceb_message *m);

/* The value of a field by its element name, or NULL. */
const char *ceb_get(const struct ceb_values *v, const char *name);

/* Converts a decimal string with at most `scale` decimals to an integer in
 * units of 10^-scale (e.g. "12.5", 2 -> 1250). False if malformed, negative
 * or too precise. */
bool ceb_decimal(const char *s, int scale, long long *out);

/* True for the names of fields that hold personal information (never
 * stored in clear). */
bool ceb_is_personal(const char *name);

#endif
