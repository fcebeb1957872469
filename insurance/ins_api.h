/* ins_api.h: insurance over HTTP. One set of routes serves the consumer
 * (with the claim's token), the insured enterprise (key or sign-in), the
 * insurer's claims handlers and regulators (signed in): each sees and may
 * do what the claim allows its kind of actor. JSON for the API, pages by
 * content negotiation; forms redirect back with 303. */
#ifndef INS_API_H
#define INS_API_H

#include "core/http.h"
#include "insurance/store.h"

/* POST /api/v1/claims and POST /claims (the form): files a claim from
 * the code; 201 {number, token, url}, 409 for a second live claim on the
 * item, 404 for a code we did not issue. */
void ins_api_file(struct bt_req *req);
/* GET /claims/new?code=...[&case=...]: the claim form, filled in. */
void ins_api_new(struct bt_req *req);
/* GET /api/v1/claims/{number}?token=..., GET /claims/{number}. */
void ins_api_claim(struct bt_req *req);
/* POST /api/v1/claims/{number}/events {"event", members, "token"} and
 * the same as a form. */
void ins_api_act(struct bt_req *req);
/* GET /api/v1/claims (?view=open|overdue|frozen|flagged|closed|all): an
 * insurer's claims, an enterprise's, or all for regulators. */
void ins_api_list(struct bt_req *req);
/* GET /desk/claims: the same as a page. */
void ins_api_desk(struct bt_req *req);
/* Evidence photos of a claim, as for complaints. */
void ins_api_photo_add(struct bt_req *req);
void ins_api_photo_get(struct bt_req *req);

/* GET /api/v1/policies, GET /desk/policies (?enterprise=): policies, an
 * insurer's own; POST /api/v1/policies and POST /desk/policies register
 * one. */
void ins_api_policies(struct bt_req *req);
void ins_api_policies_page(struct bt_req *req);
void ins_api_policy_add(struct bt_req *req);

/* Who the request is to a claim. */
void ins_viewer_from(const struct bt_principal *p, const char *token,
		     struct ins_viewer *v);

/* GET /claims/recover: the form; POST /claims/recover (and
 * /api/v1/claims/recover): number and phone get a new access code, the
 * old one stops working; 404 when they do not match. */
void ins_api_recover_page(struct bt_req *req);
void ins_api_recover(struct bt_req *req);

#endif
