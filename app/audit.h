/* audit.h: the audit log of staff changes (audit.c). */
#ifndef APP_AUDIT_H
#define APP_AUDIT_H

#include "core/http.h"

/* The server's audit hook: one entry per change staff made. */
void app_audit(const struct bt_principal *who, const char *method,
	       const char *path, const char *route, unsigned status);
/* GET /regulator/audit[?actor=NAME][&before=ID][&format=csv]: the latest
 * 500 entries, as a page or CSV. */
void app_audit_page(struct bt_req *req);

#endif
