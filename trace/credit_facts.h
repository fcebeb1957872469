/* credit_facts.h: what the disclosure portal publishes from traceability:
 * the facts its credit rating reads, an enterprise's operating and
 * regulatory record, and platform statistics. These fill the disclosure
 * module's source (disclosure/source.h). */
#ifndef TRACE_CREDIT_FACTS_H
#define TRACE_CREDIT_FACTS_H

#include "disclosure/source.h"

/* Connects traceability to the disclosure module. */
void trace_disclose_connect(void);

#endif
