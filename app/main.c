/* main.c: the bondtrace executable: the subcommand table and the HTTP
 * route table. Wiring only; the work is done in the modules. */
#include <stdio.h>
#include <string.h>

#include "app/audit.h"
#include "app/commands.h"
#include "app/console.h"
#include "complaints/calendar_api.h"
#include "complaints/cmpl_api.h"
#include "complaints/credit.h"
#include "complaints/photos_api.h"
#include "complaints/recover.h"
#include "core/auth.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/http.h"
#include "core/session.h"
#include "disclosure/disc_api.h"
#include "disclosure/disc_desk.h"
#include "disclosure/facts.h"
#include "insurance/ins_api.h"
#include "scanner/image.h"
#include "scanner/upload_api.h"
#include "tlog/api.h"
#include "trace/code/print_api.h"
#include "trace/credit_facts.h"
#include "trace/customs/binding.h"
#include "trace/customs/declaration_api.h"
#include "trace/customs/provenance.h"
#include "trace/customs/quality.h"
#include "trace/scan/alert.h"
#include "trace/scan/history.h"
#include "trace/scan/links.h"
#include "trace/scan/resolve_api.h"
#include "trace/scan/status.h"

#ifndef BT_VERSION
#define BT_VERSION "0.1.0"
#endif

static void healthz(struct bt_req *req);
static void livez(struct bt_req *req);

static void static_file(struct bt_req *req);

