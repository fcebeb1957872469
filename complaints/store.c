/* store.c: cases in the database (see store.h). */
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "complaints/contact.h"
#include "complaints/credit.h"
#include "complaints/event_data.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/json.h"

/* Events a case may hold from its parties; more is abuse. The office's
 * own actions are never refused for it, so a flooded case can close. */
#define EVENTS_MAX 500

enum {
	ST_RULES,
	ST_FIND,
	ST_LOCK,
	ST_EVENTS,
	ST_VIEW,
	ST_INSERT_EVENT,
	ST_UPDATE,
	ST_OFFICE,
	ST_PAY,
	ST_RECOVER,
	ST_QUEUE_OPEN,
	ST_QUEUE_ALL,
	ST_ENTERPRISE,
	ST_OFFICES,
	ST_TOTAL,
	ST_CORE,
	ST_ADVANCE,
};

/* One queue row; x is the case, $7 today. */
#define QUEUE_ITEM                                                             \
	"json_build_object('number', x.number, 'kind', x.kind, 'state', "      \
	"x.state, 'category', x.category, 'next_due', x.next_due::text, "      \
	"'next_clock', x.next_clock, 'overdue', x.next_due < $7::date, "       \
	"'received_on', cn_day(x.received_at)::text, 'flags', "                \
	"to_json(x.flags), 'enterprise', (SELECT json_build_object('id', "     \
	"e.id, 'name_zh', e.name_zh, 'name_en', e.name_en) FROM enterprise e " \
	"WHERE e.id = x.enterprise_id))"
#define QUEUE_COUNT_MAX "1000"

/* A case v may see: $2 the consumer's token hash, $3 the enterprise's id
 * (an enterprise sees complaints it is party to, never reports: those are
 * tip-offs for the regulator); '' and 0 for staff. */
#define FIND_WHERE                                                             \
	" FROM cmpl_case WHERE number = $1 AND ($2 = '' OR token_hash = $2) "  \
	"AND ($3::bigint = 0 OR (enterprise_id = $3::bigint AND kind = "       \
	"'complaint'))"

