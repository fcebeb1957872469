/* penalty.c: penalties, publication, credit repair, red and black lists. */
#include "penalty.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/clock.h"
#include "disclosure/enterprise.h"
#include "disclosure/rating.h"

/* The longest publication a penalty can be given, whatever its rule. */
#define PUBLISH_MONTHS_MAX 120

/* The corrections of penalty x.id, oldest first, as published. */
#define PENALTY_REVISIONS                                                      \
	"coalesce((SELECT json_agg(json_build_object('kind', v.kind, "         \
	"'before', v.before, 'after', v.after, 'reason', v.reason, "           \
	"'decided_on', v.decided_on) ORDER BY v.id) FROM penalty_revision v "  \
	"WHERE v.penalty_id = x.id), '[]')"

enum {
	ST_RULE,
	ST_INSERT,
	ST_PUBLIC,
	ST_PENALTY,
	ST_REPAIR_INSERT,
	ST_REPAIR_GET,
	ST_REPAIR_DECIDE,
	ST_PENALTY_REPAIRED,
	ST_REPAIRS,
	ST_LISTS,
	ST_REVISE_GET,
	ST_REVISE,
	ST_REVISION_INSERT,
	ST_WITHDRAWN,
};

static const struct bt_stmt stmts[] = {
	[ST_RULE] = {"disc.publication_rule",
		     "SELECT min_months, max_months, default_months, "
		     "repair_months FROM publication_rule WHERE severity = $1 "
		     "AND effective_from <= $2::date ORDER BY effective_from "
		     "DESC LIMIT 1"},
	[ST_INSERT] = {"disc.penalty_insert",
		       "INSERT INTO penalty (enterprise_id, decision_no, "
		       "violation, legal_basis, penalty, amount_fen, "
		       "decided_on, authority, severity, publish_until, "
		       "recorded_by, violation_en, legal_basis_en, "
		       "penalty_en, authority_en) VALUES ($1, $2, $3, $4, $5, "
		       "$6, $7, $8, $9, ($7::date + make_interval(months => "
		       "$10::int))::date, $11, $12, $13, $14, $15) RETURNING "
		       "id"},
	[ST_PUBLIC] = {"disc.penalty_public",
		       "WITH t AS (SELECT cn_day($2) AS d), list AS (SELECT "
		       "p.*, e.uscc, e.name_zh, "
		       "e.name_en FROM penalty p JOIN enterprise e ON e.id = "
		       "p.enterprise_id, t WHERE ($1 = 0 OR p.enterprise_id = "
		       "$1) AND penalty_public_on(p, t.d) AND ($5 = '' OR "
		       "strpos(p.authority, $5) > 0) AND ($6 = '' OR "
		       "p.severity = $6) AND ($7 = '' OR p.decided_on >= "
		       "$7::date) AND ($8 = '' OR p.decided_on <= $8::date)) "
		       "SELECT "
		       "json_build_object('total', (SELECT count(*) "
		       "FROM list), 'items', coalesce((SELECT "
		       "json_agg(json_build_object('id', id, 'enterprise_id', "
		       "enterprise_id, 'uscc', uscc, 'name_zh', name_zh, "
		       "'name_en', name_en, 'decision_no', decision_no, "
		       "'violation', violation, 'legal_basis', legal_basis, "
		       "'penalty', penalty, 'violation_en', violation_en, "
		       "'legal_basis_en', legal_basis_en, 'penalty_en', "
		       "penalty_en, 'authority_en', authority_en, "
		       "'amount_fen', amount_fen, "
		       "'decided_on', decided_on, 'authority', authority, "
		       "'severity', severity, 'publish_until', publish_until, "
		       "'source', authority || ' ' || decision_no, "
		       "'revisions', " PENALTY_REVISIONS ", 'objections', "
		       "objections_of('penalty', x.id)) ORDER BY "
		       "decided_on DESC, id DESC) FROM (SELECT * FROM list "
		       "ORDER BY decided_on DESC, id DESC LIMIT $3 OFFSET $4) "
		       "x), '[]'))"},
	[ST_PENALTY] = {"disc.penalty_get",
			"SELECT p.enterprise_id, p.decided_on, p.severity, "
			"penalty_public_on(p, cn_day($2)), (p.decided_on + "
			"make_interval(months => r.repair_months))::date, "
			"(p.decided_on + make_interval(months => "
			"r.repair_months))::date <= cn_day($2) FROM penalty p "
			"LEFT JOIN LATERAL (SELECT repair_months "
			"FROM publication_rule x WHERE x.severity = p.severity "
			"AND x.effective_from <= p.decided_on ORDER BY "
			"x.effective_from DESC LIMIT 1) r ON true WHERE p.id = "
			"$1"},
	[ST_REPAIR_INSERT] = {"disc.repair_insert",
			      "INSERT INTO repair (penalty_id, enterprise_id, "
			      "commitment, rectification, proof_url, "
			      "applied_on, commitment_en, rectification_en) "
			      "VALUES ($1, $2, $3, $4, nullif($5, ''), "
			      "cn_day($6), $7, $8) RETURNING id"},
	[ST_REPAIR_GET] = {"disc.repair_get",
			   "SELECT r.penalty_id, r.enterprise_id, r.status "
			   "FROM repair r WHERE r.id = $1 FOR UPDATE"},
	[ST_REPAIR_DECIDE] = {"disc.repair_decide",
			      "UPDATE repair SET status = $2, decided_on = "
			      "cn_day($5), decided_by = $3, reason = $4 "
			      "WHERE id = $1"},
	[ST_PENALTY_REPAIRED] =
		{"disc.penalty_repaired",
		 "UPDATE penalty SET repaired_on = cn_day($2) WHERE id = $1"},
	[ST_REPAIRS] =
		{"disc.repairs",
		 "SELECT coalesce(json_agg(json_build_object('id', r.id, "
		 "'penalty_id', r.penalty_id, 'decision_no', p.decision_no, "
		 "'severity', p.severity, 'decided_on_penalty', p.decided_on, "
		 "'enterprise_id', e.id, 'uscc', e.uscc, 'name_zh', "
		 "e.name_zh, 'name_en', e.name_en, 'commitment', "
		 "r.commitment, 'rectification', r.rectification, "
		 "'commitment_en', r.commitment_en, 'rectification_en', "
		 "r.rectification_en, "
		 "'proof_url', r.proof_url, 'applied_on', r.applied_on, "
		 "'status', r.status, 'decided_on', r.decided_on, "
		 "'decided_by', r.decided_by, 'reason', r.reason) ORDER BY "
		 "r.id DESC), '[]') FROM repair r JOIN penalty p ON p.id = "
		 "r.penalty_id JOIN enterprise e ON e.id = r.enterprise_id "
		 "WHERE (r.status = 'pending') = ($1 = 'pending') AND ($2 = 0 "
		 "OR r.enterprise_id = $2)"},
	/* $2 the top grade, $3 the bottom one. */
	[ST_LISTS] = {"disc.lists",
		      "WITH t AS (SELECT cn_day($1) AS d), latest AS (SELECT "
		      "r.enterprise_id, r.grade, "
		      "r.score FROM enterprise x CROSS JOIN LATERAL "
		      "current_rating(x.id) r WHERE $4 = 0 OR x.id = $4), pub "
		      "AS (SELECT p.enterprise_id, count(*) AS n, "
		      "count(*) FILTER (WHERE p.severity = 'serious') AS "
		      "serious, string_agg(p.decision_no, ', ' ORDER BY "
		      "p.decided_on) FILTER (WHERE p.severity = 'serious') AS "
		      "serious_nos FROM penalty p, t WHERE ($4 = 0 OR "
		      "p.enterprise_id = $4) AND penalty_public_on(p, t.d) "
		      "GROUP BY 1), e AS (SELECT e.id, e.uscc, e.name_zh, "
		      "e.name_en, e.customs_class, l.grade, l.score, "
		      "coalesce(pub.n, 0) AS n, coalesce(pub.serious, 0) AS "
		      "serious, pub.serious_nos FROM enterprise e LEFT JOIN "
		      "latest l ON l.enterprise_id = e.id LEFT JOIN pub ON "
		      "pub.enterprise_id = e.id WHERE $4 = 0 OR e.id = $4) "
		      "SELECT json_build_object('red', coalesce((SELECT "
		      "json_agg(json_build_object('id', id, 'uscc', uscc, "
		      "'name_zh', name_zh, 'name_en', name_en, 'grade', "
		      "grade, 'score', score, 'reasons', "
		      "json_build_array('top_grade', 'no_penalties')) ORDER "
		      "BY score DESC, id) FROM e WHERE grade = $2 AND n = 0 "
		      "AND customs_class NOT IN ('dishonest', "
		      "'seriously_dishonest')), '[]'), 'black', "
		      "coalesce((SELECT json_agg(json_build_object('id', id, "
		      "'uscc', uscc, 'name_zh', name_zh, 'name_en', name_en, "
		      "'grade', grade, 'score', score, 'serious_penalties', "
		      "serious_nos, 'reasons', array_remove(ARRAY[CASE WHEN "
		      "grade = $3 THEN 'bottom_grade' END, CASE WHEN serious "
		      "> 0 THEN 'serious_penalty' END, CASE WHEN "
		      "customs_class IN ('dishonest', 'seriously_dishonest') "
		      "THEN 'customs_dishonest' END], NULL)) ORDER BY score, "
		      "id) FROM e WHERE grade = $3 OR serious > 0 OR "
		      "customs_class IN ('dishonest', "
		      "'seriously_dishonest')), '[]'), 'top_grade', $2::text, "
		      "'bottom_grade', $3::text, 'as_of', (SELECT d FROM t))"},
	/* $1 the id (0: by decision number $3), $2 now. */
	[ST_REVISE_GET] = {"disc.penalty_revise_get",
			   "SELECT id, enterprise_id, penalty_public_on(p, "
			   "cn_day($2)), violation, legal_basis, penalty, "
			   "amount_fen, authority, violation_en, "
			   "legal_basis_en, penalty_en, authority_en FROM "
			   "penalty p WHERE "
			   "CASE "
			   "WHEN $1 = 0 THEN decision_no = $3 ELSE id = $1 END "
			   "FOR UPDATE"},
	/* "" leaves a field as it is; $7 't' withdraws it. */
	[ST_REVISE] =
		{"disc.penalty_revise",
		 "UPDATE penalty SET violation = coalesce(nullif($2, ''), "
		 "violation), legal_basis = coalesce(nullif($3, ''), "
		 "legal_basis), penalty = coalesce(nullif($4, ''), "
		 "penalty), amount_fen = coalesce(nullif($5, '')::bigint, "
		 "amount_fen), authority = coalesce(nullif($6, ''), "
		 "authority), violation_en = coalesce(nullif($9, ''), "
		 "violation_en), legal_basis_en = coalesce(nullif($10, ''), "
		 "legal_basis_en), penalty_en = coalesce(nullif($11, ''), "
		 "penalty_en), authority_en = coalesce(nullif($12, ''), "
		 "authority_en), withdrawn_on = CASE WHEN $7 THEN "
		 "cn_day($8) ELSE withdrawn_on END WHERE id = $1"},
	[ST_REVISION_INSERT] = {"disc.penalty_revision_insert",
				"INSERT INTO penalty_revision (penalty_id, "
				"kind, before, after, reason, decided_on, "
				"decided_by) VALUES ($1, $2, $3::jsonb, "
				"$4::jsonb, $5, cn_day($6), $7) RETURNING id"},
	/* Withdrawn penalties whose publication has not run out: the
	 * withdrawal stays public as long as the penalty would have. */
	[ST_WITHDRAWN] = {"disc.penalty_withdrawn",
			  "SELECT coalesce(json_agg(json_build_object('id', "
			  "x.id, 'decision_no', x.decision_no, 'authority', "
			  "x.authority, 'decided_on', x.decided_on, "
			  "'withdrawn_on', x.withdrawn_on, "
			  "'revisions', " PENALTY_REVISIONS
			  ") ORDER BY x.withdrawn_on DESC, "
			  "x.id DESC), '[]') FROM (SELECT * FROM penalty p "
			  "WHERE ($1 = 0 OR p.enterprise_id = $1) AND "
			  "p.withdrawn_on <= cn_day($2) AND p.publish_until > "
			  "cn_day($2) ORDER BY p.withdrawn_on DESC, p.id DESC "
			  "LIMIT 100) x"},
};

