/* cmd_trace.c: the trace commands other than batches (cmd_batch.c):
 * products, declarations, provenance records, bindings, scanning a photo. */
#include "app/commands.h"

#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "disclosure/enterprise.h"
#include "scanner/lookup.h"
#include "trace/code/product.h"
#include "trace/customs/binding.h"
#include "trace/customs/declaration.h"
#include "trace/customs/provenance.h"
#include "trace/scan/cache.h"
#include "trace/scan/scanlog.h"

int cmd_product_add(struct bt_cli *cli)
{
	const char *ent, *gtin, *zh, *en, *brand, *origin;
	if (!bt_cli_need(cli, "--enterprise", &ent) ||
	    !bt_cli_need(cli, "--gtin", &gtin) ||
	    !bt_cli_need(cli, "--name-zh", &zh) ||
	    !bt_cli_need(cli, "--name-en", &en) ||
	    !bt_cli_need(cli, "--brand", &brand) ||
	    !bt_cli_need(cli, "--origin", &origin))
		return BT_EXIT_USAGE;
	struct trace_product p;
	memset(&p, 0, sizeof(p));
	if (bt_strlcpy(p.gtin, gtin, sizeof(p.gtin)) >= sizeof(p.gtin) ||
	    bt_strlcpy(p.name_zh, zh, sizeof(p.name_zh)) >= sizeof(p.name_zh) ||
	    bt_strlcpy(p.name_en, en, sizeof(p.name_en)) >= sizeof(p.name_en) ||
	    bt_strlcpy(p.brand, brand, sizeof(p.brand)) >= sizeof(p.brand) ||
	    bt_strlcpy(p.origin_country, origin, sizeof(p.origin_country)) >=
		    sizeof(p.origin_country))
		return bt_cli_fail(cli, BT_EINVAL, "a value is too long");
	int rc = 0;
	struct bt_db *db = app_need_db(cli, &rc);
	if (db == NULL)
		return rc;
	struct disc_enterprise e;
	if ((rc = app_find_enterprise(cli, db, ent, &e)) != 0)
		return rc;
	p.enterprise_id = e.id;
	long long id = 0;
	const char *reason = NULL;
	enum bt_err err = trace_product_add(db, &p, &id, &reason);
	if (err != BT_OK)
		return bt_cli_refused(cli, err, reason);
	printf("%lld\n", id);
	return 0;
}

int cmd_declare(struct bt_cli *cli)
{
	const char *ent_key;
	if (!bt_cli_need(cli, "--enterprise", &ent_key))
		return BT_EXIT_USAGE;
	if (cli->nargs == 0)
		return bt_cli_usage_error(cli,
					  "name one or more message files");
	struct bt_db *db = NULL;
	struct disc_enterprise e;
	int rc = app_trace_enterprise(cli, ent_key, &db, &e);
	if (rc != 0)
		return rc;
	size_t rejected = 0;
	for (size_t i = 0; i < cli->nargs; i++) {
		struct bt_buf b = BT_BUF_INIT;
		enum bt_err err =
			bt_read_file(cli->args[i], CEB_MAX_BYTES + 1, &b);
		if (err != BT_OK) {
			bt_buf_free(&b);
			return bt_cli_fail(cli, err, "cannot read %s: %s",
					   cli->args[i], bt_strerror(err));
		}
		struct trace_declare_result r;
		err = trace_declare(db, &e, b.data, b.len, &r);
		bt_buf_free(&b);
		if (err != BT_OK)
			return bt_cli_fail(cli, err,
					   "%s could not be judged (%s); "
					   "nothing of it was stored",
					   cli->args[i], bt_strerror(err));
		if (r.accepted)
			printf("%s: accepted%s (guid %s)\n", cli->args[i],
			       r.resent ? " before; unchanged" : "",
			       json_string_value(
				       json_object_get(r.receipt, "guid")));
		else
			printf("%s: rejected: %s: %s\n", cli->args[i],
			       r.error.path, r.error.rule);
		rejected += !r.accepted;
		trace_declare_result_free(&r);
	}
	return rejected ? bt_err_exit_code(BT_EINVAL) : 0;
}

int cmd_record(struct bt_cli *cli)
{
	const char *ent_key;
	enum trace_record_kind kind;
	if (cli->nargs != 2 ||
	    trace_record_kind_parse(cli->args[0], &kind) != BT_OK)
		return bt_cli_usage_error(cli, "name the kind (product, lot, "
					       "shipment or inspection) and a "
					       "JSON file");
	if (!bt_cli_need(cli, "--enterprise", &ent_key))
		return BT_EXIT_USAGE;
	struct bt_buf b = BT_BUF_INIT;
	enum bt_err err = bt_read_file(cli->args[1], 1u << 20, &b);
	json_error_t jerr;
	json_t *in = err == BT_OK ? json_loadb(b.data, b.len, 0, &jerr) : NULL;
	bt_buf_free(&b);
	if (err != BT_OK)
		return bt_cli_fail(cli, err, "cannot read %s", cli->args[1]);
	if (in == NULL)
		return bt_cli_fail(cli, BT_EINVAL, "%s: %s (line %d)",
				   cli->args[1], jerr.text, jerr.line);
	struct bt_db *db = NULL;
	struct disc_enterprise e;
	int rc = app_trace_enterprise(cli, ent_key, &db, &e);
	if (rc != 0) {
		json_decref(in);
		return rc;
	}
	json_t *out = NULL;
	const char *reason = NULL;
	err = trace_record(db, e.id, kind, in, &out, &reason);
	json_decref(in);
	if (err != BT_OK)
		return bt_cli_refused(cli, err, reason);
	app_print_json(out);
	return 0;
}