static const struct bt_stmt stmts[] = {
	[ST_RULES] = {"cmpl.rules",
		      "SELECT clock, days, unit, extension_days, regulation, "
		      "version, article, effective_from::text FROM cmpl_rule "
		      "WHERE effective_from = (SELECT max(effective_from) FROM "
		      "cmpl_rule WHERE effective_from <= $1::date)"},
	[ST_FIND] = {"cmpl.find", "SELECT id" FIND_WHERE},
	[ST_LOCK] = {"cmpl.lock", "SELECT id" FIND_WHERE " FOR UPDATE"},
	[ST_EVENTS] = {"cmpl.events",
		       "SELECT kind, actor_kind, extract(epoch FROM at), "
		       "coalesce(data->>'result', '') FROM cmpl_event WHERE "
		       "case_id = $1 ORDER BY id"},
	/* $2: the viewer is staff (sees who acted); $3: the contact is
	 * wanted (staff, or the enterprise while its window runs). */
	[ST_VIEW] =
		{"cmpl.view",
		 "SELECT json_build_object('number', c.number, 'kind', c.kind, "
		 "'state', c.state, 'received_at', to_char(c.received_at AT "
		 "TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
		 "'received_local', to_char(c.received_at AT TIME ZONE "
		 "'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'), 'received_on', "
		 "cn_day(c.received_at)::text, 'rules_from', "
		 "c.rules_from::text, 'office', json_build_object('code', "
		 "o.code, 'name_zh', o.name_zh, 'name_en', o.name_en), "
		 "'enterprise', CASE WHEN e.id IS NULL THEN NULL ELSE "
		 "json_build_object('id', e.id, 'uscc', e.uscc, 'name_zh', "
		 "e.name_zh, 'name_en', e.name_en) END, 'platform', "
		 "c.platform, 'code', c.code, 'gtin', c.gtin, 'lot', c.lot, "
		 "'category', c.category, 'demand', c.demand, 'amount_fen', "
		 "c.amount_fen, 'description', c.description, "
		 "'purchased_on', c.purchased_on::text, 'flags', "
		 "to_json(c.flags), 'snapshot', c.snapshot, 'next_due', "
		 "c.next_due::text, 'next_clock', c.next_clock, 'closed_at', "
		 "to_char(c.closed_at AT TIME ZONE 'UTC', "
		 "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), 'outcome', c.outcome, "
		 "'events', coalesce((SELECT json_agg(json_build_object('id', "
		 "v.id, 'at', "
		 "to_char(v.at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD "
		 "HH24:MI'), 'actor_kind', v.actor_kind, 'actor', CASE WHEN "
		 "$2 THEN v.actor END, 'kind', v.kind, 'data', v.data) ORDER "
		 "BY v.id) FROM cmpl_event v WHERE v.case_id = c.id), '[]'), "
		 "'payments', coalesce((SELECT json_agg(json_build_object("
		 "'id', p.id, 'payer', p.payer, 'payer_name', p.payer_name, "
		 "'amount_fen', p.amount_fen, 'paid_on', cn_day(p.paid_at)"
		 "::text, 'recovered_fen', p.recovered_fen, 'balance_fen', "
		 "CASE WHEN p.recover_from IS NULL THEN 0 ELSE p.amount_fen - "
		 "p.recovered_fen END, 'recover_from', p.recover_from) ORDER "
		 "BY p.id) FROM cmpl_payment p WHERE p.case_id = c.id), "
		 "'[]'), 'evidence', coalesce((SELECT json_agg(x.id ORDER BY "
		 "x.id) FROM cmpl_evidence x WHERE x.case_id = c.id), '[]')), "
		 "CASE WHEN $3 THEN encode(c.contact, 'hex') END, c.kind, "
		 "coalesce(c.enterprise_id, 0), c.rules_from::text, "
		 "extract(epoch FROM c.received_at) FROM cmpl_case c JOIN "
		 "cmpl_office o ON o.code = c.office LEFT JOIN enterprise e ON "
		 "e.id = c.enterprise_id WHERE c.id = $1"},
	[ST_INSERT_EVENT] = {"cmpl.event_insert",
			     "INSERT INTO cmpl_event (case_id, at, "
			     "actor_kind, actor, kind, data) VALUES ($1, "
			     "$2::timestamptz, $3, $4, $5, $6::jsonb)"},
	[ST_UPDATE] = {"cmpl.update",
		       "UPDATE cmpl_case SET state = $2, next_due = "
		       "nullif($3, '')::date, next_clock = nullif($4, ''), "
		       "window_due = nullif($7, '')::date, "
		       "closed_at = CASE WHEN $2 = 'closed' THEN "
		       "coalesce(closed_at, $5::timestamptz) END, outcome = "
		       "CASE WHEN $2 = 'closed' THEN coalesce(outcome, "
		       "nullif($6, '')::jsonb) END WHERE id = $1"},
	[ST_OFFICE] = {"cmpl.office",
		       "UPDATE cmpl_case c SET office = o.code FROM "
		       "cmpl_office o WHERE c.id = $1 AND o.code = $2"},
	[ST_PAY] = {"cmpl.pay",
		    "INSERT INTO cmpl_payment (case_id, payer, payer_name, "
		    "amount_fen, paid_at, recorded_by, recover_from) SELECT "
		    "c.id, $2, $3, $4, $5::timestamptz, $6, CASE WHEN $2 = "
		    "'enterprise' THEN NULL ELSE c.enterprise_id END FROM "
		    "cmpl_case c WHERE c.id = $1"},
	[ST_RECOVER] = {"cmpl.recover",
			"UPDATE cmpl_payment SET recovered_fen = recovered_fen "
			"+ $3 WHERE id = $2 AND case_id = $1 AND recover_from "
			"IS NOT NULL AND recovered_fen + $3 <= amount_fen"},
	/* Open cases, nearest deadline first, through the partial index
	 * cmpl_case_open: $1 kind, $2 enterprise, $3 "due before" (overdue:
	 * today) and $4 "due by" (due soon: two working days ahead), each ''
	 * for none, $5 limit, $6 offset, $7 today. The total is counted up to
	 * QUEUE_COUNT_MAX, so that the first page costs the same at any
	 * number of open cases. */
	[ST_QUEUE_OPEN] =
		{"cmpl.queue_open",
		 "WITH f AS NOT MATERIALIZED (SELECT c.* FROM cmpl_case c "
		 "WHERE c.state <> "
		 "'closed' AND ($1 = '' OR c.kind = $1) AND ($2::bigint = 0 OR "
		 "c.enterprise_id = $2::bigint) AND ($3 = '' OR c.next_due < "
		 "nullif($3, '')::date) AND ($4 = '' OR c.next_due <= "
		 "nullif($4, '')::date)) SELECT json_build_object('total', "
		 "(SELECT count(*) FROM (SELECT 1 FROM f LIMIT " QUEUE_COUNT_MAX
		 ") n), 'items', coalesce((SELECT json_agg(" QUEUE_ITEM
		 " ORDER BY x.next_due NULLS LAST, x.id) FROM (SELECT * FROM f "
		 "ORDER BY next_due NULLS LAST, id LIMIT $5 OFFSET $6) x), "
		 "'[]'))"},
	/* Closed or all cases, newest first: $1 kind, $2 enterprise, $3
	 * closed only ('t' or 'f'), $5 limit, $6 offset, $7 today. */
	[ST_QUEUE_ALL] =
		{"cmpl.queue_all",
		 "WITH f AS NOT MATERIALIZED (SELECT c.* FROM cmpl_case c "
		 "WHERE ($1 = '' OR "
		 "c.kind = $1) AND ($2::bigint = 0 OR c.enterprise_id = "
		 "$2::bigint) AND (NOT $3::boolean OR c.state = 'closed') AND "
		 "$4 = '') SELECT json_build_object('total', (SELECT count(*) "
		 "FROM (SELECT 1 FROM f LIMIT " QUEUE_COUNT_MAX
		 ") n), 'items', coalesce((SELECT json_agg(" QUEUE_ITEM
		 " ORDER BY x.id DESC) FROM (SELECT * FROM f ORDER BY id DESC "
		 "LIMIT $5 OFFSET $6) x), '[]'))"},
	[ST_ENTERPRISE] =
		{"cmpl.enterprise_cases",
		 "SELECT json_build_object('items', coalesce(json_agg("
		 "json_build_object('number', x.number, 'kind', x.kind, "
		 "'state', x.state, 'category', x.category, 'demand', "
		 "x.demand, 'amount_fen', x.amount_fen, 'gtin', x.gtin, 'lot', "
		 "x.lot, 'received_on', cn_day(x.received_at)::text, "
		 "'next_due', x.next_due::text, 'next_clock', x.next_clock) "
		 "ORDER BY x.id DESC), '[]')) FROM (SELECT * FROM cmpl_case "
		 "WHERE enterprise_id = $1 AND kind = 'complaint' ORDER BY id "
		 "DESC LIMIT $2 OFFSET $3) x"},
	[ST_OFFICES] = {"cmpl.offices",
			"SELECT coalesce(json_agg(json_build_object('code', "
			"code, 'name_zh', name_zh, 'name_en', name_en) ORDER "
			"BY code DESC), '[]') FROM cmpl_office"},
	[ST_TOTAL] = {"cmpl.total", "SELECT count(*) FROM cmpl_case"},
	/* What folding needs, in ST_VIEW's columns, without the view. */
	[ST_CORE] = {"cmpl.core",
		     "SELECT NULL, NULL, kind, coalesce(enterprise_id, 0), "
		     "rules_from::text, extract(epoch FROM received_at) FROM "
		     "cmpl_case WHERE id = $1"},
	/* Case $1 about item ($2, $3) and what its platform or enterprise
	 * paid in advance, and to whom the recovery belongs. */
	[ST_ADVANCE] = {"cmpl.advance",
			"SELECT c.id, coalesce(sum(p.amount_fen) FILTER (WHERE "
			"p.payer IN ('platform', 'enterprise')), 0), "
			"coalesce(min(p.payer) FILTER (WHERE p.payer IN "
			"('platform', 'enterprise')), '') FROM cmpl_case c "
			"LEFT JOIN cmpl_payment p ON p.case_id = c.id WHERE "
			"c.number = $1 AND c.batch_id = $2::integer AND c.idx "
			"= $3::integer GROUP BY c.id"},
};

