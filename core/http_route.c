/* http_route.c: the route table: patterns of literal segments and
 * {name} parameters, compiled once, matched against each request's path. */
#include "http_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Routing. */

enum bt_err http_route_compile(const struct bt_route *r,
			       struct compiled_route *c)
{
	c->route = r;
	c->copy = strdup(r->pattern);
	if (c->copy == NULL)
		return BT_ENOMEM;
	char *p = c->copy;
	if (*p != '/')
		return BT_EINVAL;
	p++;
	while (*p) {
		if (c->nseg == MAX_SEGMENTS)
			return BT_EINVAL;
		char *slash = strchr(p, '/');
		if (slash)
			*slash = '\0';
		size_t n = strlen(p);
		if (n >= 2 && p[0] == '{' && p[n - 1] == '}') {
			p[n - 1] = '\0';
			if (n >= 3 && p[n - 2] == '*') {
				if (slash != NULL)
					return BT_EINVAL; /* only last */
				p[n - 2] = '\0';
				c->rest = true;
			}
			c->seg[c->nseg] = NULL;
			c->param[c->nseg] = p + 1;
		} else {
			c->seg[c->nseg] = p;
			c->param[c->nseg] = NULL;
		}
		c->nseg++;
		if (slash == NULL)
			break;
		p = slash + 1;
		if (*p == '\0') { /* trailing slash: an empty last segment */
			c->seg[c->nseg] = "";
			c->param[c->nseg++] = NULL;
		}
	}
	return BT_OK;
}

static int split_path(char *path, char *seg[MAX_SEGMENTS + 1])
{
	int n = 0;
	char *p = path + 1;
	if (*p == '\0')
		return 0;
	for (;;) {
		if (n > MAX_SEGMENTS)
			return -1;
		seg[n++] = p;
		char *slash = strchr(p, '/');
		if (slash == NULL)
			break;
		*slash = '\0';
		p = slash + 1;
	}
	return n;
}

/* The decoded segments joined by '/' (the caller frees), or NULL. */
static char *join_segments(char *const *seg, int n)
{
	struct bt_buf b = BT_BUF_INIT;
	for (int i = 0; i < n; i++)
		bt_buf_printf(&b, "%s%s", i ? "/" : "", seg[i]);
	if (b.data == NULL)
		return strdup("");
	return bt_buf_steal(&b);
}

void http_route_match(struct bt_req *req, bool *method_mismatch,
		      bool *bad_escape)
{
	*method_mismatch = false;
	*bad_escape = false;
	req->route = -1;
	char *copy = strdup(req->path);
	if (copy == NULL)
		return;
	char *seg[MAX_SEGMENTS + 1];
	int n = split_path(copy, seg);
	for (int i = 0; n >= 0 && i < n; i++) {
		if (!bt_pct_decode(seg[i])) {
			*bad_escape = true;
			free(copy);
			return;
		}
	}
	const char *method = req->method;
	if (strcmp(method, "HEAD") == 0)
		method = "GET";
	for (size_t r = 0; n >= 0 && r < req->srv->nroutes; r++) {
		const struct compiled_route *c = &req->srv->routes[r];
		if (c->rest ? n < c->nseg : c->nseg != n)
			continue;
		bool ok = true;
		for (int i = 0; ok && i < c->nseg; i++)
			ok = c->seg[i] == NULL
				     ? seg[i][0] != '\0' ||
					       (c->rest && i == c->nseg - 1)
				     : strcmp(c->seg[i], seg[i]) == 0;
		if (!ok)
			continue;
		if (strcmp(c->route->method, method) != 0) {
			*method_mismatch = true;
			continue;
		}
		req->route = (long)r;
		for (int i = 0; i < c->nseg && req->nparams < MAX_PARAMS; i++) {
			if (c->seg[i] != NULL)
				continue;
			char *v = c->rest && i == c->nseg - 1
					  ? join_segments(seg + i, n - i)
					  : strdup(seg[i]);
			if (v == NULL)
				break;
			req->pname[req->nparams] = c->param[i];
			req->pvalue[req->nparams++] = v;
		}
		break;
	}
	free(copy);
}
