/* err.h: the one error space of bondtrace, its messages and HTTP mapping. */
#ifndef BT_ERR_H
#define BT_ERR_H

enum bt_err {
	BT_OK = 0,
	BT_EINVAL,     /* input failed validation */
	BT_ENOTFOUND,  /* the named thing does not exist */
	BT_ECONFLICT,  /* clashes with existing data (unique key, state) */
	BT_EFORBIDDEN, /* authenticated, but not allowed */
	BT_EAUTH,      /* missing or bad credentials */
	BT_ETOOBIG,    /* input over a size, depth or count limit */
	BT_ENOMEM,     /* out of memory */
	BT_EDB,	       /* database error */
	BT_EUNAVAIL,   /* a dependency is down; try again */
	BT_EIO,	       /* file or network I/O failed */
	BT_EINTERNAL,  /* a bug or an unexpected library failure */
};

/* A short English description of err; never NULL, static storage. */
const char *bt_strerror(enum bt_err err);

/* A stable machine-readable name, e.g. "invalid_input"; static storage. */
const char *bt_err_code(enum bt_err err);

/* The HTTP status an API answers with for err. */
unsigned bt_err_http_status(enum bt_err err);

/* The process exit status a CLI command ends with for err (see README). */
int bt_err_exit_code(enum bt_err err);

#endif
