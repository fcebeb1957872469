/* verdict.h: is a scanned code likely genuine? Explainable rules over the
 * code's scan pattern and status: each rule that fires adds a reason code
 * and raises the verdict to at least its level. Pure: no I/O. */
#ifndef TRACE_VERDICT_H
#define TRACE_VERDICT_H

#include <stdbool.h>

enum trace_verdict { TRACE_GENUINE, TRACE_CAUTION, TRACE_SUSPECT };

enum trace_code_status {
	TRACE_STATUS_NONE,
	TRACE_STATUS_RECALLED,
	TRACE_STATUS_REVOKED,
	TRACE_STATUS_STOLEN,
};

/* Thresholds, from configuration (scan_limit, verdict_setting). */
struct trace_rules {
	unsigned caution_count; /* for the product's category */
	unsigned suspect_count;
	double places_window_hours;
	unsigned places_caution;
	unsigned places_suspect;
	double travel_kmh;
	double travel_min_km;
};

#define TRACE_HISTORY_MAX 16
#define TRACE_REASONS_MAX 8

/* One earlier scan: seconds since the epoch, network hash, region ("" if
 * unknown). */
struct trace_past_scan {
	double at;
	const char *net;
	const char *region;
};

struct trace_scan_facts {
	unsigned count; /* scans of the code including this one */
	double at;
	const char *net;
	const char *region;
	const struct trace_past_scan *past; /* newest first */
	unsigned npast;
	enum trace_code_status status;
	bool status_in_force; /* the status's effective time has passed */
	bool undeclared;      /* not bound to a declared item: a leaked label */
};

struct trace_judgement {
	enum trace_verdict verdict;
	unsigned nreasons;
	const char *reasons[TRACE_REASONS_MAX]; /* static reason codes */
};

/* Distance in km between two region codes, or a negative number when
 * either is unknown. */
typedef double (*trace_distance_fn)(const char *region_a, const char *region_b);

void trace_judge(const struct trace_rules *rules,
		 const struct trace_scan_facts *facts,
		 trace_distance_fn distance, struct trace_judgement *out);

/* "genuine", "caution" or "suspect". */
const char *trace_verdict_name(enum trace_verdict v);
/* "revoked", "recalled", "stolen", or NULL for none. */
const char *trace_status_name(enum trace_code_status s);
enum trace_code_status trace_status_parse(const char *name);

/* Great-circle distance in km. */
double trace_haversine_km(double lat1, double lon1, double lat2, double lon2);

#endif
