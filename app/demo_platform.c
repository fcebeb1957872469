/* demo_platform.c: the demo at the seed platform's shape, beside the
 * hand-made enterprises of demo.c: a few dozen more bonded-zone importers,
 * each with a product and a batch of codes, and a month of scans with a
 * day's rhythm (quiet at night, busiest in the evening, Beijing time) and
 * a long tail (most codes never scanned, a few scanned often), loaded in
 * bulk and rolled up as the scan writer would (scan_rollups_rebuild). */
#include "app/demo.h"

#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/clock.h"
#include "disclosure/enterprise.h"
#include "trace/code/batch.h"
#include "trace/code/gs1.h"
#include "trace/code/product.h"

/* Trading names, Chinese and English. */
static const char *const names[][2] = {
	{"优选", "Youxuan"},	 {"海淘", "Haitao"},
	{"环宇", "Huanyu"},	 {"甬达", "Yongda"},
	{"佳品", "Jiapin"},	 {"鲜达", "Xianda"},
	{"禾美", "Hemei"},	 {"悦购", "Yuegou"},
	{"臻选", "Zhenxuan"},	 {"诚品", "Chengpin"},
	{"汇通", "Huitong"},	 {"优品汇", "Youpinhui"},
	{"洋货铺", "Yanghuopu"}, {"全球购", "Quanqiugou"},
	{"跨海", "Kuahai"},	 {"港汇", "Ganghui"},
	{"东海", "Donghai"},	 {"明珠", "Mingzhu"},
	{"嘉和", "Jiahe"},	 {"盛源", "Shengyuan"},
	{"瑞丰", "Ruifeng"},	 {"恒信", "Hengxin"},
	{"宝达", "Baoda"},	 {"海悦", "Haiyue"},
	{"远航", "Yuanhang"},	 {"万象", "Wanxiang"},
	{"星汇", "Xinghui"},	 {"博雅", "Boya"},
	{"安选", "Anxuan"},	 {"丰谷", "Fenggu"},
};

/* Kinds of goods: name, brand, origin, category, GS1 prefix. */
static const struct {
	const char *zh, *en, *brand, *origin, *category, *prefix;
} goods[] = {
	{"婴幼儿配方奶粉 2段 800克", "Infant Formula Stage 2, 800 g",
	 "Alpen Milch", "DE", "infant_formula", "400"},
	{"有机米粉 225克", "Organic Rice Cereal, 225 g", "Little Kiwi", "NZ",
	 "infant_formula", "942"},
	{"深海鱼油软胶囊 200粒", "Fish Oil Capsules, 200", "Southern Reef",
	 "AU", "health", "931"},
	{"维生素C咀嚼片 60片", "Vitamin C Chewables, 60", "Sunvale", "US",
	 "health", "081"},
	{"玻尿酸补水面膜 10片", "Hyaluronic Sheet Masks, 10", "Hanbit", "KR",
	 "cosmetics", "880"},
	{"防晒乳 SPF50 60毫升", "Sunscreen SPF50, 60 ml", "Kirameki", "JP",
	 "cosmetics", "490"},
	{"特级初榨橄榄油 1升", "Extra Virgin Olive Oil, 1 l", "Oliveto", "IT",
	 "food", "800"},
	{"黑巧克力 85% 100克", "Dark Chocolate 85%, 100 g", "Alpenrose", "CH",
	 "food", "761"},
	{"纸尿裤 L码 54片", "Diapers size L, 54", "Sora", "JP", "baby", "491"},
	{"氨基酸洁面乳 120克", "Amino Acid Cleanser, 120 g", "Kirameki", "JP",
	 "cosmetics", "492"},
};

#define N(a)	  (sizeof(a) / sizeof((a)[0]))
#define CODES	  5000
#define SCANS_MIN 1000 /* codes below this index are the hand-made demo's */

/* A Unified Social Credit Code for the nth demo importer: its check
 * character is the one disc_uscc_valid accepts. */
