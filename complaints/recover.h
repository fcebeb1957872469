/* recover.h: a consumer who lost the access code of a case or a claim
 * gets a new one with its number and the phone given when filing (the
 * keyed hashes must match; the old code stops working). One door per
 * kind of record, as photos have. */
#ifndef CMPL_RECOVER_H
#define CMPL_RECOVER_H

#include "core/db.h"
#include "core/http.h"

struct cmpl_recover_door {
	const char *path; /* the record's pages: path/number */
	const char *kind; /* "claims" or "complaints": the page's words */
	/* Sets the record's token hash ($3) where number ($1) and phone
	 * hash ($2) match, returning a row then. */
	const struct bt_stmt *renew;
};

/* GET PATH/recover: the form. */
void cmpl_recover_page_via(struct bt_req *req,
			   const struct cmpl_recover_door *door);
/* POST PATH/recover (form: 303 to the record with the new code) and the
 * API's (JSON {number, phone}: 200 {number, token}); 404 when they do not
 * match; rate-limited as filing is. */
void cmpl_recover_via(struct bt_req *req, const struct cmpl_recover_door *door);

/* The doors of complaint cases: GET/POST /complaints/recover and POST
 * /api/v1/complaints/recover. */
void cmpl_api_recover_page(struct bt_req *req);
void cmpl_api_recover(struct bt_req *req);

#endif
