/* test_core_http.c: the route table (patterns, parameters, methods,
 * escapes) and language negotiation, without a server. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/http_int.h"

static void handler(struct bt_req *req)
{
	(void)req;
}

static const struct bt_route routes[] = {
	{"GET", "/livez", handler, BT_ROLE_PUBLIC, "livez", 0, 0},
	{"GET", "/api/v1/batches/{id}", handler, BT_ROLE_ENTERPRISE, "batch", 0,
	 0},
	{"GET", "/api/v1/batches/{id}/codes", handler, BT_ROLE_ENTERPRISE,
	 "codes", 0, 0},
	{"POST", "/api/v1/batches", handler, BT_ROLE_ENTERPRISE, "create", 0,
	 0},
	{"GET", "/01/{code*}", handler, BT_ROLE_PUBLIC, "resolve", 0, 0},
	{"GET", "/enterprises/{id}", handler, BT_ROLE_PUBLIC, "profile", 0, 0},
	{"GET", "/enterprises/{id}", handler, BT_ROLE_PUBLIC, "shadowed", 0, 0},
};
#define NROUTES (sizeof(routes) / sizeof(routes[0]))

struct match {
	long route; /* -1: none */
	bool method_mismatch, bad_escape;
	struct bt_req req;
};

/* Matches method and path against the table above; the caller frees the
 * parameters with done(). */
static void route(const char *method, const char *path, struct match *m)
{
	static struct compiled_route compiled[NROUTES];
	static struct bt_server srv;
	if (srv.routes == NULL) {
		for (size_t i = 0; i < NROUTES; i++)
			assert_int_equal(
				http_route_compile(&routes[i], &compiled[i]),
				BT_OK);
		srv.routes = compiled;
		srv.nroutes = NROUTES;
	}
	memset(m, 0, sizeof(*m));
	m->req.srv = &srv;
	m->req.method = method;
	m->req.path = strdup(path);
	http_route_match(&m->req, &m->method_mismatch, &m->bad_escape);
	m->route = m->req.route;
}

static void done(struct match *m)
{
	for (int i = 0; i < m->req.nparams; i++)
		free(m->req.pvalue[i]);
	free(m->req.path);
}

static void literal_routes_match_exactly(void **state)
{
	(void)state;
	struct match m;
	route("GET", "/livez", &m);
	assert_int_equal(m.route, 0);
	done(&m);
	route("GET", "/livez/", &m); /* a trailing slash is another path */
	assert_int_equal(m.route, -1);
	assert_false(m.method_mismatch);
	done(&m);
	route("GET", "/nowhere", &m);
	assert_int_equal(m.route, -1);
	done(&m);
}

static void parameters_are_decoded_and_never_empty(void **state)
{
	(void)state;
	struct match m;
	route("GET", "/api/v1/batches/42/codes", &m);
	assert_int_equal(m.route, 2);
	assert_string_equal(bt_req_param(&m.req, "id"), "42");
	assert_null(bt_req_param(&m.req, "other"));
	done(&m);
	route("GET", "/enterprises/a%2Fb%20c", &m);
	assert_int_equal(m.route, 5); /* the first of two equal patterns */
	assert_string_equal(bt_req_param(&m.req, "id"), "a/b c");
	done(&m);
	route("GET", "/api/v1/batches//codes", &m);
	assert_int_equal(m.route, -1);
	done(&m);
	route("GET", "/enterprises/%zz", &m);
	assert_true(m.bad_escape);
	assert_int_equal(m.route, -1);
	done(&m);
}

static void a_rest_parameter_takes_the_rest_of_the_path(void **state)
{
	(void)state;
	struct match m;
	route("GET", "/01/09506000134352/10/AB%2F1/21/x", &m);
	assert_int_equal(m.route, 4);
	assert_string_equal(bt_req_param(&m.req, "code"),
			    "09506000134352/10/AB/1/21/x");
	done(&m);
	route("GET", "/01/09506000134352//21/x", &m);
	assert_int_equal(m.route, 4); /* empty segments kept for the parser */
	assert_string_equal(bt_req_param(&m.req, "code"),
			    "09506000134352//21/x");
	done(&m);
}

static void methods_are_told_apart_and_head_is_get(void **state)
{
	(void)state;
	struct match m;
	route("POST", "/livez", &m);
	assert_int_equal(m.route, -1);
	assert_true(m.method_mismatch); /* 405, not 404 */
	done(&m);
	route("HEAD", "/livez", &m);
	assert_int_equal(m.route, 0);
	done(&m);
	route("POST", "/api/v1/batches", &m);
	assert_int_equal(m.route, 3);
	done(&m);
}

static void bad_patterns_are_refused(void **state)
{
	(void)state;
	struct compiled_route c;
	const struct bt_route no_slash = {
		"GET", "livez", handler, BT_ROLE_PUBLIC, "x", 0, 0};
	memset(&c, 0, sizeof(c));
	assert_int_equal(http_route_compile(&no_slash, &c), BT_EINVAL);
	free(c.copy);
	const struct bt_route rest_first = {
		"GET", "/a/{b*}/c", handler, BT_ROLE_PUBLIC, "x", 0, 0};
	memset(&c, 0, sizeof(c));
	assert_int_equal(http_route_compile(&rest_first, &c), BT_EINVAL);
	free(c.copy);
}

static void language_negotiation(void **state)
{
	(void)state;
	assert_string_equal(bt_http_lang_tag("zh-CN"), "zh");
	assert_string_equal(bt_http_lang_tag("zh-Hans"), "zh");
	assert_string_equal(bt_http_lang_tag("EN-us"), "en");
	assert_string_equal(bt_http_lang_tag("en"), "en");
	assert_null(bt_http_lang_tag("eng"));
	assert_null(bt_http_lang_tag("fr"));
	assert_null(bt_http_lang_tag(""));
	assert_null(bt_http_lang_tag(NULL));
	assert_string_equal(bt_http_pick_lang(NULL), "zh");
	assert_string_equal(bt_http_pick_lang("en-US,en;q=0.9"), "en");
	assert_string_equal(bt_http_pick_lang("zh-CN,zh;q=0.9,en;q=0.8"), "zh");
	assert_string_equal(bt_http_pick_lang("fr-FR,en;q=0.5,zh;q=0.7"), "zh");
	assert_string_equal(bt_http_pick_lang("fr-FR,de"), "zh");
	assert_string_equal(bt_http_pick_lang("en;q=0.9, zh;q=0.1"), "en");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(literal_routes_match_exactly),
		cmocka_unit_test(parameters_are_decoded_and_never_empty),
		cmocka_unit_test(a_rest_parameter_takes_the_rest_of_the_path),
		cmocka_unit_test(methods_are_told_apart_and_head_is_get),
		cmocka_unit_test(bad_patterns_are_refused),
		cmocka_unit_test(language_negotiation),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