const struct bt_route app_routes[] = {
	{"GET", "/", disc_api_home, BT_ANYONE, "home", 0, 0},
	{"GET", "/healthz", healthz, BT_ANYONE, "healthz", 0, 0},
	{"GET", "/livez", livez, BT_ANYONE, "livez", 0, 0},

	{"GET", "/metrics", bt_http_metrics, BT_ANYONE, "metrics", 0, 0},
	{"GET", "/static/{file}", static_file, BT_ANYONE, "static", 0, 0},
	{"GET", "/scan", scan_api_page, BT_ANYONE, "scan_page", 0, 0},
	{"GET", "/scan/code", scan_api_typed, BT_ANYONE, "scan_typed", 0, 0},
	{"POST", "/scan", scan_api_upload, BT_ANYONE, "scan_upload",
	 SCAN_MAX_BYTES + 65536, 0},
	{"POST", "/api/v1/scan", scan_api_upload, BT_ANYONE, "scan_api",
	 SCAN_MAX_BYTES + 65536, 0},
	{"GET", "/login", bt_session_login_page, BT_ANYONE, "login_page", 0, 0},
	/* The console of enterprises and regulators: its forms drive the
	 * API's handlers (each action says who may use it). */
	{"GET", "/console", app_console, BT_SIGNED_IN, "console", 0, 0},
	{"POST", "/console/{action}", app_console_act, BT_SIGNED_IN,
	 "console_act", 0, BT_POOLED},
	{"POST", "/console/batches/{id}/{action}", app_console_act,
	 BT_SIGNED_IN, "console_batch_act", 0, BT_POOLED},
	{"POST", "/console/products/{gtin}/{action}", app_console_act,
	 BT_SIGNED_IN, "console_product_act", 0, BT_POOLED},
	{"POST", "/console/links/{id}/{action}", app_console_act, BT_SIGNED_IN,
	 "console_link_act", 0, BT_POOLED},
	{"GET", "/console/batches/{id}/codes/{index}", trace_api_code_history,
	 BT_SIGNED_IN, "console_code", 0, 0},
	{"POST", "/console/alerts/{id}/{action}", app_console_act, BT_SIGNED_IN,
	 "console_alert_act", 0, BT_POOLED},
	{"POST", "/console/enterprises/{id}/{action}", app_console_act,
	 BT_SIGNED_IN, "console_enterprise_act", 0, BT_POOLED},
	{"POST", "/console/commitments/{id}/{action}", app_console_act,
	 BT_SIGNED_IN, "console_commitment_act", 0, BT_POOLED},
	{"POST", "/login", bt_session_login, BT_ANYONE, "login", 0, 0},
	{"POST", "/api/v1/accounts/{username}/unlock", bt_session_unlock_api,
	 BT_ADMIN_ONLY, "account_unlock", 0, 0},
	{"POST", "/account/unlock", bt_session_unlock_form, BT_ADMIN_ONLY,
	 "account_unlock_form", 0, 0},
	{"POST", "/logout", bt_session_logout, BT_SIGNED_IN, "logout", 0, 0},
	{"GET", "/account", disc_api_account,
	 BT_SIGNED_IN | BT_ALLOW(BT_ROLE_INSURER), "account", 0, 0},
	{"GET", "/enterprises/{id}/quality", trace_api_quality, BT_SIGNED_IN,
	 "quality_page", 0, 0},
	{"POST", "/account/penalties/{id}/repair", disc_api_repair_apply,
	 BT_SIGNED_IN, "repair_apply_form", 0, 0},
	{"POST", "/account/objections", disc_api_objection_file,
	 BT_ENTERPRISE_ONLY, "objection_file_form", 0, 0},

	/* The disclosure portal: pages (HTML or JSON by negotiation). */
	{"GET", "/enterprises", disc_api_search, BT_ANYONE, "search", 0, 0},
	{"GET", "/enterprises/{id}/report.pdf", disc_api_report, BT_ANYONE,
	 "report", 0, BT_POOLED},
	{"GET", "/enterprises/{id}", disc_api_profile, BT_ANYONE, "profile", 0,
	 0},
	{"GET", "/penalties", disc_api_penalties, BT_ANYONE, "penalties_page",
	 0, 0},
	{"GET", "/lists", disc_api_lists, BT_ANYONE, "lists_page", 0, 0},
	{"GET", "/statistics", disc_api_statistics, BT_ANYONE,
	 "statistics_page", 0, 0},
	{"GET", "/draws", disc_api_draws, BT_ANYONE, "draws_page", 0, 0},
	{"GET", "/draws/{id}", disc_api_draw, BT_ANYONE, "draw_page", 0, 0},
	{"GET", "/regulator/audit", app_audit_page, BT_STAFF, "audit_page", 0,
	 0},
	{"GET", "/regulator", disc_api_regulator, BT_STAFF, "regulator_page", 0,
	 0},
	{"POST", "/regulator/penalties", disc_api_penalty_create, BT_STAFF,
	 "penalty_form", 0, 0},
	{"POST", "/regulator/repairs/{id}", disc_api_repair_decide, BT_STAFF,
	 "repair_decide_form", 0, 0},
	{"POST", "/regulator/objections/{id}", disc_api_objection_answer,
	 BT_STAFF, "objection_answer_form", 0, 0},
	{"POST", "/regulator/revisions", disc_api_penalty_revise, BT_STAFF,
	 "penalty_revise_form", 0, 0},
	{"POST", "/regulator/draws", disc_api_draw_create, BT_STAFF,
	 "draw_form", 0, 0},
	{"POST", "/regulator/draws/{id}/run", disc_api_draw_run, BT_STAFF,
	 "draw_run_form", 0, BT_POOLED},
	{"GET", "/admin/rules", disc_api_rules_page, BT_ADMIN_ONLY,
	 "rules_page", 0, 0},
	{"POST", "/admin/rules", disc_api_rules_add, BT_ADMIN_ONLY,
	 "rules_form", 0, 0},

	/* Open data. */
	{"GET", "/api/v1/enterprises", disc_api_search, BT_ANYONE,
	 "enterprises_list", 0, 0},
	{"GET", "/api/v1/enterprises.csv", disc_api_enterprises_csv, BT_ANYONE,
	 "enterprises_csv", 0, 0},
	{"GET", "/api/v1/enterprises/{id}", disc_api_profile, BT_ANYONE,
	 "enterprises_get", 0, 0},
	{"GET", "/api/v1/enterprises/{id}/report.pdf", disc_api_report,
	 BT_ANYONE, "enterprises_report", 0, BT_POOLED},
	{"GET", "/api/v1/enterprises/{id}/rating", disc_api_rating, BT_ANYONE,
	 "rating_get", 0, 0},
	{"GET", "/api/v1/penalties", disc_api_penalties, BT_ANYONE,
	 "penalties_list", 0, 0},
	{"GET", "/api/v1/penalties.csv", disc_api_penalties_csv, BT_ANYONE,
	 "penalties_csv", 0, 0},
	{"GET", "/api/v1/lists", disc_api_lists, BT_ANYONE, "lists", 0, 0},
	{"GET", "/api/v1/statistics", disc_api_statistics, BT_ANYONE,
	 "statistics", 0, 0},
	{"GET", "/api/v1/draws", disc_api_draws, BT_ANYONE, "draws_list", 0, 0},
	{"GET", "/api/v1/draws/{id}", disc_api_draw, BT_ANYONE, "draws_get", 0,
	 0},
	{"GET", "/log", tlog_api_home, BT_EVERYONE, "log_page", 0, 0},
	{"GET", "/log/checkpoint", tlog_api_checkpoint, BT_EVERYONE,
	 "log_checkpoint", 0, 0},
	{"GET", "/log/tile/{path*}", tlog_api_tile, BT_EVERYONE, "log_tile", 0,
	 0},
	{"GET", "/log/verifier-key", tlog_api_verifier_key, BT_EVERYONE,
	 "log_verifier_key", 0, 0},
	{"GET", "/log/entries/{index}", tlog_api_entry, BT_EVERYONE,
	 "log_entry_page", 0, 0},
	{"GET", "/api/v1/log/entries/{index}", tlog_api_entry, BT_EVERYONE,
	 "log_entry", 0, 0},
	{"GET", "/log/find", tlog_api_find, BT_EVERYONE, "log_find", 0, 0},
	{"GET", "/api/v1/log/consistency", tlog_api_consistency, BT_EVERYONE,
	 "log_consistency", 0, 0},
	{"GET", "/log/witness", tlog_api_witness_request, BT_EVERYONE,
	 "log_witness", 0, 0},
	{"POST", "/log/cosignatures", tlog_api_cosignature, BT_EVERYONE,
	 "log_cosignature", 16384, 0},
	{"GET", "/api/v1/repairs", disc_api_repairs, BT_ANYONE, "repairs_list",
	 0, 0},
	{"GET", "/api/v1/repairs/pending", disc_api_repairs_pending, BT_STAFF,
	 "repairs_pending", 0, 0},
	{"GET", "/api/v1/rules", disc_api_rules, BT_ANYONE, "rules_list", 0, 0},
	{"POST", "/api/v1/penalties", disc_api_penalty_create, BT_STAFF,
	 "penalties_create", 0, 0},
	{"POST", "/api/v1/penalties/{id}/repair", disc_api_repair_apply,
	 BT_SIGNED_IN, "repair_apply", 0, 0},
	{"POST", "/api/v1/repairs/{id}/decision", disc_api_repair_decide,
	 BT_STAFF, "repair_decide", 0, 0},
	{"POST", "/api/v1/penalties/{id}/revisions", disc_api_penalty_revise,
	 BT_STAFF, "penalty_revise", 0, 0},
	{"POST", "/api/v1/objections", disc_api_objection_file,
	 BT_ENTERPRISE_ONLY, "objections_file", 0, 0},
	{"GET", "/api/v1/objections/pending", disc_api_objections_pending,
	 BT_STAFF, "objections_pending", 0, 0},
	{"POST", "/api/v1/objections/{id}/answer", disc_api_objection_answer,
	 BT_STAFF, "objection_answer", 0, 0},
	{"POST", "/api/v1/draws", disc_api_draw_create, BT_STAFF,
	 "draws_create", 0, 0},
	{"POST", "/api/v1/draws/{id}/run", disc_api_draw_run, BT_STAFF,
	 "draws_run", 0, BT_POOLED},
	{"POST", "/api/v1/ratings/recompute", disc_api_recompute, BT_STAFF,
	 "ratings_recompute", 0, BT_POOLED},
	{"POST", "/api/v1/rules", disc_api_rules_add, BT_ADMIN_ONLY,
	 "rules_create", 0, 0},
	{"PATCH", "/api/v1/enterprises/{id}", disc_api_fact_entity,
	 BT_SIGNED_IN, "entity_update", 0, 0},
	{"POST", "/api/v1/enterprises/{id}/customs-class",
	 disc_api_fact_customs_class, BT_STAFF, "customs_class_set", 0, 0},
	{"POST", "/api/v1/licences", disc_api_fact_licence, BT_SIGNED_IN,
	 "licences_create", 0, 0},
	{"POST", "/api/v1/commitments", disc_api_fact_commitment, BT_SIGNED_IN,
	 "commitments_create", 0, 0},
	{"POST", "/api/v1/commitments/{id}/broken", disc_api_fact_broken,
	 BT_STAFF, "commitments_broken", 0, 0},
	{"POST", "/api/v1/commendations", disc_api_fact_commendation, BT_STAFF,
	 "commendations_create", 0, 0},
	{"GET", "/complaints/recover", cmpl_api_recover_page, BT_ANYONE,
	 "complaints_recover_page", 0, 0},
	{"POST", "/complaints/recover", cmpl_api_recover, BT_ANYONE,
	 "complaints_recover_form", 0, BT_POOLED},
	{"POST", "/api/v1/complaints/recover", cmpl_api_recover, BT_ANYONE,
	 "complaints_recover", 0, BT_POOLED},
	{"GET", "/complaints/new", cmpl_api_new, BT_ANYONE, "complaints_new", 0,
	 0},
	{"POST", "/complaints", cmpl_api_file, BT_EVERYONE, "complaints_form",
	 0, BT_POOLED},
	{"GET", "/complaints/{number}", cmpl_api_case, BT_EVERYONE,
	 "complaints_page", 0, 0},
	{"POST", "/complaints/{number}/events", cmpl_api_act, BT_EVERYONE,
	 "complaints_act_form", 0, BT_POOLED},
	{"POST", "/complaints/{number}/photos", cmpl_api_photo_add, BT_EVERYONE,
	 "complaints_photo_form", SCAN_MAX_BYTES + 65536, 0},
	{"GET", "/complaints/{number}/photos/{id}", cmpl_api_photo_get,
	 BT_EVERYONE, "complaints_photo", 0, 0},
	{"POST", "/api/v1/complaints/{number}/photos", cmpl_api_photo_add,
	 BT_EVERYONE, "complaints_photo_add", SCAN_MAX_BYTES + 65536, 0},
	{"POST", "/api/v1/complaints", cmpl_api_file, BT_EVERYONE,
	 "complaints_file", 0, BT_POOLED},
	{"GET", "/api/v1/complaints", cmpl_api_list, BT_SIGNED_IN,
	 "complaints_list", 0, 0},
	{"GET", "/api/v1/complaints/{number}", cmpl_api_case, BT_EVERYONE,
	 "complaints_get", 0, 0},
	{"POST", "/api/v1/complaints/{number}/events", cmpl_api_act,
	 BT_EVERYONE, "complaints_act", 0, BT_POOLED},
	{"POST", "/desk/recall", cmpl_api_recall, BT_STAFF, "complaints_recall",
	 0, 0},
	{"GET", "/desk/complaints", cmpl_api_desk, BT_SIGNED_IN,
	 "complaints_desk", 0, 0},
	/* Quality insurance: claims from an item's code, the desks of
	 * insurers, enterprises and regulators, policies. */
	{"GET", "/claims/new", ins_api_new, BT_ANYONE, "claims_new", 0, 0},
	{"GET", "/claims/recover", ins_api_recover_page, BT_ANYONE,
	 "claims_recover_page", 0, 0},
	{"POST", "/claims/recover", ins_api_recover, BT_ANYONE,
	 "claims_recover_form", 0, BT_POOLED},
	{"POST", "/api/v1/claims/recover", ins_api_recover, BT_ANYONE,
	 "claims_recover", 0, BT_POOLED},
	{"POST", "/claims", ins_api_file, BT_EVERYONE, "claims_form", 0,
	 BT_POOLED},
	{"GET", "/claims/{number}", ins_api_claim, BT_EVERYONE, "claims_page",
	 0, 0},
	{"POST", "/claims/{number}/events", ins_api_act, BT_EVERYONE,
	 "claims_act_form", 0, BT_POOLED},
	{"POST", "/claims/{number}/photos", ins_api_photo_add, BT_EVERYONE,
	 "claims_photo_form", SCAN_MAX_BYTES + 65536, 0},
	{"GET", "/claims/{number}/photos/{id}", ins_api_photo_get, BT_EVERYONE,
	 "claims_photo", 0, 0},
	{"POST", "/api/v1/claims", ins_api_file, BT_EVERYONE, "claims_file", 0,
	 BT_POOLED},
	{"GET", "/api/v1/claims", ins_api_list,
	 BT_INSURER_STAFF | BT_ENTERPRISE_ONLY, "claims_list", 0, 0},
	{"GET", "/api/v1/claims/{number}", ins_api_claim, BT_EVERYONE,
	 "claims_get", 0, 0},
	{"POST", "/api/v1/claims/{number}/events", ins_api_act, BT_EVERYONE,
	 "claims_act", 0, BT_POOLED},
	{"POST", "/api/v1/claims/{number}/photos", ins_api_photo_add,
	 BT_EVERYONE, "claims_photo_add", SCAN_MAX_BYTES + 65536, 0},
	{"GET", "/desk/claims", ins_api_desk,
	 BT_INSURER_STAFF | BT_ENTERPRISE_ONLY, "claims_desk", 0, 0},
	{"GET", "/api/v1/policies", ins_api_policies,
	 BT_INSURER_STAFF | BT_ENTERPRISE_ONLY, "policies_list", 0, 0},
	{"POST", "/api/v1/policies", ins_api_policy_add, BT_INSURER_STAFF,
	 "policies_add", 0, 0},
	{"GET", "/desk/policies", ins_api_policies_page,
	 BT_INSURER_STAFF | BT_ENTERPRISE_ONLY, "policies_page", 0, 0},
	{"POST", "/desk/policies", ins_api_policy_add, BT_INSURER_STAFF,
	 "policies_form", 0, 0},
	{"GET", "/api/v1/calendar/due", cmpl_api_due, BT_ANYONE, "calendar_due",
	 0, 0},
	{"GET", "/api/v1/calendar", cmpl_api_calendar, BT_ANYONE,
	 "calendar_list", 0, 0},
	{"POST", "/api/v1/calendar", cmpl_api_calendar_load, BT_ADMIN_ONLY,
	 "calendar_load", 0, 0},
	{"GET", "/admin/calendar", cmpl_api_calendar, BT_ADMIN_ONLY,
	 "calendar_page", 0, 0},
	{"POST", "/admin/calendar", cmpl_api_calendar_load, BT_ADMIN_ONLY,
	 "calendar_form", 0, 0},
	/* Every /01/ path: the GS1 rules, not the router, say what is valid. */
	{"GET", "/01/{code*}", trace_api_resolve, BT_ANYONE, "resolve", 0, 0},
	{"GET", "/.well-known/gs1resolver", trace_api_resolver_description,
	 BT_ANYONE, "gs1resolver", 0, 0},
	{"POST", "/api/v1/resolve", trace_api_resolve_data, BT_ANYONE,
	 "resolve_data", 0, 0},
	{"GET", "/api/v1/declarations", trace_api_declaration_list,
	 BT_ENTERPRISE_ONLY, "declarations_list", 0, 0},
	{"POST", "/api/v1/declarations", trace_api_declare, BT_ENTERPRISE_ONLY,
	 "declarations", 0, BT_POOLED},
	{"GET", "/api/v1/products", trace_api_product_list, BT_ENTERPRISE_ONLY,
	 "products_list", 0, 0},
	{"POST", "/api/v1/products", trace_api_product_create,
	 BT_ENTERPRISE_ONLY, "products_create", 0, 0},
	{"PATCH", "/api/v1/products/{gtin}", trace_api_record_product,
	 BT_ENTERPRISE_ONLY, "products_update", 0, 0},
	{"POST", "/api/v1/lots", trace_api_record_lot, BT_ENTERPRISE_ONLY,
	 "lots_create", 0, 0},
	{"POST", "/api/v1/shipments", trace_api_record_shipment,
	 BT_ENTERPRISE_ONLY, "shipments_create", 0, 0},
	{"POST", "/api/v1/inspections", trace_api_record_inspection,
	 BT_ENTERPRISE_ONLY, "inspections_create", 0, 0},
	{"GET", "/api/v1/batches", trace_api_batch_list, BT_ENTERPRISE_ONLY,
	 "batches_list", 0, 0},
	{"POST", "/api/v1/batches", trace_api_batch_create, BT_ENTERPRISE_ONLY,
	 "batches_create", 0, BT_POOLED},
	{"GET", "/api/v1/batches/{id}", trace_api_batch_get, BT_SIGNED_IN,
	 "batches_get", 0, 0},
	{"GET", "/api/v1/batches/{id}/codes", trace_api_batch_codes,
	 BT_ENTERPRISE_ONLY, "batches_codes", 0, 0},
	{"GET", "/api/v1/batches/{id}/status", trace_api_status_list,
	 BT_SIGNED_IN, "status_list", 0, 0},
	{"POST", "/api/v1/batches/{id}/status", trace_api_status_set,
	 BT_SIGNED_IN, "status_set", 0, BT_POOLED},
	{"GET", "/api/v1/batches/{id}/bindings", trace_api_binding_list,
	 BT_SIGNED_IN, "bindings_list", 0, 0},
	{"POST", "/api/v1/bindings", trace_api_binding_add, BT_ENTERPRISE_ONLY,
	 "bindings_create", 0, BT_POOLED},
	{"GET", "/api/v1/links", trace_api_link_list, BT_ENTERPRISE_ONLY,
	 "links_list", 0, 0},
	{"POST", "/api/v1/links", trace_api_link_create, BT_ENTERPRISE_ONLY,
	 "links_create", 0, 0},
	{"DELETE", "/api/v1/links/{id}", trace_api_link_delete,
	 BT_ENTERPRISE_ONLY, "links_delete", 0, 0},
	{"GET", "/api/v1/enterprises/{id}/volumes", trace_api_volumes,
	 BT_ANYONE, "volumes", 0, 0},
	{"GET", "/api/v1/enterprises/{id}/quality", trace_api_quality,
	 BT_SIGNED_IN, "quality", 0, 0},
	{"GET", "/api/v1/exports/mine", trace_api_export_progress,
	 BT_ENTERPRISE_ONLY, "exports_mine", 0, 0},
	{"GET", "/api/v1/batches/{id}/codes/{index}", trace_api_code_history,
	 BT_SIGNED_IN, "codes_get", 0, 0},
	{"GET", "/api/v1/alerts", trace_api_alert_list, BT_SIGNED_IN,
	 "alerts_list", 0, 0},
	{"POST", "/api/v1/alerts/{id}/acknowledge", trace_api_alert_acknowledge,
	 BT_SIGNED_IN, "alerts_acknowledge", 0, 0},
	{"POST", "/api/v1/alerts/{id}/close", trace_api_alert_close,
	 BT_SIGNED_IN, "alerts_close", 0, 0},
};
const size_t app_nroutes = sizeof(app_routes) / sizeof(app_routes[0]);

