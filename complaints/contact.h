/* contact.h: a complainant's name and phone, sealed with the key file's
 * personal-data key so that only this process can read them back, and
 * the keyed hash of the phone that duplicates and buyer matching use. */
#ifndef CMPL_CONTACT_H
#define CMPL_CONTACT_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

/* The sealed contact {"name", "phone"} as hex (for a bytea parameter,
 * "\\x" included); free() it. NULL on out of memory. */
char *cmpl_contact_seal(const char *name, const char *phone);
/* Opens n sealed bytes into plain (room for n bytes), NUL-terminated. */
enum bt_err cmpl_contact_open(const uint8_t *sealed, size_t n, char *plain);

#endif
