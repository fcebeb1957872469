/* store.c: claims in the database (see store.h). */
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "complaints/calendar.h"
#include "complaints/credit.h"
#include "complaints/event_data.h"
#include "complaints/store.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "disclosure/rating.h"

/* Events a claim may hold from its consumer and enterprise; more is
 * abuse. The insurer's and regulators' own are never refused for it. */
#define EVENTS_MAX 300
/* The legal basis of a recovery after payment. */
#define RECOVERY_BASIS "Insurance Law of the PRC Art. 60 (subrogation)"

enum {
	ST_FIND,
	ST_LOCK,
	ST_CORE,
	ST_EVENTS,
	ST_RULES,
	ST_VIEW,
	ST_INSERT_EVENT,
	ST_UPDATE,
	ST_POLICY_LOCK,
	ST_LEDGER,
	ST_APPROVED,
	ST_PAID,
	ST_RECOVERY_OPEN,
	ST_RECOVER,
	ST_ADVANCE,
	ST_FLAG,
	ST_APPEAL,
	ST_APPEAL_EVIDENCE,
	ST_LOT,
	ST_QUEUE,
	ST_COUNT_PARTY,
};

/* A claim v may see: $2 the consumer's token hash ('' for others), $3
 * the enterprise, $4 the insurer (0 for none). */
#define FIND_WHERE                                                             \
	" FROM ins_claim WHERE number = $1 AND ($2 = '' OR token_hash = $2) "  \
	"AND ($3::bigint = 0 OR enterprise_id = $3::bigint) AND ($4::bigint "  \
	"= 0 OR insurer_id = $4::bigint)"

#define ISO(t)                                                                 \
	"to_char(" t " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
#define LOCAL(t)                                                               \
	"to_char(" t " AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI')"

/* The desks' filter: $1 insurer, $2 enterprise (0: any), $3 the view,
 * $4 today. */
#define QUEUE_WHERE                                                            \
	" FROM ins_claim x WHERE ($1::bigint = 0 OR x.insurer_id = "           \
	"$1::bigint) AND ($2::bigint = 0 OR x.enterprise_id = $2::bigint) "    \
	"AND CASE $3 WHEN 'open' THEN x.closed_at IS NULL AND x.state <> "     \
	"'withdrawn' WHEN 'overdue' "                                          \
	"THEN x.closed_at IS NULL AND x.next_due < $4::date WHEN 'new' THEN "  \
	"x.state = 'checked' WHEN 'frozen' "                                   \
	"THEN x.state = 'frozen' WHEN 'flagged' THEN 'flagged' = ANY "         \
	"(x.flags) WHEN 'closed' THEN x.closed_at IS NOT NULL ELSE true END"

