/* policy.c: insurers and policies (see policy.h). */
#include "policy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/clock.h"
#include "disclosure/rating.h"
#include "trace/code/gs1.h"

/* The largest amount a policy names: 10 billion yuan, in fen. */
#define POLICY_FEN_MAX 1000000000000LL
/* At most this many GTINs or categories a policy lists. */
#define COVER_MAX 200

enum {
	ST_INSURER_FIND,
	ST_INSURER_ADD,
	ST_INSURERS,
	ST_POLICY_ADD,
	ST_POLICIES,
};

/* A policy as lists show it; p the policy, s its insurer. */
#define POLICY_JSON                                                            \
	"json_build_object('id', p.id, 'number', p.number, 'insurer', "        \
	"json_build_object('id', s.id, 'code', s.code, 'name_zh', s.name_zh, " \
	"'name_en', s.name_en), 'enterprise', json_build_object('id', e.id, "  \
	"'name_zh', e.name_zh, 'name_en', e.name_en), 'gtins', "               \
	"to_json(p.gtins), 'categories', to_json(p.categories), "              \
	"'starts_on', p.starts_on::text, 'ends_on', p.ends_on::text, "         \
	"'per_claim_fen', p.per_claim_fen, 'aggregate_fen', p.aggregate_fen, " \
	"'deductible_fen', p.deductible_fen, 'claim_days', p.claim_days, "     \
	"'pays_in_advance', p.pays_in_advance, 'used_fen', p.used_fen, "       \
	"'left_fen', p.aggregate_fen - p.used_fen, 'deductible_used_fen', "    \
	"p.deductible_used_fen, 'in_force', cn_day(now()) BETWEEN "            \
	"p.starts_on AND p.ends_on, 'created_by', p.created_by)"

static const struct bt_stmt stmts[] = {
	[ST_INSURER_FIND] = {"ins.insurer_find",
			     "SELECT id FROM insurer WHERE code = $1"},
	[ST_INSURER_ADD] = {"ins.insurer_add",
			    "INSERT INTO insurer (code, name_zh, name_en) "
			    "VALUES ($1, $2, $3) RETURNING id"},
	[ST_INSURERS] = {"ins.insurers",
			 "SELECT coalesce(json_agg(json_build_object('id', id, "
			 "'code', code, 'name_zh', name_zh, 'name_en', "
			 "name_en) ORDER BY id), '[]') FROM insurer"},
	[ST_POLICY_ADD] =
		{"ins.policy_add",
		 "WITH p AS (INSERT INTO ins_policy (insurer_id, number, "
		 "enterprise_id, gtins, categories, starts_on, ends_on, "
		 "per_claim_fen, aggregate_fen, deductible_fen, claim_days, "
		 "pays_in_advance, created_by) VALUES ($1, $2, $3, "
		 "$4::text[], $5::text[], $6::date, $7::date, $8, $9, $10, "
		 "$11, $12::boolean, $13) RETURNING *) SELECT " POLICY_JSON
		 " FROM p JOIN insurer s ON s.id = p.insurer_id JOIN "
		 "enterprise e ON e.id = p.enterprise_id"},
	[ST_POLICIES] = {"ins.policies",
			 "SELECT json_build_object('items', coalesce(json_agg("
			 "x ORDER BY (x->>'id')::bigint DESC), '[]')) FROM "
			 "(SELECT " POLICY_JSON
			 " AS x FROM ins_policy p JOIN insurer s ON s.id = "
			 "p.insurer_id JOIN enterprise e ON e.id = "
			 "p.enterprise_id WHERE ($1::bigint = 0 OR "
			 "p.insurer_id = $1::bigint) AND ($2::bigint = 0 OR "
			 "p.enterprise_id = $2::bigint) ORDER BY p.id DESC "
			 "LIMIT 500) l"},
};

enum bt_err ins_insurer_find(struct bt_db *db, const char *code, long long *id)
{
	const char *p[] = {code};
	PGresult *r = NULL;
	enum bt_err err =
		bt_db_query_take(db, &stmts[ST_INSURER_FIND], 1, p, &r);
	if (err == BT_OK && PQntuples(r) != 1)
		err = BT_ENOTFOUND;
	if (err == BT_OK)
		*id = bt_db_int(r, 0, 0);
	PQclear(r);
	return err;
}

