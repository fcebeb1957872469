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
	bool formula = !json_is_number(v) && s[0] && strchr("=+-@", s[0]);
	if (!formula && strpbrk(s, ",\"\r\n") == NULL) {
		bt_buf_puts(b, s);
		return;
	}
	bt_buf_puts(b, formula ? "\"'" : "\"");
	for (const char *p = s; *p; p++)
		bt_buf_append(b, *p == '"' ? "\"\"" : p, *p == '"' ? 2 : 1);
	bt_buf_puts(b, "\"");
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
			csv_field(b, json_object_get(row, cols[c]));
		}
		bt_buf_append(b, "\r\n", 2);
	}
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
