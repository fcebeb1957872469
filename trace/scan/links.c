/* links.c: GS1 links, linksets and linkType redirects. */
#include "links.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/render.h"
#include "trace/code/product.h"

#define GS1_VOC "https://gs1.org/voc/"

enum {
	ST_FOR_CODE,
	ST_INSERT,
	ST_LIST,
	ST_LIST_ALL,
	ST_DELETE,
};

#define COLUMNS                                                                \
	"id, enterprise_id, gtin, coalesce(lot, ''), link_type, href, title, " \
	"coalesce(lang, '')"

/* A link as the API shows it. */
#define LINK_JSON                                                              \
	"json_build_object('id', id, 'gtin', gtin, 'type', link_type, "        \
	"'href', href, 'title', title, 'lot', lot, 'lang', lang)"

static const struct bt_stmt stmts[] = {
	[ST_FOR_CODE] = {"trace.links_for_code",
			 "SELECT " COLUMNS " FROM gs1_link WHERE gtin = $1 AND "
			 "(lot IS NULL OR lot = $2) ORDER BY lot IS NULL, id"},
	[ST_INSERT] = {"trace.link_insert",
		       "INSERT INTO gs1_link (enterprise_id, gtin, lot, "
		       "link_type, href, title, lang) VALUES ($1, $2, "
		       "nullif($3, ''), $4, $5, $6, nullif($7, '')) RETURNING "
		       "id, " LINK_JSON},
	[ST_LIST] = {"trace.link_list",
		     "SELECT coalesce(json_agg(" LINK_JSON " ORDER BY id), "
		     "'[]') FROM gs1_link WHERE enterprise_id = $1 AND gtin = "
		     "$2"},
	[ST_LIST_ALL] = {"trace.link_list_all",
			 "SELECT coalesce(json_agg(" LINK_JSON " ORDER BY "
			 "id), '[]') FROM gs1_link WHERE enterprise_id = $1"},
	[ST_DELETE] = {"trace.link_delete",
		       "DELETE FROM gs1_link WHERE id = $1 AND enterprise_id = "
		       "$2"},
};

static bool link_type_valid(const char *t)
{
	size_t n = strlen(t);
	if (n < 6 || n > 44 || strncmp(t, "gs1:", 4) != 0)
		return false;
	for (size_t i = 4; i < n; i++)
		if (!((t[i] >= 'a' && t[i] <= 'z') ||
		      (t[i] >= 'A' && t[i] <= 'Z')))
			return false;
	return true;
}

bool trace_links_parse(struct bt_req *req, enum trace_answer *answer,
		       char *link_type, size_t size)
{
	const char *lt = bt_req_query(req, "linkType");
	const char *accept = bt_req_header(req, "Accept");
	link_type[0] = '\0';
	*answer = TRACE_ANSWER_PAGE;
	if (lt == NULL || strcmp(lt, "gs1:traceability") == 0) {
		if (lt == NULL && accept &&
		    strstr(accept, "application/linkset+json"))
			*answer = TRACE_ANSWER_LINKSET;
		return true;
	}
	if (strcmp(lt, "all") == 0 || strcmp(lt, "linkset") == 0) {
		*answer = TRACE_ANSWER_LINKSET;
		return true;
	}
	if (!link_type_valid(lt)) {
		bt_reply_error(req, BT_EINVAL,
			       "linkType is 'all' or a GS1 link type such as "
			       "gs1:pip");
		return false;
	}
	*answer = TRACE_ANSWER_REDIRECT;
	bt_strlcpy(link_type, lt, size);
	return true;
}

static void fill(const PGresult *r, int row, struct trace_link *l)
{
	memset(l, 0, sizeof(*l));
	l->id = bt_db_int(r, row, 0);
	l->enterprise_id = bt_db_int(r, row, 1);
	bt_strlcpy(l->gtin, bt_db_text(r, row, 2), sizeof(l->gtin));
	bt_strlcpy(l->lot, bt_db_text(r, row, 3), sizeof(l->lot));
	bt_strlcpy(l->link_type, bt_db_text(r, row, 4), sizeof(l->link_type));
	bt_strlcpy(l->href, bt_db_text(r, row, 5), sizeof(l->href));
	bt_strlcpy(l->title, bt_db_text(r, row, 6), sizeof(l->title));
	bt_strlcpy(l->lang, bt_db_text(r, row, 7), sizeof(l->lang));
}

/* The RFC 9264 linkset of a code: the registered links by relation type,
 * and our own page as gs1:traceability. */