static const struct bt_stmt stmts[] = {
	[ST_FIND] = {"ins.find", "SELECT id" FIND_WHERE},
	[ST_LOCK] = {"ins.lock", "SELECT id" FIND_WHERE " FOR UPDATE"},
	[ST_CORE] = {"ins.core",
		     "SELECT rules_from::text, policy_id, amount_fen, "
		     "advance_fen, coalesce(advance_payer, ''), gtin, "
		     "coalesce(lot, ''), batch_id, idx, reason, paid_fen, "
		     "coalesce(approved_fen, -1), extract(epoch FROM "
		     "received_at), appeal_of IS NOT NULL, enterprise_id, "
		     "number, state FROM ins_claim WHERE id = $1"},
	[ST_EVENTS] = {"ins.events",
		       "SELECT kind, actor_kind, extract(epoch FROM at), "
		       "actor_kind IN ('consumer', 'enterprise') FROM "
		       "ins_event WHERE claim_id = $1 ORDER BY id"},
	[ST_RULES] = {"ins.rules",
		      "SELECT clock, days, article, regulation, "
		      "effective_from::text FROM ins_rule WHERE "
		      "effective_from = (SELECT max(effective_from) FROM "
		      "ins_rule WHERE effective_from <= $1::date)"},
	/* $2: the viewer is staff (sees who acted and the contact). */
	[ST_VIEW] =
		{"ins.view",
		 "SELECT json_build_object('number', c.number, 'state', "
		 "c.state, 'received_at', " ISO(
			 "c.received_at") ", "
					  "'received_local', " LOCAL(
						  "c.received_at") ", "
								   "'received_"
								   "on', "
								   "cn_day(c."
								   "received_"
								   "at)::text, "
								   "'rules_"
								   "from', "
								   "c.rules_"
								   "from::text,"
								   " 'code', "
								   "c.code, "
								   "'gtin', "
								   "c.gtin, "
								   "'lot', "
								   "c.lot, "
								   "'reason', "
								   "c.reason, "
								   "'amount_"
								   "fen', "
								   "c.amount_"
								   "fen, "
								   "'order_no',"
								   " CASE WHEN "
								   "$2 THEN "
								   "c.order_no "
								   "END, "
								   "'purchased_"
								   "on', "
								   "c."
								   "purchased_"
								   "on::text, "
								   "'descriptio"
								   "n', "
								   "c."
								   "description"
								   ", 'flags', "
								   "to_json(c."
								   "flags), "
								   "'checks', "
								   "c.checks, "
								   "'snapshot',"
								   " c."
								   "snapshot, "
								   "'advance_"
								   "fen', "
								   "c.advance_"
								   "fen, "
								   "'advance_"
								   "payer', "
								   "c.advance_"
								   "payer, "
								   "'approved_"
								   "fen', "
								   "c.approved_"
								   "fen, "
								   "'paid_fen',"
								   " c.paid_"
								   "fen, "
								   "'next_due',"
								   " "
								   "c.next_due:"
								   ":text, "
								   "'next_"
								   "clock', "
								   "c.next_"
								   "clock, "
								   "'closed_at'"
								   ", " ISO(
									   "c."
									   "clo"
									   "sed"
									   "_a"
									   "t") ", 'outcome', c.outcome, 'appeal_of', "
										"(SELECT number FROM ins_claim a WHERE a.id = c.appeal_of), "
										"'appealed_by', (SELECT number FROM ins_claim a WHERE "
										"a.appeal_of = c.id), 'case', (SELECT number FROM cmpl_case k "
										"WHERE k.id = c.case_id), 'policy', json_build_object('id', "
										"p.id, 'number', p.number, 'starts_on', p.starts_on::text, "
										"'ends_on', p.ends_on::text, 'per_claim_fen', "
										"p.per_claim_fen, 'aggregate_fen', p.aggregate_fen, "
										"'deductible_fen', p.deductible_fen, 'left_fen', "
										"p.aggregate_fen - p.used_fen, 'claim_days', p.claim_days, "
										"'pays_in_advance', p.pays_in_advance), 'insurer', "
										"json_build_object('id', s.id, 'code', s.code, 'name_zh', "
										"s.name_zh, 'name_en', s.name_en), 'enterprise', "
										"json_build_object('id', e.id, 'uscc', e.uscc, 'name_zh', "
										"e.name_zh, 'name_en', e.name_en), 'events', "
										"coalesce((SELECT json_agg(json_build_object('id', v.id, 'at', " LOCAL(
											"v.at") ", 'actor_kind', v.actor_kind, 'actor', CASE "
												"WHEN $2 THEN v.actor END, 'kind', v.kind, 'data', v.data) "
												"ORDER BY v.id) FROM ins_event v WHERE v.claim_id = c.id), "
												"'[]'), 'ledger', (SELECT json_build_object('loss_fen', "
												"l.loss_fen, 'deductible_fen', l.deductible_fen, "
												"'payable_fen', l.payable_fen, 'limited_by', l.limited_by, "
												"'on', cn_day(l.at)::text) FROM ins_ledger l WHERE "
												"l.claim_id = c.id), 'recovery', (SELECT "
												"json_build_object('against', json_build_object('id', x.id, "
												"'name_zh', x.name_zh, 'name_en', x.name_en), 'basis', "
												"r.basis, 'amount_fen', r.amount_fen, 'recovered_fen', "
												"r.recovered_fen, 'balance_fen', r.amount_fen - "
												"r.recovered_fen, 'opened_on', cn_day(r.opened_at)::text) "
												"FROM ins_recovery r JOIN enterprise x ON x.id = r.against "
												"WHERE r.claim_id = c.id), 'evidence', coalesce((SELECT "
												"json_agg(x.id ORDER BY x.id) FROM ins_evidence x WHERE "
												"x.claim_id = c.id), '[]')), CASE WHEN $2 THEN "
												"encode(c.contact, 'hex') END FROM ins_claim c JOIN "
												"ins_policy p ON p.id = c.policy_id JOIN insurer s ON s.id = "
												"c.insurer_id JOIN enterprise e ON e.id = c.enterprise_id "
												"WHERE c.id = $1"},
	[ST_INSERT_EVENT] = {"ins.event_insert",
			     "INSERT INTO ins_event (claim_id, at, actor_kind, "
			     "actor, kind, data) VALUES ($1, $2::timestamptz, "
			     "$3, $4, $5, $6::jsonb)"},
	[ST_UPDATE] = {"ins.update",
		       "UPDATE ins_claim SET state = $2, live = $3::boolean, "
		       "next_due = nullif($4, '')::date, next_clock = "
		       "nullif($5, ''), closed_at = CASE WHEN $2 = 'closed' "
		       "THEN coalesce(closed_at, $6::timestamptz) END, "
		       "outcome = CASE WHEN $2 = 'closed' THEN "
		       "coalesce(outcome, nullif($7, '')::jsonb) END WHERE id "
		       "= $1"},
	[ST_POLICY_LOCK] = {"ins.policy_lock",
			    "SELECT per_claim_fen, aggregate_fen, "
			    "deductible_fen, used_fen, deductible_used_fen "
			    "FROM ins_policy WHERE id = $1 FOR UPDATE"},
	[ST_LEDGER] = {"ins.ledger",
		       "WITH l AS (INSERT INTO ins_ledger (policy_id, "
		       "claim_id, at, loss_fen, deductible_fen, payable_fen, "
		       "limited_by) VALUES ($1, $2, $3::timestamptz, $4, $5, "
		       "$6, nullif($7, '')) RETURNING *) UPDATE ins_policy p "
		       "SET used_fen = p.used_fen + l.payable_fen, "
		       "deductible_used_fen = p.deductible_used_fen + "
		       "l.deductible_fen FROM l WHERE p.id = l.policy_id"},
	[ST_APPROVED] =
		{"ins.approved",
		 "UPDATE ins_claim SET approved_fen = $2 WHERE id = $1"},
	[ST_PAID] = {"ins.paid", "UPDATE ins_claim SET paid_fen = paid_fen + "
				 "$2 WHERE id = $1"},
	[ST_RECOVERY_OPEN] = {"ins.recovery_open",
			      "INSERT INTO ins_recovery (claim_id, insurer_id, "
			      "against, basis, amount_fen, opened_at) SELECT "
			      "id, insurer_id, enterprise_id, $2, $3, "
			      "$4::timestamptz FROM ins_claim WHERE id = $1"},
	[ST_RECOVER] = {"ins.recover",
			"UPDATE ins_recovery SET recovered_fen = recovered_fen "
			"+ $2 WHERE claim_id = $1 AND recovered_fen + $2 <= "
			"amount_fen"},
	[ST_ADVANCE] = {"ins.advance",
			"UPDATE ins_claim SET advance_fen = advance_fen + $2, "
			"advance_payer = $3 WHERE id = $1 AND advance_fen + $2 "
			"<= amount_fen"},
	[ST_FLAG] = {"ins.flag",
		     "UPDATE ins_claim SET flags = array_append(flags, "
		     "'flagged') WHERE id = $1 AND NOT 'flagged' = ANY "
		     "(flags)"},
	/* The appeal of rejected claim $1: a new claim on the same item,
	 * policy and materials, with token hash $2, received at $3. */
	[ST_APPEAL] =
		{"ins.appeal",
		 "INSERT INTO ins_claim (number, token_hash, policy_id, "
		 "insurer_id, enterprise_id, case_id, appeal_of, state, "
		 "received_at, rules_from, code, gtin, lot, batch_id, idx, "
		 "reason, amount_fen, order_no, purchased_on, description, "
		 "id_hash, phone_hash, contact, snapshot, checks, flags, "
		 "advance_fen, advance_payer) SELECT 'LP' || "
		 "to_char(cn_day($3::timestamptz), 'YYYYMMDD') || "
		 "lpad((nextval('ins_claim_seq') % 1000000)::text, 6, '0'), "
		 "$2, policy_id, insurer_id, enterprise_id, case_id, id, "
		 "'submitted', $3::timestamptz, rules_from, code, gtin, lot, "
		 "batch_id, idx, reason, amount_fen, order_no, purchased_on, "
		 "description, id_hash, phone_hash, contact, snapshot, "
		 "checks, array_append(array_remove(flags, 'flagged'), "
		 "'appeal'), advance_fen, advance_payer FROM ins_claim WHERE "
		 "id = $1 RETURNING id, number"},
	[ST_APPEAL_EVIDENCE] = {"ins.appeal_evidence",
				"INSERT INTO ins_evidence (claim_id, added_by, "
				"png, width, height) SELECT $2, added_by, png, "
				"width, height FROM ins_evidence WHERE "
				"claim_id = $1 ORDER BY id"},
	/* What an approved quality claim on a lot tells: the claims
	 * approved on it and the other open ones (at most 50). */
	[ST_LOT] = {"ins.lot",
		    "SELECT json_build_object('approved_claims', (SELECT "
		    "count(*) FROM (SELECT 1 FROM ins_claim WHERE gtin = $1 "
		    "AND coalesce(lot, '') = $2 AND approved_fen > 0 AND "
		    "reason IN ('quality_defect', 'safety', 'not_as_declared') "
		    "LIMIT 1000) a), 'open_claims', (SELECT coalesce(json_agg("
		    "number ORDER BY id), '[]') FROM (SELECT number, id FROM "
		    "ins_claim WHERE gtin = $1 AND coalesce(lot, '') = $2 AND "
		    "closed_at IS NULL AND id <> $3::bigint ORDER BY id LIMIT "
		    "50) o))"},
	/* $5 limit, $6 offset. The total is counted up to 1000. */
	[ST_QUEUE] =
		{"ins.queue",
		 "SELECT json_build_object('total', (SELECT count(*) FROM "
		 "(SELECT 1" QUEUE_WHERE " LIMIT 1000) t), 'overdue', (SELECT "
		 "count(*) FROM (SELECT 1 FROM ins_claim x WHERE ($1::bigint = "
		 "0 OR x.insurer_id = $1::bigint) AND ($2::bigint = 0 OR "
		 "x.enterprise_id = $2::bigint) AND x.closed_at IS NULL AND "
		 "x.next_due < $4::date LIMIT 1000) o), 'items', "
		 "coalesce((SELECT json_agg(i ORDER BY o) FROM (SELECT "
		 "json_build_object('number', x.number, 'state', x.state, "
		 "'reason', x.reason, 'amount_fen', x.amount_fen, "
		 "'approved_fen', x.approved_fen, 'paid_fen', x.paid_fen, "
		 "'advance_fen', x.advance_fen, 'next_due', "
		 "x.next_due::text, 'next_clock', x.next_clock, 'overdue', "
		 "x.next_due < $4::date AND x.closed_at IS NULL, "
		 "'received_on', cn_day(x.received_at)::text, 'flags', "
		 "to_json(x.flags), 'gtin', x.gtin, 'lot', x.lot, "
		 "'enterprise', (SELECT json_build_object('id', e.id, "
		 "'name_zh', e.name_zh, 'name_en', e.name_en) FROM enterprise "
		 "e WHERE e.id = x.enterprise_id), 'insurer', (SELECT "
		 "json_build_object('id', s.id, 'name_zh', s.name_zh, "
		 "'name_en', s.name_en) FROM insurer s WHERE s.id = "
		 "x.insurer_id)) AS i, row_number() OVER () AS o" QUEUE_WHERE
		 " ORDER BY x.closed_at IS NULL DESC, x.next_due NULLS LAST, "
		 "x.id DESC LIMIT $5 OFFSET $6) q), '[]'), 'recoveries', "
		 "coalesce((SELECT json_agg(json_build_object('claim', "
		 "c.number, 'against', json_build_object('id', e.id, "
		 "'name_zh', e.name_zh, 'name_en', e.name_en), 'basis', "
		 "r.basis, 'amount_fen', r.amount_fen, 'recovered_fen', "
		 "r.recovered_fen, 'balance_fen', r.amount_fen - "
		 "r.recovered_fen) ORDER BY r.id DESC) FROM (SELECT * FROM "
		 "ins_recovery r WHERE r.recovered_fen < r.amount_fen AND "
		 "($1::bigint = 0 OR r.insurer_id = "
		 "$1::bigint) AND ($2::bigint = 0 OR r.against = $2::bigint) "
		 "ORDER BY r.id DESC LIMIT 100) r JOIN ins_claim c ON c.id = "
		 "r.claim_id JOIN enterprise e ON e.id = r.against), '[]'))"},
	[ST_COUNT_PARTY] = {"ins.count_party",
			    "SELECT count(*) FROM ins_event WHERE claim_id = "
			    "$1 AND actor_kind IN ('consumer', 'enterprise')"},
};

