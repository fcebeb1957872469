/* facts.h: the facts a profile publishes besides declarations, scans and
 * penalties, each recorded by whoever is its source:
 *
 *   entity        the enterprise (or a regulator): legal_rep, address,
 *                 registered_on
 *   licence       the enterprise: kind, number, authority, issued_on,
 *                 expires_on
 *   commitment    the enterprise: text_zh, text_en, since
 *   commendation  a regulator: title_zh, title_en, authority, decided_on
 *   broken        a regulator: commitment_id, broken_on, broken_reason
 *   customs_class a regulator, from customs: customs_class
 *
 * Each is checked, stored and the enterprise's rating recomputed in one
 * transaction. */
#ifndef DISC_FACTS_H
#define DISC_FACTS_H

#include <jansson.h>
#include <stddef.h>

#include "core/db.h"
#include "core/err.h"
#include "core/http.h"

/* Records fact kind (a name above) about an enterprise from a JSON
 * object; *out is the stored row. BT_EINVAL / BT_ENOTFOUND /
 * BT_ECONFLICT with reason; BT_EFORBIDDEN if role may not record it. */
enum bt_err disc_fact_record(struct bt_db *db, const char *kind,
			     enum bt_role role, long long enterprise_id,
			     const json_t *in, const char *now, json_t **out,
			     char *reason, size_t size);

/* The routes that record each kind from a JSON body. An enterprise
 * records about itself; a regulator names the enterprise: enterprise_id
 * in the body, or the {id} of the path where it is an enterprise's. */
/* PATCH /api/v1/enterprises/{id} */
void disc_api_fact_entity(struct bt_req *req);
/* POST /api/v1/enterprises/{id}/customs-class */
void disc_api_fact_customs_class(struct bt_req *req);
/* POST /api/v1/licences */
void disc_api_fact_licence(struct bt_req *req);
/* POST /api/v1/commitments */
void disc_api_fact_commitment(struct bt_req *req);
/* POST /api/v1/commitments/{id}/broken: {id} is the commitment */
void disc_api_fact_broken(struct bt_req *req);
/* POST /api/v1/commendations */
void disc_api_fact_commendation(struct bt_req *req);

#endif