static json_t *linkset(const PGresult *r, const char *anchor, const char *lang)
{
	json_t *set = json_pack("{s:s}", "anchor", anchor);
	for (int i = 0; i < PQntuples(r); i++) {
		struct trace_link l;
		fill(r, i, &l);
		char rel[128];
		if (snprintf(rel, sizeof(rel), GS1_VOC "%s", l.link_type + 4) >=
		    (int)sizeof(rel))
			continue;
		json_t *list = json_object_get(set, rel);
		if (list == NULL) {
			list = json_array();
			json_object_set_new(set, rel, list);
		}
		json_t *target = json_pack("{s:s, s:s}", "href", l.href,
					   "title", l.title);
		if (l.lang[0])
			json_object_set_new(target, "hreflang",
					    json_pack("[s]", l.lang));
		json_array_append_new(list, target);
	}
	json_object_set_new(set, GS1_VOC "traceability",
			    json_pack("[{s:s, s:s, s:[s, s]}]", "href", anchor,
				      "title",
				      bt_render_text(lang, "link.traceability"),
				      "hreflang", "zh", "en"));
	return json_pack("{s:[o]}", "linkset", set);
}

void trace_links_reply(struct bt_req *req, const struct trace_resolution *res,
		       enum trace_answer answer, const char *link_type,
		       json_t *view)
{
	char anchor[256];
	trace_code_uri(&res->info->batch, res->code.index, anchor,
		       sizeof(anchor));
	char header[400];
	snprintf(header, sizeof(header),
		 "<%s?linkType=all>; rel=\"linkset\"; "
		 "type=\"application/linkset+json\"",
		 anchor);
	bt_reply_header(req, "Link", header);
	if (answer == TRACE_ANSWER_PAGE) {
		bt_reply_view(req, 200, "product", view);
		return;
	}
	json_decref(view);
	struct bt_db *db = bt_req_db(req);
	if (db == NULL)
		return;
	const char *params[] = {res->info->batch.gtin, res->info->batch.lot};
	PGresult *r = NULL;
	enum bt_err err =
		bt_db_query_take(db, &stmts[ST_FOR_CODE], 2, params, &r);
	if (err != BT_OK) {
		bt_reply_error(req, err, "the links cannot be read right now");
		return;
	}
	const char *lang = bt_req_lang(req);
	if (answer == TRACE_ANSWER_LINKSET) {
		json_t *set = linkset(r, anchor, lang);
		char *s = json_dumps(set, JSON_COMPACT);
		json_decref(set);
		PQclear(r);
		if (s == NULL)
			bt_reply_error(req, BT_ENOMEM, NULL);
		else
			bt_reply_take(req, 200, "application/linkset+json", s,
				      strlen(s));
		return;
	}
	const char *best = NULL;
	for (int i = 0; i < PQntuples(r); i++) {
		if (strcmp(bt_db_text(r, i, 4), link_type) != 0)
			continue;
		if (best == NULL)
			best = bt_db_text(r, i, 5);
		if (strncmp(bt_db_text(r, i, 7), lang, 2) == 0) {
			best = bt_db_text(r, i, 5);
			break;
		}
	}
	if (best != NULL) {
		bt_reply_redirect(req, 307, best);
	} else {
		char msg[160];
		snprintf(msg, sizeof(msg),
			 "this product has no link of type %s; ask for "
			 "linkType=all to see the ones it has",
			 link_type);
		bt_reply_error(req, BT_ENOTFOUND, msg);
	}
	PQclear(r);
}

enum bt_err trace_link_add(struct bt_db *db, struct trace_link *l, json_t **out,
			   const char **reason)
{
	char gtin[TRACE_GTIN_LEN + 1];
	if (trace_gtin_normalize(l->gtin, gtin, reason) != BT_OK)
		return BT_EINVAL;
	if (l->lot[0] && !trace_cset82_valid(l->lot, TRACE_AI_MAX)) {
		*reason = "the lot must be 1 to 20 characters of GS1 character "
			  "set 82";
		return BT_EINVAL;
	}
	if (!link_type_valid(l->link_type)) {
		*reason = "type is a GS1 link type such as gs1:pip or "
			  "gs1:certificationInfo";
		return BT_EINVAL;
	}
	if (strncmp(l->href, "https://", 8) != 0 &&
	    strncmp(l->href, "http://", 7) != 0) {
		*reason = "href must be an http or https URL";
		return BT_EINVAL;
	}
	if (!bt_text_ok(l->href, 10, 1000) || strchr(l->href, ' ') ||
	    strchr(l->href, '"') || strchr(l->href, '<')) {
		*reason = "href must be a URL of at most 1000 characters";
		return BT_EINVAL;
	}
	if (!bt_text_ok(l->title, 1, 200)) {
		*reason = "title must be 1 to 200 characters of text";
		return BT_EINVAL;
	}
	size_t ln = strlen(l->lang);
	if (ln && !((ln == 2 || (ln == 5 && l->lang[2] == '-')) &&
		    l->lang[0] >= 'a' && l->lang[0] <= 'z' &&
		    l->lang[1] >= 'a' && l->lang[1] <= 'z')) {
		*reason = "lang is a language tag such as zh or en-GB";
		return BT_EINVAL;
	}
	struct trace_product p;
	enum bt_err err = trace_product_get(db, gtin, &p);
	if (err == BT_ENOTFOUND ||
	    (err == BT_OK && p.enterprise_id != l->enterprise_id)) {
		*reason = "no product of yours has this GTIN";
		return BT_ENOTFOUND;
	}
	if (err != BT_OK)
		return err;
	char ent[24];
	snprintf(ent, sizeof(ent), "%lld", l->enterprise_id);
	const char *params[] = {ent,	 gtin,	   l->lot, l->link_type,
				l->href, l->title, l->lang};
	PGresult *r = NULL;
	err = bt_db_query_take(db, &stmts[ST_INSERT], 7, params, &r);
	if (err == BT_OK) {
		l->id = bt_db_int(r, 0, 0);
		bt_strlcpy(l->gtin, gtin, sizeof(l->gtin));
		if (out != NULL &&
		    (*out = json_loads(bt_db_text(r, 0, 1), 0, NULL)) == NULL)
			err = BT_ENOMEM;
	} else if (err == BT_EINVAL) {
		*reason = "the link was refused by a database check";
	}
	PQclear(r);
	return err;
}

