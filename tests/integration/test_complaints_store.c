/* test_complaints_store.c: cases in the real PostgreSQL: the rules in
 * force on the day of receipt, sealed contact data and who sees it,
 * duplicates, recovery bounded by its balance, transfers, refusals that
 * store nothing, and outcomes that a later calendar change cannot
 * rewrite. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "complaints/intake.h"
#include "complaints/store.h"
#include "complaints/upkeep.h"
#include "core/clock.h"
#include "support.h"
#include "trace/code/batch.h"

static long long scalar(const char *sql)
{
	PGresult *r = PQexec(bt_db_conn(it_db()), sql);
	assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
	long long v = bt_db_int(r, 0, 0);
	PQclear(r);
	return v;
}

static long long ent;
static struct trace_batch batch;

static int setup(void **state)
{
	(void)state;
	it_keys();
	ent = it_enterprise();
	char gtin[15];
	it_product(ent, gtin);
	struct trace_batch_request q = {.gtin = gtin, .count = 20};
	const char *reason = NULL;
	return trace_batch_issue(it_db(), ent, &q, &batch, &reason) == BT_OK
		       ? 0
		       : 1;
}

static int teardown(void **state)
{
	(void)state;
	bt_clock_set("");
	it_done();
	return 0;
}

static void file(uint32_t index, const char *phone, const char *day,
		 struct cmpl_receipt *r)
{
	char code[256], when[32];
	trace_code_uri(&batch, index, code, sizeof(code));
	snprintf(when, sizeof(when), "%sT02:00:00Z", day);
	assert_int_equal(bt_clock_set(when), BT_OK);
	struct cmpl_filing f = {.kind = "complaint",
				.code = code,
				.category = "quality",
				.demand = "refund",
				.amount_fen = 9900,
				.description = "Leaks from the seal.",
				.name = "Test Consumer",
				.phone = phone,
				.by = CMPL_BY_CONSUMER,
				.by_name = "consumer"};
	const char *reason = NULL;
	assert_int_equal(cmpl_file(it_db(), &f, r, &reason), BT_OK);
}

static const struct cmpl_viewer regulator = {.actor = CMPL_BY_REGULATOR,
					     .name = "it"};

static json_t *view(const char *number, const struct cmpl_viewer *v)
{
	json_t *out = NULL;
	assert_int_equal(cmpl_case_view(it_db(), number, v, &out), BT_OK);
	return out;
}

static const json_t *clock_of(const json_t *v, const char *name)
{
	const json_t *clocks = json_object_get(v, "clocks");
	for (size_t i = 0; i < json_array_size(clocks); i++) {
		const json_t *c = json_array_get(clocks, i);
		if (strcmp(json_string_value(json_object_get(c, "clock")),
			   name) == 0)
			return c;
	}
	fail_msg("no clock %s", name);
	return NULL;
}

static const char *str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static enum bt_err act(const char *number, const struct cmpl_viewer *v,
		       const char *event, const char *data, const char **reason)
{
	json_t *d = json_loads(data, 0, NULL);
	json_t *out = NULL;
	enum bt_err err =
		cmpl_case_act(it_db(), number, v, event, d, &out, reason);
	json_decref(d);
	json_decref(out);
	return err;
}

static void a_case_keeps_the_rules_in_force_when_it_was_received(void **s)
{
	(void)s;
	struct cmpl_receipt old, new;
	file(0, "13700000001", "2026-03-02", &old);
	file(1, "13700000002", "2026-04-15", &new);
	json_t *v = view(old.number, &regulator);
	assert_string_equal(str(v, "regulation"), "SAMR Order No. 20");
	assert_string_equal(str(clock_of(v, "acceptance"), "article"),
			    "Art. 14");
	json_decref(v);
	const char *reason = NULL;
	bt_clock_set("2026-03-02T03:00:00Z");
	assert_int_equal(act(old.number, &regulator, "accepted", "{}", &reason),
			 BT_OK);
	v = view(old.number, &regulator);
	/* Order 20: 45 working days from Monday 03-02; 04-04..06 and
	 * 05-01..05 off. */
	const json_t *m = clock_of(v, "mediation");
	assert_string_equal(str(m, "unit"), "working");
	assert_int_equal(json_integer_value(json_object_get(m, "days")), 45);
	assert_string_equal(str(m, "due"), "2026-05-08");
	json_decref(v);
	v = view(new.number, &regulator);
	assert_string_equal(str(v, "regulation"), "SAMR Order No. 121");
	assert_string_equal(str(clock_of(v, "acceptance"), "article"),
			    "Art. 15");
	json_decref(v);
}

