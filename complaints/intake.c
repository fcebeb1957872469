/* intake.c: filing a complaint or report (see intake.h). */
#include "intake.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "complaints/calendar.h"
#include "complaints/contact.h"
#include "complaints/credit.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "disclosure/enterprise.h"
#include "trace/customs/buyer.h"
#include "trace/scan/evidence.h"

const char *const cmpl_categories[] = {
	"quality", "safety",  "not_as_declared", "counterfeit",
	"damaged", "service", "other",		 NULL};

/* Complaints older than this since purchase are not accepted (Order 121
 * Art. 16, Order 20 Art. 15). */
#define LIMIT_YEARS 3

enum {
	ST_INSERT,
	ST_DUPLICATE,
	ST_RECEIVED,
};

static const struct bt_stmt stmts[] = {
	[ST_INSERT] =
		{"cmpl.insert",
		 "INSERT INTO cmpl_case (number, token_hash, kind, state, "
		 "received_at, rules_from, office, enterprise_id, platform, "
		 "code, gtin, lot, batch_id, idx, category, demand, "
		 "amount_fen, description, purchased_on, contact, phone_hash, "
		 "snapshot, flags, next_due, next_clock, window_due) SELECT "
		 "'TS' || "
		 "to_char(cn_day($4::"
		 "timestamptz), 'YYYYMMDD') || lpad((nextval('cmpl_case_seq') "
		 "% 1000000)::text, 6, '0'), $1, $2, 'received', "
		 "$4::timestamptz, (SELECT max(effective_from) FROM cmpl_rule "
		 "WHERE effective_from <= cn_day($4::timestamptz)), $3, "
		 "nullif($5, '')::bigint, nullif($6, ''), nullif($7, ''), "
		 "nullif($8, ''), nullif($9, ''), nullif($10, '')::integer, "
		 "nullif($11, '')::integer, $12, nullif($13, ''), nullif($14, "
		 "'')::bigint, $15, nullif($16, '')::date, nullif($17, "
		 "'')::bytea, nullif($18, ''), $19::jsonb, $20::text[], "
		 "nullif($21, '')::date, nullif($22, ''), nullif($23, "
		 "'')::date RETURNING id, number"},
	/* The same complainant on the same code, or the same complainant
	 * about the same enterprise without a code, still open. */
	[ST_DUPLICATE] =
		{"cmpl.duplicate",
		 "SELECT count(*) FROM cmpl_case WHERE phone_hash = $1 "
		 "AND state <> 'closed' AND ((batch_id = "
		 "nullif($2, '')::integer AND idx = nullif($3, "
		 "'')::integer) OR ($2 = '' AND enterprise_id = "
		 "nullif($4, '')::bigint))"},
	[ST_RECEIVED] = {"cmpl.received",
			 "INSERT INTO cmpl_event (case_id, at, actor_kind, "
			 "actor, kind, data) VALUES ($1, $2::timestamptz, "
			 "'system', $3, 'received', $4::jsonb)"},
};
/* Checks what needs no database. */
static enum bt_err check(const struct cmpl_filing *f, enum cmpl_kind *kind,
			 const char **reason)
{
	if (!cmpl_kind_parse(f->kind, kind)) {
		*reason = "kind: \"complaint\" (a dispute with a demand) or "
			  "\"report\" (a tip-off about a violation)";
		return BT_EINVAL;
	}
	if (!bt_one_of(f->category, cmpl_categories)) {
		*reason = "category: quality, safety, not_as_declared, "
			  "counterfeit, damaged, service or other";
		return BT_EINVAL;
	}
	if (*kind == CMPL_COMPLAINT &&
	    !bt_one_of(f->demand,
		       (const char *const[]){"refund", "replacement", "repair",
					     "compensation", NULL})) {
		*reason = "demand: a complaint asks for refund, replacement, "
			  "repair or compensation";
		return BT_EINVAL;
	}
	if (*kind == CMPL_REPORT && (f->demand || f->amount_fen >= 0)) {
		*reason = "demand: a report makes no demand; file a complaint "
			  "to ask for one";
		return BT_EINVAL;
	}
	if (f->amount_fen > 10000000000LL ||
	    (f->demand && strcmp(f->demand, "compensation") == 0 &&
	     f->amount_fen < 0)) {
		*reason = "amount_fen: a compensation demand names its amount, "
			  "in whole fen from 0 to 10000000000";
		return BT_EINVAL;
	}
	if (f->description == NULL ||
	    !bt_text_block_ok(f->description, 5, 2000)) {
		*reason = "description: 5 to 2000 characters of text saying "
			  "what happened";
		return BT_EINVAL;
	}
	if (f->name && !bt_text_ok(f->name, 1, 50)) {
		*reason = "name: 1 to 50 characters of text";
		return BT_EINVAL;
	}
	if (f->phone && !bt_phone_ok(f->phone)) {
		*reason = "phone: 5 to 20 digits";
		return BT_EINVAL;
	}
	int y, m, d;
	if (f->purchased_on && !bt_date_parse(f->purchased_on, &y, &m, &d)) {
		*reason = "purchased_on: a date written YYYY-MM-DD";
		return BT_EINVAL;
	}
	if (f->code == NULL && f->enterprise_id <= 0) {
		*reason = "code: the code on the item as scanned, or "
			  "enterprise: whom the case is about";
		return BT_EINVAL;
	}
	if (f->code && strlen(f->code) > 512) {
		*reason = "code: at most 512 characters";
		return BT_EINVAL;
	}
	return BT_OK;
}