enum bt_err trace_link_list(struct bt_db *db, long long enterprise_id,
			    const char *gtin, json_t **out)
{
	char ent[24];
	snprintf(ent, sizeof(ent), "%lld", enterprise_id);
	const char *params[] = {ent, gtin};
	return bt_db_query_json(db, &stmts[gtin ? ST_LIST : ST_LIST_ALL],
				gtin ? 2 : 1, params, out);
}

enum bt_err trace_link_delete(struct bt_db *db, long long enterprise_id,
			      long long id)
{
	char ent[24], key[24];
	snprintf(ent, sizeof(ent), "%lld", enterprise_id);
	snprintf(key, sizeof(key), "%lld", id);
	const char *params[] = {key, ent};
	unsigned long n = 0;
	enum bt_err err = bt_db_run(db, &stmts[ST_DELETE], 2, params, &n);
	return err == BT_OK && n == 0 ? BT_ENOTFOUND : err;
}

void trace_api_resolver_description(struct bt_req *req)
{
	bt_reply_json(req, 200,
		      json_pack("{s:s, s:s, s:[s], s:[{s:s, s:s}], s:b, s:b}",
				"name", "bondtrace", "resolverRoot",
				trace_public_url(), "supportedPrimaryKeys",
				"01", "supportedLinkType", "namespace", GS1_VOC,
				"prefix", "gs1:", "linkTypeDefaultCanBeLinkset",
				1, "linkTypeDefaultCanBeAll", 1));
}

void trace_api_link_create(struct bt_req *req)
{
	static const char *const allowed[] = {"gtin",  "lot",  "type", "href",
					      "title", "lang", NULL};
	struct trace_link l;
	memset(&l, 0, sizeof(l));
	l.enterprise_id = bt_req_principal(req)->enterprise_id;
	json_t *body = bt_req_json_body(req);
	if (body == NULL)
		return;
	if (bt_json_only(req, body, allowed) &&
	    bt_json_copy_string(req, body, "gtin", true, l.gtin,
				sizeof(l.gtin)) &&
	    bt_json_copy_string(req, body, "lot", false, l.lot,
				sizeof(l.lot)) &&
	    bt_json_copy_string(req, body, "type", true, l.link_type,
				sizeof(l.link_type)) &&
	    bt_json_copy_string(req, body, "href", true, l.href,
				sizeof(l.href)) &&
	    bt_json_copy_string(req, body, "title", true, l.title,
				sizeof(l.title)) &&
	    bt_json_copy_string(req, body, "lang", false, l.lang,
				sizeof(l.lang))) {
		struct bt_db *db = bt_req_db(req);
		const char *reason = NULL;
		json_t *out = NULL;
		if (db != NULL) {
			enum bt_err err = trace_link_add(db, &l, &out, &reason);
			if (err != BT_OK)
				bt_reply_error(req, err, reason);
			else
				bt_reply_json(req, 201, out);
		}
	}
	json_decref(body);
}

void trace_api_link_list(struct bt_req *req)
{
	long long ent = bt_req_principal(req)->enterprise_id;
	const char *g = bt_req_query(req, "gtin");
	char gtin[TRACE_GTIN_LEN + 1];
	const char *reason = NULL;
	if (g && trace_gtin_normalize(g, gtin, &reason) != BT_OK) {
		bt_reply_error(req, BT_EINVAL, reason);
		return;
	}
	struct bt_db *db = bt_req_db(req);
	json_t *list = NULL;
	if (db != NULL) {
		enum bt_err err =
			trace_link_list(db, ent, g ? gtin : NULL, &list);
		if (err != BT_OK)
			bt_reply_error(req, err, NULL);
		else
			bt_reply_json(req, 200,
				      json_pack("{s:o}", "links", list));
	}
}

void trace_api_link_delete(struct bt_req *req)
{
	long long ent = bt_req_principal(req)->enterprise_id, id;
	if (!bt_req_id(req, "a link", LLONG_MAX, &id))
		return;
	struct bt_db *db = bt_req_db(req);
	if (db != NULL) {
		enum bt_err err = trace_link_delete(db, ent, id);
		if (err != BT_OK)
			bt_reply_error(req, err, "no such link of yours");
		else
			bt_reply_json(
				req, 200,
				json_pack("{s:I}", "deleted", (json_int_t)id));
	}
}