/* Everything the fold and the clocks need, read under the caller's lock. */
struct loaded {
	long long id, policy_id, enterprise_id;
	long long amount_fen, advance_fen, paid_fen, approved_fen;
	char advance_payer[16], gtin[15], lot[21], reason[32];
	char number[INS_NUMBER_MAX], rules_from[11];
	uint32_t batch, index;
	double received_at;
	bool appeal;
	struct ins_fold fold;
	struct cmpl_event_in *ev;
	size_t nev;
	long long party_events;
	struct cmpl_calendar cal;
	struct ins_rules rules;
	struct cmpl_clock clocks[INS_CLOCK_COUNT];
};

static void loaded_free(struct loaded *l)
{
	free(l->ev);
	cmpl_calendar_free(&l->cal);
}

static int32_t today(void)
{
	return cmpl_day_of_time((double)bt_clock_now());
}

static enum bt_err rules_load(struct bt_db *db, const char *day,
			      struct ins_rules *out)
{
	memset(out, 0, sizeof(*out));
	const char *p[] = {day};
	PGresult *r = NULL;
	enum bt_err err = bt_db_query_take(db, &stmts[ST_RULES], 1, p, &r);
	if (err == BT_OK && PQntuples(r) == 0)
		err = BT_ENOTFOUND;
	for (int i = 0; err == BT_OK && i < PQntuples(r); i++) {
		enum ins_clock_id id;
		if (!ins_clock_parse(bt_db_text(r, i, 0), &id))
			continue;
		struct cmpl_rule *c = &out->clock[id];
		c->days = (int)bt_db_int(r, i, 1);
		c->natural = true;
		bt_strlcpy(c->article, bt_db_text(r, i, 2), sizeof(c->article));
		bt_strlcpy(c->regulation, bt_db_text(r, i, 3),
			   sizeof(c->regulation));
		bt_strlcpy(c->version, bt_db_text(r, i, 4), sizeof(c->version));
		bt_strlcpy(out->regulation, c->regulation,
			   sizeof(out->regulation));
		bt_strlcpy(out->effective_from, bt_db_text(r, i, 4),
			   sizeof(out->effective_from));
	}
	PQclear(r);
	return err;
}

