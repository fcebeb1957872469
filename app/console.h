/* console.h: the enterprise's console pages (console.c). */
#ifndef APP_CONSOLE_H
#define APP_CONSOLE_H

#include "core/http.h"

/* GET /console: what the signed-in enterprise or regulator works on,
 * with the forms of its actions. */
void app_console(struct bt_req *req);
/* POST /console/{action}, and /console/batches/{id}/{action},
 * /console/products/{gtin}/{action}, /console/links/{id}/{action},
 * /console/alerts/{id}/{action}, /console/enterprises/{id}/{action},
 * /console/commitments/{id}/{action}: one form through its API handler. */
void app_console_act(struct bt_req *req);

#endif
