/* receipt.h: receipts of CEB messages, as JSON and as customs' XML. */
#ifndef TRACE_CUSTOMS_RECEIPT_H
#define TRACE_CUSTOMS_RECEIPT_H

#include <jansson.h>

#include "core/buf.h"
#include "core/err.h"
#include "trace/customs/ceb.h"

/* "CEB311" or "CEB621". */
const char *trace_receipt_kind(enum ceb_kind k);
/* The receipt of an accepted message: one record per declared record
 * (new reference). */
json_t *trace_receipt_accepted(const struct ceb_message *m);
/* The receipt of a refused message: where (path) and why (new reference);
 * guid may be NULL or "" when the message did not carry a readable one. */
json_t *trace_receipt_rejected(const char *guid, const char *kind,
			       const char *path, const char *why);
/* Appends a receipt as a CEB312Message (orders) or CEB622Message
 * (inventories): returnStatus 120 accepted, 100 rejected. */
enum bt_err trace_receipt_xml(const json_t *receipt, struct bt_buf *out);

#endif