static enum bt_err refuse(char *reason, size_t size, enum bt_err err,
			  const char *msg)
{
	bt_strlcpy(reason, msg, size);
	return err;
}

bool disc_penalty_months(const char *text, int *months, char *reason,
			 size_t size)
{
	long long m = -1;
	if (text && text[0] && !bt_parse_ll(text, 0, PUBLISH_MONTHS_MAX, &m)) {
		snprintf(reason, size,
			 "months: how long it is published, 0 to %d (empty "
			 "for the rule's default)",
			 PUBLISH_MONTHS_MAX);
		return false;
	}
	*months = (int)m;
	return true;
}

bool disc_parse_yuan(const char *s, long long *fen)
{
	if (s == NULL || s[0] == '\0')
		return false;
	long long yuan = 0, cents = 0;
	const char *p = s;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (yuan > 100000000000LL)
			return false;
		yuan = yuan * 10 + (*p - '0');
	}
	if (p == s)
		return false;
	if (*p == '.') {
		p++;
		int digits = 0;
		for (; *p >= '0' && *p <= '9' && digits < 2; p++, digits++)
			cents = cents * 10 + (*p - '0');
		if (digits == 0)
			return false;
		if (digits == 1)
			cents *= 10;
	}
	if (*p != '\0')
		return false;
	*fen = yuan * 100 + cents;
	return true;
}

