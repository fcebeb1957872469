/* demo.c: `bondtrace demo load`: a small, realistic data set that shows
 * every feature in `make run`. Loading is idempotent: what exists is kept,
 * so the printed URLs stay the same from run to run. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "app/commands.h"
#include "app/demo.h"
#include "core/auth.h"
#include "core/buf.h"
#include "core/log.h"
#include "core/session.h"
#include "disclosure/enterprise.h"
#include "trace/code/batch.h"
#include "trace/code/product.h"
#include "trace/customs/binding.h"
#include "trace/customs/declaration.h"
#include "trace/customs/provenance.h"
#include "trace/scan/links.h"
#include "trace/scan/status.h"

struct demo_enterprise {
	const char *uscc, *customs, *zh, *en;
};

struct demo_product {
	int enterprise; /* index into enterprises */
	const char *gtin, *zh, *en, *brand, *origin, *category;
};

struct demo_batch {
	int product; /* index into products */
	const char *lot, *expiry;
	long long count;
};

static const struct demo_enterprise enterprises[] = {
	{"91330201MA2H7Q3K89", "3302460011",
	 "宁波保税区环球优选跨境电子商务有限公司",
	 "Ningbo Bonded Zone Global Select Cross-border E-commerce Co., Ltd."},
	{"91330201MA2CK8L147", "33024600K2",
	 "宁波梅山保税港区海淘臻品供应链有限公司",
	 "Ningbo Meishan Bonded Port Haitao Select Supply Chain Co., Ltd."},
	{"91330201MA7DE5N40E", "3302468H07", "浙江甬链国际贸易有限公司",
	 "Zhejiang Yonglian International Trade Co., Ltd."},
};

static const struct demo_product products[] = {
	{0, "9312345001019", "考拉谷 婴幼儿配方奶粉 3段 900克",
	 "Koala Valley Toddler Formula Stage 3, 900 g", "Koala Valley", "AU",
	 "infant_formula"},
	{0, "9412345002020", "蓝湾 麦卢卡蜂蜜 UMF10+ 500克",
	 "Blue Bay Manuka Honey UMF10+, 500 g", "Blue Bay", "NZ", "food"},
	{1, "4567890012309", "樱庭 保湿精华液 50毫升",
	 "Sakuraniwa Moisture Serum, 50 ml", "Sakuraniwa", "JP", "cosmetics"},
	{1, "4260123450014", "莱茵谷 有机燕麦片 750克",
	 "Rheintal Organic Oat Flakes, 750 g", "Rheintal", "DE", "food"},
	{2, "3760012345007", "卢瓦尔 乳木果护手霜 75毫升",
	 "Loire Shea Butter Hand Cream, 75 ml", "Loire", "FR", "cosmetics"},
};