/* The few handlers that belong to no module. */

#include "core/db.h"
#include "core/render.h"

static const struct bt_stmt st_ping = {"app.ping", "SELECT 1"};

static void healthz(struct bt_req *req)
{
	struct bt_db *db = NULL;
	enum bt_err err = bt_db_thread(&db);
	if (err == BT_OK)
		err = bt_db_run(db, &st_ping, 0, NULL, NULL);
	if (err != BT_OK) {
		bt_reply_json(req, 503,
			      json_pack("{s:s, s:s}", "status", "unavailable",
					"database", bt_strerror(err)));
		return;
	}
	bt_reply_json(req, 200,
		      json_pack("{s:s, s:s, s:s}", "status", "ok", "database",
				"ok", "version", BT_VERSION));
}

/* Liveness: the process answers; no database work. */
static void livez(struct bt_req *req)
{
	bt_reply_text(req, 200, "application/json", "{\"status\":\"ok\"}");
}

static void static_file(struct bt_req *req)
{
	char *data = NULL;
	size_t len = 0;
	const char *type = NULL;
	enum bt_err err =
		bt_render_static(bt_req_param(req, "file"), &data, &len, &type);
	if (err != BT_OK) {
		bt_reply_error(req, BT_ENOTFOUND, "no such file");
		return;
	}
	bt_reply_header(req, "Cache-Control", "public, max-age=3600");
	bt_reply_take(req, 200, type, data, len);
}

