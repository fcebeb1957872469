/* csv.c: rows of JSON objects as CSV. */
#include "csv.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* A CSV field: quoted when needed; a leading = + - @ is neutralised so
 * that spreadsheets do not run it. */
static void csv_field(struct bt_buf *b, const json_t *v)
{
	char num[32] = "";
	const char *s = num;
	if (json_is_string(v))
		s = json_string_value(v);
	else if (json_is_integer(v))
		snprintf(num, sizeof(num), "%lld",
			 (long long)json_integer_value(v));
	else if (json_is_real(v))
		snprintf(num, sizeof(num), "%g", json_real_value(v));
	else if (json_is_boolean(v))
		s = json_is_true(v) ? "true" : "false";
	struct bt_buf list = BT_BUF_INIT;
	if (json_is_array(v)) { /* of strings: one field, ";" between */
		for (size_t i = 0; i < json_array_size(v); i++) {
			const char *item =
				json_string_value(json_array_get(v, i));
			if (item == NULL)
				continue;
			if (list.len > 0)
				bt_buf_puts(&list, ";");
			bt_buf_puts(&list, item);
		}
		if (list.len > 0)
			s = list.data;
	}
	bool formula = !json_is_number(v) && s[0] && strchr("=+-@", s[0]);
	if (!formula && strpbrk(s, ",\"\r\n") == NULL) {
		bt_buf_puts(b, s);
	} else {
		bt_buf_puts(b, formula ? "\"'" : "\"");
		for (const char *p = s; *p; p++)
			bt_buf_append(b, *p == '"' ? "\"\"" : p,
				      *p == '"' ? 2 : 1);
		bt_buf_puts(b, "\"");
	}
	bt_buf_free(&list);
}

/* The member of row at path: a key, or keys joined by "." into nested
 * objects ("enterprise.name_zh"). */
static const json_t *member(const json_t *row, const char *path)
{
	char key[64];
	const char *dot;
	while ((dot = strchr(path, '.')) != NULL) {
		size_t n = (size_t)(dot - path);
		if (n >= sizeof(key))
			return NULL;
		memcpy(key, path, n);
		key[n] = '\0';
		row = json_object_get(row, key);
		path = dot + 1;
	}
	return json_object_get(row, path);
}

void disc_csv_write(struct bt_buf *b, const json_t *rows,
		    const char *const *cols)
{
	for (size_t c = 0; cols[c]; c++) {
		if (c)
			bt_buf_append(b, ",", 1);
		bt_buf_puts(b, cols[c]);
	}
	bt_buf_append(b, "\r\n", 2);
	for (size_t i = 0; i < json_array_size(rows); i++) {
		const json_t *row = json_array_get(rows, i);
		for (size_t c = 0; cols[c]; c++) {
			if (c)
				bt_buf_append(b, ",", 1);
			csv_field(b, member(row, cols[c]));
		}
		bt_buf_append(b, "\r\n", 2);
	}
}

bool disc_csv_asked(struct bt_req *req)
{
	const char *format = bt_req_query(req, "format");
	return format != NULL && strcmp(format, "csv") == 0;
}

void disc_csv_reply(struct bt_req *req, const json_t *rows,
		    const char *const *cols, const char *filename)
{
	struct bt_buf b = BT_BUF_INIT;
	disc_csv_write(&b, rows, cols);
	char disp[120];
	snprintf(disp, sizeof(disp), "attachment; filename=\"%s\"", filename);
	bt_reply_header(req, "Content-Disposition", disp);
	bt_reply_take(req, 200, "text/csv; charset=utf-8", b.data, b.len);
}

void disc_csv_list_reply(struct bt_req *req, enum bt_err err, const char *tmpl,
			 json_t *view, const char *const *cols,
			 const char *filename)
{
	if (err == BT_OK && disc_csv_asked(req)) {
		disc_csv_reply(req, json_object_get(view, "items"), cols,
			       filename);
		json_decref(view);
	} else if (tmpl == NULL && err == BT_OK) {
		bt_reply_json(req, 200, view);
	} else {
		bt_reply_view_or_error(req, err, tmpl, bt_page_view(req, view),
				       NULL);
	}
}