static void contact_is_sealed_and_shown_only_to_those_handling_it(void **s)
{
	(void)s;
	struct cmpl_receipt r;
	file(2, "13700000003", "2026-06-01", &r);
	char sql[256];
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM cmpl_case WHERE number = '%s' AND "
		 "position('13700000003'::bytea IN contact) = 0 AND "
		 "position('Test Consumer'::bytea IN contact) = 0 AND "
		 "phone_hash <> '13700000003'",
		 r.number);
	assert_int_equal(scalar(sql), 1);
	struct cmpl_viewer consumer = {.actor = CMPL_BY_CONSUMER,
				       .token = r.token};
	json_t *v = view(r.number, &consumer);
	assert_null(json_object_get(v, "contact"));
	json_decref(v);
	v = view(r.number, &regulator);
	assert_string_equal(str(json_object_get(v, "contact"), "phone"),
			    "13700000003");
	json_decref(v);
	struct cmpl_viewer firm = {.actor = CMPL_BY_ENTERPRISE,
				   .enterprise_id = ent,
				   .name = "it"};
	v = view(r.number, &firm);
	assert_non_null(json_object_get(v, "contact")); /* its window runs */
	json_decref(v);
	const char *reason = NULL;
	assert_int_equal(act(r.number, &firm, "responded", "{\"text\": \"ok\"}",
			     &reason),
			 BT_OK);
	v = view(r.number, &firm);
	assert_null(json_object_get(v, "contact"));
	json_decref(v);
	/* Another enterprise sees no such case; a wrong token neither. */
	struct cmpl_viewer other = {.actor = CMPL_BY_ENTERPRISE,
				    .enterprise_id = ent + 100000};
	json_t *none = NULL;
	assert_int_equal(cmpl_case_view(it_db(), r.number, &other, &none),
			 BT_ENOTFOUND);
	struct cmpl_viewer guess = {.actor = CMPL_BY_CONSUMER,
				    .token =
					    "00000000000000000000000000000000"};
	assert_int_equal(cmpl_case_view(it_db(), r.number, &guess, &none),
			 BT_ENOTFOUND);
}

static void the_window_past_unanswered_hides_the_contact_again(void **s)
{
	(void)s;
	struct cmpl_receipt r;
	file(8, "13700000008", "2026-06-01", &r);
	bt_clock_set("2026-06-20T02:00:00Z"); /* window ended 06-15 */
	struct cmpl_viewer firm = {.actor = CMPL_BY_ENTERPRISE,
				   .enterprise_id = ent,
				   .name = "it"};
	json_t *v = view(r.number, &firm);
	assert_null(json_object_get(v, "contact"));
	assert_string_equal(str(clock_of(v, "enterprise"), "state"),
			    "breached");
	/* staff names stay the office's */
	json_t *ev = json_array_get(json_object_get(v, "events"), 0);
	assert_true(json_is_null(json_object_get(ev, "actor")));
	json_decref(v);
	/* the consumer learns nothing of buyer matching */
	struct cmpl_viewer consumer = {.actor = CMPL_BY_CONSUMER,
				       .token = r.token};
	v = view(r.number, &consumer);
	char *flags = json_dumps(json_object_get(v, "flags"), 0);
	assert_null(strstr(flags, "buyer"));
	free(flags);
	json_decref(v);
	char sql[200];
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM cmpl_case WHERE number = '%s' AND "
		 "window_due = '2026-06-15'",
		 r.number);
	assert_int_equal(scalar(sql), 1);
}

static void the_same_complainant_on_the_same_item_is_a_duplicate(void **s)
{
	(void)s;
	struct cmpl_receipt a, b;
	file(3, "137-0000-0004", "2026-06-02", &a);
	file(3, "13700000004", "2026-06-03", &b);
	json_t *v = view(b.number, &regulator);
	const json_t *flags = json_object_get(v, "flags");
	bool dup = false;
	for (size_t i = 0; i < json_array_size(flags); i++)
		dup = dup || strcmp(json_string_value(json_array_get(flags, i)),
				    "duplicate") == 0;
	assert_true(dup);
	json_decref(v);
}

