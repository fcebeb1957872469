/* recover.c: new access codes for lost ones (recover.h). */
#include "recover.h"

#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/crypto.h"
#include "core/input.h"
#include "trace/customs/buyer.h"

#define NUMBER_MAX 24

static json_t *recover_view(const struct cmpl_recover_door *door,
			    const char *number)
{
	return json_pack("{s:s, s:s, s:{s:s}}", "path", door->path, "kind",
			 door->kind, "form", "number", number ? number : "");
}

void cmpl_recover_page_via(struct bt_req *req,
			   const struct cmpl_recover_door *door)
{
	bt_reply_view(req, 200, "recover",
		      bt_page_view(req, recover_view(door, NULL)));
}

void cmpl_recover_via(struct bt_req *req, const struct cmpl_recover_door *door)
{
	if (!bt_req_rate(req, BT_RATE_INTAKE))
		return;
	struct bt_input in;
	if (!bt_input_open(req, &in))
		return;
	const char *number = bt_input_given(req, &in, "number");
	const char *phone = bt_input_given(req, &in, "phone");
	char token[33] = "", hash[BT_HASH_HEX_LEN], phone_hash[33];
	enum bt_err err = BT_ENOTFOUND;
	if (number && strlen(number) < NUMBER_MAX && phone &&
	    bt_phone_ok(phone)) {
		trace_hash_phone(phone, phone_hash);
		bt_access_code_new(token, hash);
		const char *p[] = {number, phone_hash, hash};
		unsigned long n = 0;
		err = bt_db_run(in.db, door->renew, 3, p, &n);
		if (err == BT_OK && n != 1)
			err = BT_ENOTFOUND;
	}
	if (err != BT_OK) {
		bt_input_refused_page(
			req, &in, err,
			err == BT_ENOTFOUND
				? "number, phone: nothing with this "
				  "number was filed with this phone"
				: NULL,
			"recover",
			bt_page_view(req, recover_view(door, number)));
		return;
	}
	char page[160];
	snprintf(page, sizeof(page), "%s/%s?token=%s", door->path, number,
		 token);
	bt_input_done(req, &in, 200,
		      json_pack("{s:s, s:s}", "number", number, "token", token),
		      page);
}

static const struct bt_stmt case_renew = {
	"cmpl.renew_token", "UPDATE cmpl_case SET token_hash = $3 WHERE number "
			    "= $1 AND phone_hash = $2 RETURNING number"};

static const struct cmpl_recover_door case_door = {"/complaints", "complaints",
						   &case_renew};

void cmpl_api_recover_page(struct bt_req *req)
{
	cmpl_recover_page_via(req, &case_door);
}

void cmpl_api_recover(struct bt_req *req)
{
	cmpl_recover_via(req, &case_door);
}