/* Today in Beijing as YYYY-MM-DD, and the same day LIMIT_YEARS ago (a
 * 29 February then is 1 March). */
static void days_now(char today[11], char limit[11])
{
	int32_t t = cmpl_day_of_time((double)bt_clock_now());
	int y, m, d;
	cmpl_day_ymd(t, &y, &m, &d);
	cmpl_day_format(t, today);
	cmpl_day_format(cmpl_day_from_ymd(y - LIMIT_YEARS, m, 1) + d - 1,
			limit);
}

struct routed {
	json_t *snapshot;
	struct trace_evidence_ref ref;
	long long enterprise_id;
	json_t *flags;
};

/* Freezes the code's evidence and finds the liable party. */
static enum bt_err route(struct bt_db *db, const struct cmpl_filing *f,
			 enum cmpl_kind kind, struct routed *r,
			 const char **reason)
{
	if (f->code == NULL) {
		struct disc_enterprise e;
		enum bt_err err = disc_enterprise_get(db, f->enterprise_id, &e);
		if (err == BT_ENOTFOUND) {
			*reason = "enterprise: no such enterprise";
			return BT_EINVAL;
		}
		if (err != BT_OK)
			return err;
		r->enterprise_id = e.id;
		r->snapshot = json_pack("{s:o}", "enterprise",
					disc_enterprise_json(&e));
		return r->snapshot ? BT_OK : BT_ENOMEM;
	}
	enum bt_err err =
		trace_code_evidence(db, f->code, &r->snapshot, &r->ref, reason);
	if (err == BT_EINVAL) {
		static _Thread_local char msg[200];
		bt_fmt(msg, sizeof(msg), "code: %s", *reason);
		*reason = msg;
		return err;
	}
	if (err != BT_OK)
		return err;
	if (!r->ref.genuine) {
		if (kind == CMPL_COMPLAINT) {
			*reason = "code: this code is not one that was issued, "
				  "so the enterprise it names is not liable; "
				  "file a report (kind \"report\") for the "
				  "regulator instead";
			return BT_EINVAL;
		}
		json_array_append_new(r->flags,
				      json_string("not_genuine_code"));
		return BT_OK;
	}
	r->enterprise_id = r->ref.enterprise_id;
	if (r->ref.suspect)
		json_array_append_new(r->flags, json_string("suspect_code"));
	if (r->ref.buyer_phone_hash[0] == '\0')
		json_array_append_new(r->flags,
				      json_string("no_declared_buyer"));
	return BT_OK;
}

static void flag_contact(const struct routed *r, const char *phone_hash,
			 json_t *flags)
{
	if (!phone_hash[0] || !r->ref.buyer_phone_hash[0])
		return;
	json_array_append_new(
		flags,
		json_string(strcmp(phone_hash, r->ref.buyer_phone_hash) == 0
				    ? "complainant_is_buyer"
				    : "complainant_not_buyer"));
}

