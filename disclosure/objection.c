/* objection.c: objections to published facts and their answers. */
#include "objection.h"

#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/clock.h"
#include "disclosure/source.h"

enum {
	ST_PENALTY,
	ST_COMMITMENT,
	ST_INSERT,
	ST_ANSWER,
	ST_LIST,
};

static const struct bt_stmt stmts[] = {
	/* Only a penalty being published can be disputed. */
	[ST_PENALTY] = {"disc.objection_penalty",
			"SELECT enterprise_id, decision_no, decision_no FROM "
			"penalty p WHERE id = $1 AND penalty_public_on(p, "
			"cn_day($2))"},
	[ST_COMMITMENT] = {"disc.objection_commitment",
			   "SELECT enterprise_id, left(text_zh, 200), "
			   "left(text_en, 200) FROM commitment WHERE id = $1"},
	[ST_INSERT] = {"disc.objection_insert",
		       "INSERT INTO objection (enterprise_id, subject, "
		       "subject_id, label_zh, label_en, grounds, filed_by) "
		       "VALUES ($1, $2, nullif($3, '0')::bigint, $4, $5, $6, "
		       "$7) RETURNING id"},
	[ST_ANSWER] = {"disc.objection_answer",
		       "UPDATE objection SET status = $2, answer = $3, "
		       "answered_at = now(), answered_by = $4 WHERE id = $1 "
		       "AND status = 'pending' RETURNING id"},
	[ST_LIST] =
		{"disc.objections",
		 "SELECT coalesce(json_agg(json_build_object('id', o.id, "
		 "'enterprise_id', o.enterprise_id, 'uscc', e.uscc, "
		 "'name_zh', e.name_zh, 'name_en', e.name_en, 'subject', "
		 "o.subject, 'subject_id', o.subject_id, 'label_zh', "
		 "o.label_zh, 'label_en', o.label_en, 'grounds', "
		 "o.grounds, 'filed_on', cn_day(o.filed_at), 'status', "
		 "o.status, 'answer', o.answer, 'answered_on', "
		 "cn_day(o.answered_at)) ORDER BY o.id DESC), '[]') FROM "
		 "(SELECT * FROM objection x WHERE CASE WHEN $2 THEN "
		 "status = 'pending' ELSE enterprise_id = $1 END AND ($1 = "
		 "0 OR enterprise_id = $1) AND (NOT $3 OR subject <> "
		 "'penalty' OR EXISTS (SELECT 1 FROM penalty p WHERE p.id = "
		 "x.subject_id AND penalty_public_on(p, cn_day($4)))) ORDER "
		 "BY id DESC LIMIT 200) o JOIN enterprise e ON e.id = "
		 "o.enterprise_id"},
};

static const char *const subjects[] = {"penalty", "inspection", "commitment",
				       "rating", "customs_class"};

/* Whether subject is one of subjects[] and whether it names a record by
 * id (the first three). */
static bool subject_known(const char *subject, bool *by_id)
{
	for (size_t i = 0; subject && i < sizeof(subjects) / sizeof(*subjects);
	     i++)
		if (strcmp(subject, subjects[i]) == 0) {
			*by_id = i < 3;
			return true;
		}
	return false;
}

bool disc_objection_fact(const char *text, char subject[16],
			 long long *subject_id)
{
	*subject_id = 0;
	if (text == NULL || strlen(text) > 40)
		return false;
	const char *colon = strchr(text, ':');
	size_t n = colon ? (size_t)(colon - text) : strlen(text);
	if (n == 0 || n > 15)
		return false;
	memcpy(subject, text, n);
	subject[n] = '\0';
	bool by_id = false;
	if (!subject_known(subject, &by_id) || by_id != (colon != NULL))
		return false;
	return colon == NULL ||
	       bt_parse_ll(colon + 1, 1, 9223372036854775807LL, subject_id);
}

