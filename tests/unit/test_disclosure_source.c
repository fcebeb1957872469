/* test_disclosure_source.c: the traceability source, and what refuses to
 * run without one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "disclosure/profile.h"
#include "disclosure/rating.h"
#include "disclosure/rating_worker.h"
#include "disclosure/source.h"

#define NOW "2026-03-15T02:00:00Z"

static enum bt_err fake_facts(struct bt_db *db, long long enterprise_id,
			      const char *now, struct disc_trace_facts *out)
{
	(void)db;
	(void)enterprise_id;
	(void)now;
	*out = (struct disc_trace_facts){0};
	return BT_OK;
}

static enum bt_err fake_activity(struct bt_db *db, long long enterprise_id,
				 const char *now, json_t **out)
{
	(void)db;
	(void)enterprise_id;
	(void)now;
	*out = json_object();
	return BT_OK;
}

static enum bt_err fake_statistics(struct bt_db *db, const char *now,
				   json_t **out)
{
	(void)db;
	(void)now;
	*out = json_object();
	return BT_OK;
}

static enum bt_err fake_complaint_facts(struct bt_db *db,
					long long enterprise_id,
					const char *now,
					struct disc_complaint_facts *out)
{
	(void)db;
	(void)enterprise_id;
	(void)now;
	*out = (struct disc_complaint_facts){0};
	return BT_OK;
}

/* No database is needed: each refuses before it would read one. */
static void
without_a_source_ratings_profiles_and_statistics_are_refused(void **state)
{
	(void)state;
	assert_null(disc_source());
	assert_int_equal(disc_rating_start("", 60), BT_EINTERNAL);
	assert_int_equal(disc_rating_start("", 0), BT_EINTERNAL);
	json_t *out = json_null(); /* a singleton: nothing to free */
	assert_int_equal(disc_rating_facts(NULL, 1, NOW, &out), BT_EINTERNAL);
	assert_null(out);
	bool changed = true;
	assert_int_equal(disc_rating_recompute(NULL, 1, NOW, &changed),
			 BT_EINTERNAL);
	assert_false(changed);
	assert_int_equal(disc_profile_get(NULL, 1, NOW, &out), BT_EINTERNAL);
	assert_null(out);
	assert_int_equal(disc_statistics(NULL, NOW, &out), BT_EINTERNAL);
	assert_null(out);
}

static enum bt_err fake_inspection(struct bt_db *db, long long id,
				   long long *enterprise_id, char *report_no,
				   size_t size)
{
	(void)db;
	(void)id;
	(void)enterprise_id;
	(void)report_no;
	(void)size;
	return BT_ENOTFOUND;
}

static void a_source_missing_a_function_is_no_source(void **state)
{
	(void)state;
	struct disc_source half = {.facts = fake_facts,
				   .activity = fake_activity};
	disc_set_source(&half);
	assert_null(disc_source());
	struct disc_source three = {fake_facts, fake_activity, fake_statistics,
				    NULL};
	disc_set_source(&three);
	assert_null(disc_source());
	struct disc_source whole = {fake_facts, fake_activity, fake_statistics,
				    fake_inspection};
	disc_set_source(&whole);
	assert_non_null(disc_source());
	assert_true(disc_source()->facts == fake_facts);
	/* The complaints source is needed too, and whole. */
	assert_int_equal(disc_rating_start("", 0), BT_EINTERNAL);
	struct disc_complaint_source part = {.facts = fake_complaint_facts};
	disc_set_complaint_source(&part);
	assert_null(disc_complaint_source());
	struct disc_complaint_source all = {fake_complaint_facts, fake_activity,
					    fake_statistics};
	disc_set_complaint_source(&all);
	assert_int_equal(disc_rating_start("", 0), BT_OK); /* starts nothing */
	disc_set_source(NULL);
	assert_null(disc_source());
	assert_int_equal(disc_rating_start("", 0), BT_EINTERNAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			without_a_source_ratings_profiles_and_statistics_are_refused),
		cmocka_unit_test(a_source_missing_a_function_is_no_source),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