static bool date_ok(const char *s)
{
	time_t t;
	return s != NULL && strlen(s) == 10 && bt_clock_parse(s, &t);
}

static enum bt_err check_penalty(const struct disc_penalty_in *in,
				 const char *now, char *reason, size_t size)
{
	static const char *const severities[] = {"minor", "general", "serious"};
	char today[11];
	bt_clock_day_cn(now, today);
	bool sev = false;
	for (size_t i = 0; i < 3 && in->severity; i++)
		sev |= strcmp(in->severity, severities[i]) == 0;
	const char *why = NULL;
	if (!bt_text_ok(in->decision_no, 1, 60))
		why = "decision_no: the decision number, 1 to 60 characters";
	else if (!bt_text_block_ok(in->violation, 1, 1000))
		why = "violation: what was done, 1 to 1000 characters";
	else if (!bt_text_block_ok(in->legal_basis, 1, 1000))
		why = "legal_basis: the provisions applied, 1 to 1000 "
		      "characters";
	else if (!bt_text_block_ok(in->penalty, 1, 500))
		why = "penalty: what was imposed, 1 to 500 characters";
	else if (in->amount_fen < 0 || in->amount_fen > 100000000000000LL)
		why = "amount: the fine in yuan, 0 if none";
	else if (!date_ok(in->decided_on))
		why = "decided_on: the decision date, YYYY-MM-DD";
	else if (strcmp(in->decided_on, today) > 0)
		why = "decided_on: a decision date cannot be in the future";
	else if (!bt_text_ok(in->authority, 1, 200))
		why = "authority: the deciding authority, 1 to 200 characters";
	else if (!sev)
		why = "severity: minor, general or serious";
	else if (in->violation_en &&
		 !bt_text_block_ok(in->violation_en, 0, 1000))
		why = "violation_en: what was done, in English, at most 1000 "
		      "characters";
	else if (in->legal_basis_en &&
		 !bt_text_block_ok(in->legal_basis_en, 0, 1000))
		why = "legal_basis_en: the provisions applied, in English, at "
		      "most 1000 characters";
	else if (in->penalty_en && !bt_text_block_ok(in->penalty_en, 0, 500))
		why = "penalty_en: what was imposed, in English, at most 500 "
		      "characters";
	else if (in->authority_en && !bt_text_ok(in->authority_en, 0, 200))
		why = "authority_en: the deciding authority in English, at "
		      "most "
		      "200 characters";
	return why ? refuse(reason, size, BT_EINVAL, why) : BT_OK;
}

