/* intake.c: filing a claim (see intake.h). */
#include "intake.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "complaints/calendar.h"
#include "complaints/contact.h"
#include "complaints/store.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "trace/customs/buyer.h"
#include "trace/scan/evidence.h"

/* Claims of one claimant (by either hash) within 90 days that make the
 * frequency check fail, and of one enterprise within 30 days. */
#define CLAIMANT_MAX   3
#define ENTERPRISE_MAX 200

enum {
	ST_FACTS,
	ST_INSERT,
};

/* The columns of ST_FACTS. */
enum {
	F_ITEM_NUMBER,
	F_ITEM_LIVE,
	F_ITEM_STATE,
	F_REPORTS,
	F_CLAIMANT_CLAIMS,
	F_ENTERPRISE_CLAIMS,
	F_POLICY,
	F_INSURER,
	F_CLAIM_DAYS,
	F_IN_PERIOD,
	F_STARTS,
	F_ENDS,
};

static const struct bt_stmt stmts[] = {
	/* Everything intake asks the database, in one statement, for item
	 * ($1 batch, $2 index) of enterprise $3: the item's claim (live
	 * first); the reports naming it as copied; the claimant's claims
	 * (hashes $7, $8) in 90 days and the enterprise's in 30, each
	 * counted only up to its threshold ($10, $11); and the policy that
	 * covers GTIN $4 or category $5, the one in force on day $6 first, else
	 * the latest, with whether day $6 lies in its period. */
	[ST_FACTS] =
		{"ins.intake_facts",
		 "SELECT it.number, it.live, it.state, "
		 "counterfeit_reports($1::integer, $2::integer), "
		 "(SELECT count(*) FROM (SELECT 1 FROM ins_claim "
		 "WHERE (id_hash = nullif($7, '') "
		 "OR phone_hash = nullif($8, '')) "
		 "AND received_at > $9::timestamptz - interval '90 days' "
		 "LIMIT $10::integer) a), "
		 "(SELECT count(*) FROM (SELECT 1 FROM ins_claim "
		 "WHERE enterprise_id = $3::bigint "
		 "AND received_at > $9::timestamptz - interval '30 days' "
		 "LIMIT $11::integer) b), "
		 "p.id, p.insurer_id, p.claim_days, "
		 "$6::date BETWEEN p.starts_on AND p.ends_on, "
		 "p.starts_on::text, p.ends_on::text "
		 "FROM (SELECT 1) one "
		 "LEFT JOIN LATERAL (SELECT number, live, state FROM ins_claim "
		 "WHERE batch_id = $1::integer AND idx = $2::integer "
		 "ORDER BY live DESC, id DESC LIMIT 1) it ON true "
		 "LEFT JOIN LATERAL (SELECT id, insurer_id, claim_days, "
		 "starts_on, ends_on FROM ins_policy "
		 "WHERE enterprise_id = $3::bigint "
		 "AND ((gtins = '{}' AND categories = '{}') "
		 "OR $4 = ANY (gtins) OR $5 = ANY (categories)) "
		 "ORDER BY $6::date BETWEEN starts_on AND ends_on DESC, "
		 "ends_on DESC LIMIT 1) p ON true"},
	/* The claim and its first two events, submitted ($26) and checked
	 * ($6 with $27). */
	[ST_INSERT] =
		{"ins.insert",
		 "WITH c AS (INSERT INTO ins_claim (number, token_hash, "
		 "policy_id, insurer_id, enterprise_id, case_id, state, "
		 "received_at, rules_from, code, gtin, lot, batch_id, idx, "
		 "reason, amount_fen, order_no, purchased_on, description, "
		 "id_hash, phone_hash, contact, snapshot, checks, flags, "
		 "advance_fen, advance_payer) SELECT 'LP' || to_char(cn_day($7:"
		 ":timestamptz), 'YYYYMMDD') || lpad((nextval('ins_claim_seq') "
		 "% 1000000)::text, 6, '0'), $1, $2::bigint, $3::bigint, "
		 "$4::bigint, nullif($5, '')::bigint, $6, $7::timestamptz, "
		 "(SELECT max(effective_from) FROM ins_rule WHERE "
		 "effective_from <= cn_day($7::timestamptz)), $8, $9, "
		 "nullif($10, ''), $11::integer, $12::integer, $13, $14, $15, "
		 "nullif($16, '')::date, $17, nullif($18, ''), nullif($19, "
		 "''), nullif($20, '')::bytea, $21::jsonb, $22::jsonb, "
		 "$23::text[], $24, nullif($25, '') RETURNING id, number), e "
		 "AS "
		 "(INSERT INTO ins_event (claim_id, at, actor_kind, actor, "
		 "kind, "
		 "data) SELECT c.id, $7::timestamptz, v.kind, v.actor, "
		 "v.event, "
		 "v.data FROM c, (VALUES (1, 'consumer', 'consumer', "
		 "'submitted', $26::jsonb), (2, 'system', 'checks', $6, "
		 "$27::jsonb)) v (n, kind, actor, event, data) ORDER BY v.n) "
		 "SELECT id, number FROM c"},
};
/* ID numbers: 6 to 30 letters and digits (resident IDs, passports). */
static bool id_number_ok(const char *s)
{
	size_t n = strlen(s);
	return n >= 6 && n <= 30 &&
	       strspn(s, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmno"
			 "pqrstuvwxyz ") == n;
}

