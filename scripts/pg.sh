#!/bin/sh
# pg.sh: a private PostgreSQL cluster for development and tests.
#   pg.sh start   initialise (first time) and start; idempotent
#   pg.sh stop    stop it if it runs
#   pg.sh url     print the libpq URL for database $2 (default bondtrace)
#   pg.sh fresh   drop and recreate database $2
#   pg.sh ensure  create database $2 if missing
# The cluster listens on a Unix socket only (no TCP). PostgreSQL will not
# run as root, so as root the server runs as the `postgres` system user;
# its data lives in BUILD/pg when that user can reach it, else in a folder
# under /tmp named after this checkout.
set -eu

BUILD=${BT_BUILD_DIR:-$(pwd)/build}
mkdir -p "$BUILD"
BUILD=$(cd "$BUILD" && pwd)

PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$PGBIN" ]; then
	echo "pg.sh: PostgreSQL server binaries not found (apt-get install postgresql)" >&2
	exit 1
fi

if [ "$(id -u)" = 0 ]; then
	RUNAS="runuser -u postgres --"
else
	RUNAS=""
fi

# Picks the data folder: BUILD/pg if the server's user can use it and the
# socket path stays short enough (107 bytes), else /tmp/bondtrace-pg-HASH.
pick_dir() {
	dir="$BUILD/pg"
	if [ ${#dir} -gt 80 ]; then
		dir=""
	elif [ -n "$RUNAS" ]; then
		mkdir -p "$dir"
		chown postgres:postgres "$dir"
		if ! $RUNAS test -w "$dir" 2>/dev/null; then
			rmdir "$dir" 2>/dev/null || true
			dir=""
		fi
	fi
	if [ -z "$dir" ]; then
		hash=$(printf '%s' "$BUILD" | sha256sum | cut -c1-12)
		dir="/tmp/bondtrace-pg-$hash"
	fi
	echo "$dir"
}

DATA=$(pick_dir)
SOCK="$DATA/run"

as_server() {
	# From /, which the server user can always enter.
	if [ -n "$RUNAS" ]; then (cd / && $RUNAS "$@"); else "$@"; fi
}

url() {
	echo "postgresql:///${1:-bondtrace}?host=$SOCK&user=postgres"
}

running() {
	as_server "$PGBIN/pg_ctl" -D "$DATA/data" status >/dev/null 2>&1
}

psql_admin() {
	"$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 "$(url postgres)" "$@"
}

# Checkpoints spaced out and full-page images compressed: the scan log
# writes steadily, and each checkpoint's burst of full-page writes is what
# shows in the tail latency of scans. Durability is unchanged (fsync on,
# synchronous commit).
WAL_SETTINGS="-c max_wal_size=4GB -c checkpoint_timeout=15min -c wal_compression=on -c wal_buffers=16MB"

case "${1:-}" in
start)
	mkdir -p "$DATA"
	if [ -n "$RUNAS" ]; then chown postgres:postgres "$DATA"; fi
	if [ ! -f "$DATA/data/PG_VERSION" ]; then
		as_server "$PGBIN/initdb" -D "$DATA/data" -U postgres \
			--auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$DATA/initdb.log" 2>&1 || {
			cat "$DATA/initdb.log" >&2
			exit 1
		}
	fi
	as_server mkdir -p "$SOCK"
	if ! running; then
		as_server "$PGBIN/pg_ctl" -D "$DATA/data" -l "$DATA/server.log" -w \
			-o "-c listen_addresses='' -c unix_socket_directories='$SOCK' -c max_connections=200 -c shared_buffers=256MB $WAL_SETTINGS" \
			start >/dev/null || {
			tail -n 20 "$DATA/server.log" >&2
			exit 1
		}
	fi
	;;
stop)
	if [ -f "$DATA/data/PG_VERSION" ] && running; then
		as_server "$PGBIN/pg_ctl" -D "$DATA/data" -m fast -w stop >/dev/null
	fi
	;;
url)
	url "${2:-bondtrace}"
	;;
fresh)
	db=${2:-bondtrace}
	psql_admin -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" -c "CREATE DATABASE \"$db\""
	;;
ensure)
	db=${2:-bondtrace}
	if [ -z "$(psql_admin -tA -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]; then
		psql_admin -c "CREATE DATABASE \"$db\""
	fi
	;;
*)
	echo "usage: pg.sh start|stop|url [DB]|fresh DB|ensure DB" >&2
	exit 2
	;;
esac