enum bt_err disc_penalty_record(struct bt_db *db,
				const struct disc_penalty_in *in,
				const char *who, const char *now, long long *id,
				char *reason, size_t size)
{
	enum bt_err err = check_penalty(in, now, reason, size);
	if (err != BT_OK)
		return err;
	struct disc_enterprise e;
	err = disc_enterprise_get(db, in->enterprise_id, &e);
	if (err == BT_ENOTFOUND)
		return refuse(reason, size, err, "no such enterprise");
	if (err != BT_OK)
		return err;
	const char *rp[] = {in->severity, in->decided_on};
	PGresult *rule = NULL;
	err = bt_db_query_take(db, &stmts[ST_RULE], 2, rp, &rule);
	if (err != BT_OK)
		return err;
	if (PQntuples(rule) != 1) {
		PQclear(rule);
		return refuse(reason, size, BT_EINVAL,
			      "no publication rule for this severity was in "
			      "effect on the decision date");
	}
	long long lo = bt_db_int(rule, 0, 0), hi = bt_db_int(rule, 0, 1);
	long long months = in->months < 0 ? bt_db_int(rule, 0, 2) : in->months;
	PQclear(rule);
	if (months < lo || months > hi) {
		snprintf(reason, size,
			 "months: a %s penalty is published for %lld to %lld "
			 "months",
			 in->severity, lo, hi);
		return BT_EINVAL;
	}
	char ent[24], amount[24], m[16];
	snprintf(ent, sizeof(ent), "%lld", in->enterprise_id);
	snprintf(amount, sizeof(amount), "%lld", in->amount_fen);
	snprintf(m, sizeof(m), "%lld", months);
	const char *p[] = {ent,
			   in->decision_no,
			   in->violation,
			   in->legal_basis,
			   in->penalty,
			   amount,
			   in->decided_on,
			   in->authority,
			   in->severity,
			   m,
			   who,
			   in->violation_en ? in->violation_en : "",
			   in->legal_basis_en ? in->legal_basis_en : "",
			   in->penalty_en ? in->penalty_en : "",
			   in->authority_en ? in->authority_en : ""};
	PGresult *r = NULL;
	bool moved;
	err = bt_db_begin(db);
	if (err == BT_OK)
		err = bt_db_query_take(db, &stmts[ST_INSERT], 15, p, &r);
	if (err == BT_OK)
		*id = bt_db_int(r, 0, 0);
	PQclear(r);
	if (err == BT_OK)
		err = disc_rating_recompute(db, in->enterprise_id, now, &moved);
	if (err == BT_OK)
		err = bt_db_commit(db);
	else
		bt_db_rollback(db);
	if (err == BT_ECONFLICT)
		bt_strlcpy(reason,
			   "a penalty with this decision number is "
			   "already recorded",
			   size);
	return err;
}

