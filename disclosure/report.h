/* report.h: an enterprise's credit report as a PDF: what its portal page
 * shows (the rating with its reasons and the six categories), on A4 pages
 * for printing or filing, in Chinese or English. */
#ifndef DISC_REPORT_H
#define DISC_REPORT_H

#include <jansson.h>

#include "core/buf.h"
#include "core/err.h"

/* Writes the report of profile (disc_profile_get's view) in lang ("zh" or
 * "en") to out. page_url is the enterprise's page on the portal, printed
 * so that a reader can check the report against what is published now. */
enum bt_err disc_report_pdf(const json_t *profile, const char *lang,
			    const char *page_url, struct bt_buf *out);

#endif