static enum cmpl_clock_id clock_id(const char *name)
{
	for (int i = 0; i < CMPL_CLOCK_COUNT; i++)
		if (strcmp(cmpl_clock_name((enum cmpl_clock_id)i), name) == 0)
			return (enum cmpl_clock_id)i;
	return CMPL_CLOCK_COUNT;
}

enum bt_err cmpl_rules_load(struct bt_db *db, const char *day,
			    struct cmpl_rules *out)
{
	memset(out, 0, sizeof(*out));
	const char *p[] = {day};
	PGresult *r = NULL;
	enum bt_err err = bt_db_query_take(db, &stmts[ST_RULES], 1, p, &r);
	if (err != BT_OK)
		return err;
	if (PQntuples(r) == 0)
		err = BT_ENOTFOUND;
	for (int i = 0; i < PQntuples(r); i++) {
		enum cmpl_clock_id id = clock_id(bt_db_text(r, i, 0));
		if (id == CMPL_CLOCK_COUNT)
			continue;
		struct cmpl_rule *c = &out->clock[id];
		c->days = (int)bt_db_int(r, i, 1);
		c->natural = strcmp(bt_db_text(r, i, 2), "natural") == 0;
		c->extension = (int)bt_db_int(r, i, 3);
		bt_strlcpy(c->regulation, bt_db_text(r, i, 4),
			   sizeof(c->regulation));
		bt_strlcpy(c->version, bt_db_text(r, i, 5), sizeof(c->version));
		bt_strlcpy(c->article, bt_db_text(r, i, 6), sizeof(c->article));
		bt_strlcpy(out->regulation, c->regulation,
			   sizeof(out->regulation));
		bt_strlcpy(out->effective_from, bt_db_text(r, i, 7),
			   sizeof(out->effective_from));
	}
	PQclear(r);
	return err;
}

json_t *cmpl_clock_json(const struct cmpl_calendar *cal, const char *name,
			const struct cmpl_rule *rule,
			const struct cmpl_clock *c)
{
	char start[11], due[11] = "", stopped[11] = "", paused[11] = "",
			earliest[11] = "";
	cmpl_day_format(c->start, start);
	if (c->due >= 0)
		cmpl_day_format(c->due, due);
	if (c->earliest >= 0 && c->due < 0)
		cmpl_day_format(c->earliest, earliest);
	if (c->stopped >= 0)
		cmpl_day_format(c->stopped, stopped);
	if (c->paused_from >= 0)
		cmpl_day_format(c->paused_from, paused);
	/* The days off that moved the due day: every one for working days,
	 * for natural days only those after the period's last day. */
	json_t *skipped = NULL;
	if (c->due >= 0) {
		json_t *ex = cmpl_calendar_explain(
			cal, c->earliest >= 0 ? c->earliest - 1 : c->start,
			c->due);
		skipped = json_incref(json_object_get(ex, "skipped"));
		json_decref(ex);
	}
	if (skipped == NULL)
		skipped = json_array();
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:i, s:s, s:s?, s:s?, s:s, "
			 "s:i, s:i, s:s?, s:s?, s:o}",
			 "clock", name, "regulation", rule->regulation,
			 "version", rule->version, "article", rule->article,
			 "unit", rule->natural ? "natural" : "working", "days",
			 c->days, "start", start, "due", due[0] ? due : NULL,
			 "due_earliest", earliest[0] ? earliest : NULL, "state",
			 cmpl_clock_state_name(c->state), "used", c->used,
			 "left", c->left, "stopped",
			 stopped[0] ? stopped : NULL, "paused_from",
			 paused[0] ? paused : NULL, "skipped", skipped);
}

