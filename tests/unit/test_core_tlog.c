/* test_core_tlog.c: Merkle tree hashing and proofs against the RFC 6962
 * reference vectors, checkpoints, tile paths and signed notes against the
 * vectors of Go's sumdb/note and the C2SP signed-note spec. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "core/crypto.h"
#include "core/note.h"
#include "core/tlog.h"

#define LEAVES_MAX 64

/* An in-memory tree: every complete subtree hash, by level. */
struct mem_tree {
	bt_tlog_hash h[7][LEAVES_MAX];
	uint64_t size;
};

static enum bt_err mem_read(void *ctx, unsigned level, uint64_t index,
			    bt_tlog_hash out)
{
	const struct mem_tree *t = ctx;
	if (level > 6 || ((index + 1) << level) > t->size)
		return BT_ENOTFOUND;
	memcpy(out, t->h[level][index], BT_TLOG_HASH_LEN);
	return BT_OK;
}

static void mem_append(struct mem_tree *t, const void *data, size_t len)
{
	uint64_t i = t->size++;
	bt_tlog_leaf_hash(t->h[0][i], data, len);
	for (unsigned l = 0; (i & 1) == 1; l++, i >>= 1)
		bt_tlog_node_hash(t->h[l + 1][i >> 1], t->h[l][i - 1],
				  t->h[l][i]);
}

static void hex_hash(bt_tlog_hash out, const char *hex)
{
	assert_int_equal(bt_hex_decode(out, BT_TLOG_HASH_LEN, hex), BT_OK);
}

/* The eight leaves of the RFC 6962 reference implementations' tests. */
static const char *const leaves_hex[8] = {
	"",
	"00",
	"10",
	"2021",
	"3031",
	"40414243",
	"5051525354555657",
	"606162636465666768696a6b6c6d6e6f",
};
static const char *const roots_hex[9] = {
	"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
	"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
	"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
	"aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
	"d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
	"4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
	"76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
	"ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
	"5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
};

static struct mem_tree *reference_tree(void)
{
	struct mem_tree *t = calloc(1, sizeof(*t));
	assert_non_null(t);
	for (int i = 0; i < 8; i++) {
		uint8_t leaf[16];
		size_t n = strlen(leaves_hex[i]) / 2;
		if (n > 0)
			assert_int_equal(bt_hex_decode(leaf, n, leaves_hex[i]),
					 BT_OK);
		mem_append(t, leaf, n);
	}
	return t;
}

static void roots_match_the_rfc6962_vectors(void **state)
{
	(void)state;
	struct mem_tree *t = reference_tree();
	for (uint64_t size = 0; size <= 8; size++) {
		bt_tlog_hash got, want;
		hex_hash(want, roots_hex[size]);
		assert_int_equal(bt_tlog_root(mem_read, t, size, got), BT_OK);
		assert_memory_equal(got, want, BT_TLOG_HASH_LEN);
	}
	free(t);
}

struct proof_vector {
	uint64_t a, b;
	const char *hashes[3];
};

static void check_vector_proof(const bt_tlog_hash *got, size_t n,
			       const struct proof_vector *v)
{
	size_t want_n = 0;
	while (want_n < 3 && v->hashes[want_n] != NULL)
		want_n++;
	assert_int_equal(n, want_n);
	for (size_t i = 0; i < n; i++) {
		bt_tlog_hash want;
		hex_hash(want, v->hashes[i]);
		assert_memory_equal(got[i], want, BT_TLOG_HASH_LEN);
	}
}

