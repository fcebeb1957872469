/* demo_complaints.c: a dozen demo cases covering every state, filed and
 * handled on days of the loaded calendar (the clock is set back for each
 * step): one overdue, one paused for testing, one settled with the
 * enterprise, one not accepted with its reason, one compensated in advance
 * with its recovery still open, a counterfeit report, and more; three
 * upheld on one lot raise the desk's batch alert. */
#include "app/demo.h"

#include <stdio.h>
#include <string.h>

#include "complaints/intake.h"
#include "complaints/store.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/log.h"
#include "trace/code/batch.h"

/* One step of a case: on day (a Beijing date, 10:00), who does what. */
struct step {
	const char *day;
	enum cmpl_actor by;
	const char *event;
	const char *data; /* JSON */
};

struct demo_case {
	int batch;	/* the code's batch, index into made */
	uint32_t index; /* the code's index; forged flips its last char */
	bool forged;
	const char *kind, *category, *demand;
	long long amount_fen;
	const char *description, *purchased_on, *phone;
	struct step steps[8]; /* ends at a NULL day */
};

static const struct demo_case cases[] = {
	/* 1. Overdue: nobody decided on acceptance within 7 working days. */
	{1,
	 0,
	 false,
	 "complaint",
	 "not_as_declared",
	 "refund",
	 19950,
	 "罐身标注产地与申报不符，要求退款。",
	 "2026-11-01",
	 "13800000101",
	 {{"2026-11-10", CMPL_BY_SYSTEM, NULL, NULL}, {NULL}}},
	/* 2. Paused for testing. */
	{2,
	 0,
	 false,
	 "complaint",
	 "quality",
	 "compensation",
	 65800,
	 "精华液使用后皮肤红肿，要求赔偿医疗费用。",
	 "2026-10-12",
	 "13800000102",
	 {{"2026-10-20", CMPL_BY_SYSTEM, NULL, NULL},
	  {"2026-10-22", CMPL_BY_REGULATOR, "accepted", "{}"},
	  {"2026-10-22", CMPL_BY_REGULATOR, "mediation_started", "{}"},
	  {"2026-11-20", CMPL_BY_REGULATOR, "testing_started",
	   "{\"lab\": \"宁波检验检疫科学技术研究院\", \"payer\": "
	   "\"enterprise\"}"},
	  {NULL}}},
	/* 3. Settled with the enterprise in its window (lot KV2409A). */
	{0,
	 0,
	 false,
	 "complaint",
	 "quality",
	 "refund",
	 26800,
	 "奶粉开罐后结块有异味，要求退货退款。",
	 "2026-10-30",
	 "13900000000",
	 {{"2026-11-05", CMPL_BY_SYSTEM, NULL, NULL},
	  {"2026-11-06", CMPL_BY_ENTERPRISE, "proposed",
	   "{\"text\": \"同意退货退款，并补偿运费。\", \"remedy\": \"refund\", "
	   "\"amount_fen\": 27800}"},
	  {"2026-11-09", CMPL_BY_CONSUMER, "settlement_accepted", "{}"},
	  {"2026-11-10", CMPL_BY_REGULATOR, "closed",
	   "{\"text\": \"双方和解，已告知。\"}"},
	  {NULL}}},
	/* 4. Not accepted: bought more than three years ago. */
	{3,
	 7,
	 false,
	 "complaint",
	 "quality",
	 "replacement",
	 -1,
	 "燕麦片有虫蛀，要求换货。",
	 "2023-01-05",
	 "13800000104",
	 {{"2026-11-12", CMPL_BY_SYSTEM, NULL, NULL},
	  {"2026-11-13", CMPL_BY_REGULATOR, "not_accepted",
	   "{\"ground\": \"over_three_years\", \"text\": "
	   "\"购买已超过三年。\"}"},
	  {"2026-11-16", CMPL_BY_REGULATOR, "closed", "{}"},
	  {NULL}}},
	/* 5. Compensated in advance by the platform; recovery still open
	 * (lot KV2409A). */
	{0,
	 1,
	 false,
	 "complaint",
	 "safety",
	 "compensation",
	 29900,
	 "罐内发现异物，婴儿饮用后腹泻，要求赔偿。",
	 "2026-10-28",
	 "13800000105",
	 {{"2026-11-03", CMPL_BY_SYSTEM, NULL, NULL},
	  {"2026-11-04", CMPL_BY_REGULATOR, "accepted", "{}"},
	  {"2026-11-05", CMPL_BY_REGULATOR, "advance_paid",
	   "{\"payer\": \"platform\", \"payer_name\": "
	   "\"宁波保税区环球优选跨境电子商务有限公司\", \"amount_fen\": "
	   "29900}"},
	  {"2026-11-06", CMPL_BY_REGULATOR, "mediation_started", "{}"},
	  {"2026-11-20", CMPL_BY_REGULATOR, "agreement",
	   "{\"amount_fen\": 29900, \"text\": "
	   "\"企业承担赔偿，向平台偿还先行赔付。\"}"},
	  {"2026-11-25", CMPL_BY_REGULATOR, "recovered",
	   "{\"payment\": 0, \"amount_fen\": 10000}"},
	  {"2026-11-26", CMPL_BY_REGULATOR, "closed", "{}"},
	  {NULL}}},
	/* 6. A counterfeit report on a copied code, being checked. */
	{0,
	 9,
	 true,
	 "report",
	 "counterfeit",
	 NULL,
	 -1,
	 "直播间购买的奶粉，扫码提示不是正品码。",
	 "2026-11-20",
	 "13800000106",
	 {{"2026-11-25", CMPL_BY_SYSTEM, NULL, NULL}, {NULL}}},
	/* 7. Agreed in mediation (lot KV2409A: the third upheld). */
	{0,
	 0,
	 false,
	 "complaint",
	 "damaged",
	 "replacement",
	 -1,
	 "收到时罐体凹陷、封口破损，要求换货。",
	 "2026-11-08",
	 "13800000107",
	 {{"2026-11-09", CMPL_BY_SYSTEM, NULL, NULL},
	  {"2026-11-10", CMPL_BY_ENTERPRISE, "responded",
	   "{\"text\": \"请提供外包装照片，我们将核实物流。\"}"},
	  {"2026-11-11", CMPL_BY_REGULATOR, "accepted", "{}"},
	  {"2026-11-11", CMPL_BY_REGULATOR, "mediation_started", "{}"},
	  {"2026-11-24", CMPL_BY_REGULATOR, "agreement",
	   "{\"amount_fen\": 0, \"text\": \"企业补发新品一罐。\"}"},
	  {NULL}}},
	/* 8. In mediation, running. */
	{4,
	 0,
	 false,
	 "complaint",
	 "service",
	 "refund",
	 8900,
	 "护手霜未拆封，七天无理由退货被拒。",
	 "2026-11-15",
	 "13800000108",
	 {{"2026-11-17", CMPL_BY_SYSTEM, NULL, NULL},
	  {"2026-11-19", CMPL_BY_ENTERPRISE, "refused",
	   "{\"text\": \"跨境商品不支持无理由退货。\"}"},
	  {"2026-11-20", CMPL_BY_REGULATOR, "accepted", "{}"},
	  {"2026-11-20", CMPL_BY_REGULATOR, "mediation_started", "{}"},
	  {NULL}}},
	/* 9. Mediation ended: no agreement on who pays for testing. */
	{2,
	 1,
	 false,
	 "complaint",
	 "quality",
	 "refund",
	 32900,
	 "精华液颜色与以往购买的不同，怀疑变质。",
	 "2026-09-20",
	 "13800000109",
	 {{"2026-09-28", CMPL_BY_SYSTEM, NULL, NULL},
	  {"2026-09-29", CMPL_BY_REGULATOR, "accepted", "{}"},
	  {"2026-09-30", CMPL_BY_REGULATOR, "mediation_started", "{}"},
	  {"2026-10-15", CMPL_BY_REGULATOR, "mediation_ended",
	   "{\"reason\": \"testing_fee\"}"},
	  {"2026-10-19", CMPL_BY_REGULATOR, "closed",
	   "{\"text\": \"已告知双方可依法提起诉讼。\"}"},
	  {NULL}}},
	/* 10. Withdrawn by the consumer. */
	{1,
	 1,
	 false,
	 "complaint",
	 "other",
	 "refund",
	 19950,
	 "物流超时未送达。",
	 "2026-11-18",
	 "13800000110",
	 {{"2026-11-19", CMPL_BY_SYSTEM, NULL, NULL},
	  {"2026-11-21", CMPL_BY_CONSUMER, "withdrawn",
	   "{\"text\": \"已收到货。\"}"},
	  {NULL}}},
	/* 11. A report checked: violation found, closed. */
	{3,
	 1,
	 false,
	 "report",
	 "not_as_declared",
	 NULL,
	 -1,
	 "商品中文标签缺少进口商信息。",
	 "2026-10-01",
	 "13800000111",
	 {{"2026-10-09", CMPL_BY_SYSTEM, NULL, NULL},
	  {"2026-10-20", CMPL_BY_REGULATOR, "lead_checked",
	   "{\"result\": \"violation_found\", \"text\": "
	   "\"立案调查，责令改正标签。\"}"},
	  {"2026-10-21", CMPL_BY_REGULATOR, "closed", "{}"},
	  {NULL}}},
	/* 12. Just received, the enterprise's window running. */
	{1,
	 0,
	 false,
	 "complaint",
	 "quality",
	 "refund",
	 19950,
	 "蜂蜜结晶严重，怀疑掺假。",
	 "2026-11-28",
	 "13800000112",
	 {{"2026-11-30", CMPL_BY_SYSTEM, NULL, NULL}, {NULL}}},
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

void demo_at(const char *day)
{
	char when[32];
	snprintf(when, sizeof(when), "%sT02:00:00Z", day);
	bt_clock_set(when);
}

/* The first advance payment of a case, for "payment": 0 in a step. */
static json_t *step_data(const char *text, const json_t *view)
{
	json_t *d = json_loads(text, 0, NULL);
	json_t *pay = json_object_get(d, "payment");
	if (pay && json_integer_value(pay) == 0) {
		json_t *first =
			json_array_get(json_object_get(view, "payments"), 0);
		json_object_set(d, "payment", json_object_get(first, "id"));
	}
	return d;
}

static enum bt_err one_case(struct bt_db *db, const struct demo_case *c,
			    const struct trace_batch *made,
			    struct cmpl_receipt *r)
{
	char code[256];
	trace_code_uri(&made[c->batch], c->index, code, sizeof(code));
	if (c->forged) {
		size_t n = strlen(code);
		code[n - 1] = code[n - 1] == '0' ? '1' : '0';
	}
	struct cmpl_filing f = {.kind = c->kind,
				.code = code,
				.category = c->category,
				.demand = c->demand,
				.amount_fen = c->amount_fen,
				.description = c->description,
				.purchased_on = c->purchased_on,
				.name = "演示消费者",
				.phone = c->phone,
				.by = CMPL_BY_CONSUMER,
				.by_name = "consumer"};
	const char *reason = NULL;
	demo_at(c->steps[0].day);
	enum bt_err err = cmpl_file(db, &f, r, &reason);
	for (size_t i = 1; err == BT_OK && c->steps[i].day; i++) {
		const struct step *s = &c->steps[i];
		struct cmpl_viewer v = {
			.actor = s->by,
			.enterprise_id = made[c->batch].enterprise_id,
			.name = s->by == CMPL_BY_REGULATOR ? "regulator"
							   : "demo",
			.token = r->token};
		json_t *view = NULL;
		demo_at(s->day);
		if (cmpl_case_view(db, r->number, &v, &view) != BT_OK)
			break;
		json_t *data = step_data(s->data, view);
		json_decref(view);
		json_t *out = NULL;
		err = cmpl_case_act(db, r->number, &v, s->event, data, &out,
				    &reason);
		json_decref(data);
		json_decref(out);
	}
	if (err != BT_OK)
		bt_log_warn("demo case not complete", "reason",
			    reason ? reason : bt_strerror(err));
	return err;
}

enum bt_err demo_complaints(struct bt_db *db, const struct trace_batch *made,
			    const char *clock, char *followed, size_t size,
			    char numbers[DEMO_CASES_MAX][24])
{
	long long existing = 0;
	enum bt_err err = cmpl_case_total(db, &existing);
	if (err != BT_OK || existing > 0)
		return err; /* loaded before: keep what is there */
	struct cmpl_receipt r;
	for (size_t i = 0; err == BT_OK && i < N(cases); i++) {
		err = one_case(db, &cases[i], made, &r);
		if (err == BT_OK && i < DEMO_CASES_MAX)
			bt_strlcpy(numbers[i], r.number, sizeof(numbers[i]));
		if (err == BT_OK && i == N(cases) - 1)
			snprintf(followed, size, "/complaints/%s?token=%s",
				 r.number, r.token);
	}
	bt_clock_set(clock ? clock : "");
	return err;
}
