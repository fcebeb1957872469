/* fuzz_claims.c: libFuzzer target for what a claim reads from outside:
 * the data members of every claim event (a JSON object), and any sequence
 * of actors and events folded by the state machine and timed by the clock
 * engine. Any bytes must be refused with a reason or applied without a
 * crash, undefined behaviour, or a state the machine does not know. Built
 * and run by scripts/fuzz.sh. */
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "insurance/claim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Up to 64 events from the bytes: actor, event and a day step each. */
static void fold(const uint8_t *data, size_t size)
{
	static const struct cmpl_calendar none = {0};
	struct ins_rules r;
	memset(&r, 0, sizeof(r));
	for (int i = 0; i < INS_CLOCK_COUNT; i++) {
		r.clock[i].days = 1 + (size > (size_t)i ? data[i] % 90 : 30);
		r.clock[i].natural = true;
	}
	struct ins_fold f;
	ins_fold_init(&f, size > 0 && data[0] & 1);
	struct cmpl_event_in ev[64];
	size_t n = 0;
	int32_t day = cmpl_day_from_ymd(2026, 1, 1);
	for (size_t i = 0; i + 2 < size && n < 64; i += 3) {
		enum ins_actor a = (enum ins_actor)(data[i] % 5);
		enum ins_ev e = (enum ins_ev)(data[i + 1] % INS_EV_COUNT);
		day += data[i + 2] % 40;
		const char *why = NULL;
		bool ok = ins_allowed(&f, a, e, &why);
		if (!ok && why == NULL)
			__builtin_trap(); /* a refusal always says why */
		if (ins_apply(&f, a, e, data[i + 2] & 1) != ok)
			__builtin_trap();
		if (f.state > INS_ST_COUNT)
			__builtin_trap();
		if (ok)
			ev[n++] = (struct cmpl_event_in){(int)e, day};
		const char *list[INS_EV_COUNT + 1];
		ins_allowed_list(&f, a, list);
	}
	struct cmpl_clock c[INS_CLOCK_COUNT];
	ins_clocks(&none, &r, ev, n, day + 10, c);
	struct ins_limits l = {size > 3 ? data[3] * 100LL : 1, 100000,
			       size > 4 ? data[4] * 10LL : 0, 0, 0};
	struct ins_payable p =
		ins_payable_for(&l, size > 5 ? data[5] * 97LL : 0);
	if (p.payable_fen < 0 || p.payable_fen > l.per_claim_fen)
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fold(data, size);
	json_t *j = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES,
			       NULL);
	if (j == NULL)
		return 0;
	for (int e = 0; e < INS_EV_COUNT; e++) {
		const char *reason = NULL;
		if (json_is_object(j) &&
		    cmpl_fields_check(ins_event_fields((enum ins_ev)e), j,
				      &reason) != BT_OK &&
		    reason == NULL)
			__builtin_trap();
	}
	json_decref(j);
	return 0;
}
