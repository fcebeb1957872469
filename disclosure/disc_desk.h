/* disc_desk.h: the disclosure portal's actions over HTTP, for
 * enterprises, regulators and admins. Each action takes a JSON body (API)
 * or a form (pages; success redirects back to the page with 303). */
#ifndef DISC_DESK_H
#define DISC_DESK_H

#include "core/http.h"

/* Enterprises */
void disc_api_account(struct bt_req *req);
void disc_api_repair_apply(struct bt_req *req); /* penalty {id} */
void disc_api_objection_file(struct bt_req *req);

/* Regulators */
void disc_api_regulator(struct bt_req *req); /* the page of forms */
void disc_api_penalty_create(struct bt_req *req);
void disc_api_repair_decide(struct bt_req *req); /* repair {id} */
void disc_api_draw_create(struct bt_req *req);
void disc_api_draw_run(struct bt_req *req); /* {id} */
void disc_api_recompute(struct bt_req *req);
/* Corrects or withdraws a published penalty: {id}, or by decision_no. */
void disc_api_penalty_revise(struct bt_req *req);
void disc_api_objection_answer(struct bt_req *req); /* objection {id} */
void disc_api_objections_pending(struct bt_req *req);

/* Admins */
void disc_api_rules_page(struct bt_req *req);
void disc_api_rules_add(struct bt_req *req);

/* Set once before serving: the draw rates of the configuration. */
void disc_api_set_draw_rates(const char *rates);

#endif
