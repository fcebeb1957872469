/* sequencer.h: moving the facts' queued entries into the log's tree
 * (sequencer.c). Any number of processes may sequence: each holds the
 * head's row lock for its transaction, so one appends at a time, and an
 * entry gets its index in the order the sequencer finds it committed. */
#ifndef TLOG_SEQUENCER_H
#define TLOG_SEQUENCER_H

#include <stddef.h>
#include <stdint.h>

#include "core/db.h"

/* Entries one transaction appends at most. */
#define TLOG_SEQUENCE_BATCH 10000

/* An entry to append: its text and what it is found by. */
struct tlog_new {
	const char *kind;
	const char *ref;	/* the record's id in decimal, or NULL */
	const char *enterprise; /* the enterprise's id in decimal, or NULL */
	const char *body;	/* canonical JSON, len bytes, NUL-terminated */
	size_t len;
	const char *salt; /* \x and the hex of its commitment's salt, or NULL */
	const char *at;	  /* the fact's time as PostgreSQL reads it */
};

/* Appends n entries to the tree in one transaction of its own, in order:
 * the bulk path (loads, imports), which the queue's entries also take. */
enum bt_err tlog_append(struct bt_db *db, const struct tlog_new *e, size_t n);

/* Appends up to max queued entries (in the order they were queued) in one
 * transaction: the entries, every subtree hash they complete, their salts
 * and the head's new size. *moved counts them, 0 if none waited. */
enum bt_err tlog_sequence(struct bt_db *db, unsigned max, unsigned *moved);
/* Appends batch after batch until none waits; *moved counts them all. */
enum bt_err tlog_sequence_all(struct bt_db *db, uint64_t *moved);

#endif