static const struct demo_batch batches[] = {
	{0, "KV2409A", "2027-09-30", 50000},
	{1, "BB24M17", "2028-03-31", 20000},
	{2, "SR5X02", "2028-06-30", 30000},
	{3, "RT24-118", "2027-05-31", 10000},
	{4, "LO2406B", "2029-01-31", 10000},
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static enum bt_err ensure_enterprise(struct bt_db *db,
				     const struct demo_enterprise *d,
				     long long *id)
{
	struct disc_enterprise e;
	enum bt_err err = disc_enterprise_find(db, d->uscc, &e);
	if (err == BT_OK) {
		*id = e.id;
		return BT_OK;
	}
	if (err != BT_ENOTFOUND)
		return err;
	memset(&e, 0, sizeof(e));
	bt_strlcpy(e.uscc, d->uscc, sizeof(e.uscc));
	bt_strlcpy(e.customs_code, d->customs, sizeof(e.customs_code));
	bt_strlcpy(e.name_zh, d->zh, sizeof(e.name_zh));
	bt_strlcpy(e.name_en, d->en, sizeof(e.name_en));
	const char *reason = NULL;
	return disc_enterprise_add(db, &e, id, &reason);
}

static enum bt_err ensure_product(struct bt_db *db,
				  const struct demo_product *d, long long ent)
{
	struct trace_product p;
	char gtin[TRACE_GTIN_LEN + 1];
	const char *reason = NULL;
	if (trace_gtin_normalize(d->gtin, gtin, &reason) != BT_OK)
		return BT_EINVAL;
	enum bt_err err = trace_product_get(db, gtin, &p);
	if (err != BT_ENOTFOUND)
		return err;
	memset(&p, 0, sizeof(p));
	p.enterprise_id = ent;
	bt_strlcpy(p.gtin, d->gtin, sizeof(p.gtin));
	bt_strlcpy(p.name_zh, d->zh, sizeof(p.name_zh));
	bt_strlcpy(p.name_en, d->en, sizeof(p.name_en));
	bt_strlcpy(p.brand, d->brand, sizeof(p.brand));
	bt_strlcpy(p.origin_country, d->origin, sizeof(p.origin_country));
	bt_strlcpy(p.category, d->category, sizeof(p.category));
	long long id;
	return trace_product_add(db, &p, &id, &reason);
}

static enum bt_err ensure_batch(struct bt_db *db, const struct demo_batch *d,
				long long ent, struct trace_batch *out)
{
	char gtin[TRACE_GTIN_LEN + 1];
	const char *reason = NULL;
	trace_gtin_normalize(products[d->product].gtin, gtin, &reason);
	enum bt_err err = trace_batch_find(db, ent, gtin, d->lot, out);
	if (err != BT_ENOTFOUND)
		return err;
	struct trace_batch_request r = {gtin, d->count, d->lot, d->expiry};
	return trace_batch_issue(db, ent, &r, out, &reason);
}

/* Demo secrets (the API key, the regulator's password) are kept beside
 * the key file, mode 0600, so that every run can print them. */
static bool secret_path(const char *key_file, const char *suffix, char *path,
			size_t size)
{
	int n = snprintf(path, size, "%s.%s", key_file, suffix);
	return n > 0 && (size_t)n < size;
}

static bool secret_read(const char *path, char *out, size_t size)
{
	FILE *f = fopen(path, "re");
	if (f == NULL)
		return false;
	bool ok = fgets(out, (int)size, f) != NULL;
	fclose(f);
	out[strcspn(out, "\n")] = '\0';
	return ok && out[0] != '\0';
}

static void secret_write(const char *path, const char *secret)
{
	mode_t old = umask(077);
	FILE *f = fopen(path, "we");
	umask(old);
	if (f) {
		fprintf(f, "%s\n", secret);
		fclose(f);
	}
}

/* Keeps one demo API key in a file beside the key file, so that the
 * printed curl examples work on every run. */
static void demo_api_key(struct bt_db *db, const char *key_file, long long ent,
			 char token[BT_TOKEN_LEN + 1])
{
	char path[1024], line[64];
	token[0] = '\0';
	if (!secret_path(key_file, "demo-api-key", path, sizeof(path)))
		return;
	struct bt_principal who;
	if (secret_read(path, line, sizeof(line)) &&
	    bt_auth_key_lookup(db, line, &who) == BT_OK &&
	    who.enterprise_id == ent) {
		bt_strlcpy(token, line, BT_TOKEN_LEN + 1);
		return;
	}
	long long id;
	if (bt_auth_key_create(db, BT_ROLE_ENTERPRISE, ent, "demo", token,
			       &id) != BT_OK) {
		token[0] = '\0';
		return;
	}
	secret_write(path, token);
}

/* Provenance of each demo product's lot: dates, the shipment that brought
 * it into the bonded warehouse, and an inspection. */
struct demo_provenance {
	const char *produced;
	const char *bill;
	const char *country; /* customs country code */
	const char *arrived;
	const char *lab_items;
	bool passed;
	const char *lab_items_en;
};

static const struct demo_provenance provenance[] = {
	{"2026-07-12", "MSKU7781203", "601", "2026-09-02",
	 "蛋白质、脂肪、维生素、微生物、三聚氰胺", true,
	 "Protein, fat, vitamins, microbes, melamine"},
	{"2026-05-18", "ONEYNZ26051", "609", "2026-08-20",
	 "甲基乙二醛(MGO)、羟甲基糠醛、农药残留", true,
	 "Methylglyoxal (MGO), hydroxymethylfurfural, pesticide residues"},
	{"2026-06-05", "NYKJP260077", "116", "2026-09-01",
	 "重金属、微生物、禁用物质", true,
	 "Heavy metals, microbes, banned substances"},
	{"2026-06-30", "HLCUDE26118", "304", "2026-09-15",
	 "霉菌、黄曲霉毒素B1、农药残留", false,
	 "Moulds, aflatoxin B1, pesticide residues"},
	{"2026-07-21", "CMAFR260633", "305", "2026-10-09",
	 "重金属、微生物、防腐剂", true,
	 "Heavy metals, microbes, preservatives"},
};

/* One consumer order's import inventory list (CEB621) for two items of a
 * demo product, declared by its enterprise: what the demo binds codes to. */
static void demo_inventory(struct bt_buf *b, size_t i,
			   const struct demo_enterprise *e,
			   const struct demo_product *p)
{
	static const char *const hs[] = {"1901101000", "0409000000",
					 "3304990029", "1104120000",
					 "3304990099"};
	static const char *const prices[] = {"268", "199.5", "329", "45.9",
					     "89"};
	static const char *const totals[] = {"536.00", "399.00", "658.00",
					     "91.80", "178.00"};
	static const char *const units[] = {"122", "122", "011", "011", "011"};
	bt_buf_printf(
		b,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<ceb:CEB621Message guid=\"d3m0-621-%zu\" version=\"1.0\" "
		"xmlns:ceb=\"http://www.chinaport.gov.cn/ceb\"><ceb:Inventory>"
		"<ceb:InventoryHead><ceb:guid>d3m0-621-head-%zu</ceb:guid>"
		"<ceb:appType>1</ceb:appType><ceb:appTime>2026111%zu093000"
		"</ceb:appTime><ceb:appStatus>2</ceb:appStatus>"
		"<ceb:orderNo>DEMO2026111%zu0001</ceb:orderNo>"
		"<ceb:ebpCode>%s</ceb:ebpCode><ceb:ebpName>%s</ceb:ebpName>"
		"<ceb:ebcCode>%s</ceb:ebcCode><ceb:ebcName>%s</ceb:ebcName>"
		"<ceb:logisticsNo>YT2026111%zu0001</ceb:logisticsNo>"
		"<ceb:logisticsCode>3302980001</ceb:logisticsCode>"
		"<ceb:logisticsName>宁波甬通供应链物流有限公司</"
		"ceb:logisticsName>"
		"<ceb:copNo>DEMOINV%zu</ceb:copNo>"
		"<ceb:invtNo>31052026I00000%04zu</ceb:invtNo>"
		"<ceb:ieFlag>I</ceb:ieFlag><ceb:declTime>2026111%zu</"
		"ceb:declTime>"
		"<ceb:customsCode>3105</ceb:customsCode>"
		"<ceb:portCode>3105</ceb:portCode>"
		"<ceb:ieDate>2026111%zu</ceb:ieDate><ceb:buyerIdType>1"
		"</ceb:buyerIdType><ceb:buyerIdNumber>33020319900101123%zu"
		"</ceb:buyerIdNumber><ceb:buyerName>李示范</ceb:buyerName>"
		"<ceb:buyerTelephone>1390000000%zu</ceb:buyerTelephone>"
		"<ceb:consigneeAddress>浙江省宁波市鄞州区示范路%zu号"
		"</ceb:consigneeAddress><ceb:agentCode>%s</ceb:agentCode>"
		"<ceb:agentName>%s</ceb:agentName>"
		"<ceb:areaCode>3302W6K002</ceb:areaCode>"
		"<ceb:areaName>宁波保税区恒信仓储有限公司</ceb:areaName>"
		"<ceb:tradeMode>1210</ceb:tradeMode><ceb:trafMode>Y</"
		"ceb:trafMode>"
		"<ceb:country>%s</ceb:country><ceb:freight>0</ceb:freight>"
		"<ceb:insuredFee>0</ceb:insuredFee><ceb:currency>142"
		"</ceb:currency><ceb:packNo>1</ceb:packNo>"
		"<ceb:grossWeight>2.5</ceb:grossWeight>"
		"<ceb:netWeight>2</ceb:netWeight></ceb:InventoryHead>"
		"<ceb:InventoryList><ceb:gnum>1</ceb:gnum>"
		"<ceb:itemName>%s</ceb:itemName><ceb:gcode>%s</ceb:gcode>"
		"<ceb:gname>%s</ceb:gname><ceb:gmodel>%s</ceb:gmodel>"
		"<ceb:barCode>%s</ceb:barCode><ceb:country>%s</ceb:country>"
		"<ceb:currency>142</ceb:currency><ceb:qty>2</ceb:qty>"
		"<ceb:unit>%s</ceb:unit><ceb:qty1>2</ceb:qty1>"
		"<ceb:unit1>035</ceb:unit1><ceb:price>%s</ceb:price>"
		"<ceb:totalPrice>%s</ceb:totalPrice></ceb:InventoryList>"
		"</ceb:Inventory></ceb:CEB621Message>\n",
		i, i, i + 1, i, e->customs, e->zh, e->customs, e->zh, i, i, i,
		i + 1, i + 1, i, i, i, e->customs, e->zh, provenance[i].country,
		p->zh, hs[i], p->zh, p->brand, p->gtin, provenance[i].country,
		units[i], prices[i], totals[i]);
}

static bool done_or_exists(enum bt_err err)
{
	return err == BT_OK || err == BT_ECONFLICT;
}

/* Declares, binds and records provenance for each demo batch (codes 0
 * and 1 of each are sold and bound), each step its own transaction. */
static enum bt_err demo_trace(struct bt_db *db, const long long *ids,
			      const struct trace_batch *made)
{
	enum bt_err err = BT_OK;
	for (size_t i = 0; err == BT_OK && i < N(batches); i++) {
		const struct demo_product *p = &products[batches[i].product];
		const struct demo_enterprise *e = &enterprises[p->enterprise];
		long long ent = ids[p->enterprise];
		struct bt_buf xml = BT_BUF_INIT;
		demo_inventory(&xml, i, e, p);
		struct trace_declare_result r;
		struct disc_enterprise who;
		err = disc_enterprise_get(db, ent, &who);
		if (err == BT_OK)
			err = trace_declare(db, &who, xml.data, xml.len, &r);
		else
			memset(&r, 0, sizeof(r));
		bt_buf_free(&xml);
		if (err == BT_OK && !r.accepted) {
			bt_log_error("demo declaration rejected", "path",
				     r.error.path, "rule", r.error.rule);
			err = BT_EINTERNAL;
		}
		trace_declare_result_free(&r);
		char cop[24];
		snprintf(cop, sizeof(cop), "DEMOINV%zu", i);
		struct trace_binding_request q = {made[i].id, 0, 2,
						  cop,	      1, NULL};
		json_t *out = NULL;
		const char *reason = NULL;
		if (err == BT_OK &&
		    done_or_exists(err = trace_binding_add(db, ent, &q, &out,
							   &reason)))
			err = BT_OK;
		json_decref(out);
		const struct demo_provenance *v = &provenance[i];
		json_t *recs[3] = {
			json_pack("{s:s, s:s, s:s, s:s}", "gtin", p->gtin,
				  "lot", batches[i].lot, "production_date",
				  v->produced, "expiry_date",
				  batches[i].expiry),
			json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:[{s:s, "
				  "s:s, s:i}]}",
				  "bill_no", v->bill, "departure_country",
				  v->country, "port", "3105", "arrival_date",
				  v->arrived, "warehouse",
				  "宁波保税区恒信仓储有限公司", "warehouse_en",
				  "Ningbo Bonded Zone Hengxin Warehousing Co., "
				  "Ltd.",
				  "lots", "gtin", p->gtin, "lot",
				  batches[i].lot, "quantity",
				  (int)batches[i].count),
			json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, "
				  "s:b, s:s}",
				  "gtin", p->gtin, "lot", batches[i].lot, "lab",
				  "宁波海关技术中心", "lab_en",
				  "Technical Center of Ningbo Customs",
				  "items_en", v->lab_items_en, "report_no",
				  v->bill, "tested_on", v->arrived, "items",
				  v->lab_items, "passed", v->passed,
				  "certificate",
				  "https://www.example.com/reports/demo.pdf"),
		};
		static const enum trace_record_kind kinds[] = {
			TRACE_RECORD_LOT, TRACE_RECORD_SHIPMENT,
			TRACE_RECORD_INSPECTION};
		for (int k = 0; k < 3; k++) {
			if (err == BT_OK &&
			    done_or_exists(err = trace_record(db, ent, kinds[k],
							      recs[k], &out,
							      &reason)))
				err = BT_OK;
			json_decref(out);
			out = NULL;
			json_decref(recs[k]);
		}
	}
	return err;
}

/* A recall on part of the oat flakes, and a product page link for the
 * formula, each made once (each is its own transaction). */
static enum bt_err demo_extras(struct bt_db *db, const long long *ids,
			       const struct trace_batch *made)
{
	json_t *list = NULL;
	enum bt_err err = trace_status_list(db, made[3].id, &list);
	if (err == BT_OK && json_array_size(list) == 0) {
		struct bt_principal who = {BT_ROLE_ENTERPRISE, ids[1], 0,
					   "demo", 0};
		struct trace_status_request q = {
			.batch = made[3].id,
			.from = 0,
			.to = 100,
			.status = "recalled",
			.reason = "燕麦片批次抽检霉菌超标，主动召回",
			.reason_en = "Lot recalled: mould above the limit in "
				     "sampling"};
		json_t *out = NULL;
		const char *reason = NULL;
		err = trace_status_set(db, &who, &q, &out, &reason);
		json_decref(out);
	}
	json_decref(list);
	list = NULL;
	if (err == BT_OK)
		err = trace_link_list(db, ids[0], made[0].gtin, &list);
	if (err == BT_OK && json_array_size(list) == 0) {
		struct trace_link l;
		memset(&l, 0, sizeof(l));
		l.enterprise_id = ids[0];
		bt_strlcpy(l.gtin, made[0].gtin, sizeof(l.gtin));
		bt_strlcpy(l.link_type, "gs1:pip", sizeof(l.link_type));
		bt_strlcpy(l.href,
			   "https://www.example.com/koala-valley/stage-3",
			   sizeof(l.href));
		bt_strlcpy(l.title, "Koala Valley Stage 3", sizeof(l.title));
		bt_strlcpy(l.lang, "en", sizeof(l.lang));
		const char *reason = NULL;
		err = trace_link_add(db, &l, NULL, &reason);
	}
	json_decref(list);
	return err;
}

enum bt_err demo_account(struct bt_db *db, const char *key_file,
			 const char *username, enum bt_role role,
			 long long insurer_id, char password[40])
{
	char path[1024], suffix[64];
	snprintf(suffix, sizeof(suffix), "demo-%s", username);
	if (!secret_path(key_file, suffix, path, sizeof(path)))
		return BT_ETOOBIG;
	if (secret_read(path, password, 40) && strlen(password) >= 12)
		return BT_OK;
	char token[BT_TOKEN_LEN + 1];
	bt_token_new(token);
	snprintf(password, 40, "demo-%.20s", token + 4);
	long long id;
	const char *reason = NULL;
	enum bt_err err = bt_account_add(db, username, password, role,
					 insurer_id, &id, &reason);
	if (err != BT_OK)
		return err; /* taken: its password is not ours to print */
	secret_write(path, password);
	return BT_OK;
}

int cmd_demo_load(struct bt_cli *cli)
{
	int rc = 0;
	char url[256];
	struct bt_db *db = app_need_db(cli, &rc);
	if (db == NULL || !app_setup_trace(cli, url, sizeof(url), &rc))
		return rc;

	long long ids[N(enterprises)];
	struct trace_batch made[N(batches)];
	enum bt_err err = bt_db_begin(db);
	for (size_t i = 0; err == BT_OK && i < N(enterprises); i++)
		err = ensure_enterprise(db, &enterprises[i], &ids[i]);
	for (size_t i = 0; err == BT_OK && i < N(products); i++)
		err = ensure_product(db, &products[i],
				     ids[products[i].enterprise]);
	for (size_t i = 0; err == BT_OK && i < N(batches); i++)
		err = ensure_batch(db, &batches[i],
				   ids[products[batches[i].product].enterprise],
				   &made[i]);
	char token[BT_TOKEN_LEN + 1] = "";
	if (err == BT_OK)
		demo_api_key(db, cli->cfg.key_file, ids[0], token);
	if (err == BT_OK)
		err = bt_db_commit(db);
	if (err != BT_OK) {
		bt_db_rollback(db);
		return bt_cli_fail(cli, err, "loading the demo failed: %s",
				   bt_strerror(err));
	}
	if ((err = demo_extras(db, ids, made)) == BT_OK)
		err = demo_trace(db, ids, made);
	char followed[200] = "", claim[200] = "";
	char cases[DEMO_CASES_MAX][24];
	memset(cases, 0, sizeof(cases));
	if (err == BT_OK)
		err = demo_complaints(db, made, cli->cfg.clock, followed,
				      sizeof(followed), cases);
	if (err == BT_OK)
		err = demo_insurance(db, ids, made, cases, cli->cfg.clock,
				     claim, sizeof(claim));
	if (err == BT_OK)
		err = demo_platform(db, made, N(batches));
	if (err == BT_OK)
		err = demo_disclosure(db, ids, cli->cfg.draw_rates);
	if (err != BT_OK)
		return bt_cli_fail(cli, err, "loading the demo failed: %s",
				   bt_strerror(err));
	char code[256];
	printf("Demo data loaded: %zu enterprises, %zu products, %zu "
	       "batches, and thirty more importers with a month of scans.\n",
	       N(enterprises), N(products), N(batches));
	printf("\nDemo codes (open in a browser):\n");
	for (size_t i = 0; i < N(batches); i++) {
		trace_code_uri(&made[i], 0, code, sizeof(code));
		printf("  %s\n", code);
	}
	trace_code_uri(&made[0], 1, code, sizeof(code));
	printf("\nThe same product page in English:\n  %s?lang=en\n", code);
	printf("As JSON:\n  curl -H 'Accept: application/json' %s\n", code);
	/* Change the last character to show the not-genuine page. */
	size_t n = strlen(code);
	code[n - 1] = code[n - 1] == '0' ? '1' : '0';
	printf("A forged code (one character changed):\n  %s\n", code);
	trace_code_uri(&made[3], 7, code, sizeof(code));
	printf("A recalled item:\n  %s\n", code);
	trace_code_uri(&made[0], 1, code, sizeof(code));
	printf("Its GS1 linkset, and a redirect to the brand's page:\n"
	       "  %s?linkType=all\n  %s?linkType=gs1:pip\n",
	       code, code);

	printf("\nCredit disclosure portal:\n  %s/  (search)\n", url);
	for (size_t i = 0; i < N(enterprises); i++) {
		struct disc_enterprise e;
		if (disc_enterprise_get(db, ids[i], &e) == BT_OK)
			printf("  %s/enterprises/%lld  (grade %s, score %d)\n",
			       url, ids[i], e.grade[0] ? e.grade : "-",
			       e.score);
	}
	printf("  %s/lists  %s/statistics  %s/draws\n", url, url, url);

	/* The demo case's access code is shown once; keep it to print on
	 * every run. */
	char path[1024];
	if (secret_path(cli->cfg.key_file, "demo-complaint", path,
			sizeof(path))) {
		if (followed[0])
			secret_write(path, followed);
		else if (!secret_read(path, followed, sizeof(followed)))
			followed[0] = '\0';
	}
	printf("\nComplaints: a dozen cases in every state at the desk "
	       "(%s/desk/complaints, signed in as the regulator)\n",
	       url);
	if (followed[0])
		printf("  one as its consumer follows it: %s%s\n", url,
		       followed);

	demo_insurance_print(db, cli->cfg.key_file, url, claim);

	char password[40];
	if (demo_account(db, cli->cfg.key_file, "regulator", BT_ROLE_REGULATOR,
			 0, password) == BT_OK)
		printf("\nRegulator pages: %s/login  (user: regulator, "
		       "password: %s)\n",
		       url, password);
	if (token[0])
		printf("\nDemo enterprise API key (%s):\n  %s\n"
		       "  curl -H 'Authorization: Bearer %s' %s/api/v1/"
		       "products\n"
		       "  or sign in with it at %s/login for the enterprise "
		       "console (%s/console)\n",
		       enterprises[0].en, token, token, url, url, url);
	printf("The regulator's console and audit log: %s/console, "
	       "%s/regulator/audit\n",
	       url, url);
	return 0;
}
