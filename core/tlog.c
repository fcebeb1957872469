/* tlog.c: RFC 6962 / RFC 9162 Merkle trees over stored subtree hashes, and
 * the C2SP checkpoint and tile formats. */
#include "tlog.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void bt_tlog_leaf_hash(bt_tlog_hash out, const void *data, size_t len)
{
	static const uint8_t prefix = 0x00;
	crypto_hash_sha256_state st;
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, &prefix, 1);
	crypto_hash_sha256_update(&st, data, len);
	crypto_hash_sha256_final(&st, out);
}

void bt_tlog_node_hash(bt_tlog_hash out, const bt_tlog_hash left,
		       const bt_tlog_hash right)
{
	uint8_t buf[1 + 2 * BT_TLOG_HASH_LEN];
	buf[0] = 0x01;
	memcpy(buf + 1, left, BT_TLOG_HASH_LEN);
	memcpy(buf + 1 + BT_TLOG_HASH_LEN, right, BT_TLOG_HASH_LEN);
	crypto_hash_sha256(out, buf, sizeof(buf));
}

static bool is_power_of_two(uint64_t n)
{
	return n != 0 && (n & (n - 1)) == 0;
}

/* The largest power of two smaller than n (n >= 2): where RFC 6962 splits a
 * tree of n leaves. */
static uint64_t split_point(uint64_t n)
{
	return (uint64_t)1 << (63 - __builtin_clzll(n - 1));
}

/* MTH(D[lo:hi]). The left part of every split is a complete, aligned
 * subtree, so it is one stored hash. */
static enum bt_err range_hash(bt_tlog_reader read, void *ctx, uint64_t lo,
			      uint64_t hi, bt_tlog_hash out)
{
	uint64_t n = hi - lo;
	if (is_power_of_two(n)) {
		unsigned level = (unsigned)__builtin_ctzll(n);
		return read(ctx, level, lo >> level, out);
	}
	uint64_t k = split_point(n);
	bt_tlog_hash left, right;
	enum bt_err err = range_hash(read, ctx, lo, lo + k, left);
	if (err == BT_OK)
		err = range_hash(read, ctx, lo + k, hi, right);
	if (err == BT_OK)
		bt_tlog_node_hash(out, left, right);
	return err;
}

enum bt_err bt_tlog_root(bt_tlog_reader read, void *ctx, uint64_t size,
			 bt_tlog_hash out)
{
	if (size == 0) {
		crypto_hash_sha256(out, NULL, 0);
		return BT_OK;
	}
	return range_hash(read, ctx, 0, size, out);
}

enum bt_err bt_tlog_edge_load(struct bt_tlog_edge *e, bt_tlog_reader read,
			      void *ctx, uint64_t size)
{
	memset(e, 0, sizeof(*e));
	e->size = size;
	for (unsigned level = 0; level < 64; level++)
		if (size >> level & 1) {
			enum bt_err err = read(ctx, level, (size >> level) - 1,
					       e->h[level]);
			if (err != BT_OK)
				return err;
		}
	return BT_OK;
}

enum bt_err bt_tlog_edge_add(struct bt_tlog_edge *e, const void *entry,
			     size_t len, bt_tlog_emit emit, void *ctx)
{
	if (e->size == UINT64_MAX)
		return BT_EINVAL;
	bt_tlog_hash h;
	bt_tlog_leaf_hash(h, entry, len);
	unsigned level = 0;
	enum bt_err err = emit ? emit(ctx, 0, e->size, h) : BT_OK;
	while (err == BT_OK && (e->size >> level & 1)) {
		bt_tlog_node_hash(h, e->h[level], h);
		level++;
		if (emit)
			err = emit(ctx, level, e->size >> level, h);
	}
	if (err != BT_OK)
		return err;
	memcpy(e->h[level], h, BT_TLOG_HASH_LEN);
	e->size++;
	return BT_OK;
}

void bt_tlog_edge_root(const struct bt_tlog_edge *e, bt_tlog_hash root)
{
	bool have = false;
	for (unsigned level = 0; level < 64; level++) {
		if (!(e->size >> level & 1))
			continue;
		if (have) {
			bt_tlog_node_hash(root, e->h[level], root);
		} else {
			memcpy(root, e->h[level], BT_TLOG_HASH_LEN);
			have = true;
		}
	}
	if (!have)
		crypto_hash_sha256(root, NULL, 0);
}

