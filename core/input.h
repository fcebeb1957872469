/* input.h: an action's input, read the same way whether it came as a
 * JSON body (the API) or as form fields (the pages), with the database
 * and the clock's time the action runs with; and the two ways an action
 * ends: done (the API gets JSON, a form a 303 back to its page) or
 * refused (the error, with the reason when there is one). */
#ifndef BT_INPUT_H
#define BT_INPUT_H

#include <jansson.h>
#include <stdbool.h>

#include "clock.h"
#include "err.h"
#include "http.h"

struct bt_input {
	json_t *json;	  /* the JSON body; NULL for a form */
	struct bt_db *db; /* this thread's connection, once taken */
	char now[BT_CLOCK_ISO_LEN];
	char reason[240]; /* why an action was refused */
	char buf[8][32];  /* JSON numbers and booleans written out */
	int nbuf;
};

/* Reads the body (JSON when the Content-Type says so, else form fields)
 * and takes the database and the clock's time; false after replying (400
 * or 503) if one of them fails. */
bool bt_input_open(struct bt_req *req, struct bt_input *in);

/* For actions that take JSON only: the body must be a JSON object,
 * whatever its type (false after a 400). The database is not taken yet,
 * so that the request can be checked first: see bt_input_db. */
bool bt_input_open_json(struct bt_req *req, struct bt_input *in);

/* Takes the database and the clock's time; false after replying 503,
 * with in closed. */
bool bt_input_db(struct bt_req *req, struct bt_input *in);

/* A field as text (JSON numbers and booleans written out), or NULL. The
 * text lives as long as the request and in. */
const char *bt_input_field(struct bt_req *req, struct bt_input *in,
			   const char *name);

/* As bt_input_field, but NULL for an empty field too. */
const char *bt_input_given(struct bt_req *req, struct bt_input *in,
			   const char *name);

/* Ends an action that succeeded: status with body (reference stolen) for
 * JSON, a 303 redirect to page for a form. Closes in. */
void bt_input_done(struct bt_req *req, struct bt_input *in, unsigned status,
		   json_t *body, const char *page);

/* Ends an action that was refused: err, with reason when it is not NULL
 * or empty. Closes in. */
void bt_input_refused(struct bt_req *req, struct bt_input *in, enum bt_err err,
		      const char *reason);

/* As bt_input_refused, but a form gets its page back instead of an error
 * page: tmpl rendered with view (reference stolen), which carries what
 * was entered, plus "error" (the reason) and "error_status", with the
 * error's HTTP status. */
void bt_input_refused_page(struct bt_req *req, struct bt_input *in,
			   enum bt_err err, const char *reason,
			   const char *tmpl, json_t *view);

#endif