static void inclusion_proofs_match_the_rfc6962_vectors(void **state)
{
	(void)state;
	/* Leaf numbers are 1-based, as in the published vectors. */
	static const struct proof_vector v[] = {
		{1,
		 8,
		 {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09"
		  "cfc7",
		  "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3"
		  "031e",
		  "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39b"
		  "f6e4"}},
		{6,
		 8,
		 {"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d8859"
		  "9e6b",
		  "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a"
		  "0ae0",
		  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd952096"
		  "14b7"}},
		{3,
		 3,
		 {"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3"
		  "c125",
		  NULL, NULL}},
		{2,
		 5,
		 {"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617af"
		  "a01d",
		  "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3"
		  "031e",
		  "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d8859"
		  "9e6b"}},
		{1, 1, {NULL, NULL, NULL}},
	};
	struct mem_tree *t = reference_tree();
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		bt_tlog_hash proof[BT_TLOG_PROOF_MAX], root;
		size_t n = 0;
		assert_int_equal(bt_tlog_prove_inclusion(mem_read, t,
							 v[i].a - 1, v[i].b,
							 proof, &n),
				 BT_OK);
		check_vector_proof((const bt_tlog_hash *)proof, n, &v[i]);
		hex_hash(root, roots_hex[v[i].b]);
		assert_true(bt_tlog_check_inclusion(
			v[i].a - 1, v[i].b, t->h[0][v[i].a - 1],
			(const bt_tlog_hash *)proof, n, root));
	}
	free(t);
}

static void consistency_proofs_match_the_rfc6962_vectors(void **state)
{
	(void)state;
	static const struct proof_vector v[] = {
		{1,
		 8,
		 {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09"
		  "cfc7",
		  "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3"
		  "031e",
		  "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39b"
		  "f6e4"}},
		{6,
		 8,
		 {"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558"
		  "ef6a",
		  "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a"
		  "0ae0",
		  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd952096"
		  "14b7"}},
		{2,
		 5,
		 {"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3"
		  "031e",
		  "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d8859"
		  "9e6b",
		  NULL}},
		{6,
		 7,
		 {"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558"
		  "ef6a",
		  "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb"
		  "1a5f",
		  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd952096"
		  "14b7"}},
		{1, 1, {NULL, NULL, NULL}},
	};
	struct mem_tree *t = reference_tree();
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		bt_tlog_hash proof[BT_TLOG_PROOF_MAX], r1, r2;
		size_t n = 0;
		assert_int_equal(bt_tlog_prove_consistency(mem_read, t, v[i].a,
							   v[i].b, proof, &n),
				 BT_OK);
		check_vector_proof((const bt_tlog_hash *)proof, n, &v[i]);
		hex_hash(r1, roots_hex[v[i].a]);
		hex_hash(r2, roots_hex[v[i].b]);
		assert_true(bt_tlog_check_consistency(
			v[i].a, v[i].b, r1, r2, (const bt_tlog_hash *)proof,
			n));
	}
	free(t);
}

static struct mem_tree *counting_tree(void)
{
	struct mem_tree *t = calloc(1, sizeof(*t));
	assert_non_null(t);
	for (int i = 0; i < LEAVES_MAX; i++) {
		char leaf[16];
		int n = snprintf(leaf, sizeof(leaf), "leaf %d", i);
		mem_append(t, leaf, (size_t)n);
	}
	return t;
}

/* The emitted hashes of a growing edge, held against a mem_tree. */
static enum bt_err emit_check(void *ctx, unsigned level, uint64_t index,
			      const bt_tlog_hash h)
{
	const struct mem_tree *t = ctx;
	assert_true(level <= 6 && index < LEAVES_MAX);
	assert_memory_equal(h, t->h[level][index], BT_TLOG_HASH_LEN);
	return BT_OK;
}

/* An edge grown leaf by leaf has the RFC roots, emits every complete
 * subtree of the tree, and an edge loaded from a stored tree at any size
 * grows into the same tree. */
