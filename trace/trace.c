/* trace.c: the trace module's settings, set once at start: the keys codes
 * are issued and checked under, and the resolver's public URL; and the
 * calendar-date check its inputs share. */
#include "trace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/clock.h"

static const struct bt_keys *module_keys;
static char module_url[256];

void trace_init(const struct bt_keys *keys, const char *public_url)
{
	module_keys = keys;
	bt_strlcpy(module_url, public_url, sizeof(module_url));
}

const struct bt_keys *trace_keys(void)
{
	if (module_keys == NULL) { /* a programmer's error, not a user's */
		fputs("bondtrace: trace_init() was not called before the "
		      "trace module was used\n",
		      stderr);
		abort();
	}
	return module_keys;
}

const char *trace_public_url(void)
{
	return module_url;
}

bool trace_date_valid(const char *s)
{
	int y, m, d;
	return bt_date_parse(s, &y, &m, &d) && y >= 2000 && y <= 2099;
}
