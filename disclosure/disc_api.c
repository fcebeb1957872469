/* disc_api.c: disclosure pages. */
#include "disc_api.h"

#include "core/auth.h"
#include "core/db.h"
#include "disclosure/enterprise.h"

void disc_api_account(struct bt_req *req)
{
	const struct bt_principal *who = bt_req_principal(req);
	struct bt_db *db = NULL;
	enum bt_err err = bt_db_thread(&db);
	json_t *view = json_pack("{s:s, s:s}", "role", bt_role_name(who->role),
				 "csrf", bt_req_csrf(req));
	if (err == BT_OK && who->role == BT_ROLE_ENTERPRISE) {
		struct disc_enterprise e;
		err = disc_enterprise_get(db, who->enterprise_id, &e);
		if (err == BT_OK)
			json_object_set_new(view, "enterprise",
					    disc_enterprise_json(&e));
	} else if (err == BT_OK) {
		json_t *list = NULL;
		err = disc_enterprise_list(db, &list);
		if (err == BT_OK)
			json_object_set_new(view, "enterprises", list);
	}
	if (err != BT_OK) {
		json_decref(view);
		bt_reply_error(req, err, "your account cannot be shown now");
		return;
	}
	bt_reply_view(req, 200, "account", view);
}