static void edges_grow_the_same_tree(void **state)
{
	(void)state;
	struct mem_tree *t = reference_tree();
	struct bt_tlog_edge e;
	assert_int_equal(bt_tlog_edge_load(&e, mem_read, t, 0), BT_OK);
	for (int i = 0; i <= 8; i++) {
		bt_tlog_hash got, want;
		bt_tlog_edge_root(&e, got);
		hex_hash(want, roots_hex[i]);
		assert_memory_equal(got, want, BT_TLOG_HASH_LEN);
		if (i == 8)
			break;
		uint8_t leaf[16];
		size_t n = strlen(leaves_hex[i]) / 2;
		if (n > 0)
			assert_int_equal(bt_hex_decode(leaf, n, leaves_hex[i]),
					 BT_OK);
		assert_int_equal(bt_tlog_edge_add(&e, leaf, n, emit_check, t),
				 BT_OK);
	}
	free(t);
	t = counting_tree();
	bt_tlog_hash full;
	assert_int_equal(bt_tlog_root(mem_read, t, LEAVES_MAX, full), BT_OK);
	for (uint64_t size = 0; size <= LEAVES_MAX; size++) {
		assert_int_equal(bt_tlog_edge_load(&e, mem_read, t, size),
				 BT_OK);
		bt_tlog_hash got, want;
		bt_tlog_edge_root(&e, got);
		assert_int_equal(bt_tlog_root(mem_read, t, size, want), BT_OK);
		assert_memory_equal(got, want, BT_TLOG_HASH_LEN);
		for (uint64_t i = size; i < LEAVES_MAX; i++) {
			char leaf[16];
			int n = snprintf(leaf, sizeof(leaf), "leaf %d", (int)i);
			assert_int_equal(bt_tlog_edge_add(&e, leaf, (size_t)n,
							  emit_check, t),
					 BT_OK);
		}
		bt_tlog_edge_root(&e, got);
		assert_memory_equal(got, full, BT_TLOG_HASH_LEN);
	}
	free(t);
}

/* Every proof in trees of 1..64 leaves verifies, and fails with any one
 * bit of any one hash flipped, a wrong index or a wrong size. */
static void
every_inclusion_proof_up_to_64_holds_and_no_flipped_bit_does(void **state)
{
	(void)state;
	struct mem_tree *t = counting_tree();
	for (uint64_t size = 1; size <= LEAVES_MAX; size++) {
		bt_tlog_hash root;
		assert_int_equal(bt_tlog_root(mem_read, t, size, root), BT_OK);
		for (uint64_t i = 0; i < size; i++) {
			bt_tlog_hash p[BT_TLOG_PROOF_MAX];
			size_t n = 0;
			assert_int_equal(bt_tlog_prove_inclusion(mem_read, t, i,
								 size, p, &n),
					 BT_OK);
			const bt_tlog_hash *cp = (const bt_tlog_hash *)p;
			assert_true(bt_tlog_check_inclusion(i, size, t->h[0][i],
							    cp, n, root));
			/* The size binds only through the path's shape, so
			 * a wrong size is caught by the root it claims. */
			if (size > 1) {
				bt_tlog_hash smaller;
				assert_int_equal(bt_tlog_root(mem_read, t,
							      size - 1,
							      smaller),
						 BT_OK);
				assert_false(bt_tlog_check_inclusion(
					i, size, t->h[0][i], cp, n, smaller));
			}
			if (size > 1)
				assert_false(bt_tlog_check_inclusion(
					(i + 1) % size, size, t->h[0][i], cp, n,
					root));
			if (n > 0)
				assert_false(bt_tlog_check_inclusion(
					i, size, t->h[0][i], cp, n - 1, root));
			for (size_t k = 0; k < n; k++)
				for (unsigned bit = 0; bit < 256; bit += 37) {
					p[k][bit / 8] ^=
						(uint8_t)(1u << (bit % 8));
					assert_false(bt_tlog_check_inclusion(
						i, size, t->h[0][i], cp, n,
						root));
					p[k][bit / 8] ^=
						(uint8_t)(1u << (bit % 8));
				}
		}
	}
	assert_int_equal(
		bt_tlog_prove_inclusion(mem_read, t, 5, 5, NULL, &(size_t){0}),
		BT_EINVAL);
	free(t);
}

