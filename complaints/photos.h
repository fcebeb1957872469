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

#endif