static enum bt_err store(struct bt_db *db, const struct cmpl_filing *f,
			 enum cmpl_kind kind, struct routed *r,
			 struct cmpl_receipt *out)
{
	char now[BT_CLOCK_ISO_LEN], today[11], limit[11];
	bt_clock_iso(now);
	days_now(today, limit);
	if (f->purchased_on && strcmp(f->purchased_on, limit) < 0)
		json_array_append_new(r->flags,
				      json_string("over_three_years"));
	char phone_hash[33] = "";
	if (f->phone)
		trace_hash_phone(f->phone, phone_hash);
	flag_contact(r, phone_hash, r->flags);
	char bt[16] = "", it[16] = "", ent[24] = "";
	if (r->ref.genuine) {
		snprintf(bt, sizeof(bt), "%u", (unsigned)r->ref.batch);
		snprintf(it, sizeof(it), "%u", (unsigned)r->ref.index);
	}
	/* A report on a copied code is not routed to the enterprise whose
	 * code was copied. */
	if (r->enterprise_id > 0)
		snprintf(ent, sizeof(ent), "%lld", r->enterprise_id);
	enum bt_err err = BT_OK;
	if (phone_hash[0]) {
		const char *p[] = {phone_hash, bt, it, ent};
		PGresult *res = NULL;
		err = bt_db_query_take(db, &stmts[ST_DUPLICATE], 4, p, &res);
		if (err == BT_OK && bt_db_int(res, 0, 0) > 0)
			json_array_append_new(r->flags,
					      json_string("duplicate"));
		PQclear(res);
	}
	/* The case is stored with its first deadline, not updated after. */
	char due[11] = "", window[11] = "";
	const char *clock = "";
	if (err == BT_OK)
		err = cmpl_intake_deadline(db, kind,
					   kind == CMPL_COMPLAINT &&
						   r->enterprise_id > 0,
					   due, &clock, window);
	char token_hash[BT_HASH_HEX_LEN];
	bt_access_code_new(out->token, token_hash);
	char amount[24] = "";
	if (f->amount_fen >= 0)
		snprintf(amount, sizeof(amount), "%lld", f->amount_fen);
	char *contact = f->name || f->phone
				? cmpl_contact_seal(f->name, f->phone)
				: NULL;
	char *snapshot = json_dumps(r->snapshot, JSON_COMPACT);
	/* flags as a PostgreSQL array literal: names are [a-z_] only. */
	struct bt_buf flags = BT_BUF_INIT;
	bt_buf_puts(&flags, "{");
	for (size_t i = 0; i < json_array_size(r->flags); i++)
		bt_buf_printf(&flags, "%s%s", i ? "," : "",
			      json_string_value(json_array_get(r->flags, i)));
	bt_buf_puts(&flags, "}");
	if ((f->name || f->phone) && contact == NULL)
		err = BT_ENOMEM;
	if (snapshot == NULL || flags.data == NULL)
		err = BT_ENOMEM;
	const char *p[] = {token_hash,
			   cmpl_kind_name(kind),
			   CMPL_RECEIVING_OFFICE,
			   now,
			   ent,
			   r->ref.platform[0] ? r->ref.platform : "",
			   f->code ? f->code : "",
			   r->ref.gtin,
			   r->ref.lot,
			   bt,
			   it,
			   f->category,
			   f->demand ? f->demand : "",
			   amount,
			   f->description,
			   f->purchased_on ? f->purchased_on : "",
			   contact ? contact : "",
			   phone_hash,
			   snapshot ? snapshot : "{}",
			   flags.data ? flags.data : "{}",
			   due,
			   clock,
			   window};
	PGresult *res = NULL;
	if (err == BT_OK)
		err = bt_db_query_take(db, &stmts[ST_INSERT], 23, p, &res);
	long long id = 0;
	if (err == BT_OK) {
		id = bt_db_int(res, 0, 0);
		bt_strlcpy(out->number, bt_db_text(res, 0, 1),
			   sizeof(out->number));
	}
	PQclear(res);
	if (err == BT_OK) {
		char idt[24];
		snprintf(idt, sizeof(idt), "%lld", id);
		json_t *d = json_pack(
			"{s:s, s:s}", "by", cmpl_actor_name(f->by), "channel",
			f->by == CMPL_BY_REGULATOR ? "hotline" : "online");
		char *data = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS);
		json_decref(d);
		const char *q[] = {idt, now, f->by_name ? f->by_name : "intake",
				   data ? data : "{}"};
		err = bt_db_run(db, &stmts[ST_RECEIVED], 4, q, NULL);
		free(data);
	}
	if (err == BT_OK)
		err = cmpl_tally(db, id, false);
	if (err == BT_OK)
		err = cmpl_alerts_note(db, id, now);
	free(contact);
	free(snapshot);
	bt_buf_free(&flags);
	return err;
}

enum bt_err cmpl_file(struct bt_db *db, const struct cmpl_filing *f,
		      struct cmpl_receipt *out, const char **reason)
{
	memset(out, 0, sizeof(*out));
	enum cmpl_kind kind;
	enum bt_err err = check(f, &kind, reason);
	if (err != BT_OK)
		return err;
	struct routed r;
	memset(&r, 0, sizeof(r));
	r.flags = json_array();
	if (r.flags == NULL)
		return BT_ENOMEM;
	err = bt_db_begin(db);
	if (err == BT_OK)
		err = route(db, f, kind, &r, reason);
	if (err == BT_OK)
		err = store(db, f, kind, &r, out);
	err = bt_db_finish(db, err);
	json_decref(r.snapshot);
	json_decref(r.flags);
	if (err != BT_OK)
		memset(out, 0, sizeof(*out));
	return err;
}