static enum bt_err load_events(struct bt_db *db, struct loaded *l)
{
	char id[24];
	snprintf(id, sizeof(id), "%lld", l->id);
	const char *p[] = {id};
	PGresult *r = NULL;
	enum bt_err err = bt_db_query_take(db, &stmts[ST_EVENTS], 1, p, &r);
	if (err != BT_OK)
		return err;
	size_t n = (size_t)PQntuples(r);
	l->ev = calloc(n + 1, sizeof(*l->ev));
	if (l->ev == NULL) {
		PQclear(r);
		return BT_ENOMEM;
	}
	ins_fold_init(&l->fold, l->appeal);
	for (size_t i = 0; i < n; i++) {
		enum ins_ev ev;
		enum ins_actor actor = INS_BY_SYSTEM;
		if (!ins_ev_parse(bt_db_text(r, (int)i, 0), &ev))
			continue;
		ins_actor_parse(bt_db_text(r, (int)i, 1), &actor);
		/* Stored events were allowed when appended: replay them with
		 * their own actors. Whether an approval was partial is the
		 * stored state's to say. */
		ins_apply(&l->fold, actor, ev, false);
		double at = 0;
		sscanf(bt_db_text(r, (int)i, 2), "%lf", &at);
		l->ev[l->nev++] =
			(struct cmpl_event_in){(int)ev, cmpl_day_of_time(at)};
		if (strcmp(bt_db_text(r, (int)i, 3), "t") == 0)
			l->party_events++;
	}
	PQclear(r);
	return BT_OK;
}

static enum bt_err load(struct bt_db *db, long long id, struct loaded *l)
{
	memset(l, 0, sizeof(*l));
	l->id = id;
	char idt[24];
	snprintf(idt, sizeof(idt), "%lld", id);
	const char *p[] = {idt};
	PGresult *r = NULL;
	enum bt_err err = bt_db_query_take(db, &stmts[ST_CORE], 1, p, &r);
	if (err == BT_OK && PQntuples(r) != 1)
		err = BT_ENOTFOUND;
	if (err != BT_OK) {
		PQclear(r);
		return err;
	}
	bt_strlcpy(l->rules_from, bt_db_text(r, 0, 0), sizeof(l->rules_from));
	l->policy_id = bt_db_int(r, 0, 1);
	l->amount_fen = bt_db_int(r, 0, 2);
	l->advance_fen = bt_db_int(r, 0, 3);
	bt_strlcpy(l->advance_payer, bt_db_text(r, 0, 4),
		   sizeof(l->advance_payer));
	bt_strlcpy(l->gtin, bt_db_text(r, 0, 5), sizeof(l->gtin));
	bt_strlcpy(l->lot, bt_db_text(r, 0, 6), sizeof(l->lot));
	l->batch = (uint32_t)bt_db_int(r, 0, 7);
	l->index = (uint32_t)bt_db_int(r, 0, 8);
	bt_strlcpy(l->reason, bt_db_text(r, 0, 9), sizeof(l->reason));
	l->paid_fen = bt_db_int(r, 0, 10);
	l->approved_fen = bt_db_int(r, 0, 11);
	sscanf(bt_db_text(r, 0, 12), "%lf", &l->received_at);
	l->appeal = strcmp(bt_db_text(r, 0, 13), "t") == 0;
	l->enterprise_id = bt_db_int(r, 0, 14);
	bt_strlcpy(l->number, bt_db_text(r, 0, 15), sizeof(l->number));
	enum ins_state stored = INS_ST_COUNT;
	ins_state_parse(bt_db_text(r, 0, 16), &stored);
	PQclear(r);
	err = rules_load(db, l->rules_from, &l->rules);
	if (err == BT_OK)
		err = cmpl_calendar_load(db, &l->cal);
	if (err == BT_OK)
		err = load_events(db, l);
	if (err == BT_OK) {
		/* The replay cannot tell a partial approval; the stored
		 * state can. */
		if (l->fold.state == INS_ST_APPROVED &&
		    stored == INS_ST_PARTLY_APPROVED)
			l->fold.state = stored;
		if (l->fold.decided == INS_ST_APPROVED &&
		    l->approved_fen >= 0 && l->approved_fen < l->amount_fen)
			l->fold.decided = INS_ST_PARTLY_APPROVED;
		ins_clocks(&l->cal, &l->rules, l->ev, l->nev, today(),
			   l->clocks);
	}
	return err;
}