static void recovery_is_bounded_by_the_balance(void **s)
{
	(void)s;
	struct cmpl_receipt r;
	file(4, "13700000005", "2026-06-04", &r);
	const char *reason = NULL;
	assert_int_equal(act(r.number, &regulator, "advance_paid",
			     "{\"payer\": \"platform\", \"payer_name\": \"P\", "
			     "\"amount_fen\": 1000}",
			     &reason),
			 BT_OK);
	json_t *v = view(r.number, &regulator);
	json_t *pay = json_array_get(json_object_get(v, "payments"), 0);
	json_int_t id = json_integer_value(json_object_get(pay, "id"));
	assert_int_equal(
		json_integer_value(json_object_get(pay, "balance_fen")), 1000);
	json_decref(v);
	char data[96];
	snprintf(data, sizeof(data), "{\"payment\": %lld, \"amount_fen\": 600}",
		 (long long)id);
	assert_int_equal(act(r.number, &regulator, "recovered", data, &reason),
			 BT_OK);
	/* The enterprise records its platform's payment, not an insurer's. */
	struct cmpl_viewer firm = {.actor = CMPL_BY_ENTERPRISE,
				   .enterprise_id = ent,
				   .name = "it"};
	assert_int_equal(act(r.number, &firm, "advance_paid",
			     "{\"payer\": \"insurer\", \"payer_name\": \"I\", "
			     "\"amount_fen\": 10}",
			     &reason),
			 BT_EINVAL);
	assert_int_equal(act(r.number, &firm, "advance_paid",
			     "{\"payer\": \"platform\", \"payer_name\": \"P\", "
			     "\"amount_fen\": 10}",
			     &reason),
			 BT_OK);
	long long events = scalar("SELECT count(*) FROM cmpl_event");
	snprintf(data, sizeof(data), "{\"payment\": %lld, \"amount_fen\": 500}",
		 (long long)id);
	assert_int_equal(act(r.number, &regulator, "recovered", data, &reason),
			 BT_ECONFLICT);
	assert_int_equal(scalar("SELECT count(*) FROM cmpl_event"), events);
	v = view(r.number, &regulator);
	pay = json_array_get(json_object_get(v, "payments"), 0);
	assert_int_equal(
		json_integer_value(json_object_get(pay, "balance_fen")), 400);
	json_decref(v);
}

static void a_transfer_moves_the_case_and_a_bad_one_stores_nothing(void **s)
{
	(void)s;
	struct cmpl_receipt r;
	file(5, "13700000006", "2026-06-05", &r);
	long long events = scalar("SELECT count(*) FROM cmpl_event");
	const char *reason = NULL;
	assert_int_equal(act(r.number, &regulator, "transferred",
			     "{\"office\": \"999999\", \"text\": \"x\"}",
			     &reason),
			 BT_EINVAL);
	assert_int_equal(scalar("SELECT count(*) FROM cmpl_event"), events);
	assert_int_equal(act(r.number, &regulator, "transferred",
			     "{\"office\": \"330000\", \"text\": \"province\"}",
			     &reason),
			 BT_OK);
	json_t *v = view(r.number, &regulator);
	assert_string_equal(str(json_object_get(v, "office"), "code"),
			    "330000");
	json_decref(v);
}

