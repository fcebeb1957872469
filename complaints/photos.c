/* photos.c: a case's evidence photos in the database (see photos.h). */
#include "photos.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/crypto.h"

static const struct cmpl_photo_sql case_sql = {
	{"cmpl.photo_count",
	 "SELECT count(*), (SELECT state FROM cmpl_case WHERE id = $1) FROM "
	 "cmpl_evidence WHERE case_id = $1"},
	{"cmpl.photo_insert",
	 "INSERT INTO cmpl_evidence (case_id, added_by, png, width, height) "
	 "VALUES ($1, $2, $3::bytea, $4, $5) RETURNING id"},
	{"cmpl.photo_get",
	 "SELECT encode(png, 'hex') FROM cmpl_evidence WHERE id = $2 AND "
	 "case_id = $1"},
	"a case holds at most 5 photos",
	"the case is closed",
};

enum bt_err cmpl_photo_insert(struct bt_db *db,
			      const struct cmpl_photo_sql *sql,
			      long long parent, const char *by,
			      const struct bt_buf *png, int w, int h,
			      long long *id, const char **reason)
{
	char cid[24];
	snprintf(cid, sizeof(cid), "%lld", parent);
	const char *p[] = {cid};
	PGresult *r = NULL;
	enum bt_err err = bt_db_query_take(db, &sql->count, 1, p, &r);
	if (err == BT_OK && bt_db_int(r, 0, 0) >= CMPL_PHOTOS_MAX) {
		*reason = sql->full;
		err = BT_ETOOBIG;
	} else if (err == BT_OK && strcmp(bt_db_text(r, 0, 1), "closed") == 0) {
		*reason = sql->closed;
		err = BT_ECONFLICT;
	}
	PQclear(r);
	if (err != BT_OK)
		return err;
	char *hex = malloc(2 * png->len + 3);
	if (hex == NULL)
		return BT_ENOMEM;
	hex[0] = '\\';
	hex[1] = 'x';
	bt_hex_encode(hex + 2, png->data, png->len);
	char wt[16], ht[16];
	snprintf(wt, sizeof(wt), "%d", w);
	snprintf(ht, sizeof(ht), "%d", h);
	const char *q[] = {cid, by, hex, wt, ht};
	err = bt_db_query_take(db, &sql->insert, 5, q, &r);
	if (err == BT_OK)
		*id = bt_db_int(r, 0, 0);
	PQclear(r);
	free(hex);
	return err;
}

enum bt_err cmpl_photo_read(struct bt_db *db, const struct cmpl_photo_sql *sql,
			    long long parent, long long id, struct bt_buf *out)
{
	char cid[24], pid[24];
	snprintf(cid, sizeof(cid), "%lld", parent);
	snprintf(pid, sizeof(pid), "%lld", id);
	const char *p[] = {cid, pid};
	PGresult *r = NULL;
	enum bt_err err = bt_db_query_take(db, &sql->get, 2, p, &r);
	if (err == BT_OK && PQntuples(r) != 1)
		err = BT_ENOTFOUND;
	if (err == BT_OK) {
		const char *hex = bt_db_text(r, 0, 0);
		size_t n = strlen(hex) / 2;
		err = bt_buf_reserve(out, n);
		if (err == BT_OK)
			err = bt_hex_decode(out->data, n, hex);
		if (err == BT_OK)
			out->len = n;
	}
	PQclear(r);
	return err;
}

enum bt_err cmpl_photo_add(struct bt_db *db, const char *number,
			   const struct cmpl_viewer *v,
			   const struct bt_buf *png, int w, int h,
			   long long *id, const char **reason)
{
	long long case_id = 0;
	const char *by = v->actor == CMPL_BY_CONSUMER ? "consumer"
			 : v->name		      ? v->name
						      : "staff";
	enum bt_err err = bt_db_begin(db);
	if (err == BT_OK)
		err = cmpl_case_find(db, number, v, true, &case_id);
	if (err == BT_OK)
		err = cmpl_photo_insert(db, &case_sql, case_id, by, png, w, h,
					id, reason);
	return bt_db_finish(db, err);
}

enum bt_err cmpl_photo_get(struct bt_db *db, const char *number,
			   const struct cmpl_viewer *v, long long id,
			   struct bt_buf *out)
{
	long long case_id = 0;
	enum bt_err err = cmpl_case_find(db, number, v, false, &case_id);
	return err == BT_OK ? cmpl_photo_read(db, &case_sql, case_id, id, out)
			    : err;
}
