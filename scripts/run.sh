#!/bin/sh
# run.sh: `make run`: install what is missing, build, start the private
# database, migrate, load the demo and serve until Ctrl-C.
set -eu
cd "$(dirname "$0")/.."
scripts/deps.sh
scripts/build.sh build
BT_DB_NAME=bondtrace
. scripts/env.sh
if [ "$BT_OWN_PG" = 1 ]; then
	scripts/pg.sh ensure bondtrace
	trap 'scripts/pg.sh stop; echo "database stopped"' EXIT
fi
mkdir -p build/run
export BONDTRACE_KEY_FILE=${BONDTRACE_KEY_FILE:-build/run/keys}
if [ -f "$BONDTRACE_KEY_FILE" ]; then
	build/bondtrace keys upgrade
else
	build/bondtrace keys init
fi
build/bondtrace db migrate
build/bondtrace demo load
build/bondtrace log checkpoint >/dev/null
listen=${BONDTRACE_LISTEN:-127.0.0.1:8080}
echo
echo "Portal:   http://$listen/"
echo "Health:   http://$listen/healthz"
echo "Metrics:  http://$listen/metrics"
echo "Log:      http://$listen/log"
echo "Log key:  $(build/bondtrace log verifier-key)"
echo "Serving; press Ctrl-C to stop the server and the database."
# Ctrl-C reaches the server directly; the trap then stops the database.
trap 'true' INT TERM
build/bondtrace serve || true