static void a_closed_outcome_does_not_move_with_the_calendar(void **s)
{
	(void)s;
	struct cmpl_receipt r;
	file(6, "13700000007", "2026-07-01", &r);
	const char *reason = NULL;
	bt_clock_set("2026-07-10T02:00:00Z");
	assert_int_equal(act(r.number, &regulator, "not_accepted",
			     "{\"ground\": \"outside_remit\", \"text\": "
			     "\"not ours\"}",
			     &reason),
			 BT_OK);
	assert_int_equal(act(r.number, &regulator, "closed", "{}", &reason),
			 BT_OK);
	json_t *v = view(r.number, &regulator);
	char *before =
		json_dumps(json_object_get(v, "outcome"), JSON_SORT_KEYS);
	json_decref(v);
	/* 2026-07-06 made a day off after the fact; the case is refreshed. */
	PGresult *x = PQexec(bt_db_conn(it_db()),
			     "INSERT INTO calendar_day VALUES ('2026-07-06', "
			     "true, 'it') ON CONFLICT DO NOTHING");
	PQclear(x);
	char sql[160];
	snprintf(sql, sizeof(sql),
		 "SELECT id FROM cmpl_case WHERE number = '%s'", r.number);
	long long id = scalar(sql);
	assert_int_equal(bt_db_begin(it_db()), BT_OK);
	assert_int_equal(cmpl_case_refresh(it_db(), id), BT_OK);
	assert_int_equal(bt_db_commit(it_db()), BT_OK);
	x = PQexec(bt_db_conn(it_db()),
		   "DELETE FROM calendar_day WHERE name = 'it'");
	PQclear(x);
	v = view(r.number, &regulator);
	char *after = json_dumps(json_object_get(v, "outcome"), JSON_SORT_KEYS);
	assert_string_equal(before, after);
	assert_non_null(strstr(before, "\"result\": \"not_accepted\""));
	free(before);
	free(after);
	json_decref(v);
	/* Its contact goes the configured days after closing, not before. */
	long long purged = 0;
	assert_int_equal(cmpl_purge_contacts(it_db(), "2026-12-01T00:00:00Z",
					     180, &purged),
			 BT_OK);
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM cmpl_case WHERE number = '%s' AND "
		 "contact IS NOT NULL",
		 r.number);
	assert_int_equal(scalar(sql), 1);
	assert_int_equal(cmpl_purge_contacts(it_db(), "2027-01-07T00:00:00Z",
					     180, &purged),
			 BT_OK);
	assert_true(purged >= 1);
	assert_int_equal(scalar(sql), 0);
	v = view(r.number, &regulator);
	assert_null(json_object_get(v, "contact"));
	json_decref(v);
}

static void a_report_is_for_the_regulator_not_the_enterprise(void **s)
{
	(void)s;
	char code[256];
	trace_code_uri(&batch, 7, code, sizeof(code));
	bt_clock_set("2026-06-08T02:00:00Z");
	struct cmpl_filing f = {.kind = "report",
				.code = code,
				.category = "not_as_declared",
				.amount_fen = -1,
				.description = "The label hides the importer.",
				.by = CMPL_BY_CONSUMER,
				.by_name = "consumer"};
	struct cmpl_receipt r;
	const char *reason = NULL;
	assert_int_equal(cmpl_file(it_db(), &f, &r, &reason), BT_OK);
	struct cmpl_viewer firm = {.actor = CMPL_BY_ENTERPRISE,
				   .enterprise_id = ent,
				   .name = "it"};
	json_t *none = NULL;
	assert_int_equal(cmpl_case_view(it_db(), r.number, &firm, &none),
			 BT_ENOTFOUND);
	json_t *v = view(r.number, &regulator);
	assert_string_equal(str(clock_of(v, "lead_check"), "due"),
			    "2026-06-30"); /* 15 working days, 06-19 off */
	json_decref(v);
}

/* The tallies the public pages read say what the cases say. */
static void the_tallies_agree_with_the_cases(void **s)
{
	(void)s;
	char sql[400];
	snprintf(
		sql, sizeof(sql),
		"SELECT (SELECT coalesce(sum(received), 0) FROM cmpl_tally "
		"WHERE enterprise_id = %lld) = (SELECT count(*) FROM cmpl_case "
		"WHERE enterprise_id = %lld) AND (SELECT coalesce(sum(closed), "
		"0) FROM cmpl_tally WHERE enterprise_id = %lld) = (SELECT "
		"count(*) FROM cmpl_case WHERE enterprise_id = %lld AND state "
		"= 'closed')",
		ent, ent, ent, ent);
	PGresult *r = PQexec(bt_db_conn(it_db()), sql);
	assert_string_equal(PQgetvalue(r, 0, 0), "t");
	PQclear(r);
	assert_true(scalar("SELECT count(*) FROM cmpl_case WHERE state = "
			   "'closed'") >= 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			a_case_keeps_the_rules_in_force_when_it_was_received),
		cmocka_unit_test(
			contact_is_sealed_and_shown_only_to_those_handling_it),
		cmocka_unit_test(
			the_window_past_unanswered_hides_the_contact_again),
		cmocka_unit_test(
			the_same_complainant_on_the_same_item_is_a_duplicate),
		cmocka_unit_test(recovery_is_bounded_by_the_balance),
		cmocka_unit_test(
			a_transfer_moves_the_case_and_a_bad_one_stores_nothing),
		cmocka_unit_test(
			a_closed_outcome_does_not_move_with_the_calendar),
		cmocka_unit_test(
			a_report_is_for_the_regulator_not_the_enterprise),
		cmocka_unit_test(the_tallies_agree_with_the_cases),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
