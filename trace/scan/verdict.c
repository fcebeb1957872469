/* verdict.c: the authenticity rules. */
#include "verdict.h"

#include <math.h>
#include <string.h>

const char *trace_verdict_name(enum trace_verdict v)
{
	switch (v) {
	case TRACE_GENUINE: return "genuine";
	case TRACE_CAUTION: return "caution";
	case TRACE_SUSPECT: return "suspect";
	}
	return "suspect";
}

const char *trace_status_name(enum trace_code_status s)
{
	switch (s) {
	case TRACE_STATUS_NONE: return NULL;
	case TRACE_STATUS_RECALLED: return "recalled";
	case TRACE_STATUS_REVOKED: return "revoked";
	case TRACE_STATUS_STOLEN: return "stolen";
	}
	return NULL;
}

enum trace_code_status trace_status_parse(const char *name)
{
	if (name == NULL)
		return TRACE_STATUS_NONE;
	if (strcmp(name, "recalled") == 0)
		return TRACE_STATUS_RECALLED;
	if (strcmp(name, "revoked") == 0)
		return TRACE_STATUS_REVOKED;
	if (strcmp(name, "stolen") == 0)
		return TRACE_STATUS_STOLEN;
	return TRACE_STATUS_NONE;
}

double trace_haversine_km(double lat1, double lon1, double lat2, double lon2)
{
	const double rad = M_PI / 180.0;
	double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
	double a = sin(dlat / 2) * sin(dlat / 2) +
		   cos(lat1 * rad) * cos(lat2 * rad) * sin(dlon / 2) *
			   sin(dlon / 2);
	return 2 * 6371.0 * asin(sqrt(a < 1 ? a : 1));
}

static void add(struct trace_judgement *j, enum trace_verdict level,
		const char *reason)
{
	if (j->nreasons < TRACE_REASONS_MAX)
		j->reasons[j->nreasons++] = reason;
	if (level > j->verdict)
		j->verdict = level;
}

/* Distinct networks among this scan and the earlier ones in the window. */
static unsigned distinct_places(const struct trace_rules *r,
				const struct trace_scan_facts *f)
{
	const char *seen[TRACE_HISTORY_MAX + 1];
	unsigned n = 0;
	seen[n++] = f->net;
	double since = f->at - r->places_window_hours * 3600.0;
	for (unsigned i = 0; i < f->npast && i < TRACE_HISTORY_MAX; i++) {
		if (f->past[i].at < since)
			break; /* newest first: the rest are older still */
		bool dup = false;
		for (unsigned k = 0; k < n && !dup; k++)
			dup = strcmp(seen[k], f->past[i].net) == 0;
		if (!dup)
			seen[n++] = f->past[i].net;
	}
	return n;
}

/* True when reaching this scan's region from the last scan that has one
 * would need more than the possible speed. */
static bool impossible_travel(const struct trace_rules *r,
			      const struct trace_scan_facts *f,
			      trace_distance_fn distance)
{
	if (distance == NULL || f->region == NULL || f->region[0] == '\0')
		return false;
	for (unsigned i = 0; i < f->npast; i++) {
		const struct trace_past_scan *p = &f->past[i];
		if (p->region == NULL || p->region[0] == '\0')
			continue;
		double km = distance(p->region, f->region);
		if (km < r->travel_min_km)
			return false;
		double hours = (f->at - p->at) / 3600.0;
		return hours <= 0 || km / hours > r->travel_kmh;
	}
	return false;
}

void trace_judge(const struct trace_rules *rules,
		 const struct trace_scan_facts *facts,
		 trace_distance_fn distance, struct trace_judgement *out)
{
	memset(out, 0, sizeof(*out));
	out->verdict = TRACE_GENUINE;
	if (facts->status_in_force) {
		switch (facts->status) {
		case TRACE_STATUS_NONE: break;
		case TRACE_STATUS_RECALLED:
			add(out, TRACE_CAUTION, "recalled");
			break;
		case TRACE_STATUS_REVOKED:
			add(out, TRACE_SUSPECT, "revoked");
			break;
		case TRACE_STATUS_STOLEN:
			add(out, TRACE_SUSPECT, "stolen");
			break;
		}
	}
	if (facts->undeclared)
		add(out, TRACE_CAUTION, "not_declared");
	if (facts->count >= rules->suspect_count)
		add(out, TRACE_SUSPECT, "scanned_very_often");
	else if (facts->count >= rules->caution_count)
		add(out, TRACE_CAUTION, "scanned_often");
	unsigned places = distinct_places(rules, facts);
	if (places >= rules->places_suspect)
		add(out, TRACE_SUSPECT, "very_many_places");
	else if (places >= rules->places_caution)
		add(out, TRACE_CAUTION, "many_places");
	if (impossible_travel(rules, facts, distance))
		add(out, TRACE_SUSPECT, "impossible_travel");
}
