/* links.h: GS1-Conformant resolver behaviour: links an enterprise
 * registers per GTIN (or per lot), the RFC 9264 linkset, linkType
 * redirects and the resolver description at /.well-known/gs1resolver. */
#ifndef TRACE_LINKS_H
#define TRACE_LINKS_H

#include <jansson.h>
#include <stddef.h>

#include "core/db.h"
#include "core/err.h"
#include "core/http.h"
#include "trace/scan/resolve.h"

enum trace_answer {
	TRACE_ANSWER_PAGE,    /* our product page (HTML or JSON) */
	TRACE_ANSWER_LINKSET, /* ?linkType=all, Accept: application/linkset+json
			       */
	TRACE_ANSWER_REDIRECT, /* ?linkType=gs1:X: 307 to the link */
};

struct trace_link {
	long long id;
	long long enterprise_id;
	char gtin[15];
	char lot[21];
	char link_type[48];
	char href[1001];
	char title[801];
	char lang[6];
};

/* Reads linkType and Accept; replies 400 and returns false if linkType is
 * malformed. link_type receives "gs1:X" for redirects. */
bool trace_links_parse(struct bt_req *req, enum trace_answer *answer,
		       char *link_type, size_t size);

/* Answers a resolved and recorded scan: the page view (reference stolen),
 * the linkset, or the redirect. */
void trace_links_reply(struct bt_req *req, const struct trace_resolution *res,
		       enum trace_answer answer, const char *link_type,
		       json_t *view);

/* Registers a link for one of the enterprise's products; *out (if out is
 * given) is the link as the API shows it. BT_EINVAL or
 * BT_EFORBIDDEN/BT_ENOTFOUND with *reason. */
enum bt_err trace_link_add(struct bt_db *db, struct trace_link *link,
			   json_t **out, const char **reason);
/* The enterprise's links, for one GTIN (14 digits) or all if gtin is
 * NULL, as a JSON array (new reference). */
enum bt_err trace_link_list(struct bt_db *db, long long enterprise_id,
			    const char *gtin, json_t **out);
enum bt_err trace_link_delete(struct bt_db *db, long long enterprise_id,
			      long long id);

/* GET /.well-known/gs1resolver; POST/GET /api/v1/links;
 * DELETE /api/v1/links/{id} */
void trace_api_resolver_description(struct bt_req *req);
void trace_api_link_create(struct bt_req *req);
void trace_api_link_list(struct bt_req *req);
void trace_api_link_delete(struct bt_req *req);

#endif