json_t *cmpl_clocks_json(const struct cmpl_calendar *cal,
			 const struct cmpl_rules *r,
			 const struct cmpl_clock c[CMPL_CLOCK_COUNT])
{
	json_t *list = json_array();
	for (int i = 0; i < CMPL_CLOCK_COUNT; i++)
		if (c[i].state != CMPL_CLOCK_IDLE)
			json_array_append_new(
				list,
				cmpl_clock_json(
					cal,
					cmpl_clock_name((enum cmpl_clock_id)i),
					&r->clock[i], &c[i]));
	return list;
}

/* Everything a fold and the clocks need, read under the caller's lock. */
struct loaded {
	long long id;
	enum cmpl_kind kind;
	long long enterprise_id;
	char rules_from[11];
	double received_at;
	struct cmpl_fold fold;
	enum cmpl_state before_last; /* the state before the last event */
	struct cmpl_event_in *ev;
	size_t nev;
	bool upheld; /* an agreement, a settlement, a payment, a violation */
	struct cmpl_calendar cal;
	struct cmpl_rules rules;
	struct cmpl_clock clocks[CMPL_CLOCK_COUNT];
};

static void loaded_free(struct loaded *l)
{
	free(l->ev);
	cmpl_calendar_free(&l->cal);
}

static enum cmpl_actor actor_parse(const char *s)
{
	if (strcmp(s, "consumer") == 0)
		return CMPL_BY_CONSUMER;
	if (strcmp(s, "enterprise") == 0)
		return CMPL_BY_ENTERPRISE;
	if (strcmp(s, "regulator") == 0)
		return CMPL_BY_REGULATOR;
	return CMPL_BY_SYSTEM;
}

static int32_t today(void)
{
	return cmpl_day_of_time((double)bt_clock_now());
}

/* Whether an event upholds the case (result: a lead check's result). */
static bool upholds_result(enum cmpl_ev ev, const char *result)
{
	return ev == CMPL_EV_AGREEMENT || ev == CMPL_EV_SETTLEMENT_ACCEPTED ||
	       ev == CMPL_EV_ADVANCE_PAID ||
	       (ev == CMPL_EV_LEAD_CHECKED &&
		strcmp(result, "violation_found") == 0);
}

static bool upholds(enum cmpl_ev ev, const json_t *data)
{
	const char *r = json_string_value(json_object_get(data, "result"));
	return upholds_result(ev, r ? r : "");
}

/* Folds the stored events and computes the clocks. */
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
	cmpl_fold_init(&l->fold, l->kind);
	for (size_t i = 0; i < n; i++) {
		enum cmpl_ev ev;
		if (!cmpl_ev_parse(bt_db_text(r, (int)i, 0), &ev))
			continue;
		/* Stored events were allowed when appended; apply them with
		 * their own actors. */
		l->before_last = l->fold.state;
		cmpl_apply(&l->fold, actor_parse(bt_db_text(r, (int)i, 1)), ev);
		double at = 0;
		sscanf(bt_db_text(r, (int)i, 2), "%lf", &at);
		l->ev[l->nev++] =
			(struct cmpl_event_in){ev, cmpl_day_of_time(at)};
		if (upholds_result(ev, bt_db_text(r, (int)i, 3)))
			l->upheld = true;
	}
	PQclear(r);
	return BT_OK;
}

static void compute_clocks(struct loaded *l)
{
	cmpl_clocks(&l->cal, &l->rules, l->kind,
		    l->enterprise_id != 0 && l->kind == CMPL_COMPLAINT, l->ev,
		    l->nev, today(), l->clocks);
}

/* Reads case id and everything around it; the view's JSON too when
 * view is not NULL. */
static enum bt_err load(struct bt_db *db, long long id, bool staff,
			struct loaded *l, json_t **view, char **contact_hex)
{
	memset(l, 0, sizeof(*l));
	l->id = id;
	char idt[24];
	snprintf(idt, sizeof(idt), "%lld", id);
	const char *p[] = {idt, staff ? "true" : "false",
			   contact_hex ? "true" : "false"};
	PGresult *r = NULL;
	bool light = view == NULL && contact_hex == NULL;
	enum bt_err err = bt_db_query_take(
		db, &stmts[light ? ST_CORE : ST_VIEW], light ? 1 : 3, p, &r);
	if (err == BT_OK && PQntuples(r) != 1)
		err = BT_ENOTFOUND;
	if (err != BT_OK) {
		PQclear(r);
		return err;
	}
	cmpl_kind_parse(bt_db_text(r, 0, 2), &l->kind);
	l->enterprise_id = bt_db_int(r, 0, 3);
	bt_strlcpy(l->rules_from, bt_db_text(r, 0, 4), sizeof(l->rules_from));
	sscanf(bt_db_text(r, 0, 5), "%lf", &l->received_at);
	if (view != NULL) {
		*view = json_loads(bt_db_text(r, 0, 0), 0, NULL);
		if (*view == NULL)
			err = BT_EINTERNAL;
	}
	if (contact_hex != NULL && !bt_db_is_null(r, 0, 1))
		*contact_hex = strdup(bt_db_text(r, 0, 1));
	PQclear(r);
	if (err == BT_OK)
		err = cmpl_rules_load(db, l->rules_from, &l->rules);
	if (err == BT_OK)
		err = cmpl_calendar_load(db, &l->cal);
	if (err == BT_OK)
		err = load_events(db, l);
	if (err == BT_OK)
		compute_clocks(l);
	return err;
}