static void viewer_params(const struct ins_viewer *v,
			  char hash[BT_HASH_HEX_LEN], char ent[24],
			  char ins[24])
{
	hash[0] = '\0';
	if (v->actor == INS_BY_CONSUMER)
		bt_token_hash(v->token, hash);
	snprintf(ent, 24, "%lld",
		 v->actor == INS_BY_ENTERPRISE ? v->enterprise_id : 0);
	snprintf(ins, 24, "%lld",
		 v->actor == INS_BY_INSURER ? v->insurer_id : 0);
}

enum bt_err ins_claim_find(struct bt_db *db, const char *number,
			   const struct ins_viewer *v, bool lock, long long *id)
{
	/* Consumers need the token; enterprises and insurers an id. */
	if (number == NULL || strlen(number) >= INS_NUMBER_MAX ||
	    (v->actor == INS_BY_CONSUMER &&
	     (v->token == NULL || strlen(v->token) != 32)) ||
	    (v->actor == INS_BY_ENTERPRISE && v->enterprise_id <= 0) ||
	    (v->actor == INS_BY_INSURER && v->insurer_id <= 0) ||
	    v->actor == INS_BY_SYSTEM)
		return BT_ENOTFOUND;
	char hash[BT_HASH_HEX_LEN], ent[24], ins[24];
	viewer_params(v, hash, ent, ins);
	const char *p[] = {number, hash, ent, ins};
	PGresult *r = NULL;
	enum bt_err err = bt_db_query_take(db, &stmts[lock ? ST_LOCK : ST_FIND],
					   4, p, &r);
	if (err == BT_OK && PQntuples(r) != 1)
		err = BT_ENOTFOUND;
	if (err == BT_OK)
		*id = bt_db_int(r, 0, 0);
	PQclear(r);
	return err;
}

static json_t *allowed_json(const struct ins_fold *f, enum ins_actor actor)
{
	const char *names[INS_EV_COUNT + 1];
	ins_allowed_list(f, actor, names);
	json_t *list = json_array();
	for (size_t i = 0; names[i]; i++)
		json_array_append_new(list, json_string(names[i]));
	return list;
}

static json_t *clocks_json(const struct loaded *l)
{
	json_t *list = json_array();
	for (int i = 0; i < INS_CLOCK_COUNT; i++)
		if (l->clocks[i].state != CMPL_CLOCK_IDLE)
			json_array_append_new(
				list,
				cmpl_clock_json(
					&l->cal,
					ins_clock_name((enum ins_clock_id)i),
					&l->rules.clock[i], &l->clocks[i]));
	return list;
}

static enum bt_err view_of(struct bt_db *db, long long id,
			   const struct ins_viewer *v, json_t **out)
{
	*out = NULL;
	struct loaded l;
	enum bt_err err = load(db, id, &l);
	bool staff = v->actor == INS_BY_INSURER || v->actor == INS_BY_REGULATOR;
	char idt[24];
	snprintf(idt, sizeof(idt), "%lld", id);
	const char *p[] = {idt, staff ? "true" : "false"};
	PGresult *r = NULL;
	if (err == BT_OK)
		err = bt_db_query_take(db, &stmts[ST_VIEW], 2, p, &r);
	if (err == BT_OK && PQntuples(r) != 1)
		err = BT_ENOTFOUND;
	if (err == BT_OK) {
		*out = json_loads(bt_db_text(r, 0, 0), 0, NULL);
		if (*out == NULL)
			err = BT_EINTERNAL;
	}
	if (err == BT_OK) {
		if (!bt_db_is_null(r, 0, 1))
			cmpl_contact_add_opened(*out, bt_db_text(r, 0, 1));
		json_object_set_new(*out, "clocks", clocks_json(&l));
		json_object_set_new(*out, "allowed",
				    allowed_json(&l.fold, v->actor));
		json_object_set_new(*out, "viewer",
				    json_string(ins_actor_name(v->actor)));
		json_object_set_new(*out, "regulation",
				    json_string(l.rules.regulation));
	}
	PQclear(r);
	loaded_free(&l);
	return err;
}

enum bt_err ins_claim_view(struct bt_db *db, const char *number,
			   const struct ins_viewer *v, json_t **out)
{
	*out = NULL;
	long long id = 0;
	enum bt_err err = ins_claim_find(db, number, v, false, &id);
	return err == BT_OK ? view_of(db, id, v, out) : err;
}

/* The nearest due day of the clocks still waiting for their event. */
static int32_t nearest_due(const struct cmpl_clock c[INS_CLOCK_COUNT],
			   const char **name)
{
	int32_t next = -1;
	for (int i = 0; i < INS_CLOCK_COUNT; i++) {
		int32_t due = cmpl_clock_pending_due(&c[i]);
		if (due >= 0 && (next < 0 || due < next)) {
			next = due;
			*name = ins_clock_name((enum ins_clock_id)i);
		}
	}
	return next;
}