static void page_args(int page, int per_page, char limit[16], char offset[24])
{
	snprintf(limit, 16, "%d", per_page);
	snprintf(offset, 24, "%lld", (long long)(page - 1) * per_page);
}

enum bt_err disc_penalty_public(struct bt_db *db, long long enterprise_id,
				const char *now, int page, int per_page,
				const struct disc_penalty_filter *filter,
				json_t **out)
{
	static const struct disc_penalty_filter all = {NULL, NULL, NULL, NULL};
	const struct disc_penalty_filter *f = filter ? filter : &all;
	char ent[24], limit[16], offset[24];
	snprintf(ent, sizeof(ent), "%lld", enterprise_id);
	page_args(page, per_page, limit, offset);
	const char *p[] = {ent,
			   now,
			   limit,
			   offset,
			   f->authority ? f->authority : "",
			   f->severity ? f->severity : "",
			   f->from ? f->from : "",
			   f->to ? f->to : ""};
	enum bt_err err = bt_db_query_json(db, &stmts[ST_PUBLIC], 8, p, out);
	if (err == BT_OK) {
		json_object_set_new(*out, "page", json_integer(page));
		json_object_set_new(*out, "per_page", json_integer(per_page));
	}
	return err;
}

enum bt_err disc_repair_apply(struct bt_db *db, long long enterprise_id,
			      long long penalty_id,
			      const struct disc_repair_in *in, const char *now,
			      long long *id, char *reason, size_t size)
{
	const char *proof_url = in->proof_url;
	if (!bt_text_block_ok(in->commitment, 1, 2000))
		return refuse(reason, size, BT_EINVAL,
			      "commitment: your public commitment, 1 to 2000 "
			      "characters");
	if (!bt_text_block_ok(in->rectification, 1, 2000))
		return refuse(reason, size, BT_EINVAL,
			      "rectification: what you corrected, 1 to 2000 "
			      "characters");
	if (in->commitment_en && !bt_text_block_ok(in->commitment_en, 0, 2000))
		return refuse(reason, size, BT_EINVAL,
			      "commitment_en: your commitment in English, at "
			      "most 2000 characters");
	if (in->rectification_en &&
	    !bt_text_block_ok(in->rectification_en, 0, 2000))
		return refuse(reason, size, BT_EINVAL,
			      "rectification_en: what you corrected, in "
			      "English, at most 2000 characters");
	if (proof_url && proof_url[0] &&
	    ((strncmp(proof_url, "https://", 8) != 0 &&
	      strncmp(proof_url, "http://", 7) != 0) ||
	     !bt_text_ok(proof_url, 8, 500)))
		return refuse(reason, size, BT_EINVAL,
			      "proof_url: a link (http or https) to the "
			      "proof of rectification");
	char pid[24], ent[24];
	snprintf(pid, sizeof(pid), "%lld", penalty_id);
	snprintf(ent, sizeof(ent), "%lld", enterprise_id);
	const char *gp[] = {pid, now};
	PGresult *r = NULL;
	enum bt_err err = bt_db_query_take(db, &stmts[ST_PENALTY], 2, gp, &r);
	if (err != BT_OK)
		return err;
	if (PQntuples(r) != 1 || bt_db_int(r, 0, 0) != enterprise_id) {
		PQclear(r);
		return refuse(reason, size, BT_ENOTFOUND,
			      "no such penalty of your enterprise");
	}
	bool published = strcmp(bt_db_text(r, 0, 3), "t") == 0;
	bool due = strcmp(bt_db_text(r, 0, 5), "t") == 0;
	if (!published)
		snprintf(reason, size,
			 "this penalty is no longer published; there is "
			 "nothing to repair");
	else if (!due)
		snprintf(reason, size,
			 "a %s penalty can be repaired from %s, after the "
			 "minimum period",
			 bt_db_text(r, 0, 2), bt_db_text(r, 0, 4));
	PQclear(r);
	if (!published || !due)
		return BT_ECONFLICT;
	const char *p[] = {pid,
			   ent,
			   in->commitment,
			   in->rectification,
			   proof_url ? proof_url : "",
			   now,
			   in->commitment_en ? in->commitment_en : "",
			   in->rectification_en ? in->rectification_en : ""};
	err = bt_db_query_take(db, &stmts[ST_REPAIR_INSERT], 8, p, &r);
	if (err == BT_OK)
		*id = bt_db_int(r, 0, 0);
	else if (err == BT_ECONFLICT)
		bt_strlcpy(reason,
			   "a repair of this penalty is already waiting for "
			   "a decision",
			   size);
	PQclear(r);
	return err;
}