enum bt_err cmpl_case_find(struct bt_db *db, const char *number,
			   const struct cmpl_viewer *v, bool lock,
			   long long *id)
{
	char hash[BT_HASH_HEX_LEN] = "", ent[24] = "0";
	if (v->actor == CMPL_BY_CONSUMER) {
		if (v->token == NULL || v->token[0] == '\0')
			return BT_ENOTFOUND;
		bt_token_hash(v->token, hash);
	} else if (v->actor == CMPL_BY_ENTERPRISE) {
		snprintf(ent, sizeof(ent), "%lld", v->enterprise_id);
	}
	if (strlen(number) >= CMPL_NUMBER_MAX)
		return BT_ENOTFOUND;
	const char *p[] = {number, hash, ent};
	PGresult *r = NULL;
	enum bt_err err = bt_db_query_take(db, &stmts[lock ? ST_LOCK : ST_FIND],
					   3, p, &r);
	if (err == BT_OK && PQntuples(r) != 1)
		err = BT_ENOTFOUND;
	if (err == BT_OK)
		*id = bt_db_int(r, 0, 0);
	PQclear(r);
	return err;
}

void cmpl_contact_add_opened(json_t *view, const char *hex)
{
	size_t n = strlen(hex) / 2;
	uint8_t *sealed = malloc(n + 1);
	char *plain = calloc(n + 1, 1);
	if (sealed && plain && bt_hex_decode(sealed, n, hex) == BT_OK &&
	    cmpl_contact_open(sealed, n, plain) == BT_OK) {
		json_t *c = json_loads(plain, 0, NULL);
		if (c != NULL)
			json_object_set_new(view, "contact", c);
	}
	free(sealed);
	free(plain);
}

static json_t *allowed_json(const struct cmpl_fold *f, enum cmpl_actor actor)
{
	const char *names[CMPL_EV_COUNT + 1];
	cmpl_allowed_list(f, actor, names);
	json_t *list = json_array();
	for (size_t i = 0; names[i]; i++)
		json_array_append_new(list, json_string(names[i]));
	return list;
}

static bool window_open(const struct loaded *l)
{
	/* Running: not yet answered, and not yet past its due day. */
	return l->clocks[CMPL_CLOCK_ENTERPRISE].state == CMPL_CLOCK_RUNNING;
}

/* What the filer must not learn from their own case: whether a phone
 * matches a declared buyer, or that another case exists. */
static void drop_matching_flags(json_t *view)
{
	static const char *const hidden[] = {
		"complainant_is_buyer", "complainant_not_buyer",
		"no_declared_buyer", "duplicate", NULL};
	json_t *flags = json_object_get(view, "flags");
	for (size_t i = json_array_size(flags); i-- > 0;) {
		const char *f = json_string_value(json_array_get(flags, i));
		for (const char *const *h = hidden; f && *h; h++)
			if (strcmp(f, *h) == 0) {
				json_array_remove(flags, i);
				break;
			}
	}
}

static enum bt_err view_of(struct bt_db *db, long long id,
			   const struct cmpl_viewer *v, json_t **out)
{
	struct loaded l;
	char *contact = NULL;
	bool staff = v->actor == CMPL_BY_REGULATOR;
	enum bt_err err =
		load(db, id, staff, &l, out,
		     staff || v->actor == CMPL_BY_ENTERPRISE ? &contact : NULL);
	if (err == BT_OK && v->actor == CMPL_BY_CONSUMER)
		drop_matching_flags(*out);
	if (err == BT_OK) {
		json_object_set_new(
			*out, "clocks",
			cmpl_clocks_json(&l.cal, &l.rules, l.clocks));
		json_object_set_new(*out, "regulation",
				    json_string(l.rules.regulation));
		json_object_set_new(*out, "allowed",
				    allowed_json(&l.fold, v->actor));
		json_object_set_new(*out, "proposal_open",
				    json_boolean(l.fold.proposal_open));
		json_object_set_new(*out, "viewer",
				    json_string(cmpl_actor_name(v->actor)));
		/* The contact: to the handling office, and to the liable
		 * enterprise while its negotiation window runs. */
		if (contact != NULL &&
		    (staff ||
		     (v->actor == CMPL_BY_ENTERPRISE && window_open(&l))))
			cmpl_contact_add_opened(*out, contact);
	} else {
		json_decref(*out);
		*out = NULL;
	}
	free(contact);
	loaded_free(&l);
	return err;
}

enum bt_err cmpl_case_view(struct bt_db *db, const char *number,
			   const struct cmpl_viewer *v, json_t **out)
{
	*out = NULL;
	long long id = 0;
	enum bt_err err = cmpl_case_find(db, number, v, false, &id);
	if (err == BT_OK)
		err = view_of(db, id, v, out);
	return err;
}

