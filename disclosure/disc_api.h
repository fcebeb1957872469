/* disc_api.h: the disclosure portal over HTTP: public pages and open-data
 * JSON (HTML or JSON by content negotiation, /api/v1/... always JSON),
 * bulk CSV, and the actions of regulators, admins and enterprises. Each
 * action takes a JSON body (API) or a form (pages; success redirects back
 * to the page with 303). */
#ifndef DISC_API_H
#define DISC_API_H

#include "core/http.h"

/* Public */
void disc_api_home(struct bt_req *req);
void disc_api_search(struct bt_req *req);     /* ?q=&page=&per_page= */
void disc_api_profile(struct bt_req *req);    /* {id} */
void disc_api_rating(struct bt_req *req);     /* {id} */
void disc_api_penalties(struct bt_req *req);  /* ?enterprise=&page= */
void disc_api_lists(struct bt_req *req);      /* red and black lists */
void disc_api_statistics(struct bt_req *req); /* with SVG charts */
void disc_api_draws(struct bt_req *req);
void disc_api_draw(struct bt_req *req);		   /* {id} */
void disc_api_repairs(struct bt_req *req);	   /* decided ones */
void disc_api_rules(struct bt_req *req);	   /* every rule set version */
void disc_api_enterprises_csv(struct bt_req *req); /* with grades */
void disc_api_penalties_csv(struct bt_req *req);   /* published ones */

/* Enterprises */
void disc_api_account(struct bt_req *req);
void disc_api_repair_apply(struct bt_req *req); /* penalty {id} */

/* Regulators */
void disc_api_regulator(struct bt_req *req); /* the page of forms */
void disc_api_penalty_create(struct bt_req *req);
void disc_api_repair_decide(struct bt_req *req); /* repair {id} */
void disc_api_draw_create(struct bt_req *req);
void disc_api_draw_run(struct bt_req *req); /* {id} */
void disc_api_recompute(struct bt_req *req);
void disc_api_repairs_pending(struct bt_req *req); /* waiting for a decision */

/* Admins */
void disc_api_rules_page(struct bt_req *req);
void disc_api_rules_add(struct bt_req *req);

/* Set once before serving: the draw rates of the configuration. */
void disc_api_set_draw_rates(const char *rates);

#endif
