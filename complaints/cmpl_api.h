/* cmpl_api.h: complaints over HTTP. One set of routes serves the
 * consumer (with the case's token), the enterprise (its API key or
 * sign-in) and regulators (signed in): each sees and may do what the case
 * allows its kind of actor. JSON for the API, pages by content
 * negotiation; forms redirect back to the case with 303. */
#ifndef CMPL_API_H
#define CMPL_API_H

#include "complaints/event_data.h"
#include "complaints/store.h"
#include "core/http.h"
#include "core/input.h"

/* POST /api/v1/complaints and POST /complaints (the form): files a
 * complaint or report; 201 {number, token, url}. */
void cmpl_api_file(struct bt_req *req);
/* GET /complaints/new?code=...|enterprise=...&kind=...: the intake form,
 * filled in from the code. */
void cmpl_api_new(struct bt_req *req);
/* GET /api/v1/complaints/{number}?token=..., GET /complaints/{number}. */
void cmpl_api_case(struct bt_req *req);
/* POST /api/v1/complaints/{number}/events {"event": ..., members of the
 * event, "token" for the consumer}; the same as a form. */
void cmpl_api_act(struct bt_req *req);
/* GET /api/v1/complaints: an enterprise's own cases; staff get the
 * queue (?view=open|overdue|due_soon|closed|all&kind=&enterprise=). */
void cmpl_api_list(struct bt_req *req);
/* GET /desk/complaints: the same as a page. */
void cmpl_api_desk(struct bt_req *req);

/* POST /desk/recall (staff; form or JSON {batch, reason}): recalls the
 * whole batch a batch-problem alert names, from now. */
void cmpl_api_recall(struct bt_req *req);

/* The data of an action from the input: each member fields declare,
 * typed; a form's amounts come in yuan ("amount"). A JSON member fields
 * do not declare (nor "event" or "token") is refused. NULL after setting
 * *reason. Insurance's claims use it too. */
json_t *cmpl_input_data(struct bt_req *req, struct bt_input *in,
			const struct cmpl_field *fields, const char **reason);
/* The first member of a JSON action that fields do not declare (nor
 * "event" or "token"), or NULL. */
const char *cmpl_unknown_member(const json_t *body,
				const struct cmpl_field *fields);

/* A refused action's form, to give back with what was entered:
 * {event, values: {member: text}} for the members fields declare (NULL:
 * none). */
json_t *cmpl_failed_form(struct bt_req *req, struct bt_input *in,
			 const char *event, const struct cmpl_field *fields);

/* Who the request is to a case: the enterprise of its key or sign-in,
 * staff, or else a consumer holding token. */
void cmpl_viewer_of(struct bt_req *req, const char *token,
		    struct cmpl_viewer *v);
/* The same from a principal (the strings stay the principal's). */
void cmpl_viewer_from(const struct bt_principal *p, const char *token,
		      struct cmpl_viewer *v);

#endif