enum bt_err disc_repair_decide(struct bt_db *db, long long repair_id,
			       bool approve, const char *why, const char *who,
			       const char *now, char *reason, size_t size)
{
	if (!bt_text_block_ok(why, 1, 1000))
		return refuse(reason, size, BT_EINVAL,
			      "reason: why it is approved or rejected, 1 to "
			      "1000 characters (it is published)");
	char rid[24];
	snprintf(rid, sizeof(rid), "%lld", repair_id);
	const char *gp[] = {rid};
	PGresult *r = NULL;
	enum bt_err err = bt_db_begin(db);
	if (err == BT_OK)
		err = bt_db_query_take(db, &stmts[ST_REPAIR_GET], 1, gp, &r);
	if (err == BT_OK && PQntuples(r) != 1) {
		err = refuse(reason, size, BT_ENOTFOUND, "no such repair");
	} else if (err == BT_OK &&
		   strcmp(bt_db_text(r, 0, 2), "pending") != 0) {
		err = refuse(reason, size, BT_ECONFLICT,
			     "this repair has already been decided");
	}
	char pid[24];
	long long enterprise = 0;
	if (err == BT_OK) {
		bt_strlcpy(pid, bt_db_text(r, 0, 0), sizeof(pid));
		enterprise = bt_db_int(r, 0, 1);
	}
	PQclear(r);
	const char *dp[] = {rid, approve ? "approved" : "rejected", who, why,
			    now};
	if (err == BT_OK)
		err = bt_db_run(db, &stmts[ST_REPAIR_DECIDE], 5, dp, NULL);
	const char *pp[] = {pid, now};
	if (err == BT_OK && approve)
		err = bt_db_run(db, &stmts[ST_PENALTY_REPAIRED], 2, pp, NULL);
	bool moved;
	if (err == BT_OK)
		err = disc_rating_recompute(db, enterprise, now, &moved);
	if (err == BT_OK)
		err = bt_db_commit(db);
	else
		bt_db_rollback(db);
	return err;
}

enum bt_err disc_repair_list(struct bt_db *db, const char *status,
			     long long enterprise_id, json_t **out)
{
	char ent[24];
	snprintf(ent, sizeof(ent), "%lld", enterprise_id);
	const char *p[] = {status, ent};
	return bt_db_query_json(db, &stmts[ST_REPAIRS], 2, p, out);
}

