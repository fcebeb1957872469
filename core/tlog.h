/* tlog.h: the transparency log's formats (tlog.c): RFC 6962 Merkle tree
 * hashing and proofs, C2SP checkpoints, tiles and entry bundles. Signed
 * notes are in note.h. Nothing here touches the database: the tree is read
 * through a callback that returns stored subtree hashes. */
#ifndef BT_TLOG_H
#define BT_TLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"

#define BT_TLOG_HASH_LEN 32
/* C2SP tlog-tiles: tiles are 8 levels high and 256 hashes wide. */
#define BT_TLOG_TILE_HEIGHT 8
#define BT_TLOG_TILE_WIDTH  256
/* A proof has at most two hashes per level of a 2^63 tree. */
#define BT_TLOG_PROOF_MAX 128
/* An entry's uint16 length prefix bounds it. */
#define BT_TLOG_ENTRY_MAX  65535
#define BT_TLOG_ORIGIN_MAX 256

typedef uint8_t bt_tlog_hash[BT_TLOG_HASH_LEN];

/* SHA-256(0x00 || data) and SHA-256(0x01 || left || right). */
void bt_tlog_leaf_hash(bt_tlog_hash out, const void *data, size_t len);
void bt_tlog_node_hash(bt_tlog_hash out, const bt_tlog_hash left,
		       const bt_tlog_hash right);

/* Gives the hash of the complete subtree of 2^level leaves that starts at
 * leaf index << level. */
typedef enum bt_err (*bt_tlog_reader)(void *ctx, unsigned level, uint64_t index,
				      bt_tlog_hash out);

/* The root of the first size leaves (SHA-256("") for none). */
enum bt_err bt_tlog_root(bt_tlog_reader read, void *ctx, uint64_t size,
			 bt_tlog_hash out);
/* The inclusion proof of leaf index in a tree of size leaves, leaf side
 * first; *n hashes. BT_EINVAL unless index < size. */
enum bt_err bt_tlog_prove_inclusion(bt_tlog_reader read, void *ctx,
				    uint64_t index, uint64_t size,
				    bt_tlog_hash proof[BT_TLOG_PROOF_MAX],
				    size_t *n);
/* The consistency proof from size old to size new; BT_EINVAL unless
 * old <= new. Empty when old is 0 or equal to new. */
enum bt_err bt_tlog_prove_consistency(bt_tlog_reader read, void *ctx,
				      uint64_t old, uint64_t new_size,
				      bt_tlog_hash proof[BT_TLOG_PROOF_MAX],
				      size_t *n);
/* The right edge of a tree built leaf by leaf: h[level] is the hash of
 * its complete subtree of 2^level leaves where bit level of size is set,
 * the leaves before that subtree's being covered by higher ones. */
struct bt_tlog_edge {
	uint64_t size;
	bt_tlog_hash h[64];
};
/* Receives each subtree hash a new leaf completes, the leaf's own first:
 * the subtree of 2^level leaves starting at leaf index << level. */
typedef enum bt_err (*bt_tlog_emit)(void *ctx, unsigned level, uint64_t index,
				    const bt_tlog_hash h);
/* The edge of the first size leaves of a stored tree. */
enum bt_err bt_tlog_edge_load(struct bt_tlog_edge *e, bt_tlog_reader read,
			      void *ctx, uint64_t size);
/* Appends the leaf of entry and hands every hash it completes to emit
 * (which may be NULL); stops at emit's first error. */
enum bt_err bt_tlog_edge_add(struct bt_tlog_edge *e, const void *entry,
			     size_t len, bt_tlog_emit emit, void *ctx);
/* The root of the tree the edge ends. */
void bt_tlog_edge_root(const struct bt_tlog_edge *e, bt_tlog_hash root);

/* RFC 9162 2.1.3.2 and 2.1.4.2: true if the proof holds. */
bool bt_tlog_check_inclusion(uint64_t index, uint64_t size,
			     const bt_tlog_hash leaf, const bt_tlog_hash *proof,
			     size_t n, const bt_tlog_hash root);
bool bt_tlog_check_consistency(uint64_t old, uint64_t new_size,
			       const bt_tlog_hash old_root,
			       const bt_tlog_hash new_root,
			       const bt_tlog_hash *proof, size_t n);

/* The log's canonical JSON of a JSON text (as PostgreSQL writes jsonb):
 * object keys sorted by their bytes as written, no whitespace between
 * tokens, strings and numbers copied as they are. Appends to out; BT_EINVAL
 * if json is not one JSON value or nests deeper than 32. */
enum bt_err bt_tlog_canonical(const char *json, size_t len, struct bt_buf *out);

/* C2SP tlog-checkpoint: "origin\nsize\nbase64(root)\n". */
struct bt_tlog_checkpoint {
	char origin[BT_TLOG_ORIGIN_MAX];
	uint64_t size;
	bt_tlog_hash root;
};
/* Writes the checkpoint body; its length, or 0 if cap is too small. */
size_t bt_tlog_checkpoint_format(char *out, size_t cap,
				 const struct bt_tlog_checkpoint *c);
/* Reads a checkpoint body (a note's text, extension lines allowed);
 * BT_EINVAL with *why set when it is not one. */
enum bt_err bt_tlog_checkpoint_parse(const char *text, size_t len,
				     struct bt_tlog_checkpoint *out,
				     const char **why);

/* A tile's address: level L, index N, width W (BT_TLOG_TILE_WIDTH for a
 * full tile); level -1 for an entry bundle. */
struct bt_tlog_tile {
	int level;
	uint64_t index;
	unsigned width;
};
/* Parses the part of a request path after "tile/": "L/N[.p/W]" or
 * "entries/N[.p/W]", N in the x001/234 encoding. BT_EINVAL with *why. */
enum bt_err bt_tlog_tile_parse(const char *path, struct bt_tlog_tile *out,
			       const char **why);
/* The path of a tile after "tile/"; its length, or 0 if cap is too small. */
size_t bt_tlog_tile_path(char *out, size_t cap, const struct bt_tlog_tile *t);

/* Base64 (standard alphabet, padded) of a hash, and back. */
void bt_tlog_hash_base64(char out[45], const bt_tlog_hash h);
enum bt_err bt_tlog_hash_from_base64(bt_tlog_hash out, const char *b64,
				     size_t len);

#endif