static void
every_consistency_proof_up_to_64_holds_and_no_flipped_bit_does(void **state)
{
	(void)state;
	struct mem_tree *t = counting_tree();
	bt_tlog_hash roots[LEAVES_MAX + 1];
	for (uint64_t s = 0; s <= LEAVES_MAX; s++)
		assert_int_equal(bt_tlog_root(mem_read, t, s, roots[s]), BT_OK);
	for (uint64_t a = 1; a <= LEAVES_MAX; a++)
		for (uint64_t b = a; b <= LEAVES_MAX; b++) {
			bt_tlog_hash p[BT_TLOG_PROOF_MAX];
			size_t n = 0;
			assert_int_equal(bt_tlog_prove_consistency(mem_read, t,
								   a, b, p, &n),
					 BT_OK);
			const bt_tlog_hash *cp = (const bt_tlog_hash *)p;
			assert_true(bt_tlog_check_consistency(a, b, roots[a],
							      roots[b], cp, n));
			if (a == b)
				continue;
			assert_false(bt_tlog_check_consistency(
				a, b, roots[b], roots[a], cp, n));
			assert_false(bt_tlog_check_consistency(
				a, b, roots[a], roots[b], cp, n - 1));
			if (a > 1)
				assert_false(bt_tlog_check_consistency(
					a - 1, b, roots[a - 1], roots[b], cp,
					n));
			for (size_t k = 0; k < n; k++)
				for (unsigned bit = 0; bit < 256; bit += 41) {
					p[k][bit / 8] ^=
						(uint8_t)(1u << (bit % 8));
					assert_false(bt_tlog_check_consistency(
						a, b, roots[a], roots[b], cp,
						n));
					p[k][bit / 8] ^=
						(uint8_t)(1u << (bit % 8));
				}
		}
	assert_int_equal(bt_tlog_prove_consistency(mem_read, t, 9, 8, NULL,
						   &(size_t){0}),
			 BT_EINVAL);
	free(t);
}

/* jsonb as PostgreSQL writes it, and log_canonical() of it in SQL. */
static const char *const canon_vectors[][2] = {
	{"{\"lot\": null, \"deleted\": false, \"message\": \"guid-1\", "
	 "\"value_fen\": 1250, \"enterprise\": 12}",
	 "{\"deleted\":false,\"enterprise\":12,\"lot\":null,\"message\":"
	 "\"guid-1\",\"value_fen\":1250}"},
	{"{\"when\": \"2026-12-01T00:00:00+00:00\", \"grade\": \"A\", "
	 "\"rules\": 3, \"score\": 87.50}",
	 "{\"grade\":\"A\",\"rules\":3,\"score\":87.50,\"when\":"
	 "\"2026-12-01T00:00:00+00:00\"}"},
	{"{\"items\": [{\"a\": {\"b\": null, \"y\": true}, \"z\": 1}, \"x\"], "
	 "\"title\": \"抽检 \\\"双随机\\\" \\\\ 一公开\\n第2批\", "
	 "\"selection\": [3, 1, 2]}",
	 "{\"items\":[{\"a\":{\"b\":null,\"y\":true},\"z\":1},\"x\"],"
	 "\"selection\":[3,1,2],\"title\":\"抽检 \\\"双随机\\\" \\\\ "
	 "一公开\\n第2批\"}"},
	{"{\"\": 5, \"B\": 4, \"a\": 2, \"e\": {}, \"f\": [], \"m\": -0.001, "
	 "\"n\": 100000000000000000000, \"ab\": 3, \"bb\": 1, \"ctl\": "
	 "\"\\u0001\\t\"}",
	 "{\"\":5,\"B\":4,\"a\":2,\"ab\":3,\"bb\":1,\"ctl\":\"\\u0001\\t\","
	 "\"e\":{},\"f\":[],\"m\":-0.001,\"n\":100000000000000000000}"},
};

/* The sequencer's canonical JSON is what the SQL function writes, is its
 * own canonical form, and refuses what is not one JSON value. */
