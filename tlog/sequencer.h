/* sequencer.h: moving the facts' queued entries into the log's tree
 * (sequencer.c). Any number of processes may sequence: each holds the
 * head's row lock for its transaction, so one appends at a time, and an
 * entry gets its index in the order the sequencer finds it committed. */
#ifndef TLOG_SEQUENCER_H
#define TLOG_SEQUENCER_H

#include <stdint.h>

#include "core/db.h"

/* Entries one transaction appends at most. */
#define TLOG_SEQUENCE_BATCH 10000

/* Appends up to max queued entries (in the order they were queued) in one
 * transaction: the entries, every subtree hash they complete, their salts
 * and the head's new size. *moved counts them, 0 if none waited. */
enum bt_err tlog_sequence(struct bt_db *db, unsigned max, unsigned *moved);
/* Appends batch after batch until none waits; *moved counts them all. */
enum bt_err tlog_sequence_all(struct bt_db *db, uint64_t *moved);

#endif
