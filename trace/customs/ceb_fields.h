/* ceb_fields.h: the field rules of CEB messages, as data: for each head
 * and list element, its fields, their types, whether required and their
 * bounds (shared by ceb.c and ceb_fields.c only). */
#ifndef TRACE_CUSTOMS_CEB_FIELDS_H
#define TRACE_CUSTOMS_CEB_FIELDS_H

#include <stdbool.h>
#include <stddef.h>

enum type {
	T_STR,	 /* text of at most max characters */
	T_ENUM,	 /* one of the '|'-separated values in arg */
	T_INT,	 /* whole number 1..max */
	T_QTY,	 /* decimal > 0, at most 5 decimals */
	T_DEC,	 /* decimal >= 0, at most 5 decimals */
	T_MONEY, /* decimal >= 0, at most 2 decimals (yuan.fen) */
	T_PRICE, /* decimal >= 0, at most 4 decimals */
	T_DATE,	 /* YYYYMMDD */
	T_TIME,	 /* YYYYMMDDhhmmss */
	T_CODE,	 /* a code of the customs table named by arg */
	T_HS,	 /* a 10-digit HS code */
	T_DIGITS /* exactly max digits */
};

struct field {
	const char *name;
	unsigned char type;
	bool required;
	int max;
	const char *arg;
};

struct ceb_spec {
	const char *element;
	size_t n;
	const struct field *f;
};

enum {
	CEB_SPEC_ORDER_HEAD,
	CEB_SPEC_ORDER_LIST,
	CEB_SPEC_INVENTORY_HEAD,
	CEB_SPEC_INVENTORY_LIST,
	CEB_NSPECS,
};
extern const struct ceb_spec ceb_specs[CEB_NSPECS];

#endif
