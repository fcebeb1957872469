/* fuzz_complaints.c: libFuzzer target for what complaints read from
 * outside: a year's calendar file (the public holiday-data shape), then
 * due dates on the calendar it builds; and the data members of every case
 * event. Any bytes must be read or refused with a reason, without a crash
 * or undefined behaviour. Built and run by scripts/fuzz.sh. */
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "complaints/calendar.h"
#include "complaints/event_data.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *j = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES,
			       NULL);
	if (j == NULL)
		return 0;
	const char *reason = NULL;
	for (int e = 0; e < CMPL_EV_COUNT; e++) {
		reason = NULL;
		if (json_is_object(j) &&
		    cmpl_event_data_check((enum cmpl_ev)e, j, &reason) !=
			    BT_OK &&
		    reason == NULL)
			__builtin_trap(); /* a refusal always says why */
	}
	struct cmpl_listed_day days[CMPL_LISTED_PER_YEAR_MAX];
	int y = 0;
	size_t n = 0;
	reason = NULL;
	if (cmpl_calendar_parse_year(j, &y, days, CMPL_LISTED_PER_YEAR_MAX, &n,
				     &reason) == BT_OK) {
		int years[] = {y - 1, y};
		struct cmpl_calendar cal;
		if (cmpl_calendar_build_years(&cal, years, 2, days, n) ==
		    BT_OK) {
			int32_t from = cmpl_day_from_ymd(y, 1, 1), due = 0;
			for (int k = 1; k <= 300; k += 37)
				if (cmpl_calendar_add_working(&cal, from, k,
							      &due)) {
					json_decref(cmpl_calendar_explain(
						&cal, from, due));
				}
			cmpl_calendar_free(&cal);
		}
	} else if (reason == NULL) {
		__builtin_trap();
	}
	json_decref(j);
	return 0;
}
