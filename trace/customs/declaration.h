/* declaration.h: storing CEB311 orders and CEB621 inventory lists declared by
 * an enterprise: ownership, appType add/change/delete, idempotency by
 * message guid, one transaction per message, personal data kept only as
 * keyed hashes, and receipts (JSON, or CEB312/CEB622 XML). */
#ifndef TRACE_CUSTOMS_DECLARATION_H
#define TRACE_CUSTOMS_DECLARATION_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/db.h"
#include "core/err.h"
#include "disclosure/enterprise.h"
#include "trace/customs/ceb.h"

struct trace_declare_result {
	bool accepted;
	bool resent;	 /* the guid was accepted before: nothing changed */
	json_t *receipt; /* owned; free with trace_declare_result_free */
	struct ceb_error error;
};

/* Checks and stores one message for the enterprise ent. BT_OK when the
 * message was judged (out->accepted says how); other errors mean it could
 * not be judged now (database down) and nothing was stored. */
enum bt_err trace_declare(struct bt_db *db, const struct disc_enterprise *ent,
			  const char *xml, size_t len,
			  struct trace_declare_result *out);
void trace_declare_result_free(struct trace_declare_result *r);

#endif
