/* disc_api.h: the disclosure portal over HTTP: public pages and open-data
 * JSON (HTML or JSON by content negotiation, /api/v1/... always JSON),
 * bulk CSV. The actions are in disc_desk.h. */
#ifndef DISC_API_H
#define DISC_API_H

#include "core/http.h"

/* Public */
void disc_api_home(struct bt_req *req);
void disc_api_search(struct bt_req *req);  /* ?q=&page=&per_page= */
void disc_api_profile(struct bt_req *req); /* {id} */
/* {id}: the credit report as a PDF (?lang=); pooled, it draws pages. */
void disc_api_report(struct bt_req *req);
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
/* The portal's own address (no trailing slash), printed in reports. Call
 * before serving. */
void disc_api_set_portal_url(const char *url);
/* Staff: repairs waiting for a decision */
void disc_api_repairs_pending(struct bt_req *req);

#endif