/* RFC 9162 2.1.3.1 PATH(m, D[lo:hi]), leaf side first. */
static enum bt_err path(bt_tlog_reader read, void *ctx, uint64_t m, uint64_t lo,
			uint64_t hi, bt_tlog_hash proof[BT_TLOG_PROOF_MAX],
			size_t *n)
{
	if (hi - lo == 1)
		return BT_OK;
	uint64_t k = split_point(hi - lo);
	enum bt_err err;
	if (m < lo + k)
		err = path(read, ctx, m, lo, lo + k, proof, n);
	else
		err = path(read, ctx, m, lo + k, hi, proof, n);
	if (err != BT_OK)
		return err;
	if (*n == BT_TLOG_PROOF_MAX)
		return BT_EINVAL;
	if (m < lo + k)
		err = range_hash(read, ctx, lo + k, hi, proof[*n]);
	else
		err = range_hash(read, ctx, lo, lo + k, proof[*n]);
	if (err == BT_OK)
		(*n)++;
	return err;
}

enum bt_err bt_tlog_prove_inclusion(bt_tlog_reader read, void *ctx,
				    uint64_t index, uint64_t size,
				    bt_tlog_hash proof[BT_TLOG_PROOF_MAX],
				    size_t *n)
{
	*n = 0;
	if (index >= size)
		return BT_EINVAL;
	return path(read, ctx, index, 0, size, proof, n);
}

/* RFC 9162 2.1.4.1 SUBPROOF(m, D[lo:hi], whole). */
static enum bt_err subproof(bt_tlog_reader read, void *ctx, uint64_t m,
			    uint64_t lo, uint64_t hi, bool whole,
			    bt_tlog_hash proof[BT_TLOG_PROOF_MAX], size_t *n)
{
	enum bt_err err = BT_OK;
	if (m == hi - lo) {
		if (whole)
			return BT_OK;
		if (*n == BT_TLOG_PROOF_MAX)
			return BT_EINVAL;
		err = range_hash(read, ctx, lo, hi, proof[*n]);
		if (err == BT_OK)
			(*n)++;
		return err;
	}
	uint64_t k = split_point(hi - lo);
	if (m <= k)
		err = subproof(read, ctx, m, lo, lo + k, whole, proof, n);
	else
		err = subproof(read, ctx, m - k, lo + k, hi, false, proof, n);
	if (err != BT_OK)
		return err;
	if (*n == BT_TLOG_PROOF_MAX)
		return BT_EINVAL;
	if (m <= k)
		err = range_hash(read, ctx, lo + k, hi, proof[*n]);
	else
		err = range_hash(read, ctx, lo, lo + k, proof[*n]);
	if (err == BT_OK)
		(*n)++;
	return err;
}

enum bt_err bt_tlog_prove_consistency(bt_tlog_reader read, void *ctx,
				      uint64_t old, uint64_t new_size,
				      bt_tlog_hash proof[BT_TLOG_PROOF_MAX],
				      size_t *n)
{
	*n = 0;
	if (old > new_size)
		return BT_EINVAL;
	if (old == 0 || old == new_size)
		return BT_OK;
	return subproof(read, ctx, old, 0, new_size, true, proof, n);
}

static bool hash_equal(const bt_tlog_hash a, const bt_tlog_hash b)
{
	return sodium_memcmp(a, b, BT_TLOG_HASH_LEN) == 0;
}

bool bt_tlog_check_inclusion(uint64_t index, uint64_t size,
			     const bt_tlog_hash leaf, const bt_tlog_hash *proof,
			     size_t n, const bt_tlog_hash root)
{
	if (index >= size)
		return false;
	uint64_t fn = index, sn = size - 1;
	bt_tlog_hash r;
	memcpy(r, leaf, BT_TLOG_HASH_LEN);
	for (size_t i = 0; i < n; i++) {
		if (sn == 0)
			return false;
		if ((fn & 1) || fn == sn) {
			bt_tlog_node_hash(r, proof[i], r);
			while (!(fn & 1) && fn != 0) {
				fn >>= 1;
				sn >>= 1;
			}
		} else {
			bt_tlog_node_hash(r, r, proof[i]);
		}
		fn >>= 1;
		sn >>= 1;
	}
	return sn == 0 && hash_equal(r, root);
}

