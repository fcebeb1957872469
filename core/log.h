/* log.h: logfmt lines on stderr, one write per line, with levels. */
#ifndef BT_LOG_H
#define BT_LOG_H

enum bt_log_level { BT_LOG_DEBUG, BT_LOG_INFO, BT_LOG_WARN, BT_LOG_ERROR };

/* Lines below level are dropped. Default BT_LOG_INFO. */
void bt_log_set_level(enum bt_log_level level);
enum bt_log_level bt_log_get_level(void);

/* Parses "debug", "info", "warn" or "error"; returns 0, or -1 if unknown. */
int bt_log_parse_level(const char *name, enum bt_log_level *out);

/* Writes `ts=... level=... msg=...` followed by the key/value string pairs
 * given as variadic arguments and ended by a NULL key. Values holding spaces,
 * quotes or '=' are quoted; a NULL value is written as "". Call it through
 * the macros below, which add the terminating NULL. */
void bt_log_kv(enum bt_log_level level, const char *msg, ...);

/* bt_log(level, msg, key, value, key, value...) */
#define bt_log(...)	  bt_log_kv(__VA_ARGS__, (const char *)NULL)
#define bt_log_debug(...) bt_log(BT_LOG_DEBUG, __VA_ARGS__)
#define bt_log_info(...)  bt_log(BT_LOG_INFO, __VA_ARGS__)
#define bt_log_warn(...)  bt_log(BT_LOG_WARN, __VA_ARGS__)
#define bt_log_error(...) bt_log(BT_LOG_ERROR, __VA_ARGS__)

#endif
