/* photos.h: evidence photos of a case: at most CMPL_PHOTOS_MAX, each
 * already written again as a plain PNG (scanner/photo.h), added by whoever
 * may see the case while it is open, shown only to them. */
#ifndef CMPL_PHOTOS_H
#define CMPL_PHOTOS_H

#include "complaints/store.h"
#include "core/buf.h"
#include "core/db.h"
#include "core/err.h"

#define CMPL_PHOTOS_MAX 5

/* Stores png (w x h) on case number as v, in one transaction. BT_ENOTFOUND
 * as for cmpl_case_view; BT_ETOOBIG past CMPL_PHOTOS_MAX and BT_ECONFLICT
 * on a closed case, with *reason. */
enum bt_err cmpl_photo_add(struct bt_db *db, const char *number,
			   const struct cmpl_viewer *v,
			   const struct bt_buf *png, int w, int h,
			   long long *id, const char **reason);

/* Photo id of case number, if v may see the case: its PNG into out. */
enum bt_err cmpl_photo_get(struct bt_db *db, const char *number,
			   const struct cmpl_viewer *v, long long id,
			   struct bt_buf *out);

/* The statements of one kind of photos (a case's, a claim's): count
 * ($1 the parent: count and the parent's state), insert ($1 parent, $2 by,
 * $3 bytea, $4 width, $5 height, RETURNING id), get ($1 parent, $2 id:
 * the PNG as hex); and the refusals when full or closed. */
struct cmpl_photo_sql {
	struct bt_stmt count, insert, get;
	const char *full, *closed;
};
/* Stores png on parent (its row locked by the caller, in a transaction):
 * BT_ETOOBIG past CMPL_PHOTOS_MAX, BT_ECONFLICT when it is closed. */
enum bt_err cmpl_photo_insert(struct bt_db *db,
			      const struct cmpl_photo_sql *sql,
			      long long parent, const char *by,
			      const struct bt_buf *png, int w, int h,
			      long long *id, const char **reason);
/* Photo id of parent into out; BT_ENOTFOUND if it has no such photo. */
enum bt_err cmpl_photo_read(struct bt_db *db, const struct cmpl_photo_sql *sql,
			    long long parent, long long id, struct bt_buf *out);

#endif