bool bt_tlog_check_consistency(uint64_t old, uint64_t new_size,
			       const bt_tlog_hash old_root,
			       const bt_tlog_hash new_root,
			       const bt_tlog_hash *proof, size_t n)
{
	if (old > new_size)
		return false;
	if (old == new_size)
		return n == 0 && hash_equal(old_root, new_root);
	if (old == 0)
		return n == 0;
	if (n == 0)
		return false;
	/* When old is a power of two its root is the first node of the
	 * path, and the proof leaves it out. */
	size_t i = 0;
	bt_tlog_hash fr, sr;
	if (is_power_of_two(old)) {
		memcpy(fr, old_root, BT_TLOG_HASH_LEN);
	} else {
		memcpy(fr, proof[0], BT_TLOG_HASH_LEN);
		i = 1;
	}
	memcpy(sr, fr, BT_TLOG_HASH_LEN);
	uint64_t fn = old - 1, sn = new_size - 1;
	while (fn & 1) {
		fn >>= 1;
		sn >>= 1;
	}
	for (; i < n; i++) {
		if (sn == 0)
			return false;
		if ((fn & 1) || fn == sn) {
			bt_tlog_node_hash(fr, proof[i], fr);
			bt_tlog_node_hash(sr, proof[i], sr);
			while (!(fn & 1) && fn != 0) {
				fn >>= 1;
				sn >>= 1;
			}
		} else {
			bt_tlog_node_hash(sr, sr, proof[i]);
		}
		fn >>= 1;
		sn >>= 1;
	}
	return sn == 0 && hash_equal(fr, old_root) && hash_equal(sr, new_root);
}

/* Formats. */

void bt_tlog_hash_base64(char out[45], const bt_tlog_hash h)
{
	sodium_bin2base64(out, 45, h, BT_TLOG_HASH_LEN,
			  sodium_base64_VARIANT_ORIGINAL);
}

enum bt_err bt_tlog_hash_from_base64(bt_tlog_hash out, const char *b64,
				     size_t len)
{
	size_t got = 0;
	const char *end = NULL;
	if (len != 44 ||
	    sodium_base642bin(out, BT_TLOG_HASH_LEN, b64, len, NULL, &got, &end,
			      sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    got != BT_TLOG_HASH_LEN || end != b64 + len)
		return BT_EINVAL;
	/* One spelling per hash. */
	char again[45];
	bt_tlog_hash_base64(again, out);
	return memcmp(again, b64, 44) == 0 ? BT_OK : BT_EINVAL;
}

size_t bt_tlog_checkpoint_format(char *out, size_t cap,
				 const struct bt_tlog_checkpoint *c)
{
	char root[45];
	bt_tlog_hash_base64(root, c->root);
	int n = snprintf(out, cap, "%s\n%llu\n%s\n", c->origin,
			 (unsigned long long)c->size, root);
	return n > 0 && (size_t)n < cap ? (size_t)n : 0;
}

/* A decimal with no sign, no leading zero and no overflow past 2^63-1. */
static bool parse_decimal(const char *s, size_t len, uint64_t *out)
{
	if (len == 0 || len > 19 || (len > 1 && s[0] == '0'))
		return false;
	uint64_t v = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v > (uint64_t)INT64_MAX)
		return false;
	*out = v;
	return true;
}

enum bt_err bt_tlog_checkpoint_parse(const char *text, size_t len,
				     struct bt_tlog_checkpoint *out,
				     const char **why)
{
	*why = NULL;
	const char *lines[3];
	size_t lens[3];
	const char *p = text, *end = text + len;
	for (int i = 0; i < 3; i++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL) {
			*why = "checkpoint: three lines are needed (origin, "
			       "size, root hash)";
			return BT_EINVAL;
		}
		lines[i] = p;
		lens[i] = (size_t)(nl - p);
		p = nl + 1;
	}
	/* Extension lines are allowed, but each is a whole, non-empty line. */
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL || nl == p) {
			*why = "checkpoint: a line is empty or unterminated";
			return BT_EINVAL;
		}
		p = nl + 1;
	}
	if (lens[0] == 0 || lens[0] >= BT_TLOG_ORIGIN_MAX ||
	    memchr(lines[0], '\0', lens[0]) != NULL) {
		*why = "checkpoint: the origin line is empty or too long";
		return BT_EINVAL;
	}
	if (!parse_decimal(lines[1], lens[1], &out->size)) {
		*why = "checkpoint: the size is not a decimal number";
		return BT_EINVAL;
	}
	if (bt_tlog_hash_from_base64(out->root, lines[2], lens[2]) != BT_OK) {
		*why = "checkpoint: the root hash is not 32 bytes of base64";
		return BT_EINVAL;
	}
	memcpy(out->origin, lines[0], lens[0]);
	out->origin[lens[0]] = '\0';
	return BT_OK;
}

