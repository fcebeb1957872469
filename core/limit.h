/* limit.h: per-network rate limits (token buckets in memory). A client's
 * network is its IPv4 /24 or IPv6 /48, as for the scan log: carrier NAT
 * puts many phones behind one address, so the limits are generous, and
 * what they stop is one network hammering one door. */
#ifndef BT_LIMIT_H
#define BT_LIMIT_H

#include <stdbool.h>

enum bt_rate_class {
	BT_RATE_SCAN,	/* resolving codes */
	BT_RATE_FORGED, /* codes that fail verification: probing */
	BT_RATE_UPLOAD, /* photos */
	BT_RATE_LOGIN,	/* sign-in attempts */
	BT_RATE_INTAKE, /* complaints and reports filed */
};
#define BT_RATE_CLASSES 5

/* Sets a class's limit: per_minute requests a minute, in bursts of up to
 * per_minute. 0 turns the class's limit off (the default). */
void bt_rate_configure(enum bt_rate_class c, unsigned per_minute);

/* Takes one request of class c for the network of ip. False when the
 * network is over its limit; *retry_after_s then says when one is free. */
bool bt_rate_take(enum bt_rate_class c, const char *ip,
		  unsigned *retry_after_s);

#endif
