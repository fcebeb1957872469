/* err.c: messages, codes and HTTP/exit mappings for enum bt_err. */
#include "err.h"

/* Each switch lists every case and has no default, so -Wswitch reports a
 * new error that was not given a message. */
const char *bt_strerror(enum bt_err err)
{
	switch (err) {
	case BT_OK: return "success";
	case BT_EINVAL: return "invalid input";
	case BT_ENOTFOUND: return "not found";
	case BT_ECONFLICT: return "conflicts with existing data";
	case BT_EFORBIDDEN: return "not allowed";
	case BT_EAUTH: return "authentication required";
	case BT_ETOOBIG: return "input too large";
	case BT_ENOMEM: return "out of memory";
	case BT_EDB: return "database error";
	case BT_EUNAVAIL: return "service unavailable, try again";
	case BT_EIO: return "input/output error";
	case BT_EINTERNAL: return "internal error";
	}
	return "unknown error";
}

const char *bt_err_code(enum bt_err err)
{
	switch (err) {
	case BT_OK: return "ok";
	case BT_EINVAL: return "invalid_input";
	case BT_ENOTFOUND: return "not_found";
	case BT_ECONFLICT: return "conflict";
	case BT_EFORBIDDEN: return "forbidden";
	case BT_EAUTH: return "unauthorized";
	case BT_ETOOBIG: return "too_large";
	case BT_ENOMEM: return "out_of_memory";
	case BT_EDB: return "database_error";
	case BT_EUNAVAIL: return "unavailable";
	case BT_EIO: return "io_error";
	case BT_EINTERNAL: return "internal_error";
	}
	return "unknown";
}

unsigned bt_err_http_status(enum bt_err err)
{
	switch (err) {
	case BT_OK: return 200;
	case BT_EINVAL: return 400;
	case BT_ENOTFOUND: return 404;
	case BT_ECONFLICT: return 409;
	case BT_EFORBIDDEN: return 403;
	case BT_EAUTH: return 401;
	case BT_ETOOBIG: return 413;
	case BT_ENOMEM:
	case BT_EUNAVAIL: return 503;
	case BT_EDB:
	case BT_EIO:
	case BT_EINTERNAL: return 500;
	}
	return 500;
}

int bt_err_exit_code(enum bt_err err)
{
	switch (err) {
	case BT_OK: return 0;
	case BT_EINVAL:
	case BT_ETOOBIG: return 3;
	case BT_ENOTFOUND: return 4;
	case BT_ECONFLICT: return 5;
	case BT_EFORBIDDEN:
	case BT_EAUTH: return 6;
	case BT_EDB:
	case BT_EUNAVAIL: return 7;
	case BT_ENOMEM:
	case BT_EIO:
	case BT_EINTERNAL: return 1;
	}
	return 1;
}
