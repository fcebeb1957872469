/* resolve.c: the two steps of resolving a code. */
#include "resolve.h"

#include <string.h>

enum bt_err trace_resolve_check(const char *target,
				struct trace_resolution *out,
				const char **reason)
{
	memset(out, 0, sizeof(*out));
	struct trace_dl dl;
	if (trace_dl_parse_target(target, &dl, reason) != BT_OK)
		return BT_EINVAL;
	if (dl.serial[0] == '\0') {
		*reason = "the code needs /21/ and a serial";
		return BT_EINVAL;
	}
	return trace_resolve_check_dl(&dl, out, reason);
}

enum bt_err trace_resolve_check_dl(const struct trace_dl *dl,
				   struct trace_resolution *out,
				   const char **reason)
{
	memset(out, 0, sizeof(*out));
	out->dl = *dl;
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
	const struct trace_batch_info *info = NULL;
	enum bt_err err = trace_cache_batch(db, res->code.batch, &info);
	if (err == BT_ENOTFOUND) {
		*reason = "the code names a batch that was never issued";
		return err;
	}
	if (err != BT_OK)
		return err;
	const struct trace_batch *b = &info->batch;
	if (res->code.index >= b->count ||
	    res->code.version != b->key_version ||
	    strcmp(b->gtin, res->dl.gtin) != 0) {
		*reason = "the code is outside the batch it names";
		err = BT_ENOTFOUND;
	} else if (res->dl.lot[0] != '\0' && strcmp(res->dl.lot, b->lot) != 0) {
		*reason = "the lot in the code does not match the batch";
		err = BT_ENOTFOUND;
	}
	if (err != BT_OK) {
		trace_cache_release(info);
		return err;
	}
	res->info = info;
	return BT_OK;
}

void trace_resolution_release(struct trace_resolution *res)
{
	if (res->info != NULL)
		trace_cache_release(res->info);
	res->info = NULL;
}
