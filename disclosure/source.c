/* source.c: the traceability source the application connects. */
#include "source.h"

#include <stdbool.h>

#include "core/log.h"

static struct disc_source the_source;
static bool connected;

void disc_set_source(const struct disc_source *src)
{
	connected = src != NULL && src->facts != NULL &&
		    src->activity != NULL && src->statistics != NULL &&
		    src->inspection != NULL;
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

static struct disc_complaint_source complaint_source;
static bool complaint_connected;

void disc_set_complaint_source(const struct disc_complaint_source *src)
{
	complaint_connected = src != NULL && src->facts != NULL &&
			      src->profile != NULL && src->statistics != NULL;
	complaint_source =
		complaint_connected ? *src : (struct disc_complaint_source){0};
}

const struct disc_complaint_source *disc_complaint_source(void)
{
	if (complaint_connected)
		return &complaint_source;
	bt_log_error("no complaint source is connected (the application "
		     "connects one at start-up)");
	return NULL;
}

bool disc_sources_connected(void)
{
	bool trace = disc_source() != NULL;
	return disc_complaint_source() != NULL && trace;
}
