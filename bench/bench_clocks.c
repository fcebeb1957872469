/* bench_clocks.c: the nightly overdue sweep's core, the clock engine over
 * 1,000,000 clocks (250,000 complaint cases of six events, four clocks
 * each: the enterprise window, acceptance, mediation, notice; on the 2025
 * and 2026 calendar), against a bare loop over the same events.
 *   build/bench/bench_clocks [RUNS] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "complaints/clock.h"
#include "core/buf.h"

#define CASES  250000
#define EVENTS 6

/* The 2026 notice: days off and working weekend days. */
static const char *const off[] = {
	"2026-01-01", "2026-01-02", "2026-01-03", "2026-02-15", "2026-02-16",
	"2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20", "2026-02-21",
	"2026-02-22", "2026-02-23", "2026-04-04", "2026-04-05", "2026-04-06",
	"2026-05-01", "2026-05-02", "2026-05-03", "2026-05-04", "2026-05-05",
	"2026-06-19", "2026-06-20", "2026-06-21", "2026-09-25", "2026-09-26",
	"2026-09-27", "2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04",
	"2026-10-05", "2026-10-06", "2026-10-07"};
static const char *const on[] = {"2026-01-04", "2026-02-14", "2026-02-28",
				 "2026-05-09", "2026-09-20", "2026-10-10"};

static struct cmpl_rules rules(void)
{
	struct cmpl_rules r;
	memset(&r, 0, sizeof(r));
	const int days[] = {10, 7, 60, 7, 15};
	for (int i = 0; i < CMPL_CLOCK_COUNT; i++) {
		r.clock[i].days = days[i];
		r.clock[i].natural = i == CMPL_CLOCK_MEDIATION;
		r.clock[i].extension = i == CMPL_CLOCK_LEAD ? 15 : 0;
	}
	return r;
}

int main(int argc, char **argv)
{
	long long runs = 5;
	if (argc > 1 && !bt_parse_ll(argv[1], 1, 50, &runs)) {
		fprintf(stderr, "bench_clocks: RUNS is 1 to 50\n");
		return 2;
	}
	struct cmpl_listed_day listed[64];
	size_t n = 0;
	for (size_t i = 0; i < sizeof(off) / sizeof(*off); i++, n++) {
		cmpl_day_parse(off[i], &listed[n].day);
		listed[n].off = true;
		bt_strlcpy(listed[n].name, "holiday", sizeof(listed[n].name));
	}
	for (size_t i = 0; i < sizeof(on) / sizeof(*on); i++, n++) {
		cmpl_day_parse(on[i], &listed[n].day);
		listed[n].off = false;
		bt_strlcpy(listed[n].name, "workday", sizeof(listed[n].name));
	}
	struct cmpl_calendar cal;
	if (cmpl_calendar_build(&cal, 2025, 2026, listed, n) != BT_OK)
		return 1;
	struct cmpl_rules r = rules();
	/* Received over the first nine months of 2026; answered in 0-11
	 * days, accepted after 0-6, testing for 0-20 days, an agreement
	 * within 40 days after. */
	struct cmpl_event_in *ev = malloc(sizeof(*ev) * CASES * EVENTS);
	int32_t start = 0, today = 0;
	cmpl_day_parse("2026-01-05", &start);
	cmpl_day_parse("2026-12-01", &today);
	srand(7);
	for (int c = 0; c < CASES; c++) {
		struct cmpl_event_in *e = ev + (size_t)c * EVENTS;
		int32_t d = start + rand() % 270;
		e[0] = (struct cmpl_event_in){CMPL_EV_RECEIVED, d};
		e[1] = (struct cmpl_event_in){CMPL_EV_RESPONDED,
					      d + rand() % 12};
		e[2] = (struct cmpl_event_in){CMPL_EV_ACCEPTED, d + rand() % 7};
		int32_t t = e[2].day + rand() % 10;
		e[3] = (struct cmpl_event_in){CMPL_EV_TESTING_STARTED, t};
		e[4] = (struct cmpl_event_in){CMPL_EV_TESTING_ENDED,
					      t + rand() % 21};
		e[5] = (struct cmpl_event_in){CMPL_EV_AGREEMENT,
					      e[4].day + rand() % 40};
	}
	double engine[50] = {0}, bare[50] = {0};
	int nruns = (int)runs;
	long long clocks = 0, sum = 0;
	for (int run = 0; run < nruns; run++) {
		double t0 = bench_now();
		long long bare_sum = 0;
		for (int c = 0; c < CASES; c++)
			for (int i = 0; i < EVENTS; i++)
				bare_sum += ev[(size_t)(c * EVENTS + i)].day;
		double t1 = bench_now();
		clocks = 0;
		for (int c = 0; c < CASES; c++) {
			struct cmpl_clock out[CMPL_CLOCK_COUNT];
			cmpl_clocks(&cal, &r, CMPL_COMPLAINT, true,
				    ev + (size_t)c * EVENTS, EVENTS, today,
				    out);
			for (int i = 0; i < CMPL_CLOCK_COUNT; i++) {
				clocks += out[i].state != CMPL_CLOCK_IDLE;
				sum += out[i].due;
			}
		}
		double t2 = bench_now();
		bare[run] = t1 - t0;
		engine[run] = t2 - t1;
		sum += bare_sum;
	}
	double e = bench_median(engine, nruns), b = bench_median(bare, nruns);
	printf("cases %d, clocks %lld per run, runs %d (checksum %lld)\n",
	       CASES, clocks, nruns, sum % 1000);
	printf("bare loop over the events   median %8.2f ms\n", b * 1000);
	printf("clock engine                median %8.2f ms  (%.0f ns a clock, "
	       "%.2f M clocks/s)\n",
	       e * 1000, e * 1e9 / (double)clocks, (double)clocks / e / 1e6);
	free(ev);
	cmpl_calendar_free(&cal);
	return 0;
}
