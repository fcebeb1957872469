/* facts.c: recording profile facts, one table row per kind. */
#include "facts.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/input.h"
#include "disclosure/rating.h"

enum ftype {
	F_TEXT,	 /* one line */
	F_BLOCK, /* lines allowed */
	F_DATE,	 /* YYYY-MM-DD */
	F_FEN,	 /* whole fen, > 0 */
	F_ID,	 /* a row id */
};

struct ffield {
	const char *name;
	enum ftype type;
	int max; /* characters, for text */
	bool optional;
};

struct fkind {
	const char *name;
	enum bt_role role; /* the least role that records it */
	struct bt_stmt stmt;
	struct ffield fields[6];
};

/* $1 is the enterprise, then the fields in order; each statement returns
 * the stored row as JSON, or no row when its target does not exist. */
static const struct fkind kinds[] = {
	{"entity",
	 BT_ROLE_ENTERPRISE,
	 {"disc.fact_entity",
	  "UPDATE enterprise SET legal_rep = coalesce($2, legal_rep), address "
	  "= coalesce($3, address), registered_on = coalesce($4::date, "
	  "registered_on) WHERE id = $1 RETURNING json_build_object('id', id, "
	  "'legal_rep', legal_rep, 'address', address, 'registered_on', "
	  "registered_on)"},
	 {{"legal_rep", F_TEXT, 100, true},
	  {"address", F_TEXT, 300, true},
	  {"registered_on", F_DATE, 0, true}}},
	{"licence",
	 BT_ROLE_ENTERPRISE,
	 {"disc.fact_licence",
	  "INSERT INTO licence (enterprise_id, kind, number, authority, "
	  "issued_on, expires_on) VALUES ($1, $2, $3, $4, $5, $6) RETURNING "
	  "row_to_json(licence)"},
	 {{"kind", F_TEXT, 100, false},
	  {"number", F_TEXT, 60, false},
	  {"authority", F_TEXT, 200, false},
	  {"issued_on", F_DATE, 0, false},
	  {"expires_on", F_DATE, 0, true}}},
	{"commitment",
	 BT_ROLE_ENTERPRISE,
	 {"disc.fact_commitment",
	  "INSERT INTO commitment (enterprise_id, text_zh, text_en, since) "
	  "VALUES ($1, $2, $3, $4) RETURNING row_to_json(commitment)"},
	 {{"text_zh", F_BLOCK, 500, false},
	  {"text_en", F_BLOCK, 500, false},
	  {"since", F_DATE, 0, false}}},
	{"commendation",
	 BT_ROLE_REGULATOR,
	 {"disc.fact_commendation",
	  "INSERT INTO commendation (enterprise_id, title_zh, title_en, "
	  "authority, decided_on) VALUES ($1, $2, $3, $4, $5) RETURNING "
	  "row_to_json(commendation)"},
	 {{"title_zh", F_TEXT, 200, false},
	  {"title_en", F_TEXT, 200, false},
	  {"authority", F_TEXT, 200, false},
	  {"decided_on", F_DATE, 0, false}}},
	{"broken",
	 BT_ROLE_REGULATOR,
	 {"disc.fact_broken",
	  "UPDATE commitment SET broken_on = $3, broken_reason = $4, "
	  "broken_reason_en = coalesce($5, '') WHERE id = $2 AND "
	  "enterprise_id = $1 AND broken_on IS NULL AND since <= $3 "
	  "RETURNING row_to_json(commitment)"},
	 {{"commitment_id", F_ID, 0, false},
	  {"broken_on", F_DATE, 0, false},
	  {"broken_reason", F_BLOCK, 500, false},
	  {"broken_reason_en", F_BLOCK, 500, true}}},
	{"customs_class",
	 BT_ROLE_REGULATOR,
	 {"disc.fact_customs_class",
	  "UPDATE enterprise e SET customs_class = k.code FROM "
	  "customs_credit_class k WHERE e.id = $1 AND k.code = $2 RETURNING "
	  "json_build_object('id', e.id, 'customs_class', e.customs_class)"},
	 {{"customs_class", F_TEXT, 40, false}}},
};