/* The frozen outcome of a case being closed: what credit counts. */
static json_t *outcome_json(const struct loaded *l, enum cmpl_state before,
			    int32_t closed_on)
{
	int32_t received = cmpl_day_of_time(l->received_at);
	bool breached = false;
	for (int i = 0; i < CMPL_CLOCK_COUNT; i++)
		breached =
			breached || l->clocks[i].state == CMPL_CLOCK_BREACHED;
	enum cmpl_clock_state w = l->clocks[CMPL_CLOCK_ENTERPRISE].state;
	int days = 0;
	bool known = true;
	for (int32_t d = received + 1; d <= closed_on && known; d++) {
		enum cmpl_day_kind k = cmpl_calendar_kind(&l->cal, d);
		known = k != CMPL_DAY_UNKNOWN;
		days += k == CMPL_DAY_WORKING || k == CMPL_DAY_WORKDAY;
	}
	json_t *o = json_pack("{s:s, s:b, s:b, s:b, s:s, s:s}", "result",
			      cmpl_state_name(before), "upheld", l->upheld,
			      "overdue", breached, "answered_in_window",
			      l->fold.answered && w == CMPL_CLOCK_MET,
			      "enterprise_window", cmpl_clock_state_name(w),
			      "regulation", l->rules.regulation);
	json_object_set_new(o, "working_days",
			    known ? json_integer(days) : json_null());
	return o;
}

/* The nearest due day of the clocks still running (or run out), and its
 * clock's name; -1 when none. */
static int32_t nearest_due(const struct cmpl_clock c[CMPL_CLOCK_COUNT],
			   const char **name)
{
	int32_t next = -1;
	for (int i = 0; i < CMPL_CLOCK_COUNT; i++) {
		bool open = c[i].state == CMPL_CLOCK_RUNNING ||
			    c[i].state == CMPL_CLOCK_BREACHED;
		if (open && c[i].due >= 0 && (next < 0 || c[i].due < next)) {
			next = c[i].due;
			*name = cmpl_clock_name((enum cmpl_clock_id)i);
		}
	}
	return next;
}

/* The enterprise window's due day while it is open and unanswered (state
 * running or run out), else "". */
static void window_due(const struct cmpl_clock c[CMPL_CLOCK_COUNT],
		       enum cmpl_state st, char out[11])
{
	const struct cmpl_clock *w = &c[CMPL_CLOCK_ENTERPRISE];
	out[0] = '\0';
	if (!cmpl_state_final(st) && w->due >= 0 &&
	    (w->state == CMPL_CLOCK_RUNNING || w->state == CMPL_CLOCK_BREACHED))
		cmpl_day_format(w->due, out);
}

enum bt_err cmpl_intake_deadline(struct bt_db *db, enum cmpl_kind kind,
				 bool routed, char due[11], const char **clock,
				 char window[11])
{
	due[0] = '\0';
	window[0] = '\0';
	*clock = "";
	char day[11];
	int32_t t = today();
	cmpl_day_format(t, day);
	struct cmpl_rules rules;
	struct cmpl_calendar cal;
	enum bt_err err = cmpl_rules_load(db, day, &rules);
	if (err == BT_OK)
		err = cmpl_calendar_load(db, &cal);
	if (err != BT_OK)
		return err;
	struct cmpl_event_in ev = {CMPL_EV_RECEIVED, t};
	struct cmpl_clock c[CMPL_CLOCK_COUNT];
	cmpl_clocks(&cal, &rules, kind, routed, &ev, 1, t, c);
	int32_t next = nearest_due(c, clock);
	if (next >= 0)
		cmpl_day_format(next, due);
	window_due(c, CMPL_ST_RECEIVED, window);
	cmpl_calendar_free(&cal);
	return BT_OK;
}

/* Writes what l says of the case: its state, nearest deadline, window
 * and (closed) outcome; closing: the event just appended closed it. */
static enum bt_err write_state(struct bt_db *db, long long case_id,
			       const struct loaded *lp, bool closing)
{
	const struct loaded l = *lp;
	enum bt_err err;
	const char *next_clock = "";
	int32_t next = cmpl_state_final(l.fold.state)
			       ? -1
			       : nearest_due(l.clocks, &next_clock);
	char idt[24], due[11] = "", now[BT_CLOCK_ISO_LEN];
	snprintf(idt, sizeof(idt), "%lld", case_id);
	if (next >= 0)
		cmpl_day_format(next, due);
	bt_clock_iso(now);
	char *outcome = NULL;
	if (l.fold.state == CMPL_ST_CLOSED) {
		json_t *o = outcome_json(&l, l.before_last,
					 l.nev ? l.ev[l.nev - 1].day : today());
		outcome = json_dumps(o, JSON_COMPACT);
		json_decref(o);
	}
	char window[11] = "";
	window_due(l.clocks, l.fold.state, window);
	const char *p[] = {
		idt, cmpl_state_name(l.fold.state), due,   next_clock,
		now, outcome ? outcome : "",	    window};
	err = bt_db_run(db, &stmts[ST_UPDATE], 7, p, NULL);
	if (err == BT_OK && closing) /* tallied once, by its closing event */
		err = cmpl_tally(db, case_id, true);
	if (err == BT_OK)
		err = cmpl_alerts_note(db, case_id, now);
	free(outcome);
	return err;
}