/* Today in Beijing, YYYY-MM-DD. */
static void today_of(char today[11])
{
	cmpl_day_format(cmpl_day_of_time((double)bt_clock_now()), today);
}

static enum bt_err check_input(const struct ins_filing *f, const char **reason)
{
	int y, m, d;
	char today[11];
	today_of(today);
	if (f->code == NULL || strlen(f->code) > 512)
		*reason = "code: the code on the item as scanned (at most 512 "
			  "characters)";
	else if (!bt_one_of(f->reason, ins_reasons))
		*reason = "reason: quality_defect, safety, not_as_declared, "
			  "damaged or counterfeit_suspicion";
	else if (f->amount_fen < 1 || f->amount_fen > 10000000000LL)
		*reason = "amount_fen: the amount claimed, whole fen from 1 to "
			  "10000000000 (amount, in yuan, on the page)";
	else if (f->order_no == NULL || !bt_text_ok(f->order_no, 1, 60))
		*reason = "order_no: the order number, 1 to 60 characters";
	else if (f->purchased_on &&
		 (!bt_date_parse(f->purchased_on, &y, &m, &d) ||
		  strcmp(f->purchased_on, today) > 0))
		*reason = "purchased_on: a date written YYYY-MM-DD, not in the "
			  "future";
	else if (f->description == NULL ||
		 !bt_text_block_ok(f->description, 5, 2000))
		*reason = "description: 5 to 2000 characters saying what is "
			  "wrong with the item";
	else if (f->phone == NULL || !bt_phone_ok(f->phone))
		*reason = "phone: the claimant's phone, 5 to 20 digits";
	else if (f->id_number && !id_number_ok(f->id_number))
		*reason = "id_number: 6 to 30 letters and digits";
	else if (f->name && !bt_text_ok(f->name, 1, 50))
		*reason = "name: 1 to 50 characters";
	else if (f->case_number && strlen(f->case_number) > 24)
		*reason = "case: a complaint case number";
	else
		return BT_OK;
	return BT_EINVAL;
}

/* What intake found, to store. */
struct found {
	json_t *snapshot, *checks, *flags;
	struct trace_evidence_ref ref;
	PGresult *facts; /* ST_FACTS's one row */
	long long policy_id, insurer_id, case_id, advance_fen;
	char advance_payer[16];
	char id_hash[33], phone_hash[33];
	bool frozen;
};

static void check_add(json_t *checks, const char *code, bool ok,
		      const char *detail)
{
	json_array_append_new(checks,
			      json_pack("{s:s, s:b, s:s?}", "code", code, "ok",
					ok, "detail", detail));
}

static void flag(json_t *flags, const char *name)
{
	json_array_append_new(flags, json_string(name));
}

/* The day that decides the policy's period: the import date; without a
 * declaration, the purchase, else today. */
static const char *policy_day(const struct ins_filing *f, const struct found *x,
			      const char *today)
{
	return x->ref.import_date[0] ? x->ref.import_date
	       : f->purchased_on     ? f->purchased_on
				     : today;
}

