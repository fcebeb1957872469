/* draw.h: random inspection draws (双随机、一公开) whose sampling rate
 * depends on each enterprise's credit grade. A draw is made in public
 * first: its seed, and the population with each enterprise's grade and
 * rate, frozen. When it is run, an enterprise is selected when
 *
 *     u = first 8 bytes of SHA-256(seed ":" USCC), big-endian, / 2^64
 *
 * is below its rate, so anyone can recompute the selection from what was
 * published (docs/credit.md shows how with sha256sum). */
#ifndef DISC_DRAW_H
#define DISC_DRAW_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/db.h"
#include "core/err.h"

/* Parses "A=0.03,B=0.10,..." into an object {grade: rate}; false with a
 * reason if a rate is not within 0..1 or the text is malformed. */
bool disc_draw_rates(const char *text, json_t **out, char *reason, size_t size);

/* u for one enterprise, in [0, 1). */
double disc_draw_u(const char *seed, const char *uscc);

/* The selection from a population [{uscc, rate, ...}] and seed: the
 * entries with u below their rate, each with its u. */
json_t *disc_draw_select(const char *seed, const json_t *population);

/* Makes a draw: a fresh seed, every enterprise with its current grade and
 * the rate for it. title_en (NULL or "" if none) is the title in English.
 * BT_EINVAL with reason if a grade has no rate. */
enum bt_err disc_draw_create(struct bt_db *db, const char *title,
			     const char *title_en, const char *rates,
			     const char *who, const char *now, long long *id,
			     char *reason, size_t size);

/* Runs a draw once, publishing its selection. */
enum bt_err disc_draw_run(struct bt_db *db, long long id, const char *now,
			  char *reason, size_t size);

enum bt_err disc_draw_get(struct bt_db *db, long long id, json_t **out);
enum bt_err disc_draw_list(struct bt_db *db, json_t **out);

#endif