static void canonical_json_matches_the_sql_function(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(canon_vectors) / sizeof(*canon_vectors);
	     i++) {
		struct bt_buf out = BT_BUF_INIT, again = BT_BUF_INIT;
		const char *in = canon_vectors[i][0];
		assert_int_equal(bt_tlog_canonical(in, strlen(in), &out),
				 BT_OK);
		assert_string_equal(out.data, canon_vectors[i][1]);
		assert_int_equal(bt_tlog_canonical(out.data, out.len, &again),
				 BT_OK);
		assert_string_equal(again.data, out.data);
		bt_buf_free(&out);
		bt_buf_free(&again);
	}
	static const char *const bad[] = {
		"",	"{",	 "{\"a\" 1}",	"{\"a\":}",
		"[1,]", "[1 2]", "{\"a\":1,}",	"\"open",
		"1 2",	"{a:1}", "\"ctl\x01\"",
	};
	char deep[68];
	memset(deep, '[', 33);
	deep[33] = '1';
	memset(deep + 34, ']', 33);
	deep[67] = '\0';
	struct bt_buf nested = BT_BUF_INIT;
	assert_int_equal(bt_tlog_canonical(deep, strlen(deep), &nested),
			 BT_EINVAL);
	bt_buf_free(&nested);
	deep[0] = ' '; /* 32 deep is allowed */
	deep[strlen(deep) - 1] = ' ';
	assert_int_equal(bt_tlog_canonical(deep, strlen(deep), &nested), BT_OK);
	bt_buf_free(&nested);
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		struct bt_buf out = BT_BUF_INIT;
		assert_int_equal(
			bt_tlog_canonical(bad[i], strlen(bad[i]), &out),
			BT_EINVAL);
		assert_int_equal(out.len, 0);
		bt_buf_free(&out);
	}
}

static void checkpoints_format_and_parse_back(void **state)
{
	(void)state;
	struct bt_tlog_checkpoint c = {.origin = "bondtrace.example/log",
				       .size = 20852163};
	hex_hash(c.root, roots_hex[8]);
	char text[512];
	size_t n = bt_tlog_checkpoint_format(text, sizeof(text), &c);
	assert_string_equal(text,
			    "bondtrace.example/log\n20852163\n"
			    "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n");
	struct bt_tlog_checkpoint back;
	const char *why = NULL;
	assert_int_equal(bt_tlog_checkpoint_parse(text, n, &back, &why), BT_OK);
	assert_string_equal(back.origin, c.origin);
	assert_int_equal(back.size, c.size);
	assert_memory_equal(back.root, c.root, BT_TLOG_HASH_LEN);
	static const char too_big[] =
		"o\n99999999999999999999\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+"
		"Nw7/RgQyg=\n";
	static const char *const bad[] = {
		"o\n12\n",
		"\n12\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n",
		"o\n012\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n",
		"o\n-1\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n",
		too_big,
		"o\n1\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQ=\n",
		"o\n1\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n\n",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(bt_tlog_checkpoint_parse(
					 bad[i], strlen(bad[i]), &back, &why),
				 BT_EINVAL);
		assert_non_null(why);
	}
	/* Extension lines are kept out of the parsed fields. */
	static const char ext[] = "o\n1\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/"
				  "RgQyg=\nextra line\n";
	assert_int_equal(
		bt_tlog_checkpoint_parse(ext, sizeof(ext) - 1, &back, &why),
		BT_OK);
}

static void
tile_paths_use_the_x001_encoding_and_refuse_other_spellings(void **state)
{
	(void)state;
	struct bt_tlog_tile t = {.level = 0, .index = 1234067, .width = 256};
	char path[96];
	assert_true(bt_tlog_tile_path(path, sizeof(path), &t) > 0);
	assert_string_equal(path, "0/x001/x234/067");
	t = (struct bt_tlog_tile){.level = -1, .index = 5, .width = 8};
	assert_true(bt_tlog_tile_path(path, sizeof(path), &t) > 0);
	assert_string_equal(path, "entries/005.p/8");

	struct bt_tlog_tile got;
	const char *why = NULL;
	assert_int_equal(
		bt_tlog_tile_parse("1/x001/x234/067.p/255", &got, &why), BT_OK);
	assert_int_equal(got.level, 1);
	assert_int_equal(got.index, 1234067);
	assert_int_equal(got.width, 255);
	assert_int_equal(bt_tlog_tile_parse("entries/000", &got, &why), BT_OK);
	assert_int_equal(got.level, -1);
	assert_int_equal(got.width, 256);
	static const char *const bad[] = {
		"0/1234",
		"0/x000/001",
		"0/001.p/0",
		"0/001.p/256",
		"0/001.p/08",
		"6/000",
		"0/01",
		"0/001/",
		"0/x001",
		"entries/x1/000",
		"a/000",
		"0/001.p/",
		"0/000.p/1/extra",
		"",
		"00/000",
		"0/001x",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why = NULL;
		assert_int_equal(bt_tlog_tile_parse(bad[i], &got, &why),
				 BT_EINVAL);
		assert_non_null(why);
	}
}