/* The enterprise and labels of the record subject_id of subject. */
static enum bt_err fact_of(struct bt_db *db, const char *subject,
			   long long subject_id, long long *owner,
			   char label_zh[201], char label_en[201])
{
	if (strcmp(subject, "inspection") == 0) {
		const struct disc_source *src = disc_source();
		if (src == NULL)
			return BT_EINTERNAL;
		enum bt_err err =
			src->inspection(db, subject_id, owner, label_zh, 201);
		if (err == BT_OK)
			bt_strlcpy(label_en, label_zh, 201);
		return err;
	}
	char id[24], now[BT_CLOCK_ISO_LEN];
	snprintf(id, sizeof(id), "%lld", subject_id);
	bt_clock_iso(now);
	const char *p[] = {id, now};
	bool penalty = strcmp(subject, "penalty") == 0;
	PGresult *r = NULL;
	enum bt_err err = bt_db_query_take(
		db, &stmts[penalty ? ST_PENALTY : ST_COMMITMENT],
		penalty ? 2 : 1, p, &r);
	if (err == BT_OK && PQntuples(r) != 1)
		err = BT_ENOTFOUND;
	if (err == BT_OK) {
		*owner = bt_db_int(r, 0, 0);
		bt_strlcpy(label_zh, bt_db_text(r, 0, 1), 201);
		bt_strlcpy(label_en, bt_db_text(r, 0, 2), 201);
	}
	PQclear(r);
	return err;
}

enum bt_err disc_objection_file(struct bt_db *db, long long enterprise_id,
				const char *subject, long long subject_id,
				const char *grounds, const char *who,
				long long *id, char *reason, size_t size)
{
	bool by_id = false;
	if (!subject_known(subject, &by_id)) {
		bt_strlcpy(reason,
			   "fact: the fact you dispute: a penalty, an "
			   "inspection or a commitment of yours, your rating "
			   "or your customs class",
			   size);
		return BT_EINVAL;
	}
	if (!bt_text_block_ok(grounds, 1, 2000)) {
		bt_strlcpy(reason,
			   "grounds: why the published fact is wrong, 1 to "
			   "2000 characters (it is published)",
			   size);
		return BT_EINVAL;
	}
	char label_zh[201] = "", label_en[201] = "";
	if (by_id) {
		long long owner = 0;
		enum bt_err err = subject_id > 0
					  ? fact_of(db, subject, subject_id,
						    &owner, label_zh, label_en)
					  : BT_ENOTFOUND;
		if (err == BT_OK && owner != enterprise_id)
			err = BT_ENOTFOUND;
		if (err == BT_ENOTFOUND)
			bt_strlcpy(reason,
				   "fact: no such record of your enterprise",
				   size);
		if (err != BT_OK)
			return err;
	} else {
		subject_id = 0;
	}
	char ent[24], sid[24];
	snprintf(ent, sizeof(ent), "%lld", enterprise_id);
	snprintf(sid, sizeof(sid), "%lld", subject_id);
	const char *p[] = {ent, subject, sid, label_zh, label_en, grounds, who};
	PGresult *r = NULL;
	enum bt_err err = bt_db_query_take(db, &stmts[ST_INSERT], 7, p, &r);
	if (err == BT_OK)
		*id = bt_db_int(r, 0, 0);
	else if (err == BT_ECONFLICT)
		bt_strlcpy(reason,
			   "an objection to this fact is already waiting for "
			   "an answer",
			   size);
	PQclear(r);
	return err;
}

enum bt_err disc_objection_answer(struct bt_db *db, long long id, bool uphold,
				  const char *answer, const char *who,
				  char *reason, size_t size)
{
	if (!bt_text_block_ok(answer, 1, 2000)) {
		bt_strlcpy(reason,
			   "answer: why it is upheld or rejected, 1 to 2000 "
			   "characters (it is published)",
			   size);
		return BT_EINVAL;
	}
	char oid[24];
	snprintf(oid, sizeof(oid), "%lld", id);
	const char *p[] = {oid, uphold ? "upheld" : "rejected", answer, who};
	PGresult *r = NULL;
	enum bt_err err = bt_db_query_take(db, &stmts[ST_ANSWER], 4, p, &r);
	if (err == BT_OK && PQntuples(r) != 1) {
		bt_strlcpy(reason,
			   "no objection with this number is waiting for an "
			   "answer",
			   size);
		err = BT_ENOTFOUND;
	}
	PQclear(r);
	return err;
}

enum bt_err disc_objection_list(struct bt_db *db, long long enterprise_id,
				bool waiting, const char *published_on,
				json_t **out)
{
	char ent[24];
	snprintf(ent, sizeof(ent), "%lld", enterprise_id);
	char now[BT_CLOCK_ISO_LEN];
	bt_clock_iso(now);
	const char *p[] = {ent, waiting ? "t" : "f", published_on ? "t" : "f",
			   published_on ? published_on : now};
	return bt_db_query_json(db, &stmts[ST_LIST], 4, p, out);
}
