/* buyer.h: the keyed hashes kept of a buyer's ID number and phone. */
#ifndef TRACE_CUSTOMS_BUYER_H
#define TRACE_CUSTOMS_BUYER_H

/* ID numbers: spaces dropped, letters upper-cased (the X check digit). */
void trace_hash_person_id(const char *id_number, char out[33]);
/* Phones: digits only. */
void trace_hash_phone(const char *phone, char out[33]);

#endif