/* golang.org/x/mod/sumdb/note's example key and note. */
static const char go_vkey[] =
	"PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
static const char go_seed_b64[] =
	"AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
static const char go_text[] =
	"If you think cryptography is the answer to your problem,\n"
	"then you don't know what your problem is.\n";
static const char go_sig[] =
	"\xe2\x80\x94 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZ"
	"InNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

static void go_key(struct bt_note_key *k)
{
	uint8_t raw[33];
	size_t got = 0;
	assert_int_equal(sodium_base642bin(raw, sizeof(raw), go_seed_b64,
					   strlen(go_seed_b64), NULL, &got,
					   NULL,
					   sodium_base64_VARIANT_ORIGINAL),
			 0);
	assert_int_equal(got, 33);
	assert_int_equal(raw[0], BT_NOTE_ED25519);
	assert_int_equal(bt_note_key_from_seed(k, "PeterNeumann",
					       BT_NOTE_ED25519, raw + 1),
			 BT_OK);
}

static void signatures_match_go_sumdb_note_byte_for_byte(void **state)
{
	(void)state;
	struct bt_note_key k;
	go_key(&k);
	assert_int_equal(k.id, 0xc74f20a3);
	char vkey[BT_NOTE_VKEY_MAX];
	bt_note_vkey(vkey, &k);
	assert_string_equal(vkey, go_vkey);
	char line[BT_NOTE_LINE_MAX];
	assert_int_equal(bt_note_sign(line, &k, go_text, strlen(go_text), 0),
			 BT_OK);
	assert_string_equal(line, go_sig);
}

static void notes_open_with_known_keys_and_refuse_tampering(void **state)
{
	(void)state;
	struct bt_note_key v;
	const char *why = NULL;
	assert_int_equal(bt_note_vkey_parse(go_vkey, &v, &why), BT_OK);
	char msg[512];
	int n = snprintf(msg, sizeof(msg), "%s\n%s", go_text, go_sig);
	bool ok = false;
	uint64_t ts = 0;
	size_t text_len = 0;
	assert_int_equal(
		bt_note_open(msg, (size_t)n, &v, 1, &ok, &ts, &text_len, &why),
		BT_OK);
	assert_true(ok);
	assert_int_equal(text_len, strlen(go_text));
	msg[3] ^= 1;
	assert_int_equal(
		bt_note_open(msg, (size_t)n, &v, 1, &ok, &ts, &text_len, &why),
		BT_EAUTH);
	msg[3] ^= 1;
	/* A key with another name is not asked. */
	struct bt_note_key other = v;
	other.name[0] = 'X';
	assert_int_equal(bt_note_open(msg, (size_t)n, &other, 1, &ok, &ts,
				      &text_len, &why),
			 BT_ENOTFOUND);
	assert_int_equal(bt_note_open(go_text, strlen(go_text), &v, 1, &ok, &ts,
				      &text_len, &why),
			 BT_EINVAL);

	/* The C2SP signed-note spec's example. */
	static const char spec_vkey[] =
		"example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYc"
		"rnKv3U2k";
	static const char spec_note[] =
		"This is an example message.\n\n\xe2\x80\x94 example.com/foo "
		"Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXs"
		"YjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";
	assert_int_equal(bt_note_vkey_parse(spec_vkey, &v, &why), BT_OK);
	assert_int_equal(bt_note_open(spec_note, sizeof(spec_note) - 1, &v, 1,
				      &ok, &ts, &text_len, &why),
			 BT_OK);
	static const char *const bad_vkeys[] = {
		"example.com/"
		"foo+530d903b+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",
		"example.com/"
		"foo+530D903A+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",
		"example.com/"
		"foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U",
		"+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",
		"example.com/foo+530d903a",
		/* Found by fuzz_tlog: a stray byte inside the base64. */
		"PeterNeumann+c74f20a3+"
		"ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq\x84LDE4izWy10TW",
	};
	for (size_t i = 0; i < sizeof(bad_vkeys) / sizeof(bad_vkeys[0]); i++)
		assert_int_equal(bt_note_vkey_parse(bad_vkeys[i], &v, &why),
				 BT_EINVAL);
}

