/* demo_insurance.c: two insurers with their claims handlers' accounts,
 * policies on the demo enterprises (one long expired), and a dozen claims
 * handled on past days (the clock is set back for each step): one paid,
 * one paid in advance by the platform with its recovery open, one
 * rejected as outside the policy period, one frozen as a clone, one
 * overdue for payment, one waiting for materials, one under appraisal,
 * one withdrawn, one rejected and appealed, and more. */
#include "app/demo.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "complaints/intake.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/log.h"
#include "insurance/intake.h"
#include "insurance/policy.h"
#include "insurance/store.h"
#include "trace/code/batch.h"

struct demo_insurer {
	const char *code, *zh, *en, *account;
};

static const struct demo_insurer insurers[] = {
	{"picc-nb", "中国人民财产保险股份有限公司宁波市分公司",
	 "PICC Property and Casualty, Ningbo Branch", "picc"},
	{"pingan-nb", "中国平安财产保险股份有限公司宁波分公司",
	 "Ping An Property and Casualty, Ningbo Branch", "pingan"},
};

struct demo_policy {
	int insurer, enterprise;		 /* indexes */
	const char *number, *gtins, *categories; /* JSON arrays */
	const char *starts, *ends;
	long long per_claim, aggregate, deductible, days;
	bool advance;
};

static const struct demo_policy policies[] = {
	{0, 0, "PICC-PZ2026-0318", "[\"09312345001019\", \"09412345002020\"]",
	 "[]", "2026-06-01", "2027-05-31", 100000, 2000000, 5000, 180, false},
	{1, 1, "PA-QI-2026-1107", "[]", "[\"cosmetics\"]", "2026-07-01",
	 "2027-06-30", 80000, 1000000, 0, 90, false},
	/* Long expired: claims on its product fall outside its period. */
	{1, 1, "PA-QI-2025-0042", "[\"04260123450014\"]", "[]", "2025-01-01",
	 "2025-12-31", 50000, 500000, 0, 90, false},
	{0, 2, "PICC-PZ2026-0921", "[]", "[]", "2026-09-01", "2027-08-31",
	 60000, 600000, 0, 180, true},
};

/* One step of a claim: on day, who does what (NULL event: filing). */
struct step {
	const char *day;
	enum ins_actor by;
	const char *event;
	const char *data;
};

struct demo_claim {
	int batch;
	uint32_t index;
	const char *reason;
	long long amount_fen;
	const char *description, *purchased_on, *phone;
	int from_case; /* a demo complaint's index + 1, or 0 */
	struct step steps[9];
};

#define LAB "{\"lab\": \"宁波检验检疫科学技术研究院\"}"

