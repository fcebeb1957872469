/* disc_api.h: HTTP handlers of the disclosure module. */
#ifndef DISC_API_H
#define DISC_API_H

#include "core/http.h"

/* GET /account: who is signed in, and where they can go. */
void disc_api_account(struct bt_req *req);

#endif