/* Asks the database everything intake needs to know (ST_FACTS). */
static enum bt_err facts_load(struct bt_db *db, const struct ins_filing *f,
			      struct found *x, const char *now,
			      const char *today)
{
	const char *category = json_string_value(json_object_get(
		json_object_get(x->snapshot, "product"), "category"));
	char b[16], i[16], ent[24];
	snprintf(b, sizeof(b), "%u", (unsigned)x->ref.batch);
	snprintf(i, sizeof(i), "%u", (unsigned)x->ref.index);
	snprintf(ent, sizeof(ent), "%lld", x->ref.enterprise_id);
	char claimant_max[8], enterprise_max[8];
	snprintf(claimant_max, sizeof(claimant_max), "%d", CLAIMANT_MAX);
	snprintf(enterprise_max, sizeof(enterprise_max), "%d", ENTERPRISE_MAX);
	const char *p[] = {b,
			   i,
			   ent,
			   x->ref.gtin,
			   category ? category : "",
			   policy_day(f, x, today),
			   x->id_hash,
			   x->phone_hash,
			   now,
			   claimant_max,
			   enterprise_max};
	return bt_db_query_take(db, &stmts[ST_FACTS], 11, p, &x->facts);
}

static bool fact_true(const struct found *x, int column)
{
	return strcmp(bt_db_text(x->facts, 0, column), "t") == 0;
}

/* The policy that covers the item; its period and the claim period. */
static enum bt_err find_policy(const struct ins_filing *f, struct found *x,
			       const char *today, const char **reason)
{
	if (PQgetisnull(x->facts, 0, F_POLICY)) {
		*reason = "code: no quality insurance covers this product; "
			  "file a complaint instead";
		return BT_EINVAL;
	}
	x->policy_id = bt_db_int(x->facts, 0, F_POLICY);
	x->insurer_id = bt_db_int(x->facts, 0, F_INSURER);
	long long claim_days = bt_db_int(x->facts, 0, F_CLAIM_DAYS);
	char detail[96];
	snprintf(detail, sizeof(detail), "%s %s..%s", policy_day(f, x, today),
		 bt_db_text(x->facts, 0, F_STARTS),
		 bt_db_text(x->facts, 0, F_ENDS));
	/* Confirmed only on the import date; another day is shown, not
	 * trusted. */
	check_add(x->checks, "auto.policy_period",
		  x->ref.import_date[0] && fact_true(x, F_IN_PERIOD), detail);
	/* The claim period counts from the purchase (else the import). */
	const char *bought = f->purchased_on	     ? f->purchased_on
			     : x->ref.import_date[0] ? x->ref.import_date
						     : NULL;
	int32_t from, now;
	cmpl_day_parse(today, &now);
	bool in_period = bought && cmpl_day_parse(bought, &from) &&
			 now - from <= claim_days && from <= now;
	snprintf(detail, sizeof(detail), "%s + %lld days",
		 bought ? bought : "no purchase date", claim_days);
	check_add(x->checks, "auto.claim_period", in_period, detail);
	return BT_OK;
}

/* One live claim per item; a rejected one is appealed, not filed again. */
static enum bt_err item_free(const struct found *x, const char **reason)
{
	if (PQgetisnull(x->facts, 0, F_ITEM_NUMBER))
		return BT_OK;
	static _Thread_local char msg[200];
	const char *number = bt_db_text(x->facts, 0, F_ITEM_NUMBER);
	if (fact_true(x, F_ITEM_LIVE))
		bt_fmt(msg, sizeof(msg),
		       "code: this item has a claim already; follow it with "
		       "its access code [%s]",
		       number);
	else if (strcmp(bt_db_text(x->facts, 0, F_ITEM_STATE), "withdrawn") !=
		 0)
		bt_fmt(msg, sizeof(msg),
		       "code: the claim on this item was rejected; appeal it "
		       "from its page instead [%s]",
		       number);
	else
		return BT_OK;
	*reason = msg;
	return BT_ECONFLICT;
}