enum bt_err disc_lists(struct bt_db *db, const char *now,
		       long long enterprise_id, json_t **out)
{
	int version;
	json_t *rules = NULL;
	enum bt_err err = disc_rules_active(db, &version, &rules);
	if (err != BT_OK)
		return err;
	/* top: the grade that reaches max; bottom: the one from min */
	const char *top = "", *bottom = "";
	json_int_t min = json_integer_value(json_object_get(rules, "min"));
	json_int_t max = json_integer_value(json_object_get(rules, "max"));
	const json_t *grades = json_object_get(rules, "grades");
	for (size_t i = 0; i < json_array_size(grades); i++) {
		const json_t *g = json_array_get(grades, i);
		const char *name =
			json_string_value(json_object_get(g, "grade"));
		if (json_integer_value(json_object_get(g, "to")) == max)
			top = name;
		if (json_integer_value(json_object_get(g, "from")) == min)
			bottom = name;
	}
	char ent[24];
	snprintf(ent, sizeof(ent), "%lld", enterprise_id);
	const char *p[] = {now, top, bottom, ent};
	err = bt_db_query_json(db, &stmts[ST_LISTS], 4, p, out);
	if (err == BT_OK) /* the legend of the grades the lists are read by */
		json_object_set(*out, "grades", (json_t *)grades);
	json_decref(rules);
	return err;
}

/* One field a correction may change: its name, how it is checked and the
 * column of ST_REVISE_GET holding its published value. */
struct fixable {
	const char *name;
	size_t max; /* characters; 0 for the amount, checked by its parser */
	const char *rule;
	int column;
	bool block; /* may hold line breaks */
};

static const struct fixable fixables[] = {
	{"violation", 1000, "violation: what was done, 1 to 1000 characters", 3,
	 true},
	{"legal_basis", 1000,
	 "legal_basis: the provisions applied, 1 to 1000 characters", 4, true},
	{"penalty", 500, "penalty: what was imposed, 1 to 500 characters", 5,
	 true},
	{"amount_fen", 0, "amount: the fine in yuan, 0 if none", 6, false},
	{"authority", 200,
	 "authority: the deciding authority, 1 to 200 characters", 7, false},
	{"violation_en", 1000,
	 "violation_en: what was done, in English, at most 1000 characters", 8,
	 true},
	{"legal_basis_en", 1000,
	 "legal_basis_en: the provisions applied, in English, at most 1000 "
	 "characters",
	 9, true},
	{"penalty_en", 500,
	 "penalty_en: what was imposed, in English, at most 500 characters", 10,
	 true},
	{"authority_en", 200,
	 "authority_en: the deciding authority in English, at most 200 "
	 "characters",
	 11, false},
};

#define FIXABLES (sizeof(fixables) / sizeof(fixables[0]))

/* The corrected values of fix in the order of fixables (NULL: as it is). */
static void fix_values(const struct disc_penalty_fix *fix, char amount[24],
		       const char *v[FIXABLES])
{
	v[0] = fix->violation;
	v[1] = fix->legal_basis;
	v[2] = fix->penalty;
	v[3] = NULL;
	if (fix->amount_fen >= 0) {
		snprintf(amount, 24, "%lld", fix->amount_fen);
		v[3] = amount;
	}
	v[4] = fix->authority;
	v[5] = fix->violation_en;
	v[6] = fix->legal_basis_en;
	v[7] = fix->penalty_en;
	v[8] = fix->authority_en;
}

static bool fix_ok(const char *const v[FIXABLES], char *reason, size_t size)
{
	for (size_t i = 0; i < FIXABLES; i++) {
		const struct fixable *f = &fixables[i];
		if (v[i] == NULL || f->max == 0)
			continue;
		bool ok = f->block ? bt_text_block_ok(v[i], 1, f->max)
				   : bt_text_ok(v[i], 1, f->max);
		if (!ok) {
			bt_strlcpy(reason, fixables[i].rule, size);
			return false;
		}
	}
	return true;
}

/* The published value of fixable i in row r, as JSON. */
static json_t *published(PGresult *r, size_t i)
{
	int c = fixables[i].column;
	return fixables[i].max == 0 ? json_integer(bt_db_int(r, 0, c))
				    : json_string(bt_db_text(r, 0, c));
}