static void uscc_of(size_t n, char out[19])
{
	static const char checks[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	for (size_t c = 0; c < sizeof(checks) - 1; c++) {
		snprintf(out, 19, "91330201MA2P%05zu%c", n, checks[c]);
		if (disc_uscc_valid(out))
			return;
	}
	out[0] = '\0';
}

/* A GTIN-13 (as 14 digits) from prefix and item number n. */
static void gtin_of(const char *prefix, size_t n, char out[15])
{
	char d[13];
	snprintf(d, sizeof(d), "%s%09zu", prefix, 777000000 + n);
	snprintf(out, 15, "0%s%d", d, trace_gtin_check_digit(d, 12));
}

static enum bt_err importer(struct bt_db *db, size_t n,
			    struct trace_batch *made)
{
	struct disc_enterprise e;
	char uscc[19];
	uscc_of(n, uscc);
	if (uscc[0] == '\0')
		return BT_EINTERNAL;
	long long id = 0;
	enum bt_err err = disc_enterprise_find(db, uscc, &e);
	if (err == BT_OK) {
		id = e.id;
	} else if (err == BT_ENOTFOUND) {
		memset(&e, 0, sizeof(e));
		bt_strlcpy(e.uscc, uscc, sizeof(e.uscc));
		snprintf(e.customs_code, sizeof(e.customs_code), "33024P%04zu",
			 n);
		snprintf(e.name_zh, sizeof(e.name_zh),
			 "宁波保税区%s跨境电子商务有限公司", names[n][0]);
		snprintf(e.name_en, sizeof(e.name_en),
			 "Ningbo Bonded Zone %s Cross-border E-commerce Co., "
			 "Ltd.",
			 names[n][1]);
		const char *reason = NULL;
		err = disc_enterprise_add(db, &e, &id, &reason);
	}
	if (err != BT_OK)
		return err;
	const size_t g = n % N(goods);
	char gtin[15];
	gtin_of(goods[g].prefix, n, gtin);
	struct trace_product p;
	err = trace_product_get(db, gtin, &p);
	if (err == BT_ENOTFOUND) {
		memset(&p, 0, sizeof(p));
		p.enterprise_id = id;
		bt_strlcpy(p.gtin, gtin, sizeof(p.gtin));
		snprintf(p.name_zh, sizeof(p.name_zh), "%s %s", goods[g].brand,
			 goods[g].zh);
		snprintf(p.name_en, sizeof(p.name_en), "%s %s", goods[g].brand,
			 goods[g].en);
		bt_strlcpy(p.brand, goods[g].brand, sizeof(p.brand));
		bt_strlcpy(p.origin_country, goods[g].origin,
			   sizeof(p.origin_country));
		bt_strlcpy(p.category, goods[g].category, sizeof(p.category));
		long long pid = 0;
		const char *reason = NULL;
		err = trace_product_add(db, &p, &pid, &reason);
	}
	if (err != BT_OK)
		return err;
	char lot[16];
	snprintf(lot, sizeof(lot), "P26%02zuA", n);
	err = trace_batch_find(db, id, gtin, lot, made);
	if (err == BT_ENOTFOUND) {
		struct trace_batch_request r = {gtin, CODES, lot, "2028-06-30"};
		const char *reason = NULL;
		err = trace_batch_issue(db, id, &r, made, &reason);
	}
	return err;
}

/* A month of scans up to now over codes SCANS_MIN.. of batches, by
 * hour of the day (Beijing) with weekends busier, skewed so that a few
 * codes are scanned often; then code_stats and the rollups. Once only. */
static const struct bt_stmt scans = {
	"demo.scans",
	"WITH b AS (SELECT id, row_number() OVER (ORDER BY id) AS k, "
	"count(*) OVER () AS n FROM batch WHERE id = ANY ($2::int[])), "
	"hours AS (SELECT h, ($1::timestamptz - make_interval(hours => h)) "
	"AS t FROM generate_series(1, 720) AS h), "
	"rhythm AS (SELECT t, (ARRAY[4,2,1,1,1,2,4,8,12,14,15,16,18,16,15,"
	"15,16,20,26,32,36,34,24,10])[extract(hour FROM t AT TIME ZONE "
	"'Asia/Shanghai')::int + 1] * CASE WHEN extract(isodow FROM t AT "
	"TIME ZONE 'Asia/Shanghai') >= 6 THEN 5 ELSE 4 END AS n FROM hours), "
	"one AS (SELECT r.t + random() * interval '1 hour' AS at, random() AS "
	"u, random() AS v FROM rhythm r, generate_series(1, r.n)) "
	"INSERT INTO scan (at, batch_id, idx, net_hash, region, ua_class, "
	"channel, verdict, reasons) SELECT o.at, b.id, $3 + floor(power(o.u, "
	"3) * 3000)::int, 'demo-' || floor(random() * 4000)::int, NULL, "
	"'mobile', 'web', CASE WHEN o.v < 0.955 THEN 'genuine' WHEN o.v < "
	"0.99 THEN 'caution' ELSE 'suspect' END, CASE WHEN o.v < 0.955 THEN "
	"'{}'::text[] WHEN o.v < 0.99 THEN '{scanned_often}' ELSE "
	"'{scanned_very_often}' END FROM one o JOIN b ON b.k = 1 + "
	"floor(power(random(), 1.6) * b.n)::int WHERE NOT EXISTS (SELECT 1 "
	"FROM scan WHERE net_hash LIKE 'demo-%' LIMIT 1)"};

static const struct bt_stmt stats = {
	"demo.code_stats",
	"INSERT INTO code_stats (batch_id, idx, count, rule_count, first_at, "
	"first_region, recent_at, recent_net, recent_region, recent_viewer, "
	"last_counted) SELECT batch_id, idx, count(*), count(*), min(at), "
	"NULL, (array_agg(extract(epoch FROM at)::float8 ORDER BY at DESC))"
	"[1:16], (array_agg(net_hash ORDER BY at DESC))[1:16], "
	"(array_agg(''::text ORDER BY at DESC))[1:16], (array_agg(net_hash "
	"ORDER BY at DESC))[1:16], true FROM scan WHERE net_hash LIKE "
	"'demo-%' GROUP BY batch_id, idx ON CONFLICT (batch_id, idx) DO "
	"NOTHING"};

static const struct bt_stmt rollups = {"demo.rollups",
				       "SELECT scan_rollups_rebuild()"};

enum bt_err demo_platform(struct bt_db *db, const struct trace_batch *made,
			  size_t nmade)
{
	enum bt_err err = BT_OK;
	struct trace_batch more[N(names)];
	for (size_t i = 0; err == BT_OK && i < N(names); i++) {
		err = bt_db_begin(db);
		if (err == BT_OK)
			err = importer(db, i, &more[i]);
		err = bt_db_finish(db, err);
	}
	if (err != BT_OK)
		return err;
	struct bt_buf ids = BT_BUF_INIT;
	bt_buf_puts(&ids, "{");
	for (size_t i = 0; i < nmade + N(names); i++)
		bt_buf_printf(&ids, "%s%u", i ? "," : "",
			      (unsigned)(i < nmade ? made[i].id
						   : more[i - nmade].id));
	bt_buf_puts(&ids, "}");
	char now[BT_CLOCK_ISO_LEN], from[16];
	bt_clock_iso(now);
	snprintf(from, sizeof(from), "%d", SCANS_MIN);
	const char *p[] = {now, ids.data, from};
	err = bt_db_begin(db);
	unsigned long added = 0;
	if (err == BT_OK)
		err = bt_db_run(db, &scans, 3, p, &added);
	if (err == BT_OK && added > 0)
		err = bt_db_run(db, &stats, 0, NULL, NULL);
	if (err == BT_OK && added > 0)
		err = bt_db_run(db, &rollups, 0, NULL, NULL);
	err = bt_db_finish(db, err);
	bt_buf_free(&ids);
	return err;
}