static const struct demo_claim claims[] = {
	/* 1. Approved after an appraisal (the deductible takes its part),
	 * paid and closed. The buyer claims. */
	{0,
	 0,
	 "quality_defect",
	 26800,
	 "奶粉结块变色，经检测菌落总数超标。",
	 "2026-11-12",
	 "13900000000",
	 0,
	 {{"2026-11-18", INS_BY_CONSUMER, NULL, NULL},
	  {"2026-11-19", INS_BY_INSURER, "accepted", "{}"},
	  {"2026-11-19", INS_BY_INSURER, "appraisal_started", LAB},
	  {"2026-11-24", INS_BY_INSURER, "appraisal_recorded",
	   "{\"result\": \"defect_confirmed\", \"text\": "
	   "\"菌落总数超过 GB 10767 限量。\"}"},
	  {"2026-11-25", INS_BY_INSURER, "approved", "{\"loss_fen\": 26800}"},
	  {"2026-11-27", INS_BY_INSURER, "paid", "{}"},
	  {"2026-11-28", INS_BY_INSURER, "closed", "{}"},
	  {NULL}}},
	/* 2. From complaint case 5: the platform paid the consumer first, so
	 * the insurer pays the platform; the recovery from the importer is
	 * open. */
	{0,
	 1,
	 "safety",
	 26800,
	 "罐内发现异物，婴儿饮用后腹泻。",
	 "2026-11-12",
	 "13900000000",
	 5,
	 {{"2026-11-20", INS_BY_CONSUMER, NULL, NULL},
	  {"2026-11-21", INS_BY_INSURER, "accepted", "{}"},
	  {"2026-11-24", INS_BY_INSURER, "approved", "{\"loss_fen\": 26800}"},
	  {"2026-11-26", INS_BY_INSURER, "paid", "{}"},
	  {"2026-11-30", INS_BY_INSURER, "recovered",
	   "{\"amount_fen\": 8000, \"text\": \"进口商首期偿还。\"}"},
	  {NULL}}},
	/* 3. Imported after the policy ended: rejected with the reason the
	 * automatic check found, and told so. */
	{3,
	 0,
	 "quality_defect",
	 4590,
	 "燕麦片有虫蛀。",
	 "2026-11-15",
	 "13900000003",
	 0,
	 {{"2026-11-20", INS_BY_CONSUMER, NULL, NULL},
	  {"2026-11-21", INS_BY_INSURER, "rejected",
	   "{\"reason\": \"outside_policy_period\", \"text\": "
	   "\"保单 PA-QI-2025-0042 已于 2025-12-31 到期，商品于 2026-11-14 "
	   "进口。\"}"},
	  {"2026-11-22", INS_BY_INSURER, "rejection_notified", "{}"},
	  {NULL}}},
	/* 4. Someone reported the code as copied: payment is frozen and
	 * regulators check authenticity. */
	{1,
	 1,
	 "counterfeit_suspicion",
	 19950,
	 "蜂蜜口感与以往不同，怀疑是假货。",
	 "2026-11-13",
	 "13900000001",
	 0,
	 {{"2026-11-27", INS_BY_CONSUMER, NULL, NULL},
	  {"2026-11-28", INS_BY_REGULATOR, "flagged",
	   "{\"text\": \"与假冒举报关联，核查渠道。\"}"},
	  {NULL}}},
	/* 5. Approved, and not paid within 10 days of agreeing: overdue. */
	{2,
	 0,
	 "quality_defect",
	 32900,
	 "精华液分层变质。",
	 "2026-11-14",
	 "13900000002",
	 0,
	 {{"2026-11-16", INS_BY_CONSUMER, NULL, NULL},
	  {"2026-11-17", INS_BY_INSURER, "accepted", "{}"},
	  {"2026-11-20", INS_BY_INSURER, "approved", "{\"loss_fen\": 32900}"},
	  {NULL}}},
	/* 6. Missing materials asked for once, in full. */
	{2,
	 1,
	 "damaged",
	 32900,
	 "收到时瓶身破裂。",
	 "2026-11-20",
	 "13900000002",
	 0,
	 {{"2026-11-25", INS_BY_CONSUMER, NULL, NULL},
	  {"2026-11-26", INS_BY_INSURER, "materials_requested",
	   "{\"text\": \"请补充：外包装和瓶身破损照片、签收记录截图。\"}"},
	  {NULL}}},
	/* 7. Under appraisal. */
	{4,
	 0,
	 "safety",
	 8900,
	 "使用后手部起疹。",
	 "2026-11-18",
	 "13900000004",
	 0,
	 {{"2026-11-24", INS_BY_CONSUMER, NULL, NULL},
	  {"2026-11-25", INS_BY_INSURER, "accepted", "{}"},
	  {"2026-11-26", INS_BY_INSURER, "appraisal_started", LAB},
	  {NULL}}},
	/* 8. Withdrawn by the consumer. */
	{4,
	 1,
	 "damaged",
	 8900,
	 "管身破损。",
	 "2026-11-18",
	 "13900000004",
	 0,
	 {{"2026-11-22", INS_BY_CONSUMER, NULL, NULL},
	  {"2026-11-23", INS_BY_CONSUMER, "withdrawn",
	   "{\"text\": \"商家已补发。\"}"},
	  {NULL}}},
	/* 9. Just in; the claimant is not the declared buyer. */
	{1,
	 0,
	 "not_as_declared",
	 19950,
	 "实物 UMF 等级与申报不符。",
	 "2026-11-20",
	 "13800000209",
	 0,
	 {{"2026-11-30", INS_BY_CONSUMER, NULL, NULL}, {NULL}}},
	/* 10. An item bound to no declaration: rejected, notified, closed,
	 * and appealed once (the appeal is a claim of its own). */
	{0,
	 2,
	 "quality_defect",
	 26800,
	 "奶粉冲调后有颗粒。",
	 "2026-11-10",
	 "13800000210",
	 0,
	 {{"2026-11-18", INS_BY_CONSUMER, NULL, NULL},
	  {"2026-11-19", INS_BY_INSURER, "rejected",
	   "{\"reason\": \"not_declared\", \"text\": "
	   "\"该商品未关联海关申报，无法确认进口日期。\"}"},
	  {"2026-11-19", INS_BY_INSURER, "rejection_notified", "{}"},
	  {"2026-11-20", INS_BY_INSURER, "closed", "{}"},
	  {"2026-11-21", INS_BY_CONSUMER, "appealed",
	   "{\"text\": \"附上平台订单和海关清单截图，请复核。\"}"},
	  {NULL}}},
	/* 11. Materials complete, the decision clock running. */
	{0,
	 3,
	 "quality_defect",
	 26800,
	 "罐盖密封失效。",
	 "2026-11-20",
	 "13800000211",
	 0,
	 {{"2026-11-27", INS_BY_CONSUMER, NULL, NULL},
	  {"2026-11-28", INS_BY_INSURER, "accepted", "{}"},
	  {NULL}}},
	/* 12. The determined part paid first while the appraisal runs. */
	{2,
	 2,
	 "safety",
	 32900,
	 "使用后眼部刺痛，已就医。",
	 "2026-11-08",
	 "13800000212",
	 0,
	 {{"2026-11-10", INS_BY_CONSUMER, NULL, NULL},
	  {"2026-11-11", INS_BY_INSURER, "accepted", "{}"},
	  {"2026-11-12", INS_BY_INSURER, "appraisal_started", LAB},
	  {"2026-11-20", INS_BY_INSURER, "interim_paid",
	   "{\"amount_fen\": 15000, \"text\": \"先行支付已确定的医疗费用。\"}"},
	  {NULL}}},
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static enum bt_err ensure_insurers(struct bt_db *db, long long ids[])
{
	enum bt_err err = BT_OK;
	for (size_t i = 0; err == BT_OK && i < N(insurers); i++) {
		err = ins_insurer_find(db, insurers[i].code, &ids[i]);
		const char *reason = NULL;
		if (err == BT_ENOTFOUND)
			err = ins_insurer_add(db, insurers[i].code,
					      insurers[i].zh, insurers[i].en,
					      &ids[i], &reason);
	}
	return err;
}

static enum bt_err add_policies(struct bt_db *db, const long long *ents,
				const long long *ins)
{
	struct bt_principal who = {BT_ROLE_REGULATOR, 0, 0, "demo", 0};
	enum bt_err err = BT_OK;
	for (size_t i = 0; err == BT_OK && i < N(policies); i++) {
		const struct demo_policy *d = &policies[i];
		json_t *g = json_loads(d->gtins, 0, NULL);
		json_t *c = json_loads(d->categories, 0, NULL);
		struct ins_policy_in p = {ins[d->insurer],
					  d->number,
					  ents[d->enterprise],
					  g,
					  c,
					  d->starts,
					  d->ends,
					  d->per_claim,
					  d->aggregate,
					  d->deductible,
					  d->days,
					  d->advance};
		json_t *out = NULL;
		const char *reason = NULL;
		err = ins_policy_add(db, &who, &p, &out, &reason);
		if (err == BT_ECONFLICT)
			err = BT_OK; /* registered before */
		json_decref(out);
		json_decref(g);
		json_decref(c);
	}
	return err;
}

/* Someone reports claim 4's code as copied before it is claimed. */
static enum bt_err counterfeit_report(struct bt_db *db, const char *code)
{
	struct cmpl_filing f = {.kind = "report",
				.code = code,
				.category = "counterfeit",
				.amount_fen = -1,
				.description =
					"同一追溯码出现在多个网店，疑似复制。",
				.by = CMPL_BY_CONSUMER,
				.by_name = "consumer"};
	struct cmpl_receipt r;
	const char *reason = NULL;
	demo_at("2026-11-26");
	return cmpl_file(db, &f, &r, &reason);
}

static enum bt_err one_claim(struct bt_db *db, const struct demo_claim *c,
			     const struct trace_batch *made,
			     const long long *ins,
			     char cases[DEMO_CASES_MAX][24],
			     struct ins_receipt *r)
{
	char code[256];
	trace_code_uri(&made[c->batch], c->index, code, sizeof(code));
	const char *cas = c->from_case > 0 && cases[c->from_case - 1][0]
				  ? cases[c->from_case - 1]
				  : NULL;
	struct ins_filing f = {.code = code,
			       .reason = c->reason,
			       .amount_fen = c->amount_fen,
			       .order_no = "DEMO-ORDER",
			       .purchased_on = c->purchased_on,
			       .description = c->description,
			       .phone = c->phone,
			       .name = "演示消费者",
			       .case_number = cas};
	const char *reason = NULL;
	demo_at(c->steps[0].day);
	enum bt_err err = ins_file(db, &f, r, &reason);
	json_t *view = NULL;
	struct ins_viewer v = {.actor = INS_BY_CONSUMER,
			       .name = "consumer",
			       .token = r->token};
	if (err == BT_OK)
		err = ins_claim_view(db, r->number, &v, &view);
	long long insurer = json_integer_value(
		json_object_get(json_object_get(view, "insurer"), "id"));
	json_decref(view);
	for (size_t i = 1; err == BT_OK && c->steps[i].day; i++) {
		const struct step *s = &c->steps[i];
		struct ins_viewer w = {
			.actor = s->by,
			.insurer_id = insurer,
			.name = s->by == INS_BY_INSURER	    ? "insurer"
				: s->by == INS_BY_REGULATOR ? "regulator"
							    : "consumer",
			.token = r->token};
		json_t *data = json_loads(s->data, 0, NULL);
		json_t *out = NULL;
		struct ins_receipt appeal;
		demo_at(s->day);
		err = ins_claim_act(db, r->number, &w, s->event, data, &out,
				    &appeal, &reason);
		json_decref(data);
		json_decref(out);
	}
	(void)ins;
	if (err != BT_OK)
		bt_log_warn("demo claim not complete", "reason",
			    reason ? reason : bt_strerror(err));
	return err;
}

enum bt_err demo_insurance(struct bt_db *db, const long long *ids,
			   const struct trace_batch *made,
			   char cases[DEMO_CASES_MAX][24], const char *clock,
			   char *claim, size_t size)
{
	long long ins[N(insurers)];
	json_t *all = NULL;
	enum bt_err err = ensure_insurers(db, ins);
	if (err == BT_OK)
		err = add_policies(db, ids, ins);
	struct ins_queue_filter q = {.view = "all", .page = 1, .per_page = 1};
	if (err == BT_OK)
		err = ins_queue(db, &q, &all);
	bool loaded = json_integer_value(json_object_get(all, "total")) > 0;
	json_decref(all);
	if (err != BT_OK || loaded)
		return err; /* claims loaded before: keep them */
	char code[256];
	trace_code_uri(&made[claims[3].batch], claims[3].index, code,
		       sizeof(code));
	err = counterfeit_report(db, code);
	struct ins_receipt r;
	for (size_t i = 0; err == BT_OK && i < N(claims); i++) {
		err = one_claim(db, &claims[i], made, ins, cases, &r);
		if (err == BT_OK && i == 0)
			snprintf(claim, size, "/claims/%s?token=%s", r.number,
				 r.token);
	}
	bt_clock_set(clock ? clock : "");
	return err;
}

void demo_insurance_print(struct bt_db *db, const char *key_file,
			  const char *url, const char *claim)
{
	char path[1024], kept[200] = "";
	snprintf(path, sizeof(path), "%s.demo-claim", key_file);
	if (claim[0]) {
		mode_t old = umask(077); /* the address holds the access code */
		FILE *f = fopen(path, "we");
		umask(old);
		if (f) {
			fprintf(f, "%s\n", claim);
			fclose(f);
		}
		bt_strlcpy(kept, claim, sizeof(kept));
	} else {
		FILE *f = fopen(path, "re");
		if (f && fgets(kept, sizeof(kept), f) == NULL)
			kept[0] = '\0';
		if (f)
			fclose(f);
		kept[strcspn(kept, "\n")] = '\0';
	}
	printf("\nQuality insurance: a dozen claims at the claims desk "
	       "(%s/desk/claims), policies at %s/desk/policies\n",
	       url, url);
	if (kept[0])
		printf("  one as its claimant follows it: %s%s\n", url, kept);
	for (size_t i = 0; i < N(insurers); i++) {
		long long id = 0;
		char password[40];
		if (ins_insurer_find(db, insurers[i].code, &id) == BT_OK &&
		    demo_account(db, key_file, insurers[i].account,
				 BT_ROLE_INSURER, id, password) == BT_OK)
			printf("  %s: %s/login  (user: %s, password: %s)\n",
			       insurers[i].en, url, insurers[i].account,
			       password);
	}
}