/* The automatic checks that need no policy. */
static enum bt_err run_checks(const struct ins_filing *f, struct found *x,
			      const char **reason)
{
	const struct trace_evidence_ref *ref = &x->ref;
	check_add(x->checks, "auto.genuine", true, NULL);
	check_add(x->checks, "auto.declared", ref->import_date[0] != '\0',
		  ref->import_date[0] ? ref->import_date : NULL);
	check_add(x->checks, "auto.one_live_claim", true, NULL);
	/* The claimant against the declared buyer. */
	bool has_buyer = ref->buyer_id_hash[0] || ref->buyer_phone_hash[0];
	bool buyer = (x->id_hash[0] &&
		      strcmp(x->id_hash, ref->buyer_id_hash) == 0) ||
		     strcmp(x->phone_hash, ref->buyer_phone_hash) == 0;
	check_add(x->checks, "auto.claimant_buyer", buyer,
		  has_buyer ? NULL : "no declared buyer");
	if (!buyer)
		flag(x->flags,
		     has_buyer ? "claimant_not_buyer" : "no_declared_buyer");
	/* The amount against the declared price. */
	long long price = (long long)(ref->price_fen + 0.5);
	if (price > 0 && f->amount_fen > price) {
		static _Thread_local char msg[160];
		bt_fmt(msg, sizeof(msg),
		       "amount: at most the declared price of the item, in "
		       "yuan [%lld.%02lld]",
		       price / 100, price % 100);
		*reason = msg;
		return BT_EINVAL;
	}
	check_add(x->checks, "auto.amount_within_price", price > 0,
		  price > 0 ? NULL : "no declared price");
	/* A cloned code freezes payment: an authenticity case. */
	long long reports = bt_db_int(x->facts, 0, F_REPORTS);
	x->frozen = ref->suspect || reports > 0;
	check_add(x->checks, "auto.not_clone", !x->frozen,
		  ref->suspect	? "the code's last scan was judged suspect"
		  : reports > 0 ? "a report names this code as copied"
				: NULL);
	if (ref->suspect)
		flag(x->flags, "suspect_code");
	if (reports > 0)
		flag(x->flags, "counterfeit_reported");
	/* Frequency, per claimant and per enterprise. */
	bool many = bt_db_int(x->facts, 0, F_CLAIMANT_CLAIMS) >= CLAIMANT_MAX;
	bool spike =
		bt_db_int(x->facts, 0, F_ENTERPRISE_CLAIMS) >= ENTERPRISE_MAX;
	char why[64] = "";
	if (many)
		snprintf(why, sizeof(why),
			 "the claimant claimed %d times in 90 days",
			 CLAIMANT_MAX);
	else if (spike)
		snprintf(why, sizeof(why),
			 "the enterprise has %d claims in 30 days",
			 ENTERPRISE_MAX);
	check_add(x->checks, "auto.frequency", !many && !spike,
		  why[0] ? why : NULL);
	if (many)
		flag(x->flags, "frequent_claimant");
	if (spike)
		flag(x->flags, "enterprise_claim_spike");
	return BT_OK;
}

/* The codes of the failed checks, for the "checked" event. */
static json_t *failed_codes(const json_t *checks)
{
	json_t *list = json_array();
	size_t i;
	json_t *c;
	json_array_foreach (checks, i, c)
		if (!json_is_true(json_object_get(c, "ok")))
			json_array_append(list, json_object_get(c, "code"));
	return list;
}

