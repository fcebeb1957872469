#!/bin/sh
# cli.sh: issuing a 100,000,000-code batch and exporting 10,000,000 URIs,
# timed by hyperfine (median of RUNS), each against a baseline measured in
# the same run: a one-row CLI round trip to the database, and copying the
# same 10 M lines from a file.
set -eu
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
BT_DB_NAME=bondtrace_bench
. scripts/env.sh
if [ "$BT_OWN_PG" = 1 ]; then scripts/pg.sh ensure bondtrace_bench; fi
work=build/bench-cli
rm -rf "$work" && mkdir -p "$work"
export BONDTRACE_KEY_FILE="$PWD/$work/keys"
bin=build/bondtrace
$bin keys init >/dev/null
$bin db migrate >/dev/null
$bin enterprise show 3302460099 >/dev/null 2>&1 ||
	$bin enterprise add --uscc 91330201MA2CK8L147 --customs-code 3302460099 \
		--name-zh 基准测试企业二 --name-en "Benchmark Co. 2" >/dev/null
$bin product add --enterprise 3302460099 --gtin 4567890012309 --name-zh 基准商品二 \
	--name-en "Benchmark item 2" --brand Bench --origin JP >/dev/null 2>&1 || true
id=$($bin batch issue --enterprise 3302460099 --gtin 4567890012309 --count 100000000 |
	sed -n 's/.*"id": \([0-9]*\).*/\1/p')
$bin batch export --batch "$id" --to 10000000 --quiet >"$work/uris.txt"
rows_before=$(psql -X -tA "$BONDTRACE_DATABASE_URL" -c "SELECT count(*) FROM batch")
hyperfine --runs "$RUNS" --warmup 1 --export-json "$work/issue.json" \
	-n "baseline: enterprise show (one-row read)" "$bin enterprise show 3302460099" \
	-n "issue 100,000,000 codes" \
	"$bin batch issue --enterprise 3302460099 --gtin 4567890012309 --count 100000000"
rows_after=$(psql -X -tA "$BONDTRACE_DATABASE_URL" -c "SELECT count(*) FROM batch")
echo "batch rows written by $((RUNS + 1)) issues: $((rows_after - rows_before))"
hyperfine --runs "$RUNS" --warmup 1 --export-json "$work/export.json" \
	-n "baseline: cat 10 M URIs from a file" "cat $work/uris.txt > /dev/null" \
	-n "export 10,000,000 URIs" \
	"$bin batch export --batch $id --to 10000000 --quiet > /dev/null"
ls -l "$work/uris.txt"
for f in issue export; do
	python3 -c 'import json,sys
for r in json.load(open(sys.argv[1]))["results"]:
    print("%-45s median %8.1f ms" % (r["command"], r["median"] * 1000))' "$work/$f.json"
done
