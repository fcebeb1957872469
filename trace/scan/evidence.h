/* evidence.h: the evidence of one code as it stands now, for a complaint
 * (or a claim) to freeze at intake: whether it is genuine, the verdict of
 * its last scan and its scan history, the declaration it is bound to, its
 * lot and provenance, status ranges. Later scans never change what was
 * frozen; this is how other modules read traceability for one code. */
#ifndef TRACE_SCAN_EVIDENCE_H
#define TRACE_SCAN_EVIDENCE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/db.h"
#include "core/err.h"

/* The parts of the evidence a caller routes and matches on. */
struct trace_evidence_ref {
	bool genuine;		 /* a code we issued, inside its batch */
	bool suspect;		 /* its last scan was judged SUSPECT */
	long long enterprise_id; /* the importer; 0 when not genuine */
	uint32_t batch, index;
	char gtin[15];
	char lot[21];
	char platform[256];	   /* the declaration's e-commerce platform */
	char buyer_phone_hash[33]; /* of the bound declaration; "" if none */
	char buyer_id_hash[33];
	char import_date[11]; /* the declaration's ie_date, or "" */
	double price_fen;     /* the declared unit price, or 0 */
};

/* Reads data (a Digital Link URI or a GS1 element string, as scanned).
 * BT_EINVAL with *reason when it is not a code at all; a well-formed code
 * we did not issue is BT_OK with ref->genuine false and *out saying why.
 * *out is the caller's (json_decref); it holds nothing personal. */
enum bt_err trace_code_evidence(struct bt_db *db, const char *data,
				json_t **out, struct trace_evidence_ref *ref,
				const char **reason);

#endif