#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

static const struct fkind *find_kind(const char *name)
{
	for (size_t i = 0; i < NKINDS; i++)
		if (strcmp(kinds[i].name, name) == 0)
			return &kinds[i];
	return NULL;
}

/* Checks one field; writes its text form into buf. NULL value: absent. */
static bool check_field(const struct ffield *f, const json_t *v, char *buf,
			size_t size, const char **value)
{
	*value = NULL;
	if (v == NULL || json_is_null(v))
		return f->optional;
	time_t t;
	switch (f->type) {
	case F_TEXT:
	case F_BLOCK: {
		const char *s = json_string_value(v);
		bool ok = f->type == F_TEXT
				  ? bt_text_ok(s, 1, (size_t)f->max)
				  : bt_text_block_ok(s, 1, (size_t)f->max);
		*value = s;
		return ok;
	}
	case F_DATE: {
		const char *s = json_string_value(v);
		if (s == NULL || strlen(s) != 10 || !bt_clock_parse(s, &t) ||
		    strncmp(s, "1900", 4) < 0)
			return false;
		*value = s;
		return true;
	}
	case F_FEN:
	case F_ID:
		if (!json_is_integer(v) || json_integer_value(v) <= 0)
			return false;
		snprintf(buf, size, "%lld", (long long)json_integer_value(v));
		*value = buf;
		return true;
	}
	return false;
}

static const char *describe(const struct ffield *f)
{
	switch (f->type) {
	case F_TEXT: return "text without line breaks";
	case F_BLOCK: return "text";
	case F_DATE: return "a date, YYYY-MM-DD";
	case F_FEN: return "a whole number of fen above 0";
	case F_ID: return "an id";
	}
	return "a value";
}

enum bt_err disc_fact_record(struct bt_db *db, const char *kind,
			     enum bt_role role, long long enterprise_id,
			     const json_t *in, const char *now, json_t **out,
			     char *reason, size_t size)
{
	*out = NULL;
	const struct fkind *k = find_kind(kind);
	if (k == NULL) {
		snprintf(reason, size, "no such kind of fact: %s", kind);
		return BT_EINVAL;
	}
	if (role < k->role) {
		snprintf(reason, size, "a %s is recorded by a regulator", kind);
		return BT_EFORBIDDEN;
	}
	const char *key;
	const json_t *v;
	json_object_foreach ((json_t *)in, key, v) {
		bool known = false;
		for (int i = 0; i < 6 && k->fields[i].name && !known; i++)
			known = strcmp(k->fields[i].name, key) == 0;
		if (!known) {
			snprintf(reason, size, "unknown member \"%s\" for a %s",
				 key, kind);
			return BT_EINVAL;
		}
	}
	char ent[24], bufs[6][24];
	snprintf(ent, sizeof(ent), "%lld", enterprise_id);
	const char *p[7] = {ent};
	int n = 1;
	for (; n <= 6 && k->fields[n - 1].name; n++) {
		const struct ffield *f = &k->fields[n - 1];
		if (!check_field(f, json_object_get(in, f->name), bufs[n - 1],
				 sizeof(bufs[0]), &p[n])) {
			snprintf(reason, size, "%s: %s%s%s", f->name,
				 f->optional ? "if given, " : "", describe(f),
				 f->max ? " of limited length" : "");
			return BT_EINVAL;
		}
	}
	bool moved;
	enum bt_err err = bt_db_begin(db);
	if (err == BT_OK) {
		err = bt_db_query_json(db, &k->stmt, n, p, out);
		if (err == BT_ENOTFOUND)
			snprintf(reason, size, "%s",
				 strcmp(kind, "broken") == 0
					 ? "no such unbroken commitment of "
					   "this enterprise"
				 : strcmp(kind, "customs_class") == 0
					 ? "no such enterprise or customs "
					   "credit class"
					 : "no such enterprise");
		else if (strcmp(bt_db_last_sqlstate(db), "23503") == 0)
			snprintf(reason, size, "no such enterprise");
		else if (err == BT_ECONFLICT)
			snprintf(reason, size, "this %s is already recorded",
				 kind);
		else if (err == BT_EINVAL)
			snprintf(reason, size,
				 "the dates or values do not fit together "
				 "(an end must come after its start)");
	}
	if (err == BT_OK)
		err = disc_rating_recompute(db, enterprise_id, now, &moved);
	if (err == BT_OK)
		err = bt_db_commit(db);
	else
		bt_db_rollback(db);
	if (err != BT_OK) {
		json_decref(*out);
		*out = NULL;
	}
	return err;
}