enum bt_err cmpl_case_refresh(struct bt_db *db, long long case_id)
{
	struct loaded l;
	enum bt_err err = load(db, case_id, false, &l, NULL, NULL);
	if (err == BT_OK)
		err = write_state(db, case_id, &l, false);
	loaded_free(&l);
	return err;
}

/* An advance payment an enterprise may record: its own or its
 * platform's, not an insurer's or a fund's. */
static bool enterprise_payer(const json_t *data)
{
	const char *p = json_string_value(json_object_get(data, "payer"));
	return p &&
	       (strcmp(p, "enterprise") == 0 || strcmp(p, "platform") == 0);
}

/* What an event does besides being appended. */
static enum bt_err side_effects(struct bt_db *db, long long id,
				const struct cmpl_viewer *v, enum cmpl_ev ev,
				const json_t *data, const char *now,
				const char **reason)
{
	char idt[24];
	snprintf(idt, sizeof(idt), "%lld", id);
	unsigned long n = 0;
	enum bt_err err = BT_OK;
	if (ev == CMPL_EV_TRANSFERRED) {
		const char *p[] = {idt, json_string_value(json_object_get(
						data, "office"))};
		err = bt_db_run(db, &stmts[ST_OFFICE], 2, p, &n);
		if (err == BT_OK && n == 0) {
			*reason = "office: no such office";
			err = BT_EINVAL;
		}
	} else if (ev == CMPL_EV_ADVANCE_PAID &&
		   v->actor == CMPL_BY_ENTERPRISE && !enterprise_payer(data)) {
		*reason = "payer: an enterprise records what it or its "
			  "platform paid (enterprise or platform)";
		err = BT_EINVAL;
	} else if (ev == CMPL_EV_ADVANCE_PAID) {
		char amount[24];
		snprintf(amount, sizeof(amount), "%lld",
			 (long long)json_integer_value(
				 json_object_get(data, "amount_fen")));
		const char *p[] = {
			idt,
			json_string_value(json_object_get(data, "payer")),
			json_string_value(json_object_get(data, "payer_name")),
			amount,
			now,
			v->name ? v->name : "regulator"};
		err = bt_db_run(db, &stmts[ST_PAY], 6, p, NULL);
	} else if (ev == CMPL_EV_RECOVERED) {
		char pay[24], amount[24];
		snprintf(pay, sizeof(pay), "%lld",
			 (long long)json_integer_value(
				 json_object_get(data, "payment")));
		snprintf(amount, sizeof(amount), "%lld",
			 (long long)json_integer_value(
				 json_object_get(data, "amount_fen")));
		const char *p[] = {idt, pay, amount};
		err = bt_db_run(db, &stmts[ST_RECOVER], 3, p, &n);
		if (err == BT_OK && n == 0) {
			*reason = "no advance payment of this case with that "
				  "balance to recover (payment, amount_fen)";
			err = BT_ECONFLICT;
		}
	}
	return err;
}

/* The unit of work of one event, inside the caller's transaction. */
static enum bt_err append(struct bt_db *db, long long id,
			  const struct cmpl_viewer *v, enum cmpl_ev ev,
			  const json_t *data, const char **reason)
{
	struct loaded l;
	enum bt_err err = load(db, id, false, &l, NULL, NULL);
	if (err == BT_OK && l.nev >= EVENTS_MAX &&
	    v->actor != CMPL_BY_REGULATOR) {
		*reason = "this case has too many events; ask the office";
		err = BT_ETOOBIG;
	}
	if (err == BT_OK && !cmpl_allowed(&l.fold, v->actor, ev, reason)) {
		const char *names[CMPL_EV_COUNT + 1];
		cmpl_allowed_list(&l.fold, v->actor, names);
		struct bt_buf b = BT_BUF_INIT;
		bt_buf_printf(&b, "%s (state %s; allowed now:", *reason,
			      cmpl_state_name(l.fold.state));
		for (size_t i = 0; names[i]; i++)
			bt_buf_printf(&b, " %s", names[i]);
		bt_buf_puts(&b, names[0] ? ")" : " nothing)");
		/* The reason must outlive this call: a per-thread copy. */
		static _Thread_local char msg[400];
		bt_strlcpy(msg, b.data ? b.data : *reason, sizeof(msg));
		bt_buf_free(&b);
		*reason = msg;
		err = BT_ECONFLICT;
	}
	char now[BT_CLOCK_ISO_LEN];
	bt_clock_iso(now);
	if (err == BT_OK)
		err = cmpl_event_data_check(ev, data, reason);
	if (err == BT_OK)
		err = side_effects(db, id, v, ev, data, now, reason);
	if (err == BT_OK) {
		char idt[24];
		snprintf(idt, sizeof(idt), "%lld", id);
		char *text = json_dumps(data, JSON_COMPACT | JSON_SORT_KEYS);
		const char *p[] = {idt,
				   now,
				   cmpl_actor_name(v->actor),
				   v->name ? v->name
					   : cmpl_actor_name(v->actor),
				   cmpl_ev_name(ev),
				   text ? text : "{}"};
		err = bt_db_run(db, &stmts[ST_INSERT_EVENT], 6, p, NULL);
		free(text);
	}
	if (err == BT_OK) {
		/* Fold the new event into what was read, rather than read it
		 * all again (load_events left room for one more). */
		l.before_last = l.fold.state;
		cmpl_apply(&l.fold, v->actor, ev);
		l.ev[l.nev++] = (struct cmpl_event_in){ev, today()};
		l.upheld = l.upheld || upholds(ev, data);
		compute_clocks(&l);
		err = write_state(db, id, &l, ev == CMPL_EV_CLOSED);
	}
	loaded_free(&l);
	return err;
}