/* What a closed claim counts as in credit, frozen so that later rules
 * cannot rewrite it: the decision, what was paid, the days from the claim
 * to its payment and whether payment came after its limit. */
static char *outcome_text(const struct loaded *l)
{
	const char *decision = l->fold.decided == INS_ST_COUNT
				       ? "withdrawn"
				       : ins_state_name(l->fold.decided);
	json_t *o =
		json_pack("{s:s, s:I, s:s}", "decision", decision, "paid_fen",
			  (json_int_t)l->paid_fen, "reason", l->reason);
	const struct cmpl_clock *pay = &l->clocks[INS_CLOCK_PAYMENT];
	if (pay->stopped >= 0) {
		int32_t from = cmpl_day_of_time(l->received_at);
		json_object_set_new(o, "days_to_pay",
				    json_integer(pay->stopped - from));
		json_object_set_new(
			o, "paid_late",
			json_boolean(pay->state == CMPL_CLOCK_BREACHED));
	}
	char *text = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	return text;
}

static enum bt_err write_state(struct bt_db *db, const struct loaded *l,
			       const char *now)
{
	const char *clock = "";
	/* A closed or withdrawn claim waits for nothing. */
	int32_t next = l->fold.state == INS_ST_CLOSED ||
				       l->fold.state == INS_ST_WITHDRAWN
			       ? -1
			       : nearest_due(l->clocks, &clock);
	char idt[24], due[11] = "";
	snprintf(idt, sizeof(idt), "%lld", l->id);
	if (next >= 0)
		cmpl_day_format(next, due);
	char *outcome = l->fold.state == INS_ST_CLOSED ? outcome_text(l) : NULL;
	const char *p[] = {idt,
			   ins_state_name(l->fold.state),
			   ins_state_live(&l->fold) ? "true" : "false",
			   due,
			   clock,
			   now,
			   outcome ? outcome : ""};
	enum bt_err err = bt_db_run(db, &stmts[ST_UPDATE], 7, p, NULL);
	free(outcome);
	return err;
}

enum bt_err ins_claim_refresh(struct bt_db *db, long long id)
{
	struct loaded l;
	char now[BT_CLOCK_ISO_LEN];
	bt_clock_iso(now);
	enum bt_err err = load(db, id, &l);
	if (err == BT_OK)
		err = write_state(db, &l, now);
	loaded_free(&l);
	return err;
}

static enum bt_err insert_event(struct bt_db *db, long long id, const char *now,
				enum ins_actor actor, const char *name,
				enum ins_ev ev, const json_t *data)
{
	char idt[24];
	snprintf(idt, sizeof(idt), "%lld", id);
	char *text = json_dumps(data, JSON_COMPACT | JSON_SORT_KEYS);
	if (text == NULL)
		return BT_ENOMEM;
	const char *p[] = {
		idt, now, ins_actor_name(actor), name, ins_ev_name(ev), text};
	enum bt_err err = bt_db_run(db, &stmts[ST_INSERT_EVENT], 6, p, NULL);
	free(text);
	return err;
}

static json_int_t member(const json_t *data, const char *name)
{
	return json_integer_value(json_object_get(data, name));
}

/* An approval: the ledger row and the policy's sums, under the policy's
 * lock, so that concurrent approvals queue on it and can never pass the
 * aggregate limit (the policy row's checks hold it even so). */
static enum bt_err approve(struct bt_db *db, struct loaded *l, json_t *data,
			   const char *now, bool *partly, const char **reason)
{
	long long loss = member(data, "loss_fen");
	if (loss > l->amount_fen) {
		*reason = "loss_fen: at most the amount claimed";
		return BT_EINVAL;
	}
	char pid[24], cid[24];
	snprintf(pid, sizeof(pid), "%lld", l->policy_id);
	snprintf(cid, sizeof(cid), "%lld", l->id);
	const char *p[] = {pid};
	PGresult *r = NULL;
	enum bt_err err =
		bt_db_query_take(db, &stmts[ST_POLICY_LOCK], 1, p, &r);
	if (err == BT_OK && PQntuples(r) != 1)
		err = BT_EINTERNAL;
	struct ins_limits lim = {0};
	if (err == BT_OK) {
		lim.per_claim_fen = bt_db_int(r, 0, 0);
		lim.aggregate_fen = bt_db_int(r, 0, 1);
		lim.deductible_fen = bt_db_int(r, 0, 2);
		lim.used_fen = bt_db_int(r, 0, 3);
		lim.deductible_used_fen = bt_db_int(r, 0, 4);
	}
	PQclear(r);
	if (err != BT_OK)
		return err;
	struct ins_payable pay = ins_payable_for(&lim, loss);
	if (pay.payable_fen <= 0) {
		*reason = pay.deductible_fen >= loss
				  ? "the policy's deductible takes the whole "
				    "loss: reject the claim with reason "
				    "within_deductible"
				  : "nothing is left of the policy's aggregate "
				    "limit: reject the claim with reason "
				    "limit_exhausted";
		return BT_ECONFLICT;
	}
	char los[24], ded[24], pf[24];
	snprintf(los, sizeof(los), "%lld", loss);
	snprintf(ded, sizeof(ded), "%lld", pay.deductible_fen);
	snprintf(pf, sizeof(pf), "%lld", pay.payable_fen);
	const char *q[] = {pid,
			   cid,
			   now,
			   los,
			   ded,
			   pf,
			   pay.limited_by ? pay.limited_by : ""};
	err = bt_db_run(db, &stmts[ST_LEDGER], 7, q, NULL);
	const char *a[] = {cid, pf};
	if (err == BT_OK)
		err = bt_db_run(db, &stmts[ST_APPROVED], 2, a, NULL);
	if (err == BT_OK) {
		l->approved_fen = pay.payable_fen;
		*partly = pay.payable_fen < l->amount_fen;
		json_object_set_new(data, "payable_fen",
				    json_integer(pay.payable_fen));
		json_object_set_new(data, "deductible_fen",
				    json_integer(pay.deductible_fen));
		if (pay.limited_by)
			json_object_set_new(data, "limited_by",
					    json_string(pay.limited_by));
	}
	return err;
}