/* What a route's {id} names. */
enum path_id {
	ID_NONE,       /* the body names the enterprise */
	ID_ENTERPRISE, /* the enterprise */
	ID_COMMITMENT, /* the commitment; the body names the enterprise */
};

/* Records fact kind from the JSON body about the enterprise the request
 * names; an enterprise records about itself only. Answers status. */
static void record(struct bt_req *req, const char *kind, enum path_id id,
		   unsigned status)
{
	struct bt_input in;
	if (!bt_input_open_json(req, &in))
		return;
	const struct bt_principal *who = bt_req_principal(req);
	enum bt_err err = BT_EINVAL;
	char reason[200] = "";
	json_t *row = NULL;
	const char *path_id = bt_req_param(req, "id");
	long long ent = 0, cid;
	if (id == ID_COMMITMENT) {
		if (!bt_parse_ll(path_id, 1, LLONG_MAX, &cid)) {
			bt_strlcpy(reason,
				   "a commitment id is a positive number",
				   sizeof(reason));
			goto out;
		}
		json_object_set_new(in.json, "commitment_id",
				    json_integer(cid));
	}
	if (id == ID_ENTERPRISE && !bt_parse_ll(path_id, 1, LLONG_MAX, &ent)) {
		bt_strlcpy(reason, "an enterprise id is a positive number",
			   sizeof(reason));
		goto out;
	}
	const json_t *body_ent = json_object_get(in.json, "enterprise_id");
	if (id != ID_ENTERPRISE && json_is_integer(body_ent))
		ent = json_integer_value(body_ent);
	json_object_del(in.json, "enterprise_id");
	if (who->role == BT_ROLE_ENTERPRISE) {
		if (ent != 0 && ent != who->enterprise_id) {
			err = BT_EFORBIDDEN;
			bt_strlcpy(reason,
				   "an enterprise records facts about itself "
				   "only",
				   sizeof(reason));
			goto out;
		}
		ent = who->enterprise_id;
	} else if (ent <= 0) {
		bt_strlcpy(reason,
			   "enterprise_id: which enterprise this is about",
			   sizeof(reason));
		goto out;
	}
	if (!bt_input_db(req, &in))
		return;
	err = disc_fact_record(in.db, kind, who->role, ent, in.json, in.now,
			       &row, reason, sizeof(reason));
out:
	if (err == BT_OK)
		bt_input_done(req, &in, status, row, NULL);
	else
		bt_input_refused(req, &in, err, reason);
}

void disc_api_fact_entity(struct bt_req *req)
{
	record(req, "entity", ID_ENTERPRISE, 200);
}

void disc_api_fact_customs_class(struct bt_req *req)
{
	record(req, "customs_class", ID_ENTERPRISE, 201);
}

void disc_api_fact_licence(struct bt_req *req)
{
	record(req, "licence", ID_NONE, 201);
}

void disc_api_fact_commitment(struct bt_req *req)
{
	record(req, "commitment", ID_NONE, 201);
}

void disc_api_fact_broken(struct bt_req *req)
{
	record(req, "broken", ID_COMMITMENT, 201);
}

void disc_api_fact_commendation(struct bt_req *req)
{
	record(req, "commendation", ID_NONE, 201);
}
