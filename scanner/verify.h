/* verify.h: proving a print run: decode every label of exported files
 * (PNG/JPEG images, SVG, tar archives of either, PDF sheets rendered by
 * poppler) and compare with the codes [from, to) of the batch: which are
 * missing, which appear twice, which are not of the batch, and which files
 * or pages gave nothing. Needs no database: codes are checked by their MAC. */
#ifndef SCAN_VERIFY_H
#define SCAN_VERIFY_H

#include <jansson.h>
#include <stdint.h>

#include "core/err.h"
#include "trace/code/batch.h"

struct scan_verify;

enum bt_err scan_verify_new(const struct trace_batch *b, uint32_t from,
			    uint32_t to, struct scan_verify **out);
void scan_verify_free(struct scan_verify *v);

/* Reads one file (by its extension: .png .jpg .jpeg .pgm .pbm .svg .tar
 * .pdf). BT_EINVAL with *reason if it cannot be read at all. */
enum bt_err scan_verify_file(struct scan_verify *v, const char *path,
			     const char **reason);

/* {"expected", "read", "missing": n, "missing_first": [...],
 * "twice": n, "twice_first": [...], "foreign": n, "unreadable": [...],
 * "clean": bool} (new reference). */
json_t *scan_verify_report(const struct scan_verify *v);

#endif
