/* alert.h: alerts raised by SUSPECT scans (one live alert per code; later
 * suspect scans count on it). Regulators see and handle all alerts, an
 * enterprise its own. States: open -> acknowledged -> closed. */
#ifndef TRACE_ALERT_H
#define TRACE_ALERT_H

#include <jansson.h>

#include "core/db.h"
#include "core/err.h"
#include "core/http.h"

/* An alert as the API shows it. */
#define TRACE_ALERT_JSON                                                       \
	"json_build_object('id', id, 'enterprise_id', enterprise_id, "         \
	"'batch', batch_id, 'index', idx, 'reasons', "                         \
	"coalesce(to_json(reasons), '[]'), 'scans', scans, 'state', state, "   \
	"'note', coalesce(note, ''), 'created_at', "                           \
	"coalesce(to_char(created_at AT TIME ZONE 'UTC', "                     \
	"'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), ''), 'last_scan_at', "             \
	"coalesce(to_char(last_scan_at AT TIME ZONE 'UTC', "                   \
	"'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), ''))"

/* Alerts visible to who, newest first, in state (NULL for all), with ids
 * below before (0 for no bound), at most limit. A JSON array. */
enum bt_err trace_alert_list(struct bt_db *db, const struct bt_principal *who,
			     const char *state, long long before,
			     unsigned limit, json_t **out);

/* Moves alert id to state ("acknowledged" or "closed") with a note.
 * BT_ENOTFOUND if who cannot see it; BT_ECONFLICT if the move is not
 * allowed from its current state. */
enum bt_err trace_alert_move(struct bt_db *db, const struct bt_principal *who,
			     long long id, const char *state, const char *note,
			     json_t **out, const char **reason);

/* GET /api/v1/alerts, POST /api/v1/alerts/{id}/acknowledge and /close */
void trace_api_alert_list(struct bt_req *req);
void trace_api_alert_acknowledge(struct bt_req *req);
void trace_api_alert_close(struct bt_req *req);

#endif