int cmd_bind(struct bt_cli *cli)
{
	const char *ent_key, *batch, *from, *to, *inv, *gnum;
	if (!bt_cli_need(cli, "--enterprise", &ent_key) ||
	    !bt_cli_need(cli, "--batch", &batch) ||
	    !bt_cli_need(cli, "--from", &from) ||
	    !bt_cli_need(cli, "--to", &to) ||
	    !bt_cli_need(cli, "--inventory", &inv) ||
	    !bt_cli_need(cli, "--gnum", &gnum))
		return BT_EXIT_USAGE;
	struct trace_binding_request q = {.inventory = inv,
					  .lot = bt_cli_get(cli, "--lot")};
	long long id;
	if (!bt_parse_ll(batch, 1, TRACE_BATCH_ID_MAX, &id) ||
	    !bt_parse_ll(from, 0, TRACE_BATCH_COUNT_MAX, &q.from) ||
	    !bt_parse_ll(to, 0, TRACE_BATCH_COUNT_MAX, &q.to) ||
	    !bt_parse_ll(gnum, 1, 999, &q.gnum))
		return bt_cli_fail(cli, BT_EINVAL,
				   "--batch, --from, --to and --gnum are "
				   "numbers");
	q.batch = (uint32_t)id;
	int rc = 0;
	struct bt_db *db = app_need_db(cli, &rc);
	struct disc_enterprise e;
	if (db == NULL || (rc = app_find_enterprise(cli, db, ent_key, &e)) != 0)
		return rc;
	json_t *out = NULL;
	const char *reason = NULL;
	enum bt_err err = trace_binding_add(db, e.id, &q, &out, &reason);
	if (err != BT_OK)
		return bt_cli_refused(cli, err, reason);
	app_print_json(out);
	return 0;
}

int cmd_scan(struct bt_cli *cli)
{
	if (cli->nargs == 0)
		return bt_cli_usage_error(cli, "name one or more images");
	int rc = 0;
	char url[256];
	struct bt_db *db = app_need_db(cli, &rc);
	if (db == NULL || !app_setup_trace(cli, url, sizeof(url), &rc))
		return rc;
	enum bt_err err = trace_cache_start(cli->cfg.database_url);
	if (err == BT_OK)
		err = trace_scanlog_start(cli->cfg.database_url);
	if (err != BT_OK) {
		trace_cache_stop();
		return bt_cli_fail(cli, err, "cannot start the scan log");
	}
	struct scan_context ctx = {"127.0.0.1", "bondtrace-cli", "en", "cli"};
	size_t genuine = 0, read = 0;
	for (size_t i = 0; i < cli->nargs && rc == 0; i++) {
		struct bt_buf b = BT_BUF_INIT;
		struct scan_gray g;
		struct scan_result r = {0};
		const char *reason = "the file cannot be read";
		err = bt_read_file(cli->args[i], SCAN_MAX_BYTES, &b);
		if (err == BT_OK)
			err = scan_image_load(b.data, b.len, &g, &reason);
		bt_buf_free(&b);
		if (err != BT_OK) {
			rc = bt_cli_fail(cli, err, "%s: %s", cli->args[i],
					 reason);
			break;
		}
		err = scan_decode(&g, &r);
		scan_gray_free(&g);
		if (r.n == 0)
			printf("%s: no code found\n", cli->args[i]);
		for (size_t k = 0; err == BT_OK && k < r.n; k++) {
			json_t *j = scan_lookup(db, &r.sym[k], &ctx, NULL);
			const json_t *scan = json_object_get(j, "scan");
			const char *verdict = json_string_value(
				json_object_get(scan, "verdict"));
			printf("%s: %s %s", cli->args[i], r.sym[k].type,
			       r.sym[k].data);
			if (verdict) {
				printf("  %s, queried %lld times\n", verdict,
				       (long long)json_integer_value(
					       json_object_get(
						       json_object_get(scan,
								       "scans"),
						       "count")));
				genuine++;
			} else if (json_is_false(
					   json_object_get(j, "genuine"))) {
				printf("  NOT GENUINE: %s\n",
				       json_string_value(
					       json_object_get(j, "reason")));
			} else {
				printf("\n");
			}
			read++;
			json_decref(j);
		}
		scan_result_free(&r);
	}
	trace_scanlog_stop();
	trace_cache_stop();
	if (rc != 0)
		return rc;
	/* 0: a genuine code was found; 4: codes, none of them ours and
	 * genuine; 3: no code could be read at all. */
	return genuine ? 0
	       : read  ? bt_err_exit_code(BT_ENOTFOUND)
		       : bt_err_exit_code(BT_EINVAL);
}