static enum bt_err store(struct bt_db *db, const struct ins_filing *f,
			 struct found *x, const char *now,
			 struct ins_receipt *out)
{
	char token_hash[BT_HASH_HEX_LEN];
	bt_access_code_new(out->token, token_hash);
	char pol[24], ins[24], ent[24], cas[24] = "", b[16], i[16], am[24],
					adv[24];
	snprintf(pol, sizeof(pol), "%lld", x->policy_id);
	snprintf(ins, sizeof(ins), "%lld", x->insurer_id);
	snprintf(ent, sizeof(ent), "%lld", x->ref.enterprise_id);
	if (x->case_id > 0)
		snprintf(cas, sizeof(cas), "%lld", x->case_id);
	snprintf(b, sizeof(b), "%u", (unsigned)x->ref.batch);
	snprintf(i, sizeof(i), "%u", (unsigned)x->ref.index);
	snprintf(am, sizeof(am), "%lld", f->amount_fen);
	snprintf(adv, sizeof(adv), "%lld", x->advance_fen);
	char *contact = cmpl_contact_seal(f->name, f->phone);
	char *snapshot = json_dumps(x->snapshot, JSON_COMPACT);
	char *checks = json_dumps(x->checks, JSON_COMPACT);
	struct bt_buf flags = BT_BUF_INIT;
	bt_buf_puts(&flags, "{");
	for (size_t k = 0; k < json_array_size(x->flags); k++)
		bt_buf_printf(&flags, "%s%s", k ? "," : "",
			      json_string_value(json_array_get(x->flags, k)));
	bt_buf_puts(&flags, "}");
	json_t *sub = json_pack("{s:s, s:s?}", "channel", "online", "case",
				f->case_number);
	json_t *chk = json_pack("{s:o}", "failed", failed_codes(x->checks));
	char *submitted = json_dumps(sub, JSON_COMPACT | JSON_SORT_KEYS);
	char *checked = json_dumps(chk, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(sub);
	json_decref(chk);
	enum bt_err err = contact && snapshot && checks && flags.data &&
					  submitted && checked
				  ? BT_OK
				  : BT_ENOMEM;
	const char *p[] = {token_hash,
			   pol,
			   ins,
			   ent,
			   cas,
			   x->frozen ? "frozen" : "checked",
			   now,
			   f->code,
			   x->ref.gtin,
			   x->ref.lot,
			   b,
			   i,
			   f->reason,
			   am,
			   f->order_no,
			   f->purchased_on ? f->purchased_on : "",
			   f->description,
			   x->id_hash,
			   x->phone_hash,
			   contact ? contact : "",
			   snapshot ? snapshot : "{}",
			   checks ? checks : "[]",
			   flags.data ? flags.data : "{}",
			   adv,
			   x->advance_payer,
			   submitted ? submitted : "{}",
			   checked ? checked : "{}"};
	PGresult *r = NULL;
	if (err == BT_OK)
		err = bt_db_query_take(db, &stmts[ST_INSERT], 27, p, &r);
	if (err == BT_OK)
		bt_strlcpy(out->number, bt_db_text(r, 0, 1),
			   sizeof(out->number));
	PQclear(r);
	free(contact);
	free(snapshot);
	free(checks);
	free(submitted);
	free(checked);
	bt_buf_free(&flags);
	return err;
}

static enum bt_err file_in(struct bt_db *db, const struct ins_filing *f,
			   struct found *x, struct ins_receipt *out,
			   const char **reason)
{
	char now[BT_CLOCK_ISO_LEN], today[11];
	bt_clock_iso(now);
	today_of(today);
	enum bt_err err =
		trace_code_evidence(db, f->code, &x->snapshot, &x->ref, reason);
	if (err == BT_EINVAL) {
		static _Thread_local char msg[200];
		bt_fmt(msg, sizeof(msg), "code: %s", *reason);
		*reason = msg;
		return err;
	}
	if (err == BT_OK && !x->ref.genuine) {
		*reason = "code: this code was not issued by bondtrace, so no "
			  "policy covers it; report it as a counterfeit";
		return BT_ENOTFOUND;
	}
	if (err != BT_OK)
		return err;
	if (f->id_number)
		trace_hash_person_id(f->id_number, x->id_hash);
	trace_hash_phone(f->phone, x->phone_hash);
	err = facts_load(db, f, x, now, today);
	if (err == BT_OK)
		err = item_free(x, reason);
	if (err == BT_OK && f->case_number) {
		err = cmpl_case_advance(db, f->case_number, x->ref.batch,
					x->ref.index, &x->case_id,
					&x->advance_fen, x->advance_payer);
		if (err == BT_ENOTFOUND) {
			*reason = "case: no complaint with this number is "
				  "about this item";
			err = BT_EINVAL;
		}
		if (x->advance_fen > f->amount_fen)
			x->advance_fen = f->amount_fen;
	}
	if (err == BT_OK)
		err = run_checks(f, x, reason);
	if (err == BT_OK)
		err = find_policy(f, x, today, reason);
	if (err == BT_OK)
		err = store(db, f, x, now, out);
	if (err == BT_ECONFLICT && *reason == NULL)
		*reason = "code: this item has a live claim already";
	return err;
}

enum bt_err ins_file(struct bt_db *db, const struct ins_filing *f,
		     struct ins_receipt *out, const char **reason)
{
	memset(out, 0, sizeof(*out));
	*reason = NULL;
	enum bt_err err = check_input(f, reason);
	if (err != BT_OK)
		return err;
	struct found x;
	memset(&x, 0, sizeof(x));
	x.checks = json_array();
	x.flags = json_array();
	/* One statement writes the claim with its events, so it is a
	 * transaction of its own; the reads before it take no locks (the
	 * unique index, not they, decides two claims on one item). */
	err = x.checks && x.flags ? file_in(db, f, &x, out, reason) : BT_ENOMEM;
	PQclear(x.facts);
	json_decref(x.snapshot);
	json_decref(x.checks);
	json_decref(x.flags);
	if (err != BT_OK)
		memset(out, 0, sizeof(*out));
	return err;
}
