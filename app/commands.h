/* commands.h: the `bondtrace` subcommands; each returns an exit code. */
#ifndef APP_COMMANDS_H
#define APP_COMMANDS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/cli.h"

int cmd_serve(struct bt_cli *cli);
int cmd_db_migrate(struct bt_cli *cli);
int cmd_keys_init(struct bt_cli *cli);
int cmd_keys_rotate(struct bt_cli *cli);
int cmd_keys_upgrade(struct bt_cli *cli);
int cmd_enterprise_add(struct bt_cli *cli);
int cmd_enterprise_show(struct bt_cli *cli);
int cmd_apikey_create(struct bt_cli *cli);
int cmd_apikey_revoke(struct bt_cli *cli);
int cmd_product_add(struct bt_cli *cli);
int cmd_batch_issue(struct bt_cli *cli);
int cmd_batch_show(struct bt_cli *cli);
int cmd_batch_export(struct bt_cli *cli);
int cmd_demo_load(struct bt_cli *cli);
int cmd_declare(struct bt_cli *cli);
int cmd_record(struct bt_cli *cli);
int cmd_bind(struct bt_cli *cli);
int cmd_account_add(struct bt_cli *cli);
int cmd_account_unlock(struct bt_cli *cli);
int cmd_scan(struct bt_cli *cli);
int cmd_verify_print(struct bt_cli *cli);
int cmd_credit_recompute(struct bt_cli *cli);
int cmd_credit_show(struct bt_cli *cli);
int cmd_draw_verify(struct bt_cli *cli);
int cmd_routes(struct bt_cli *cli);
int cmd_calendar_load(struct bt_cli *cli);
int cmd_calendar_due(struct bt_cli *cli);
int cmd_log_checkpoint(struct bt_cli *cli);
int cmd_log_verifier_key(struct bt_cli *cli);
int cmd_log_verify(struct bt_cli *cli);
int cmd_log_prove(struct bt_cli *cli);
int cmd_log_check_proof(struct bt_cli *cli);
int cmd_log_witness_key(struct bt_cli *cli);
int cmd_log_witness(struct bt_cli *cli);

/* Shared by the commands (app/commands.c): each prints why it failed and
 * sets *rc (or returns an exit code) so that the caller can just return. */
struct bt_db;
struct bt_keys;
struct disc_enterprise;
struct bt_db *app_need_db(struct bt_cli *cli, int *rc);
/* The one argument, a positive id (else usage names what to give), and
 * the database. */
struct bt_db *app_need_id_db(struct bt_cli *cli, const char *usage,
			     long long *id, int *rc);
const struct bt_keys *app_need_keys(struct bt_cli *cli, int *rc);
/* Initialises the trace module with the keys and the public URL (written
 * to url). */
bool app_setup_trace(struct bt_cli *cli, char *url, size_t size, int *rc);
/* Prints j indented and releases it. */
void app_print_json(json_t *j);
/* The enterprise named by key (id, USCC or customs code); 0 or an exit
 * code. */
int app_find_enterprise(struct bt_cli *cli, struct bt_db *db, const char *key,
			struct disc_enterprise *out);

/* The database, the trace module set up (app_setup_trace) and the
 * enterprise named by key; 0 or an exit code. */
int app_trace_enterprise(struct bt_cli *cli, const char *key, struct bt_db **db,
			 struct disc_enterprise *e);

/* The HTTP route table (app/main.c). */
#include "core/http.h"
extern const struct bt_route app_routes[];
extern const size_t app_nroutes;

#endif