static bool code_ok(const char *c)
{
	size_t n = strlen(c);
	return n >= 2 && n <= 30 &&
	       strspn(c, "abcdefghijklmnopqrstuvwxyz0123456789_-") == n;
}

enum bt_err ins_insurer_add(struct bt_db *db, const char *code,
			    const char *name_zh, const char *name_en,
			    long long *id, const char **reason)
{
	if (code == NULL || !code_ok(code)) {
		*reason = "code: 2 to 30 of a-z, 0-9, '_' and '-'";
		return BT_EINVAL;
	}
	if (name_zh == NULL || !bt_text_ok(name_zh, 1, 100) ||
	    name_en == NULL || !bt_text_ok(name_en, 1, 100)) {
		*reason = "name_zh, name_en: 1 to 100 characters each";
		return BT_EINVAL;
	}
	const char *p[] = {code, name_zh, name_en};
	PGresult *r = NULL;
	enum bt_err err =
		bt_db_query_take(db, &stmts[ST_INSURER_ADD], 3, p, &r);
	if (err == BT_OK)
		*id = bt_db_int(r, 0, 0);
	else if (err == BT_ECONFLICT)
		*reason = "code: an insurer has this code";
	PQclear(r);
	return err;
}

enum bt_err ins_insurers(struct bt_db *db, json_t **out)
{
	return bt_db_query_json(db, &stmts[ST_INSURERS], 0, NULL, out);
}

/* A GTIN-8, -12, -13 or -14 with its check digit, as 14 digits. */
static bool gtin_as_14(const char *g, char out[TRACE_GTIN_LEN + 1])
{
	const char *why = NULL;
	return trace_gtin_normalize(g, out, &why) == BT_OK;
}

static bool category_as_is(const char *c, char out[TRACE_GTIN_LEN + 1])
{
	(void)out;
	size_t n = strlen(c);
	return n >= 1 && n <= 40 &&
	       strspn(c, "abcdefghijklmnopqrstuvwxyz0123456789_") == n;
}

/* A JSON array of strings, each accepted by take() (which may write a
 * normal form into its buffer), as a PostgreSQL array literal into b;
 * false if it is not one. NULL is the empty array. */
static bool array_literal(const json_t *a,
			  bool (*take)(const char *, char[TRACE_GTIN_LEN + 1]),
			  struct bt_buf *b)
{
	bt_buf_puts(b, "{");
	if (a != NULL && (!json_is_array(a) || json_array_size(a) > COVER_MAX))
		return false;
	for (size_t i = 0; a && i < json_array_size(a); i++) {
		const char *s = json_string_value(json_array_get(a, i));
		char normal[TRACE_GTIN_LEN + 1] = "";
		if (s == NULL || !take(s, normal))
			return false;
		bt_buf_printf(b, "%s%s", i ? "," : "", normal[0] ? normal : s);
	}
	bt_buf_puts(b, "}");
	return b->data != NULL;
}

static enum bt_err check(const struct bt_principal *who,
			 const struct ins_policy_in *p, const char **reason)
{
	int y, m, d;
	if (who->role == BT_ROLE_INSURER && p->insurer_id != who->insurer_id) {
		*reason = "insurer: an insurer registers its own policies";
		return BT_EFORBIDDEN;
	}
	if (p->insurer_id <= 0) {
		*reason = "insurer: the insurer's code";
		return BT_EINVAL;
	}
	size_t n = p->number ? strlen(p->number) : 0;
	if (n < 4 || n > 40 ||
	    strspn(p->number, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstu"
			      "vwxyz0123456789-") != n) {
		*reason = "number: the policy number, 4 to 40 letters, digits "
			  "and '-'";
		return BT_EINVAL;
	}
	if (p->enterprise_id <= 0) {
		*reason = "enterprise_id: the insured enterprise";
		return BT_EINVAL;
	}
	if (p->starts_on == NULL || !bt_date_parse(p->starts_on, &y, &m, &d) ||
	    p->ends_on == NULL || !bt_date_parse(p->ends_on, &y, &m, &d) ||
	    strcmp(p->ends_on, p->starts_on) < 0) {
		*reason = "starts_on, ends_on: the period, dates written "
			  "YYYY-MM-DD, the end not before the start";
		return BT_EINVAL;
	}
	if (p->per_claim_fen < 1 || p->per_claim_fen > POLICY_FEN_MAX ||
	    p->aggregate_fen < p->per_claim_fen ||
	    p->aggregate_fen > POLICY_FEN_MAX) {
		*reason = "per_claim_fen, aggregate_fen: whole fen above 0, "
			  "the aggregate limit at least the per-claim limit";
		return BT_EINVAL;
	}
	if (p->deductible_fen < 0 || p->deductible_fen > p->aggregate_fen) {
		*reason = "deductible_fen: whole fen from 0 to the aggregate "
			  "limit";
		return BT_EINVAL;
	}
	if (p->claim_days < 1 || p->claim_days > 3650) {
		*reason = "claim_days: the days after purchase a claim may "
			  "come in, 1 to 3650";
		return BT_EINVAL;
	}
	return BT_OK;
}