size_t bt_tlog_tile_path(char *out, size_t cap, const struct bt_tlog_tile *t)
{
	char groups[8][4];
	int ngroups = 0;
	uint64_t n = t->index;
	do {
		snprintf(groups[ngroups++], sizeof(groups[0]), "%03u",
			 (unsigned)(n % 1000));
		n /= 1000;
	} while (n > 0);
	size_t len = 0;
	int w = t->level < 0 ? snprintf(out, cap, "entries")
			     : snprintf(out, cap, "%d", t->level);
	if (w < 0 || (size_t)w >= cap)
		return 0;
	len = (size_t)w;
	for (int i = ngroups - 1; i >= 0; i--) {
		w = snprintf(out + len, cap - len, "/%s%s", i > 0 ? "x" : "",
			     groups[i]);
		if (w < 0 || (size_t)w >= cap - len)
			return 0;
		len += (size_t)w;
	}
	if (t->width < BT_TLOG_TILE_WIDTH) {
		w = snprintf(out + len, cap - len, ".p/%u", t->width);
		if (w < 0 || (size_t)w >= cap - len)
			return 0;
		len += (size_t)w;
	}
	return len;
}

enum bt_err bt_tlog_tile_parse(const char *path, struct bt_tlog_tile *out,
			       const char **why)
{
	*why = "tile: the path is not L/N[.p/W] or entries/N[.p/W] with N "
	       "in x001/234 form";
	const char *p = path;
	if (strncmp(p, "entries/", 8) == 0) {
		out->level = -1;
		p += 8;
	} else if (p[0] >= '0' && p[0] <= '9' && p[1] == '/') {
		out->level = p[0] - '0';
		p += 2;
	} else {
		return BT_EINVAL;
	}
	/* A level above 5 would hold subtrees of 2^48 leaves and more. */
	if (out->level > 5) {
		*why = "tile: the level is too high for this log";
		return BT_EINVAL;
	}
	uint64_t index = 0;
	int groups = 0;
	for (;;) {
		bool more = p[0] == 'x';
		if (more)
			p++;
		if (!(p[0] >= '0' && p[0] <= '9' && p[1] >= '0' &&
		      p[1] <= '9' && p[2] >= '0' && p[2] <= '9'))
			return BT_EINVAL;
		if (++groups > 6)
			return BT_EINVAL;
		index = index * 1000 +
			(uint64_t)((p[0] - '0') * 100 + (p[1] - '0') * 10 +
				   (p[2] - '0'));
		p += 3;
		if (!more)
			break;
		if (*p++ != '/')
			return BT_EINVAL;
	}
	out->index = index;
	out->width = BT_TLOG_TILE_WIDTH;
	if (strncmp(p, ".p/", 3) == 0) {
		uint64_t w = 0;
		if (!parse_decimal(p + 3, strlen(p + 3), &w) || w == 0 ||
		    w >= BT_TLOG_TILE_WIDTH) {
			*why = "tile: a partial width is 1 to 255";
			return BT_EINVAL;
		}
		out->width = (unsigned)w;
	} else if (*p != '\0') {
		return BT_EINVAL;
	}
	/* One spelling per tile: no leading zero groups. */
	char again[96];
	if (bt_tlog_tile_path(again, sizeof(again), out) == 0 ||
	    strcmp(again, path) != 0)
		return BT_EINVAL;
	*why = NULL;
	return BT_OK;
}

/* Canonical JSON (see tlog.h). */

#define CANON_DEPTH 32

struct canon {
	const char *p, *end;
};

static void canon_space(struct canon *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' ||
				 *c->p == '\n' || *c->p == '\r'))
		c->p++;
}

/* A string token, quotes included: its length, 0 if malformed. */
static size_t canon_string(const struct canon *c)
{
	const char *q = c->p + 1;
	while (q < c->end && *q != '"') {
		if ((unsigned char)*q < 0x20)
			return 0;
		q += *q == '\\' ? 2 : 1;
	}
	return q < c->end ? (size_t)(q + 1 - c->p) : 0;
}

struct member {
	const char *key;
	size_t key_len;
	size_t at, len; /* the value's canonical text in the scratch buffer */
};

static int by_key(const void *a, const void *b)
{
	const struct member *x = a, *y = b;
	size_t n = x->key_len < y->key_len ? x->key_len : y->key_len;
	int d = memcmp(x->key, y->key, n);
	return d ? d : (x->key_len > y->key_len) - (x->key_len < y->key_len);
}

