/* trace.h: the trace module's settings and shared checks. The module's
 * three flows live in trace/code (issuing codes and print files),
 * trace/scan (resolving and recording scans) and trace/customs (CEB
 * declarations, bindings, provenance); trace/credit_facts.c supplies the
 * disclosure portal. */
#ifndef TRACE_TRACE_H
#define TRACE_TRACE_H

#include <stdbool.h>

#include "core/keys.h"

/* Sets the keys and the resolver base URL ("https://id.example.cn") that
 * codes are issued under. keys must outlive their use; the URL is copied
 * (at most 255 bytes). */
void trace_init(const struct bt_keys *keys, const char *public_url);
const struct bt_keys *trace_keys(void);
const char *trace_public_url(void);

/* True for a real calendar date written YYYY-MM-DD (years 2000-2099, as
 * GS1 AI 17 can carry). */
bool trace_date_valid(const char *s);

#endif