/* A payment: what is left of the approved amount goes to whoever paid
 * the consumer in advance first, the rest to the consumer; then the
 * insurer's recovery from the liable party opens. */
static enum bt_err pay(struct bt_db *db, struct loaded *l, json_t *data,
		       const char *now)
{
	long long amount = l->approved_fen - l->paid_fen;
	if (amount < 0)
		amount = 0;
	long long to_payer = l->advance_fen < amount ? l->advance_fen : amount;
	json_t *to = json_array();
	if (to_payer > 0)
		json_array_append_new(
			to, json_pack("{s:s, s:I}", "payee", l->advance_payer,
				      "amount_fen", (json_int_t)to_payer));
	if (amount - to_payer > 0)
		json_array_append_new(
			to, json_pack("{s:s, s:I}", "payee", "consumer",
				      "amount_fen",
				      (json_int_t)(amount - to_payer)));
	json_object_set_new(data, "amount_fen", json_integer(amount));
	json_object_set_new(data, "to", to);
	char cid[24], am[24], total[24];
	snprintf(cid, sizeof(cid), "%lld", l->id);
	snprintf(am, sizeof(am), "%lld", amount);
	snprintf(total, sizeof(total), "%lld", l->approved_fen);
	const char *p[] = {cid, am};
	enum bt_err err = bt_db_run(db, &stmts[ST_PAID], 2, p, NULL);
	l->paid_fen += amount;
	const char *q[] = {cid, RECOVERY_BASIS, total, now};
	if (err == BT_OK && l->approved_fen > 0)
		err = bt_db_run(db, &stmts[ST_RECOVERY_OPEN], 4, q, NULL);
	return err;
}

/* An approved quality claim flags its lot for regulators. */
static enum bt_err flag_lot(struct bt_db *db, const struct loaded *l,
			    const char *now)
{
	if (strcmp(l->reason, "damaged") == 0 ||
	    strcmp(l->reason, "counterfeit_suspicion") == 0)
		return BT_OK;
	char cid[24];
	snprintf(cid, sizeof(cid), "%lld", l->id);
	const char *p[] = {l->gtin, l->lot, cid};
	json_t *lot = NULL;
	enum bt_err err = bt_db_query_json(db, &stmts[ST_LOT], 3, p, &lot);
	if (err == BT_OK)
		err = cmpl_alert_claim(db, l->gtin, l->lot, l->batch,
				       l->enterprise_id, lot, now);
	json_decref(lot);
	return err;
}

/* The appeal of a rejected claim: a new claim on the same item with its
 * own token, its "submitted" and "checked" events. */
static enum bt_err appeal(struct bt_db *db, const struct loaded *l,
			  const struct ins_viewer *v, const json_t *data,
			  const char *now, struct ins_receipt *out)
{
	char hash[BT_HASH_HEX_LEN], cid[24];
	bt_access_code_new(out->token, hash);
	snprintf(cid, sizeof(cid), "%lld", l->id);
	const char *p[] = {cid, hash, now};
	PGresult *r = NULL;
	enum bt_err err = bt_db_query_take(db, &stmts[ST_APPEAL], 3, p, &r);
	long long id = 0;
	if (err == BT_OK) {
		id = bt_db_int(r, 0, 0);
		bt_strlcpy(out->number, bt_db_text(r, 0, 1),
			   sizeof(out->number));
	}
	PQclear(r);
	char nid[24];
	snprintf(nid, sizeof(nid), "%lld", id);
	const char *e[] = {cid, nid};
	if (err == BT_OK)
		err = bt_db_run(db, &stmts[ST_APPEAL_EVIDENCE], 2, e, NULL);
	json_t *sub = json_pack("{s:s, s:O}", "appeal_of", l->number, "text",
				json_object_get(data, "text"));
	if (err == BT_OK)
		err = insert_event(db, id, now, INS_BY_CONSUMER, v->name,
				   INS_EV_SUBMITTED, sub);
	json_decref(sub);
	json_t *none = json_object();
	if (err == BT_OK)
		err = insert_event(db, id, now, INS_BY_SYSTEM, "checks",
				   INS_EV_CHECKED, none);
	json_decref(none);
	if (err == BT_OK)
		err = ins_claim_refresh(db, id);
	return err;
}

/* What an event does besides being appended. */
static enum bt_err side_effects(struct bt_db *db, struct loaded *l,
				const struct ins_viewer *v, enum ins_ev ev,
				json_t *data, const char *now, bool *partly,
				struct ins_receipt *appealed,
				const char **reason)
{
	char cid[24];
	snprintf(cid, sizeof(cid), "%lld", l->id);
	switch (ev) {
	case INS_EV_APPROVED: return approve(db, l, data, now, partly, reason);
	case INS_EV_PAID: return pay(db, l, data, now);
	case INS_EV_INTERIM_PAID: {
		long long amount = member(data, "amount_fen");
		if (l->paid_fen + amount > l->amount_fen) {
			*reason = "amount_fen: what is paid first is part of "
				  "the amount claimed";
			return BT_EINVAL;
		}
		char am[24];
		snprintf(am, sizeof(am), "%lld", amount);
		const char *p[] = {cid, am};
		l->paid_fen += amount;
		return bt_db_run(db, &stmts[ST_PAID], 2, p, NULL);
	}
	case INS_EV_ADVANCE_RECORDED: {
		char am[24];
		snprintf(am, sizeof(am), "%lld",
			 (long long)member(data, "amount_fen"));
		const char *payer =
			json_string_value(json_object_get(data, "payer"));
		const char *p[] = {cid, am, payer};
		unsigned long n = 0;
		enum bt_err err = bt_db_run(db, &stmts[ST_ADVANCE], 3, p, &n);
		if (err == BT_OK && n == 0) {
			*reason = "amount_fen: what was paid in advance is at "
				  "most the amount claimed";
			err = BT_EINVAL;
		}
		return err;
	}
	case INS_EV_RECOVERED: {
		char am[24];
		snprintf(am, sizeof(am), "%lld",
			 (long long)member(data, "amount_fen"));
		const char *p[] = {cid, am};
		unsigned long n = 0;
		enum bt_err err = bt_db_run(db, &stmts[ST_RECOVER], 2, p, &n);
		if (err == BT_OK && n == 0) {
			*reason = "amount_fen: at most the recovery's balance";
			err = BT_EINVAL;
		}
		return err;
	}
	case INS_EV_FLAGGED: {
		const char *p[] = {cid};
		return bt_db_run(db, &stmts[ST_FLAG], 1, p, NULL);
	}
	case INS_EV_APPEALED: return appeal(db, l, v, data, now, appealed);
	default: return BT_OK;
	}
}

