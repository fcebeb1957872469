/* monitor.c: what an independent monitor does with the log (see
 * monitor.h): rebuild the tree from the entry bundles the log serves and
 * hold every hash tile it serves against the rebuilt one. */
#include "monitor.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define TILE_LEVELS 6

struct rebuild {
	struct bt_db *db;
	uint64_t size;
	struct bt_tlog_edge edge; /* of the tree built so far */
	/* Per tile level, the hashes of the tile being filled. */
	bt_tlog_hash tile[TILE_LEVELS][BT_TLOG_TILE_WIDTH];
	unsigned fill[TILE_LEVELS];
	uint64_t tile_index[TILE_LEVELS];
	uint64_t tiles;
	char why[160];
};

static enum bt_err check_tile(struct rebuild *r, unsigned k)
{
	struct bt_tlog_tile t = {.level = (int)k,
				 .index = r->tile_index[k],
				 .width = r->fill[k]};
	struct bt_buf served = BT_BUF_INIT;
	enum bt_err err = tlog_tile_read(r->db, &t, r->size, &served);
	if (err == BT_OK &&
	    (served.len != (size_t)t.width * BT_TLOG_HASH_LEN ||
	     memcmp(served.data, r->tile[k], served.len) != 0)) {
		char path[96];
		bt_tlog_tile_path(path, sizeof(path), &t);
		snprintf(r->why, sizeof(r->why),
			 "tile %s differs from the tree rebuilt from the "
			 "entries",
			 path);
		err = BT_ECONFLICT;
	}
	bt_buf_free(&served);
	if (err == BT_OK) {
		r->tiles++;
		r->fill[k] = 0;
		r->tile_index[k]++;
	}
	return err;
}

/* A new complete subtree hash: it belongs to a tile when its level is a
 * multiple of the tile height. */
static enum bt_err emit(void *ctx, unsigned level, uint64_t index,
			const bt_tlog_hash h)
{
	(void)index;
	struct rebuild *r = ctx;
	if (level % BT_TLOG_TILE_HEIGHT != 0)
		return BT_OK;
	unsigned k = level / BT_TLOG_TILE_HEIGHT;
	if (k >= TILE_LEVELS)
		return BT_OK;
	memcpy(r->tile[k][r->fill[k]++], h, BT_TLOG_HASH_LEN);
	return r->fill[k] == BT_TLOG_TILE_WIDTH ? check_tile(r, k) : BT_OK;
}

enum bt_err tlog_rebuild(struct bt_db *db, uint64_t size, bt_tlog_hash root,
			 uint64_t *tiles, char *why, size_t why_size)
{
	struct rebuild rb;
	memset(&rb, 0, sizeof(rb));
	struct rebuild *r = &rb;
	r->db = db;
	r->size = size;
	enum bt_err err = BT_OK;
	for (uint64_t n = 0; err == BT_OK && n * BT_TLOG_TILE_WIDTH < size;
	     n++) {
		uint64_t left = size - n * BT_TLOG_TILE_WIDTH;
		struct bt_tlog_tile t = {.level = -1,
					 .index = n,
					 .width = left < BT_TLOG_TILE_WIDTH
							  ? (unsigned)left
							  : BT_TLOG_TILE_WIDTH};
		struct bt_buf b = BT_BUF_INIT;
		err = tlog_tile_read(db, &t, size, &b);
		size_t off = 0;
		unsigned count = 0;
		while (err == BT_OK && off < b.len) {
			if (b.len - off < 2) {
				err = BT_ECONFLICT;
				break;
			}
			size_t len = (size_t)((uint8_t)b.data[off] << 8 |
					      (uint8_t)b.data[off + 1]);
			if (b.len - off - 2 < len) {
				err = BT_ECONFLICT;
				break;
			}
			err = bt_tlog_edge_add(&r->edge, b.data + off + 2, len,
					       emit, r);
			off += 2 + len;
			count++;
		}
		if (err == BT_OK && count != t.width)
			err = BT_ECONFLICT;
		if (err == BT_ECONFLICT && r->why[0] == '\0')
			snprintf(r->why, sizeof(r->why),
				 "entry bundle %" PRIu64 " is malformed", n);
		bt_buf_free(&b);
	}
	for (unsigned k = 0; err == BT_OK && k < TILE_LEVELS; k++)
		if (r->fill[k] > 0)
			err = check_tile(r, k);
	if (err == BT_OK)
		bt_tlog_edge_root(&r->edge, root);
	*tiles = r->tiles;
	snprintf(why, why_size, "%s", r->why);
	return err;
}