static void cosignatures_carry_their_time_and_verify(void **state)
{
	(void)state;
	uint8_t seed[32] = {7};
	struct bt_note_key w, wv, logk;
	assert_int_equal(bt_note_key_from_seed(&w, "witness.example/w1",
					       BT_NOTE_COSIGNATURE, seed),
			 BT_OK);
	char vkey[BT_NOTE_VKEY_MAX];
	bt_note_vkey(vkey, &w);
	const char *why = NULL;
	assert_int_equal(bt_note_vkey_parse(vkey, &wv, &why), BT_OK);
	assert_int_equal(wv.type, BT_NOTE_COSIGNATURE);
	go_key(&logk);
	static const char body[] = "example.com/log\n5\n"
				   "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/"
				   "RgQyg=\n";
	char l1[BT_NOTE_LINE_MAX], l2[BT_NOTE_LINE_MAX], msg[1024];
	assert_int_equal(bt_note_sign(l1, &logk, body, strlen(body), 0), BT_OK);
	assert_int_equal(bt_note_sign(l2, &w, body, strlen(body), 1679315147),
			 BT_OK);
	int n = snprintf(msg, sizeof(msg), "%s\n%s%s", body, l1, l2);
	struct bt_note_key keys[2] = {logk, wv};
	bool ok[2];
	uint64_t ts[2];
	size_t text_len = 0;
	assert_int_equal(
		bt_note_open(msg, (size_t)n, keys, 2, ok, ts, &text_len, &why),
		BT_OK);
	assert_true(ok[0]);
	assert_true(ok[1]);
	assert_int_equal(ts[1], 1679315147);
	/* A cosignature with its time changed does not verify. */
	char forged[BT_NOTE_LINE_MAX];
	assert_int_equal(
		bt_note_sign(forged, &w, body, strlen(body), 1679315148),
		BT_OK);
	uint8_t a[80], b[80];
	size_t alen = 0, blen = 0;
	const char *sa = strrchr(l2, ' ') + 1, *sb = strrchr(forged, ' ') + 1;
	assert_int_equal(sodium_base642bin(a, sizeof(a), sa, strlen(sa) - 1,
					   NULL, &alen, NULL,
					   sodium_base64_VARIANT_ORIGINAL),
			 0);
	assert_int_equal(sodium_base642bin(b, sizeof(b), sb, strlen(sb) - 1,
					   NULL, &blen, NULL,
					   sodium_base64_VARIANT_ORIGINAL),
			 0);
	memcpy(a + 4, b + 4, 8); /* the new time, the old signature */
	char b64[120];
	sodium_bin2base64(b64, sizeof(b64), a, alen,
			  sodium_base64_VARIANT_ORIGINAL);
	n = snprintf(msg, sizeof(msg),
		     "%s\n%s\xe2\x80\x94 witness.example/w1 %s\n", body, l1,
		     b64);
	assert_int_equal(
		bt_note_open(msg, (size_t)n, keys, 2, ok, ts, &text_len, &why),
		BT_EAUTH);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(roots_match_the_rfc6962_vectors),
		cmocka_unit_test(inclusion_proofs_match_the_rfc6962_vectors),
		cmocka_unit_test(consistency_proofs_match_the_rfc6962_vectors),
		cmocka_unit_test(
			every_inclusion_proof_up_to_64_holds_and_no_flipped_bit_does),
		cmocka_unit_test(
			every_consistency_proof_up_to_64_holds_and_no_flipped_bit_does),
		cmocka_unit_test(edges_grow_the_same_tree),
		cmocka_unit_test(canonical_json_matches_the_sql_function),
		cmocka_unit_test(checkpoints_format_and_parse_back),
		cmocka_unit_test(
			tile_paths_use_the_x001_encoding_and_refuse_other_spellings),
		cmocka_unit_test(signatures_match_go_sumdb_note_byte_for_byte),
		cmocka_unit_test(
			notes_open_with_known_keys_and_refuse_tampering),
		cmocka_unit_test(cosignatures_carry_their_time_and_verify),
	};
	if (bt_crypto_init() != BT_OK)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
