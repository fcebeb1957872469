/* keys.c: reading, creating and rotating the key file. */
#include "keys.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crypto.h"
#include "log.h"

struct bt_keys {
	uint8_t serial[BT_KEYS_MAX_VERSION + 1][BT_KEYS_SERIAL_LEN];
	bool have_serial[BT_KEYS_MAX_VERSION + 1];
	unsigned current;
	uint8_t pii[BT_KEYS_PII_LEN];
	bool have_pii;
	uint8_t log_seed[BT_KEYS_LOG_LEN];
	bool have_log;
};

static enum bt_err append_line(int fd, const char *kind, unsigned version,
			       size_t keylen)
{
	uint8_t key[BT_KEYS_PII_LEN];
	char hex[2 * BT_KEYS_PII_LEN + 1];
	char line[128];
	bt_random_bytes(key, keylen);
	bt_hex_encode(hex, key, keylen);
	int n = snprintf(line, sizeof(line), "%s %u %s\n", kind, version, hex);
	sodium_memzero(key, sizeof(key));
	sodium_memzero(hex, sizeof(hex));
	ssize_t w = write(fd, line, (size_t)n);
	sodium_memzero(line, sizeof(line));
	return w == n ? BT_OK : BT_EIO;
}

enum bt_err bt_keys_init(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (errno == EEXIST)
			return BT_ECONFLICT;
		bt_log_error("cannot create key file", "path", path, "error",
			     strerror(errno));
		return BT_EIO;
	}
	static const char header[] =
		"# bondtrace keys: secret; back this file up; never store it "
		"in "
		"the database.\n# serial VERSION HEX16 | pii VERSION HEX32 | "
		"log "
		"VERSION HEX32\n";
	enum bt_err err = BT_OK;
	if (write(fd, header, sizeof(header) - 1) !=
	    (ssize_t)sizeof(header) - 1)
		err = BT_EIO;
	if (err == BT_OK)
		err = append_line(fd, "serial", 1, BT_KEYS_SERIAL_LEN);
	if (err == BT_OK)
		err = append_line(fd, "pii", 1, BT_KEYS_PII_LEN);
	if (err == BT_OK)
		err = append_line(fd, "log", 1, BT_KEYS_LOG_LEN);
	if (fsync(fd) != 0 && err == BT_OK)
		err = BT_EIO;
	close(fd);
	if (err != BT_OK)
		unlink(path);
	return err;
}

enum bt_err bt_keys_rotate(const char *path, unsigned *new_version)
{
	struct bt_keys *keys = NULL;
	enum bt_err err = bt_keys_load(path, &keys);
	if (err != BT_OK)
		return err;
	unsigned next = keys->current + 1;
	bt_keys_free(keys);
	if (next > BT_KEYS_MAX_VERSION)
		return BT_ECONFLICT;
	int fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
	if (fd < 0)
		return BT_EIO;
	err = append_line(fd, "serial", next, BT_KEYS_SERIAL_LEN);
	if (fsync(fd) != 0 && err == BT_OK)
		err = BT_EIO;
	close(fd);
	if (err == BT_OK)
		*new_version = next;
	return err;
}

enum bt_err bt_keys_upgrade(const char *path, bool *added)
{
	*added = false;
	struct bt_keys *keys = NULL;
	enum bt_err err = bt_keys_load(path, &keys);
	if (err != BT_OK)
		return err;
	bool have_log = keys->have_log;
	bt_keys_free(keys);
	if (have_log)
		return BT_OK;
	int fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
	if (fd < 0)
		return BT_EIO;
	err = append_line(fd, "log", 1, BT_KEYS_LOG_LEN);
	if (fsync(fd) != 0 && err == BT_OK)
		err = BT_EIO;
	close(fd);
	*added = err == BT_OK;
	return err;
}

static enum bt_err parse_line(struct bt_keys *k, char *line)
{
	char kind[16], hex[2 * BT_KEYS_PII_LEN + 2];
	unsigned version;
	if (sscanf(line, "%15s %u %65s", kind, &version, hex) != 3)
		return BT_EINVAL;
	if (strcmp(kind, "serial") == 0) {
		if (version < 1 || version > BT_KEYS_MAX_VERSION ||
		    k->have_serial[version] ||
		    bt_hex_decode(k->serial[version], BT_KEYS_SERIAL_LEN,
				  hex) != BT_OK)
			return BT_EINVAL;
		k->have_serial[version] = true;
		if (version > k->current)
			k->current = version;
	} else if (strcmp(kind, "pii") == 0) {
		if (bt_hex_decode(k->pii, BT_KEYS_PII_LEN, hex) != BT_OK)
			return BT_EINVAL;
		k->have_pii = true;
	} else if (strcmp(kind, "log") == 0) {
		if (k->have_log ||
		    bt_hex_decode(k->log_seed, BT_KEYS_LOG_LEN, hex) != BT_OK)
			return BT_EINVAL;
		k->have_log = true;
	} else {
		return BT_EINVAL;
	}
	sodium_memzero(hex, sizeof(hex));
	return BT_OK;
}

enum bt_err bt_keys_load(const char *path, struct bt_keys **out)
{
	*out = NULL;
	FILE *f = fopen(path, "re");
	if (f == NULL) {
		bt_log_error("cannot open key file (create it with `bondtrace "
			     "keys init`)",
			     "path", path, "error", strerror(errno));
		return errno == ENOENT ? BT_ENOTFOUND : BT_EIO;
	}
	struct stat st;
	if (fstat(fileno(f), &st) == 0 && (st.st_mode & 077) != 0)
		bt_log_warn("key file is readable by others; chmod 600 it",
			    "path", path);
	struct bt_keys *k = sodium_malloc(sizeof(*k));
	if (k == NULL) {
		fclose(f);
		return BT_ENOMEM;
	}
	memset(k, 0, sizeof(*k));
	char line[256];
	unsigned lineno = 0;
	enum bt_err err = BT_OK;
	while (err == BT_OK && fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		if (line[0] == '#' || line[0] == '\n')
			continue;
		err = parse_line(k, line);
		if (err != BT_OK) {
			char n[16];
			snprintf(n, sizeof(n), "%u", lineno);
			bt_log_error("malformed key file line", "path", path,
				     "line", n);
		}
	}
	sodium_memzero(line, sizeof(line));
	fclose(f);
	if (err == BT_OK && (k->current == 0 || !k->have_pii)) {
		bt_log_error("key file lacks a serial or pii key", "path",
			     path);
		err = BT_EINVAL;
	}
	if (err != BT_OK) {
		bt_keys_free(k);
		return err;
	}
	*out = k;
	return BT_OK;
}

void bt_keys_free(struct bt_keys *keys)
{
	if (keys != NULL)
		sodium_free(keys);
}

const uint8_t *bt_keys_serial(const struct bt_keys *keys, unsigned version)
{
	if (version < 1 || version > BT_KEYS_MAX_VERSION ||
	    !keys->have_serial[version])
		return NULL;
	return keys->serial[version];
}

unsigned bt_keys_serial_current(const struct bt_keys *keys)
{
	return keys->current;
}

const uint8_t *bt_keys_pii(const struct bt_keys *keys)
{
	return keys->pii;
}

const uint8_t *bt_keys_log_seed(const struct bt_keys *keys)
{
	return keys->have_log ? keys->log_seed : NULL;
}
