# env.sh: sourced by run.sh and test.sh. Sets BONDTRACE_DATABASE_URL to
# the private cluster (started here) unless the caller set one, and marks
# whether we started it (BT_OWN_PG=1) so the caller can stop it.
# Usage: BT_DB_NAME=name; . scripts/env.sh
BT_OWN_PG=0
if [ -z "${BONDTRACE_DATABASE_URL:-}" ]; then
	scripts/pg.sh start
	BT_OWN_PG=1
	BONDTRACE_DATABASE_URL=$(scripts/pg.sh url "$BT_DB_NAME")
	export BONDTRACE_DATABASE_URL
fi
