#!/bin/sh
# test.sh: `make test`: install what is missing, build, start the private
# database, run every test (plain, then under ASan+UBSan), then the static
# checks. Any failure fails the whole run.
set -eu
cd "$(dirname "$0")/.."
start=$(date +%s)
scripts/deps.sh
if [ ! -d tests/e2e/node_modules/playwright-core ]; then
	(cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)
fi

BT_DB_NAME=bondtrace_test
. scripts/env.sh
if [ "$BT_OWN_PG" = 1 ]; then
	trap 'scripts/pg.sh stop' EXIT
fi

# One pass: a fresh database (when private) and key file, migrations, the
# demo data set, then every test through ctest.
pass() {
	dir=$1
	echo "== tests: $dir"
	mkdir -p "$dir/test"
	if [ "$BT_OWN_PG" = 1 ]; then
		scripts/pg.sh fresh bondtrace_test
	fi
	export BONDTRACE_KEY_FILE="$PWD/$dir/test/keys"
	rm -f "$BONDTRACE_KEY_FILE" "$BONDTRACE_KEY_FILE.demo-api-key"
	"$dir/bondtrace" keys init >/dev/null
	"$dir/bondtrace" db migrate >/dev/null
	"$dir/bondtrace" demo load >/dev/null
	(cd "$dir" && ctest --output-on-failure -j 2 --timeout 300)
}

scripts/build.sh build
pass build

scripts/build.sh build/asan -DBT_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	pass build/asan

scripts/lint.sh build
scripts/fuzz.sh 10
echo "make test: all passed in $(($(date +%s) - start)) s"
