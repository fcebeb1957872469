/* penalty.h: administrative penalties published with the 双公示 fields,
 * for a period set by effective-dated rules per severity; credit repair
 * (the enterprise applies after the minimum period, a regulator decides,
 * the outcome is public); and the red and black lists. Every "now" is the
 * ISO time of core/clock.h; dates are days in Asia/Shanghai. */
#ifndef DISC_PENALTY_H
#define DISC_PENALTY_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/db.h"
#include "core/err.h"

struct disc_penalty_in {
	long long enterprise_id;
	const char *decision_no;
	const char *violation;
	const char *legal_basis;
	const char *penalty;	/* what was imposed */
	long long amount_fen;	/* fine, 0 if none */
	const char *decided_on; /* YYYY-MM-DD */
	const char *authority;
	const char *severity; /* minor, general, serious */
	int months;	      /* publication months; -1: the rule's default */
	/* The same three texts in English; NULL or "" where not given. */
	const char *violation_en;
	const char *legal_basis_en;
	const char *penalty_en;
	const char *authority_en;
};

/* Parses how many months a penalty is to be published: NULL or "" is the
 * rule's default (-1), else a whole number from 0 to 120 (the rule in
 * effect then bounds it further). False with reason otherwise. */
bool disc_penalty_months(const char *text, int *months, char *reason,
			 size_t size);

/* Parses an amount of yuan ("12000", "12000.5", "12000.50") into fen. */
bool disc_parse_yuan(const char *s, long long *fen);

/* Records a penalty, fixes its publication end by the rule in effect on
 * the decision date, and recomputes the enterprise's rating, in one
 * transaction. BT_EINVAL / BT_ECONFLICT / BT_ENOTFOUND with reason. */
enum bt_err disc_penalty_record(struct bt_db *db,
				const struct disc_penalty_in *in,
				const char *who, const char *now, long long *id,
				char *reason, size_t size);

/* What a reader narrows the public penalties to; NULL or "" is any. */
struct disc_penalty_filter {
	const char *authority; /* a part of the authority's name */
	const char *severity;  /* minor, general or serious */
	const char *from, *to; /* decided on or after / on or before */
};

/* Penalties public as of now ({items, total, page, per_page}), of one
 * enterprise or (0) all, as filter (NULL: all) narrows them, newest
 * first. */
enum bt_err disc_penalty_public(struct bt_db *db, long long enterprise_id,
				const char *now, int page, int per_page,
				const struct disc_penalty_filter *filter,
				json_t **out);

/* What an enterprise writes to repair its credit after a penalty. */
struct disc_repair_in {
	const char *commitment;	   /* its public commitment */
	const char *rectification; /* what it corrected */
	const char *proof_url;	   /* NULL or "" if none */
	/* The same two in English; NULL or "" where not given. */
	const char *commitment_en;
	const char *rectification_en;
};

/* The enterprise asks to repair its penalty. */
enum bt_err disc_repair_apply(struct bt_db *db, long long enterprise_id,
			      long long penalty_id,
			      const struct disc_repair_in *in, const char *now,
			      long long *id, char *reason, size_t size);

/* A regulator approves (ending the penalty's publication) or rejects a
 * pending repair, with reasons; the rating is recomputed. */
enum bt_err disc_repair_decide(struct bt_db *db, long long repair_id,
			       bool approve, const char *why, const char *who,
			       const char *now, char *reason, size_t size);

/* Repairs: status "pending" (for regulators) or "decided" (public
 * outcomes), of one enterprise or (0) all. */
enum bt_err disc_repair_list(struct bt_db *db, const char *status,
			     long long enterprise_id, json_t **out);

/* A correction of a published penalty: the fields that change (NULL, or
 * amount_fen -1, leave one as it is), or its withdrawal. */
struct disc_penalty_fix {
	bool withdraw;
	const char *violation;
	const char *legal_basis;
	const char *penalty;
	long long amount_fen;
	const char *authority;
	const char *violation_en; /* the English texts; NULL: as they are */
	const char *legal_basis_en;
	const char *penalty_en;
	const char *authority_en;
};

/* Corrects or withdraws the published penalty penalty_id (0: the one with
 * decision_no), publishing the revision (what each changed field was and
 * became, why, who, when) and recomputing the rating, in one transaction.
 * A withdrawn penalty stops being public today; its withdrawal stays
 * public until the penalty's publication would have ended. *revision is
 * the revision's id, *enterprise_id the penalty's party. BT_EINVAL /
 * BT_ENOTFOUND / BT_ECONFLICT with reason. */
enum bt_err disc_penalty_revise(struct bt_db *db, long long penalty_id,
				const char *decision_no,
				const struct disc_penalty_fix *fix,
				const char *why, const char *who,
				const char *now, long long *revision,
				long long *enterprise_id, char *reason,
				size_t size);

/* The withdrawn penalties of one enterprise or (0) all whose publication
 * has not run out, with their revisions, newest first (at most 100). */
enum bt_err disc_penalty_withdrawn(struct bt_db *db, long long enterprise_id,
				   const char *now, json_t **out);

/* The red and black lists as of now, each entry with its reasons, of all
 * enterprises (0) or one. The grade names come from the active rule set,
 * whose grades (the legend) come along as "grades". */
enum bt_err disc_lists(struct bt_db *db, const char *now,
		       long long enterprise_id, json_t **out);

#endif
