/* demo.c: `bondtrace demo load`: a small, realistic data set that shows
 * every feature in `make run`. Loading is idempotent: what exists is kept,
 * so the printed URLs stay the same from run to run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/commands.h"
#include "core/auth.h"
#include "core/buf.h"
#include "disclosure/enterprise.h"
#include "trace/batch.h"
#include "trace/links.h"
#include "trace/product.h"
#include "trace/status.h"

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

/* Keeps one demo API key in a file beside the key file, so that the
 * printed curl examples work on every run. */
static void demo_api_key(struct bt_db *db, const char *key_file, long long ent,
			 char token[BT_TOKEN_LEN + 1])
{
	char path[1024];
	token[0] = '\0';
	int n = snprintf(path, sizeof(path), "%s.demo-api-key", key_file);
	if (n < 0 || (size_t)n >= sizeof(path))
		return;
	FILE *f = fopen(path, "re");
	if (f) {
		char line[64] = "";
		if (fgets(line, sizeof(line), f))
			line[strcspn(line, "\n")] = '\0';
		fclose(f);
		struct bt_principal who;
		if (bt_auth_key_lookup(db, line, &who) == BT_OK &&
		    who.enterprise_id == ent) {
			bt_strlcpy(token, line, BT_TOKEN_LEN + 1);
			return;
		}
	}
	long long id;
	if (bt_auth_key_create(db, BT_ROLE_ENTERPRISE, ent, "demo", token,
			       &id) != BT_OK) {
		token[0] = '\0';
		return;
	}
	mode_t old = umask(077);
	f = fopen(path, "we");
	umask(old);
	if (f) {
		fprintf(f, "%s\n", token);
		fclose(f);
	}
}

/* A recall on part of the oat flakes, and a product page link for the
 * formula, each made once (each is its own transaction). */
static enum bt_err demo_extras(struct bt_db *db, const long long *ids,
			       const struct trace_batch *made)
{
	json_t *list = NULL;
	enum bt_err err = trace_status_list(db, made[3].id, &list);
	if (err == BT_OK && json_array_size(list) == 0) {
		struct bt_principal who = {BT_ROLE_ENTERPRISE, ids[1], 0};
		struct trace_status_request q = {made[3].id,
						 0,
						 100,
						 "recalled",
						 "燕麦片批次抽检霉菌超标，主动"
						 "召回 / Lot recalled: mould "
						 "above the limit in sampling",
						 NULL};
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
		err = trace_link_add(db, &l, &reason);
	}
	json_decref(list);
	return err;
}

int cmd_demo_load(struct bt_cli *cli)
{

	struct bt_db *db = NULL;
	const struct bt_keys *keys = NULL;
	enum bt_err err = bt_cli_db(cli, &db);
	if (err != BT_OK)
		return bt_cli_fail(cli, err, "cannot connect to the database");
	if ((err = bt_cli_keys(cli, &keys)) != BT_OK)
		return bt_cli_fail(cli, err, "cannot load key file %s",
				   cli->cfg.key_file);
	char url[256];
	if (cli->cfg.public_url[0])
		bt_strlcpy(url, cli->cfg.public_url, sizeof(url));
	else
		snprintf(url, sizeof(url), "http://%s", cli->cfg.listen);
	trace_init(keys, url);

	long long ids[N(enterprises)];
	struct trace_batch made[N(batches)];
	err = bt_db_begin(db);
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
	if ((err = demo_extras(db, ids, made)) != BT_OK)
		return bt_cli_fail(cli, err, "loading the demo failed: %s",
				   bt_strerror(err));
	char code[256];
	printf("Demo data loaded: %zu enterprises, %zu products, %zu "

	       "batches.\n",
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
	trace_code_uri(&made[0], 2, code, sizeof(code));
	printf("Its GS1 linkset, and a redirect to the brand's page:\n"
	       "  %s?linkType=all\n  %s?linkType=gs1:pip\n",
	       code, code);

	if (token[0])
		printf("\nDemo enterprise API key (%s):\n  %s\n"
		       "  curl -H 'Authorization: Bearer %s' %s/api/v1/"
		       "products\n",
		       enterprises[0].en, token, token, url);
	return 0;
}
