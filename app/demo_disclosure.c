/* demo_disclosure.c: the demo's disclosure data (facts, penalties, a
 * repair request, a draw), chosen so that the three enterprises' grades
 * differ for reasons a reader can see. */
#include "app/demo.h"

#include <time.h>

#include "core/clock.h"
#include "core/log.h"
#include "disclosure/draw.h"
#include "disclosure/enterprise.h"
#include "disclosure/facts.h"
#include "disclosure/penalty.h"
#include "disclosure/rating.h"

/* The date d days from the clock's today (negative: in the past). */
void demo_day(int d, char out[11])
{
	time_t t = bt_clock_now() + (time_t)d * 86400;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static enum bt_err fact(struct bt_db *db, const char *kind, long long ent,
			json_t *in, const char *now)
{
	char reason[200];
	json_t *out = NULL;
	enum bt_err err = disc_fact_record(db, kind, BT_ROLE_ADMIN, ent, in,
					   now, &out, reason, sizeof(reason));
	if (err != BT_OK)
		bt_log_warn("demo fact not recorded", "kind", kind, "reason",
			    reason);
	json_decref(out);
	json_decref(in);
	return err;
}

/* What the portal discloses about the three demo enterprises, chosen so
 * that their grades differ for reasons a reader can see: the first is
 * AEO-certified, insured, commended and clean (A, red list); the second
 * has a general penalty and a broken commitment (C) and has asked for
 * credit repair; the third is classed dishonest by customs and has a
 * serious penalty (D, black list). Dates are relative to today. */
enum bt_err demo_disclosure(struct bt_db *db, const long long *ids,
			    const char *draw_rates)
{
	char now[BT_CLOCK_ISO_LEN], d1[11], d2[11], d3[11], d4[11], reason[200];
	bt_clock_iso(now);
	demo_day(-130, d1);
	demo_day(-50, d2);
	demo_day(-170, d3);
	demo_day(-330, d4);
	long long gid = 0, sid = 0;
	struct disc_penalty_in general = {
		ids[1],
		"甬保综执罚〔2026〕0417号",
		"销售的有机燕麦片（批次RT24-118）霉菌超标，未及时下架",
		"《中华人民共和国食品安全法》第一百二十四条第一款",
		"警告，罚款",
		5000000,
		d1,
		"宁波保税区市场监督管理局",
		"general",
		-1,
		"Sold oat flakes (lot RT24-118) with mould above the limit and "
		"did not withdraw them in time",
		"Food Safety Law, art. 124(1)",
		"Warning and a fine",
		"Ningbo Bonded Zone Administration for Market Regulation"};
	enum bt_err err = disc_penalty_record(db, &general, "demo", now, &gid,
					      reason, sizeof(reason));
	if (err == BT_ECONFLICT)
		return BT_OK; /* loaded before */
	struct disc_penalty_in serious = {
		ids[2],
		"甬关缉违字〔2026〕0032号",
		"以跨境电商零售进口名义申报一般贸易货物，伪报贸易方式",
		"《中华人民共和国海关行政处罚实施条例》第十五条",
		"罚款，暂停跨境电商业务三个月",
		38000000,
		d3,
		"宁波海关",
		"serious",
		-1,
		"Declared general-trade goods as cross-border retail imports",
		"Customs Administrative Penalty Regulations, art. 15",
		"Fine; cross-border business suspended for three months",
		"Ningbo Customs"};
	if (err == BT_OK)
		err = disc_penalty_record(db, &serious, "demo", now, &sid,
					  reason, sizeof(reason));
	json_t *j = NULL;
	if (err == BT_OK)
		err = fact(db, "entity", ids[0],
			   json_pack("{s:s, s:s, s:s}", "legal_rep", "王立群",
				     "address",
				     "浙江省宁波市北仑区保税区港东大道8号",
				     "registered_on", "2016-03-18"),
			   now);
	if (err == BT_OK)
		err = fact(db, "customs_class", ids[0],
			   json_pack("{s:s}", "customs_class",
				     "advanced_certified"),
			   now);
	if (err == BT_OK)
		err = fact(db, "licence", ids[0],
			   json_pack("{s:s, s:s, s:s, s:s, s:s}", "kind",
				     "食品经营许可证", "number",
				     "JY13302060012345", "authority",
				     "宁波保税区市场监督管理局", "issued_on",
				     "2021-05-10", "expires_on", "2031-05-09"),
			   now);
	if (err == BT_OK)
		err = fact(
			db, "commitment", ids[0],
			json_pack("{s:s, s:s, s:s}", "text_zh",
				  "签收后7天无理由退货，退货运费由本公司承担",
				  "text_en",
				  "Returns within 7 days of delivery for any "
				  "reason, return shipping paid by us",
				  "since", "2023-01-01"),
			now);
	if (err == BT_OK)
		err = fact(db, "commitment", ids[0],
			   json_pack("{s:s, s:s, s:s}", "text_zh",
				     "正品保障，经鉴定为假货的假一赔十",
				     "text_en",
				     "Genuine goods guaranteed: ten times the "
				     "price back for any fake",
				     "since", "2023-01-01"),
			   now);
	if (err == BT_OK)
		err = fact(db, "commendation", ids[0],
			   json_pack("{s:s, s:s, s:s, s:s}", "title_zh",
				     "跨境电商诚信示范企业", "title_en",
				     "Model of integrity in cross-border "
				     "e-commerce",
				     "authority", "宁波保税区管理委员会",
				     "decided_on", d4),
			   now);
	if (err == BT_OK)
		err = fact(db, "entity", ids[1],
			   json_pack("{s:s, s:s, s:s}", "legal_rep", "陈海燕",
				     "address",
				     "浙江省宁波市北仑区梅山保税港区成海路6号",
				     "registered_on", "2019-08-06"),
			   now);
	if (err == BT_OK) {
		j = json_pack("{s:s, s:s, s:s}", "text_zh",
			      "付款后48小时内发货", "text_en",
			      "Dispatch within 48 hours of payment", "since",
			      "2024-01-01");
		json_t *out = NULL;
		err = disc_fact_record(db, "commitment", BT_ROLE_ADMIN, ids[1],
				       j, now, &out, reason, sizeof(reason));
		json_decref(j);
		json_int_t cid = json_integer_value(json_object_get(out, "id"));
		json_decref(out);
		if (err == BT_OK)
			err = fact(db, "broken", ids[1],
				   json_pack("{s:I, s:s, s:s, s:s}",
					     "commitment_id", cid, "broken_on",
					     d2, "broken_reason",
					     "促销期间逾千单超过48小时未发货",
					     "broken_reason_en",
					     "Over a thousand orders not "
					     "dispatched within 48 hours "
					     "during a sale"),
				   now);
	}
	long long rid = 0;
	if (err == BT_OK)
		err = disc_repair_apply(
			db, ids[1], gid,
			&(struct disc_repair_in){
				.commitment = "今后严格执行进货查验和临期、"
					      "抽检不合格商品下架制度",
				.rectification =
					"已全部下架召回该批次，销毁库存"
					"并更换供应商",
				.proof_url = "https://www.example.com/haitao/"
					     "rectification-2026",
				.commitment_en = "We will check every lot on "
						 "arrival and withdraw failing "
						 "lots at once",
				.rectification_en = "The lot was recalled and "
						    "destroyed; the supplier "
						    "was replaced"},
			now, &rid, reason, sizeof(reason));
	if (err == BT_OK)
		err = fact(db, "customs_class", ids[2],
			   json_pack("{s:s}", "customs_class", "dishonest"),
			   now);
	if (err == BT_OK)
		err = fact(db, "entity", ids[2],
			   json_pack("{s:s, s:s, s:s}", "legal_rep", "周建明",
				     "address",
				     "浙江省宁波市鄞州区天童南路588号",
				     "registered_on", "2021-11-30"),
			   now);
	int changed;
	if (err == BT_OK)
		err = disc_rating_recompute_all(db, now, &changed);
	long long draw = 0;
	if (err == BT_OK)
		err = disc_draw_create(db, "跨境电商企业双随机抽查（演示）",
				       "Inspection draw (demo)", draw_rates,
				       "demo", now, &draw, reason,
				       sizeof(reason));
	if (err == BT_OK)
		err = disc_draw_run(db, draw, now, reason, sizeof(reason));
	if (err != BT_OK)
		bt_log_warn("demo disclosure data incomplete", "reason",
			    reason);
	return err;
}
