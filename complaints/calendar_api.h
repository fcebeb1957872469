/* calendar_api.h: the working-day calendar over HTTP: due dates for
 * anyone, and the admin page that shows the loaded years and loads one. */
#ifndef CMPL_CALENDAR_API_H
#define CMPL_CALENDAR_API_H

#include "core/http.h"

/* GET /api/v1/calendar/due?from=YYYY-MM-DD&working_days=N */
void cmpl_api_due(struct bt_req *req);
/* GET /admin/calendar, GET /api/v1/calendar: the loaded years. */
void cmpl_api_calendar(struct bt_req *req);
/* POST /admin/calendar (form field "year": the file's text) and POST
 * /api/v1/calendar (the file as the JSON body): loads one year. */
void cmpl_api_calendar_load(struct bt_req *req);

#endif
