/* resolve.c: the two steps of resolving a code. */
#include "resolve.h"

#include <string.h>

enum bt_err trace_resolve_check(const char *path, struct trace_resolution *out,
				const char **reason)
{
	memset(out, 0, sizeof(*out));
	if (trace_dl_parse_path(path, &out->dl, reason) != BT_OK)
		return BT_EINVAL;
	if (trace_serial_decode(out->dl.serial, out->dl.gtin, trace_keys(),
				&out->code) != BT_OK) {
		*reason = "the serial was not issued for this product";
		return BT_ENOTFOUND;
	}
	return BT_OK;
}

enum bt_err trace_resolve_lookup(struct bt_db *db, struct trace_resolution *res,
				 const char **reason)
{
	enum bt_err err = trace_batch_get(db, res->code.batch, &res->batch);
	if (err == BT_ENOTFOUND) {
		*reason = "the code names a batch that was never issued";
		return err;
	}
	if (err != BT_OK)
		return err;
	if (res->code.index >= res->batch.count ||
	    res->code.version != res->batch.key_version ||
	    strcmp(res->batch.gtin, res->dl.gtin) != 0) {
		*reason = "the code is outside the batch it names";
		return BT_ENOTFOUND;
	}
	if (res->dl.lot[0] != '\0' &&
	    strcmp(res->dl.lot, res->batch.lot) != 0) {
		*reason = "the lot in the code does not match the batch";
		return BT_ENOTFOUND;
	}
	err = trace_product_get(db, res->batch.gtin, &res->product);
	if (err == BT_ENOTFOUND)
		*reason = "the product is no longer registered";
	return err;
}