/* Subcommands. */

struct command {
	const char *word1;
	const char *word2; /* NULL for one-word commands */
	int (*run)(struct bt_cli *cli);
	const char *usage;
	const char *about;
	struct bt_cli_opt opts[20];
};

static struct command commands[] = {
	{"serve",
	 NULL,
	 cmd_serve,
	 "[--listen ADDR]",
	 "Serves the resolver, portal and API until SIGINT or SIGTERM.",
	 {{0}}},
	{"db",
	 "migrate",
	 cmd_db_migrate,
	 "[--dir DIR]",
	 "Applies the SQL migrations not yet applied, each in one "
	 "transaction.",
	 {{"--dir", "DIR", "folder of NNNN_name.sql files", NULL}}},
	{"keys",
	 "init",
	 cmd_keys_init,
	 "[--key-file FILE]",
	 "Creates the key file (mode 0600); refuses to overwrite one.",
	 {{0}}},
	{"keys",
	 "rotate",
	 cmd_keys_rotate,
	 "[--key-file FILE]",
	 "Adds a new serial key version; older codes keep verifying.",
	 {{0}}},
	{"keys",
	 "upgrade",
	 cmd_keys_upgrade,
	 "[--key-file FILE]",
	 "Adds the keys an older file lacks (the log signing key); keeps "
	 "the rest.",
	 {{0}}},
	{"enterprise",
	 "add",
	 cmd_enterprise_add,
	 "--uscc CODE --customs-code CODE --name-zh NAME --name-en NAME",
	 "Registers an enterprise; prints its id.",
	 {{"--uscc", "CODE", "18-character Unified Social Credit Code", NULL},
	  {"--customs-code", "CODE", "10-character customs code", NULL},
	  {"--name-zh", "NAME", "name in Chinese", NULL},
	  {"--name-en", "NAME", "name in English", NULL}}},
	{"enterprise",
	 "show",
	 cmd_enterprise_show,
	 "ID|USCC|CUSTOMS-CODE",
	 "Prints an enterprise as JSON.",
	 {{0}}},
	{"apikey",
	 "create",
	 cmd_apikey_create,
	 "(--enterprise ID|USCC | --role regulator|admin) [--label TEXT]",
	 "Makes an API key and prints it once on stdout; only its hash is "
	 "kept.",
	 {{"--enterprise", "ID", "enterprise the key acts for", NULL},
	  {"--role", "ROLE", "regulator or admin (no enterprise)", NULL},
	  {"--label", "TEXT", "a note to recognise the key by", NULL}}},
	{"apikey",
	 "revoke",
	 cmd_apikey_revoke,
	 "ID",
	 "Revokes an API key at once.",
	 {{0}}},
	{"product",
	 "add",
	 cmd_product_add,
	 "--enterprise ID --gtin GTIN --name-zh NAME --name-en NAME --brand "
	 "BRAND --origin CC",
	 "Registers a product (GTIN-8/12/13/14, stored as 14 digits).",
	 {{"--enterprise", "ID",
	   "owning enterprise (id, USCC or customs "
	   "code)",
	   NULL},
	  {"--gtin", "GTIN", "GTIN with its check digit", NULL},
	  {"--name-zh", "NAME", "name in Chinese", NULL},
	  {"--name-en", "NAME", "name in English", NULL},
	  {"--brand", "BRAND", "brand", NULL},
	  {"--origin", "CC", "country of origin, ISO 3166 alpha-2", NULL}}},
	{"batch",
	 "issue",
	 cmd_batch_issue,
	 "--enterprise ID --gtin GTIN --count N [--lot LOT] [--expiry DATE]",
	 "Issues a batch of N codes (one database row); prints it as JSON.",
	 {{"--enterprise", "ID", "enterprise (id, USCC or customs code)", NULL},
	  {"--gtin", "GTIN", "the product's GTIN", NULL},
	  {"--count", "N", "number of codes, 1 to 100000000", NULL},
	  {"--lot", "LOT", "lot/batch number (AI 10), optional", NULL},
	  {"--expiry", "DATE", "expiry date YYYY-MM-DD, optional", NULL}}},
	{"batch",
	 "show",
	 cmd_batch_show,
	 "ID",
	 "Prints a batch as JSON.",
	 {{0}}},
	{"batch",
	 "export",
	 cmd_batch_export,
	 "--batch ID [--from N] [--to N] [--format FMT] [--output PATH] "
	 "[print options]",
	 "Writes print files of the codes with indexes in [from, to): URI "
	 "lists, CSV, QR images (SVG/PNG, a tar or a folder), PDF label "
	 "sheets or ZPL.",
	 {{"--batch", "ID", "batch number", NULL},
	  {"--from", "N", "first index (default 0)", NULL},
	  {"--to", "N", "index after the last (default: the count)", NULL},
	  {"--format", "FMT", "text (default), csv, svg, png, pdf or zpl",
	   NULL},
	  {"--output", "PATH",
	   "file, or a folder for one SVG/PNG per code (default: stdout; "
	   "svg/png as a tar)",
	   NULL},
	  {"--ecc", "L|M|Q|H", "QR error correction (default M)", NULL},
	  {"--stock", "a4-24|a4-24s|a4-21",
	   "label sheet: 70x37 mm 3x8, 63.5x33.9 mm 3x8 or 63.5x38.1 mm 3x7 "
	   "on A4",
	   NULL},
	  {"--label", "WxH", "label size in mm (default 50x30)", NULL},
	  {"--columns", "N", "PDF labels per row (default 3)", NULL},
	  {"--rows", "N", "PDF rows per page (default 8)", NULL},
	  {"--margin", "MM", "PDF page margin (default 10)", NULL},
	  {"--dpi", "203|300", "ZPL printer resolution (default 203)", NULL},
	  {"--png-px", "N", "PNG pixels per module (default 4)", NULL},
	  {"--case", "upper|mixed",
	   "upper-case host in symbols for a smaller QR (default upper)", NULL},
	  {"--threads", "N", "QR threads (default: one per core)", NULL},
	  {"--quiet", NULL, "no progress bar", NULL}}},
	{"declare",
	 NULL,
	 cmd_declare,
	 "--enterprise ID FILE...",
	 "Checks and stores CEB311/CEB621 message files; one line per file. "
	 "Exit 3 if any was rejected.",
	 {{"--enterprise", "ID",
	   "the declaring enterprise (id, USCC or "
	   "customs code)",
	   NULL}}},
	{"record",
	 NULL,
	 cmd_record,
	 "product|lot|shipment|inspection --enterprise ID FILE.json",
	 "Stores a provenance record given as JSON (the body of the matching "
	 "API request).",
	 {{"--enterprise", "ID", "the recording enterprise", NULL}}},
	{"bind",
	 NULL,
	 cmd_bind,
	 "--enterprise ID --batch N --from N --to N --inventory NO --gnum N "
	 "[--lot LOT]",
	 "Binds codes [from, to) of a batch to a declared inventory line.",
	 {{"--enterprise", "ID", "the binding enterprise", NULL},
	  {"--batch", "N", "batch number", NULL},
	  {"--from", "N", "first code index", NULL},
	  {"--to", "N", "index after the last", NULL},
	  {"--inventory", "NO", "invtNo (or copNo) of the CEB621 list", NULL},
	  {"--gnum", "N", "line number in the list", NULL},
	  {"--lot", "LOT", "lot (default: the batch's)", NULL}}},
	{"account",
	 "add",
	 cmd_account_add,
	 "--username NAME --role ROLE [--insurer CODE]",
	 "Makes a regulator, admin or insurer account for the pages; the "
	 "password is read from BONDTRACE_PASSWORD or stdin.",
	 {{"--username", "NAME", "3-40 of a-z 0-9 . _ -", NULL},
	  {"--role", "ROLE", "regulator, admin or insurer", NULL},
	  {"--insurer", "CODE", "the insurer an insurer's account acts for",
	   NULL}}},
	{"account",
	 "unlock",
	 cmd_account_unlock,
	 "--username NAME",
	 "Lifts the lock and the waits that wrong passwords put on an "
	 "account.",
	 {{"--username", "NAME", "the account", NULL}}},
	{"scan",
	 NULL,
	 cmd_scan,
	 "IMAGE...",
	 "Reads the codes in photos (PNG, JPEG) and checks them, recording "
	 "each scan. Exit 0 if a genuine code was found, 4 if codes were read "
	 "but none is genuine, 3 if none could be read.",
	 {{0}}},
	{"credit",
	 "recompute",
	 cmd_credit_recompute,
	 "[--clock DATE]",
	 "Recomputes every enterprise's credit rating under the active rule "
	 "set, keeping the ones that changed.",
	 {{0}}},
	{"credit",
	 "show",
	 cmd_credit_show,
	 "ID|USCC|CUSTOMS-CODE",
	 "Prints an enterprise's rating with its breakdown and history as "
	 "JSON.",
	 {{0}}},
	{"draw",
	 "verify",
	 cmd_draw_verify,
	 "ID",
	 "Recomputes a random inspection draw's selection from its published "
	 "seed and population. Exit 0 if it matches, 5 if not.",
	 {{0}}},
	{"log",
	 "checkpoint",
	 cmd_log_checkpoint,
	 "",
	 "Appends the facts' queued entries to the public log, signs a "
	 "checkpoint now if it grew, and prints the latest.",
	 {{0}}},
	{"log",
	 "verifier-key",
	 cmd_log_verifier_key,
	 "",
	 "Prints the verifier key (vkey) of the log's checkpoints.",
	 {{0}}},
	{"log",
	 "verify",
	 cmd_log_verify,
	 "[--since FILE] [--save FILE]",
	 "Rebuilds the whole log from its entries, checks every tile and the "
	 "latest checkpoint, and with --since proves the log only grew since "
	 "an earlier checkpoint. Exit 0 if it holds, 5 if not, 6 on a bad "
	 "signature.",
	 {{"--since", "FILE", "an earlier checkpoint saved with --save", NULL},
	  {"--save", "FILE", "where to save the latest checkpoint", NULL}}},
	{"log",
	 "prove",
	 cmd_log_prove,
	 "INDEX",
	 "Prints entry INDEX with its inclusion proof and the signed "
	 "checkpoint, as JSON that `log check-proof` verifies offline.",
	 {{0}}},
	{"log",
	 "check-proof",
	 cmd_log_check_proof,
	 "FILE [--vkey VKEY]",
	 "Verifies a proof from `log prove` or /api/v1/log/entries/INDEX "
	 "without the database. Exit 0 if it holds.",
	 {{"--vkey", "VKEY", "the log's verifier key, got independently",
	   NULL}}},
	{"log",
	 "witness-key",
	 cmd_log_witness_key,
	 "--name NAME --out FILE",
	 "Makes a witness's cosigning key (a new file, mode 0600) and prints "
	 "its verifier key for BONDTRACE_LOG_WITNESSES.",
	 {{"--name", "NAME", "the witness's name, e.g. customs.example/w1",
	   NULL},
	  {"--out", "FILE", "the key file to create", NULL}}},
	{"log",
	 "witness",
	 cmd_log_witness,
	 "--key FILE --state FILE --log-key VKEY [--in FILE]",
	 "As a witness: reads GET /log/witness?old=N's answer (stdin or "
	 "--in), checks the checkpoint's signature and its consistency with "
	 "the last one cosigned (kept in --state), and prints the checkpoint "
	 "cosigned, for POST /log/cosignatures.",
	 {{"--key", "FILE", "the witness key from `log witness-key`", NULL},
	  {"--state", "FILE", "the last checkpoint this witness cosigned",
	   NULL},
	  {"--log-key", "VKEY", "the log's verifier key", NULL},
	  {"--in", "FILE", "the request, instead of stdin", NULL}}},
	{"calendar",
	 "load",
	 cmd_calendar_load,
	 "FILE.json",
	 "Loads one year of the official working-day calendar from a file in "
	 "the {year, days: [{name, date, isOffDay}]} shape of public holiday "
	 "datasets (days off and working weekend days), replacing that year.",
	 {{0}}},
	{"calendar",
	 "due",
	 cmd_calendar_due,
	 "YYYY-MM-DD N",
	 "Prints the day N working days after a date, with the days skipped "
	 "and why. Exit 4 if the count runs past the loaded years.",
	 {{0}}},
	{"routes",
	 NULL,
	 cmd_routes,
	 "",
	 "Lists the HTTP routes: method, path and the least role.",
	 {{0}}},
	{"verify-print",
	 NULL,
	 cmd_verify_print,
	 "--batch ID [--from N] [--to N] FILE...",
	 "Decodes exported labels (PNG, JPEG, SVG, tar, PDF sheets) and "
	 "reports codes missing, twice, not of the batch, and unreadable "
	 "files. Exit 0 if clean, 5 if not.",
	 {{"--batch", "ID", "batch number", NULL},
	  {"--from", "N", "first index (default 0)", NULL},
	  {"--to", "N", "index after the last (default: the count)", NULL}}},
	{"demo",
	 "load",
	 cmd_demo_load,
	 "",
	 "Loads the demo enterprises, products and batches (idempotent) and "
	 "prints demo URLs.",
	 {{0}}},
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *out)
{
	fprintf(out, "usage: bondtrace COMMAND [options]\n\nCommands:\n");
	for (size_t i = 0; i < NCOMMANDS; i++) {
		char name[40];
		snprintf(name, sizeof(name), "%s%s%s", commands[i].word1,
			 commands[i].word2 ? " " : "",
			 commands[i].word2 ? commands[i].word2 : "");
		fprintf(out, "  %-18s %s\n", name, commands[i].about);
	}
	fprintf(out,
		"  %-18s %s\n\n"
		"`bondtrace COMMAND --help` describes a command.\n"
		"Exit codes: 0 success, 1 internal or I/O error, 2 usage "
		"error,\n3 invalid input, 4 not found, 5 conflict, 6 not "
		"allowed,\n7 database unavailable or failed.\n",
		"help config", "Lists the settings and their variables.");
}

