/* commands.h: the `bondtrace` subcommands; each returns an exit code. */
#ifndef APP_COMMANDS_H
#define APP_COMMANDS_H

#include "core/cli.h"

int cmd_serve(struct bt_cli *cli);
int cmd_db_migrate(struct bt_cli *cli);
int cmd_keys_init(struct bt_cli *cli);
int cmd_keys_rotate(struct bt_cli *cli);
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

/* The HTTP route table (app/main.c). */
#include "core/http.h"
extern const struct bt_route app_routes[];
extern const size_t app_nroutes;

#endif