static enum bt_err canon_value(struct canon *c, struct bt_buf *out,
			       unsigned depth);

static enum bt_err canon_object(struct canon *c, struct bt_buf *out,
				unsigned depth)
{
	struct bt_buf vals = BT_BUF_INIT;
	struct member *m = NULL;
	size_t n = 0, cap = 0;
	enum bt_err err = BT_OK;
	c->p++;
	canon_space(c);
	if (c->p < c->end && *c->p == '}') {
		c->p++;
		return bt_buf_append(out, "{}", 2);
	}
	for (;;) {
		canon_space(c);
		size_t klen =
			c->p < c->end && *c->p == '"' ? canon_string(c) : 0;
		if (klen == 0) {
			err = BT_EINVAL;
			break;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			struct member *grown = realloc(m, cap * sizeof(*m));
			if (grown == NULL) {
				err = BT_ENOMEM;
				break;
			}
			m = grown;
		}
		m[n] = (struct member){
			.key = c->p, .key_len = klen, .at = vals.len};
		c->p += klen;
		canon_space(c);
		if (c->p >= c->end || *c->p != ':') {
			err = BT_EINVAL;
			break;
		}
		c->p++;
		err = canon_value(c, &vals, depth + 1);
		if (err != BT_OK)
			break;
		m[n].len = vals.len - m[n].at;
		n++;
		canon_space(c);
		if (c->p < c->end && *c->p == ',') {
			c->p++;
			continue;
		}
		if (c->p < c->end && *c->p == '}') {
			c->p++;
			break;
		}
		err = BT_EINVAL;
		break;
	}
	if (err == BT_OK) {
		qsort(m, n, sizeof(*m), by_key);
		err = bt_buf_append(out, "{", 1);
		for (size_t i = 0; err == BT_OK && i < n; i++) {
			if (i > 0)
				err = bt_buf_append(out, ",", 1);
			if (err == BT_OK)
				err = bt_buf_append(out, m[i].key,
						    m[i].key_len);
			if (err == BT_OK)
				err = bt_buf_append(out, ":", 1);
			if (err == BT_OK)
				err = bt_buf_append(out, vals.data + m[i].at,
						    m[i].len);
		}
		if (err == BT_OK)
			err = bt_buf_append(out, "}", 1);
	}
	free(m);
	bt_buf_free(&vals);
	return err;
}

static enum bt_err canon_array(struct canon *c, struct bt_buf *out,
			       unsigned depth)
{
	c->p++;
	enum bt_err err = bt_buf_append(out, "[", 1);
	canon_space(c);
	if (err == BT_OK && c->p < c->end && *c->p == ']') {
		c->p++;
		return bt_buf_append(out, "]", 1);
	}
	for (bool first = true; err == BT_OK; first = false) {
		if (!first)
			err = bt_buf_append(out, ",", 1);
		if (err == BT_OK)
			err = canon_value(c, out, depth + 1);
		canon_space(c);
		if (err != BT_OK || c->p >= c->end)
			return err != BT_OK ? err : BT_EINVAL;
		if (*c->p == ']') {
			c->p++;
			return bt_buf_append(out, "]", 1);
		}
		if (*c->p != ',')
			return BT_EINVAL;
		c->p++;
	}
	return err;
}

static enum bt_err canon_value(struct canon *c, struct bt_buf *out,
			       unsigned depth)
{
	if (depth > CANON_DEPTH)
		return BT_EINVAL;
	canon_space(c);
	if (c->p >= c->end)
		return BT_EINVAL;
	if (*c->p == '{')
		return canon_object(c, out, depth);
	if (*c->p == '[')
		return canon_array(c, out, depth);
	size_t n = 0;
	if (*c->p == '"') {
		n = canon_string(c);
	} else {
		while (c->p + n < c->end &&
		       strchr("-+.0123456789eEtrufalsn", c->p[n]) != NULL &&
		       c->p[n] != '\0')
			n++;
	}
	if (n == 0)
		return BT_EINVAL;
	enum bt_err err = bt_buf_append(out, c->p, n);
	c->p += n;
	return err;
}

enum bt_err bt_tlog_canonical(const char *json, size_t len, struct bt_buf *out)
{
	struct canon c = {json, json + len};
	size_t mark = out->len;
	enum bt_err err = canon_value(&c, out, 0);
	canon_space(&c);
	if (err == BT_OK && c.p != c.end)
		err = BT_EINVAL;
	if (err != BT_OK && out->data != NULL) {
		out->len = mark;
		out->data[mark] = '\0';
	}
	return err;
}