int main(int argc, char **argv)
{
	trace_disclose_connect();
	cmpl_disclose_connect();
	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0 ||
	    (strcmp(argv[1], "help") == 0 && argc == 2)) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? BT_EXIT_USAGE : 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("bondtrace %s\n", BT_VERSION);
		return 0;
	}
	if (strcmp(argv[1], "help") == 0 && strcmp(argv[2], "config") == 0) {
		bt_config_usage(stdout);
		return 0;
	}
	for (size_t i = 0; i < NCOMMANDS; i++) {
		struct command *c = &commands[i];
		if (strcmp(argv[1], c->word1) != 0)
			continue;
		int used = 2;
		if (c->word2) {
			if (argc < 3 || strcmp(argv[2], c->word2) != 0)
				continue;
			used = 3;
		}
		struct bt_cli cli = {0};
		char name[40];
		snprintf(name, sizeof(name), "%s%s%s", c->word1,
			 c->word2 ? " " : "", c->word2 ? c->word2 : "");
		cli.name = name;
		cli.usage = c->usage;
		cli.about = c->about;
		cli.opts = c->opts;
		while (cli.nopts < 20 && c->opts[cli.nopts].name)
			cli.nopts++;
		if (bt_config_load(&cli.cfg) != BT_OK)
			return BT_EXIT_USAGE;
		if (bt_crypto_init() != BT_OK) {
			fprintf(stderr,
				"bondtrace: libsodium failed to start\n");
			return 1;
		}
		int rc = bt_cli_parse(&cli, argc - used, argv + used);
		if (rc < 0 && bt_clock_set(cli.cfg.clock) != BT_OK) {
			fprintf(stderr,
				"bondtrace: the clock must be YYYY-MM-DD or "
				"YYYY-MM-DDTHH:MM:SSZ, got '%s'\n",
				cli.cfg.clock);
			rc = BT_EXIT_USAGE;
		}
		if (rc < 0)
			rc = c->run(&cli);
		bt_cli_done(&cli);
		return rc;
	}
	fprintf(stderr,
		"bondtrace: unknown command '%s'; `bondtrace --help` lists "
		"them\n",
		argv[1]);
	return BT_EXIT_USAGE;
}