enum bt_err ins_policy_add(struct bt_db *db, const struct bt_principal *who,
			   const struct ins_policy_in *p, json_t **out,
			   const char **reason)
{
	*out = NULL;
	enum bt_err err = check(who, p, reason);
	if (err != BT_OK)
		return err;
	struct bt_buf gtins = BT_BUF_INIT, cats = BT_BUF_INIT;
	if (!array_literal(p->gtins, gtin_as_14, &gtins)) {
		*reason = "gtins: a list of GTINs (8, 12, 13 or 14 digits with "
			  "their check digit; at most 200)";
		err = BT_EINVAL;
	} else if (!array_literal(p->categories, category_as_is, &cats)) {
		*reason = "categories: a list of product categories such as "
			  "\"infant_formula\" (at most 200)";
		err = BT_EINVAL;
	}
	char ins[24], ent[24], per[24], agg[24], ded[24], days[24];
	snprintf(ins, sizeof(ins), "%lld", p->insurer_id);
	snprintf(ent, sizeof(ent), "%lld", p->enterprise_id);
	snprintf(per, sizeof(per), "%lld", p->per_claim_fen);
	snprintf(agg, sizeof(agg), "%lld", p->aggregate_fen);
	snprintf(ded, sizeof(ded), "%lld", p->deductible_fen);
	snprintf(days, sizeof(days), "%lld", p->claim_days);
	const char *q[] = {ins,
			   p->number,
			   ent,
			   gtins.data ? gtins.data : "{}",
			   cats.data ? cats.data : "{}",
			   p->starts_on,
			   p->ends_on,
			   per,
			   agg,
			   ded,
			   days,
			   p->pays_in_advance ? "true" : "false",
			   who->name};
	/* The policy and the rating it changes, in one transaction. */
	if (err == BT_OK)
		err = bt_db_begin(db);
	if (err == BT_OK) {
		err = bt_db_query_json(db, &stmts[ST_POLICY_ADD], 13, q, out);
		char now[BT_CLOCK_ISO_LEN];
		bt_clock_iso(now);
		bool changed = false;
		if (err == BT_OK)
			err = disc_rating_recompute(db, p->enterprise_id, now,
						    &changed);
		err = bt_db_finish(db, err);
		if (err != BT_OK) {
			json_decref(*out);
			*out = NULL;
		}
	}
	if (err == BT_ECONFLICT)
		*reason = "number: this insurer has a policy with this number";
	else if (err == BT_EINVAL && *reason == NULL)
		*reason = "insurer, enterprise_id: no such insurer or "
			  "enterprise";
	bt_buf_free(&gtins);
	bt_buf_free(&cats);
	return err;
}

enum bt_err ins_policies(struct bt_db *db, long long insurer_id,
			 long long enterprise_id, json_t **out)
{
	char ins[24], ent[24];
	snprintf(ins, sizeof(ins), "%lld", insurer_id);
	snprintf(ent, sizeof(ent), "%lld", enterprise_id);
	const char *p[] = {ins, ent};
	return bt_db_query_json(db, &stmts[ST_POLICIES], 2, p, out);
}