static enum bt_err act(struct bt_db *db, long long id,
		       const struct ins_viewer *v, enum ins_ev ev,
		       const json_t *given, struct ins_receipt *appealed,
		       const char **reason)
{
	struct loaded l;
	enum bt_err err = load(db, id, &l);
	if (err != BT_OK)
		return err;
	if (!ins_allowed(&l.fold, v->actor, ev, reason)) {
		loaded_free(&l);
		return BT_ECONFLICT;
	}
	if ((v->actor == INS_BY_CONSUMER || v->actor == INS_BY_ENTERPRISE) &&
	    l.party_events >= EVENTS_MAX) {
		*reason = "this claim holds as many messages as it may; the "
			  "insurer will answer";
		loaded_free(&l);
		return BT_ETOOBIG;
	}
	json_t *data = json_deep_copy(given);
	char now[BT_CLOCK_ISO_LEN];
	bt_clock_iso(now);
	bool partly = false;
	err = data ? side_effects(db, &l, v, ev, data, now, &partly, appealed,
				  reason)
		   : BT_ENOMEM;
	if (err == BT_OK && appealed->number[0])
		json_object_set_new(data, "appeal",
				    json_string(appealed->number));
	if (err == BT_OK)
		err = insert_event(db, id, now, v->actor,
				   v->name ? v->name : ins_actor_name(v->actor),
				   ev, data);
	if (err == BT_OK) {
		ins_apply(&l.fold, v->actor, ev, partly);
		/* load_events left room for this one. */
		l.ev[l.nev++] = (struct cmpl_event_in){(int)ev, today()};
		ins_clocks(&l.cal, &l.rules, l.ev, l.nev, today(), l.clocks);
		err = write_state(db, &l, now);
	}
	if (err == BT_OK && ev == INS_EV_APPROVED)
		err = flag_lot(db, &l, now);
	/* A closed claim counts in the enterprise's rating from now. */
	bool changed = false;
	if (err == BT_OK && l.fold.state == INS_ST_CLOSED)
		err = disc_rating_recompute(db, l.enterprise_id, now, &changed);
	json_decref(data);
	loaded_free(&l);
	return err;
}

enum bt_err ins_claim_act(struct bt_db *db, const char *number,
			  const struct ins_viewer *v, const char *event,
			  const json_t *data, json_t **out,
			  struct ins_receipt *appeal, const char **reason)
{
	*out = NULL;
	struct ins_receipt unused;
	if (appeal == NULL)
		appeal = &unused; /* the caller does not want it */
	memset(appeal, 0, sizeof(*appeal));
	enum ins_ev ev;
	if (!ins_ev_parse(event, &ev)) {
		*reason = "event: the action to take (the claim lists those "
			  "allowed now)";
		return BT_EINVAL;
	}
	enum bt_err err = cmpl_fields_check(ins_event_fields(ev), data, reason);
	if (err != BT_OK)
		return err;
	long long id = 0;
	err = bt_db_begin(db);
	if (err == BT_OK)
		err = ins_claim_find(db, number, v, true, &id);
	if (err == BT_OK)
		err = act(db, id, v, ev, data, appeal, reason);
	err = bt_db_finish(db, err);
	if (err == BT_OK)
		err = view_of(db, id, v, out);
	return err;
}

static const char *const views[] = {"open",    "new",	 "overdue", "frozen",
				    "flagged", "closed", "all",	    NULL};

enum bt_err ins_queue(struct bt_db *db, const struct ins_queue_filter *f,
		      json_t **out)
{
	*out = NULL;
	const char *view = f->view ? f->view : "open";
	bool known = false;
	for (const char *const *w = views; *w; w++)
		known = known || strcmp(*w, view) == 0;
	if (!known)
		return BT_EINVAL;
	char ins[24], ent[24], day[11], lim[16], off[24];
	snprintf(ins, sizeof(ins), "%lld", f->insurer_id);
	snprintf(ent, sizeof(ent), "%lld", f->enterprise_id);
	cmpl_day_format(today(), day);
	snprintf(lim, sizeof(lim), "%d", f->per_page);
	snprintf(off, sizeof(off), "%lld",
		 (long long)(f->page - 1) * f->per_page);
	const char *p[] = {ins, ent, view, day, lim, off};
	return bt_db_query_json(db, &stmts[ST_QUEUE], 6, p, out);
}

/* A new access code for the claim filed with this phone hash
 * (complaints/recover.c runs it). */
const struct bt_stmt ins_claim_renew = {
	"ins.new_token",
	"UPDATE ins_claim SET token_hash = $3 WHERE number = $1 "
	"AND phone_hash = $2 RETURNING number"};
