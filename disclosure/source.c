/* source.c: the traceability source the application connects. */
#include "source.h"

#include <stdbool.h>

#include "core/log.h"

static struct disc_source the_source;
static bool connected;

void disc_set_source(const struct disc_source *src)
{
	connected = src != NULL && src->facts != NULL &&
		    src->activity != NULL && src->statistics != NULL;
	the_source = connected ? *src : (struct disc_source){0};
}

const struct disc_source *disc_source(void)
{
	if (connected)
		return &the_source;
	bt_log_error("no traceability source is connected (the application "
		     "connects one at start-up)");
	return NULL;
}
