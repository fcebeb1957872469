/* demo.h: the parts of `bondtrace demo load`, one file a module. */
#ifndef BT_APP_DEMO_H
#define BT_APP_DEMO_H

#include "core/db.h"
#include "core/http.h"

/* Complaint cases the demo files, at most. */
#define DEMO_CASES_MAX 16

/* The date d days from the clock's today (negative: in the past), as
 * YYYY-MM-DD. */
void demo_day(int d, char out[11]);

/* What the portal discloses about the demo enterprises ids (in the order
 * of demo.c's table); draw_rates as the configuration gives them. */
enum bt_err demo_disclosure(struct bt_db *db, const long long *ids,
			    const char *draw_rates);

struct trace_batch;
/* A dozen complaint cases in every state on the demo codes made (in the
 * order of demo.c's batches), filed and handled on past days of the loaded
 * calendar; the clock is set back to clock after. Nothing is added when
 * cases exist. followed receives the page of one case with its access
 * code ("" when none was made now). */
enum bt_err demo_complaints(struct bt_db *db, const struct trace_batch *made,
			    const char *clock, char *followed, size_t size,
			    char cases[DEMO_CASES_MAX][24]);

/* Sets the clock to 10:00 Beijing time on day (YYYY-MM-DD). */
void demo_at(const char *day);

/* A demo account whose password is kept beside the key file (mode 0600)
 * so that every run can print it; an existing one keeps its password. */
enum bt_err demo_account(struct bt_db *db, const char *key_file,
			 const char *username, enum bt_role role,
			 long long insurer_id, char password[40]);

/* Two insurers with their accounts, policies on the demo enterprises and
 * a dozen claims in every state (cases: the complaint numbers
 * demo_complaints gave, "" when it added none). claim receives one claim's
 * page with its access code ("" when none was made now). */
enum bt_err demo_insurance(struct bt_db *db, const long long *ids,
			   const struct trace_batch *made,
			   char cases[DEMO_CASES_MAX][24], const char *clock,
			   char *claim, size_t size);
/* Prints where the insurance demo is, and the insurers' sign-ins. */
void demo_insurance_print(struct bt_db *db, const char *key_file,
			  const char *url, const char *claim);

/* The platform's shape around the demo: thirty more importers with a
 * product and a batch each, and a month of scans with a daily rhythm on
 * the nmade demo batches made and theirs (codes from 1000, clear of the
 * hand-made demo's). Nothing is added twice. */
enum bt_err demo_platform(struct bt_db *db, const struct trace_batch *made,
			  size_t nmade);

#endif