enum bt_err disc_penalty_revise(struct bt_db *db, long long penalty_id,
				const char *decision_no,
				const struct disc_penalty_fix *fix,
				const char *why, const char *who,
				const char *now, long long *revision,
				long long *enterprise_id, char *reason,
				size_t size)
{
	char amount[24];
	const char *v[FIXABLES];
	fix_values(fix, amount, v);
	for (size_t i = 0; fix->withdraw && i < FIXABLES; i++)
		if (v[i] != NULL)
			return refuse(
				reason, size, BT_EINVAL,
				"a withdrawal changes no field: leave the "
				"fields empty, or choose a correction");
	if (!fix->withdraw && !fix_ok(v, reason, size))
		return BT_EINVAL;
	if (!bt_text_block_ok(why, 1, 1000))
		return refuse(reason, size, BT_EINVAL,
			      "reason: why it is corrected or withdrawn, 1 to "
			      "1000 characters (it is published)");
	char pid[24];
	snprintf(pid, sizeof(pid), "%lld", penalty_id);
	const char *gp[] = {pid, now, decision_no ? decision_no : ""};
	PGresult *r = NULL;
	enum bt_err err = bt_db_begin(db);
	if (err == BT_OK)
		err = bt_db_query_take(db, &stmts[ST_REVISE_GET], 3, gp, &r);
	if (err == BT_OK && PQntuples(r) != 1)
		err = refuse(reason, size, BT_ENOTFOUND,
			     "no penalty has this decision number");
	else if (err == BT_OK && strcmp(bt_db_text(r, 0, 2), "t") != 0)
		err = refuse(reason, size, BT_ECONFLICT,
			     "this penalty is not published now; only a "
			     "published penalty is corrected or withdrawn");
	json_t *before = json_object(), *after = json_object();
	if (err == BT_OK) {
		bt_strlcpy(pid, bt_db_text(r, 0, 0), sizeof(pid));
		*enterprise_id = bt_db_int(r, 0, 1);
		for (size_t i = 0; !fix->withdraw && i < FIXABLES; i++) {
			json_t *old = published(r, i);
			json_t *neu = v[i] == NULL ? NULL
				      : fixables[i].max == 0
					      ? json_integer(fix->amount_fen)
					      : json_string(v[i]);
			if (neu != NULL && !json_equal(old, neu)) {
				json_object_set(before, fixables[i].name, old);
				json_object_set(after, fixables[i].name, neu);
			} else {
				v[i] = NULL; /* the same: left as it is */
			}
			json_decref(old);
			json_decref(neu);
		}
		if (!fix->withdraw && json_object_size(after) == 0)
			err = refuse(reason, size, BT_EINVAL,
				     "nothing to correct: give the fields that "
				     "change, with their new values");
	}
	PQclear(r);
	r = NULL;
	char *b = json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS);
	char *a = json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(before);
	json_decref(after);
	const char *up[] = {pid,
			    v[0] ? v[0] : "",
			    v[1] ? v[1] : "",
			    v[2] ? v[2] : "",
			    v[3] ? v[3] : "",
			    v[4] ? v[4] : "",
			    fix->withdraw ? "t" : "f",
			    now,
			    v[5] ? v[5] : "",
			    v[6] ? v[6] : "",
			    v[7] ? v[7] : "",
			    v[8] ? v[8] : ""};
	if (err == BT_OK && (b == NULL || a == NULL))
		err = BT_ENOMEM;
	if (err == BT_OK)
		err = bt_db_run(db, &stmts[ST_REVISE], 12, up, NULL);
	const char *ip[] = {pid, fix->withdraw ? "withdrawal" : "correction",
			    b,	 a,
			    why, now,
			    who};
	if (err == BT_OK)
		err = bt_db_query_take(db, &stmts[ST_REVISION_INSERT], 7, ip,
				       &r);
	if (err == BT_OK)
		*revision = bt_db_int(r, 0, 0);
	PQclear(r);
	free(b);
	free(a);
	bool moved;
	if (err == BT_OK)
		err = disc_rating_recompute(db, *enterprise_id, now, &moved);
	if (err == BT_OK)
		err = bt_db_commit(db);
	else
		bt_db_rollback(db);
	return err;
}

enum bt_err disc_penalty_withdrawn(struct bt_db *db, long long enterprise_id,
				   const char *now, json_t **out)
{
	char ent[24];
	snprintf(ent, sizeof(ent), "%lld", enterprise_id);
	const char *p[] = {ent, now};
	return bt_db_query_json(db, &stmts[ST_WITHDRAWN], 2, p, out);
}
