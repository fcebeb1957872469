/* elements.h: GS1 element strings as DataMatrix and GS1-128 readers
 * deliver them: "(01)09521234543213(10)LOT(21)SERIAL", or raw with FNC1
 * written as the GS character (0x1D) and an optional symbology identifier
 * (]d2, ]C1, ]Q3), or a Digital Link URI. */
#ifndef TRACE_ELEMENTS_H
#define TRACE_ELEMENTS_H

#include "core/err.h"
#include "trace/code/gs1.h"

/* Parses data into GTIN, lot and serial; other known AIs (dates, variant)
 * are checked and skipped. BT_EINVAL with *reason otherwise. */
enum bt_err trace_elements_parse(const char *data, struct trace_dl *out,
				 const char **reason);

#endif
