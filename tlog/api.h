/* api.h: the public log over HTTP (api.c): the C2SP endpoints under /log,
 * each entry with its proof as JSON and as a page, the witness exchange,
 * and the worker that signs checkpoints. */
#ifndef TLOG_API_H
#define TLOG_API_H

#include "core/http.h"
#include "tlog/store.h"

/* Sets the configuration the handlers use and the portal's address (for
 * the pages' examples); call before serving. */
void tlog_api_init(const struct tlog_config *cfg, const char *public_url);

/* GET /log: the log's page for people. */
void tlog_api_home(struct bt_req *req);
/* GET /log/checkpoint: the latest signed checkpoint with its
 * cosignatures (text/plain). */
void tlog_api_checkpoint(struct bt_req *req);
/* GET /log/tile/{L}/{N}[.p/{W}] and /log/tile/entries/{N}[.p/{W}]. */
void tlog_api_tile(struct bt_req *req);
/* GET /log/verifier-key: the vkey that verifies checkpoints. */
void tlog_api_verifier_key(struct bt_req *req);
/* GET /log/entries/{index} and /api/v1/log/entries/{index}: the entry,
 * its inclusion proof against the latest checkpoint and the checkpoint. */
void tlog_api_entry(struct bt_req *req);
/* GET /log/find?kind=K&id=N: to the newest entry of that record. */
void tlog_api_find(struct bt_req *req);
/* GET /api/v1/log/consistency?from=A&to=B: the consistency proof. */
void tlog_api_consistency(struct bt_req *req);
/* GET /log/witness?old=N: what a witness checks before it cosigns: "old
 * N", the consistency proof from N to the latest checkpoint, a blank
 * line and that checkpoint (text/plain). */
void tlog_api_witness_request(struct bt_req *req);
/* POST /log/cosignatures: a checkpoint with a witness's cosignature. */
void tlog_api_cosignature(struct bt_req *req);

/* The log's worker: appends the facts' queued entries to the tree as they
 * commit, and signs a checkpoint every interval seconds when it grew (0:
 * never; `bondtrace log checkpoint` does). */
enum bt_err tlog_signer_start(const char *conninfo, unsigned interval);
void tlog_signer_stop(void);

#endif