enum bt_err cmpl_case_act(struct bt_db *db, const char *number,
			  const struct cmpl_viewer *v, const char *event,
			  const json_t *data, json_t **out, const char **reason)
{
	*out = NULL;
	enum cmpl_ev ev;
	if (!cmpl_ev_parse(event, &ev)) {
		*reason = "action: not an action on a case";
		return BT_EINVAL;
	}
	json_t *empty = NULL;
	if (data == NULL)
		data = empty = json_object();
	if (!json_is_object(data)) {
		json_decref(empty);
		*reason = "the action's data must be a JSON object";
		return BT_EINVAL;
	}
	long long id = 0;
	enum bt_err err = bt_db_begin(db);
	if (err == BT_OK)
		err = cmpl_case_find(db, number, v, true, &id);
	if (err == BT_OK)
		err = append(db, id, v, ev, data, reason);
	err = bt_db_finish(db, err);
	json_decref(empty);
	if (err == BT_OK)
		err = view_of(db, id, v, out);
	return err;
}

static bool add_working_days(struct bt_db *db, int n, char out[11])
{
	struct cmpl_calendar cal;
	if (cmpl_calendar_load(db, &cal) != BT_OK)
		return false;
	int32_t due = 0;
	bool ok = cmpl_calendar_add_working(&cal, today(), n, &due);
	cmpl_calendar_free(&cal);
	if (ok)
		cmpl_day_format(due, out);
	return ok;
}

enum bt_err cmpl_queue(struct bt_db *db, const struct cmpl_queue_filter *f,
		       json_t **out)
{
	const char *view = f->view ? f->view : "open";
	bool open = strcmp(view, "closed") != 0 && strcmp(view, "all") != 0;
	char now[11], soon[11] = "", ent[24], lim[16], off[24];
	cmpl_day_format(today(), now);
	if (strcmp(view, "due_soon") == 0 && !add_working_days(db, 2, soon))
		bt_strlcpy(soon, now, sizeof(soon));
	snprintf(ent, sizeof(ent), "%lld", f->enterprise);
	snprintf(lim, sizeof(lim), "%d", f->per_page);
	snprintf(off, sizeof(off), "%lld",
		 (long long)(f->page - 1) * f->per_page);
	const char *third = open ? (strcmp(view, "overdue") == 0 ? now : "")
				 : (strcmp(view, "closed") == 0 ? "t" : "f");
	const char *p[] = {f->kind ? f->kind : "",
			   ent,
			   third,
			   open ? soon : "",
			   lim,
			   off,
			   now};
	return bt_db_query_json(db, &stmts[open ? ST_QUEUE_OPEN : ST_QUEUE_ALL],
				7, p, out);
}

enum bt_err cmpl_enterprise_cases(struct bt_db *db, long long enterprise_id,
				  int page, int per_page, json_t **out)
{
	char ent[24], lim[16], off[24];
	snprintf(ent, sizeof(ent), "%lld", enterprise_id);
	snprintf(lim, sizeof(lim), "%d", per_page);
	snprintf(off, sizeof(off), "%lld", (long long)(page - 1) * per_page);
	const char *p[] = {ent, lim, off};
	return bt_db_query_json(db, &stmts[ST_ENTERPRISE], 3, p, out);
}

enum bt_err cmpl_offices(struct bt_db *db, json_t **out)
{
	return bt_db_query_json(db, &stmts[ST_OFFICES], 0, NULL, out);
}

enum bt_err cmpl_case_total(struct bt_db *db, long long *n)
{
	PGresult *r = NULL;
	enum bt_err err = bt_db_query_take(db, &stmts[ST_TOTAL], 0, NULL, &r);
	*n = err == BT_OK ? bt_db_int(r, 0, 0) : 0;
	PQclear(r);
	return err;
}

enum bt_err cmpl_case_advance(struct bt_db *db, const char *number,
			      uint32_t batch, uint32_t index,
			      long long *case_id, long long *advance_fen,
			      char payer[16])
{
	char b[16], i[16];
	snprintf(b, sizeof(b), "%u", (unsigned)batch);
	snprintf(i, sizeof(i), "%u", (unsigned)index);
	const char *p[] = {number, b, i};
	PGresult *r = NULL;
	enum bt_err err = bt_db_query_take(db, &stmts[ST_ADVANCE], 3, p, &r);
	if (err == BT_OK && PQntuples(r) != 1)
		err = BT_ENOTFOUND;
	if (err == BT_OK) {
		*case_id = bt_db_int(r, 0, 0);
		*advance_fen = bt_db_int(r, 0, 1);
		bt_strlcpy(payer, bt_db_text(r, 0, 2), 16);
	}
	PQclear(r);
	return err;
}
