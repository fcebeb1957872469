#!/bin/sh
# log.sh: the public log's costs. (1) Declaration ingest with the log's
# trigger on and off in the same run (bench_ingest). (2) A log of ENTRIES
# entries (default 10,000,000) appended in bulk by the sequencer and timed
# against a bare SHA-256 loop (bench_tlog), then under load with wrk against
# /livez of the same server: the checkpoint, full hash tiles and entry
# bundles, entries with inclusion proofs, consistency proofs. (3) The
# monitor's full rebuild (`bondtrace log verify`) of that log, timed.
#   RUNS=3 DURATION=5s CONNECTIONS=32 ENTRIES=10000000 bench/log.sh
set -eu
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
DURATION=${DURATION:-5s}
CONNECTIONS=${CONNECTIONS:-32}
ENTRIES=${ENTRIES:-10000000}
PORT=${PORT:-18081}
BT_DB_NAME=bondtrace_bench
. scripts/env.sh
work=build/bench-log
export BONDTRACE_KEY_FILE="$PWD/$work/keys" BONDTRACE_LOG_LEVEL=warn
export BONDTRACE_LISTEN=127.0.0.1:$PORT BONDTRACE_RATING_INTERVAL=0
bin=build/bondtrace
sql() { psql -X -q -At "$BONDTRACE_DATABASE_URL" "$@"; }
# REUSE=1 serves the log an earlier run filled (same database and keys).
if [ "${REUSE:-0}" != 1 ]; then
	if [ "$BT_OWN_PG" = 1 ]; then scripts/pg.sh fresh bondtrace_bench; fi
	rm -rf "$work" && mkdir -p "$work"
	$bin keys init >/dev/null
	$bin db migrate >/dev/null

	echo "--- declaration ingest, log off and on in each run (bench_ingest)"
	build/bench/bench_ingest 2000 "$RUNS" | tail -6

	echo "--- $ENTRIES entries appended in bulk, 1,000,000 per run (bench_tlog)"
	build/bench/bench_tlog 1000000 $((ENTRIES / 1000000)) | tail -3
fi
size=$(sql -c "SELECT size FROM log_head")
$bin log checkpoint >/dev/null
sql -c "VACUUM ANALYZE"
sql -c "SELECT 'log_entry ' || pg_size_pretty(pg_total_relation_size('log_entry')) || ', log_hash ' || pg_size_pretty(pg_total_relation_size('log_hash'))"

tiles=$((size / 256))
awk -v n="$tiles" 'BEGIN { srand(1); for (i = 0; i < 2000; i++) {
	t = int(rand() * n); s = sprintf("%03d", t % 1000); t = int(t / 1000);
	while (t > 0) { s = sprintf("x%03d/%s", t % 1000, s); t = int(t / 1000) }
	print "/log/tile/0/" s >"'"$work"'/tiles.txt"; print "/log/tile/entries/" s >"'"$work"'/bundles.txt" } }'
awk -v n="$size" 'BEGIN { srand(2); for (i = 0; i < 2000; i++) print "/api/v1/log/entries/" int(rand() * n) }' >"$work/proofs.txt"
awk -v n="$size" 'BEGIN { srand(3); for (i = 0; i < 2000; i++) print "/api/v1/log/consistency?from=" 1 + int(rand() * (n - 1)) "&to=" n }' >"$work/consistency.txt"
echo /log/checkpoint >"$work/checkpoint.txt"

$bin serve >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for i in $(seq 50); do curl -sf "http://$BONDTRACE_LISTEN/healthz" >/dev/null && break; sleep 0.1; done

load() { # name, paths file
	BT_CODES="$2" BT_ACCEPT=application/json wrk -t1 -c"$CONNECTIONS" -d"$DURATION" \
		--latency -s bench/scan_load.lua "http://$BONDTRACE_LISTEN" |
		sed -n 's/^RESULT /'"$1"' /p'
}
for r in $(seq "$RUNS"); do
	wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/scan_load.lua \
		"http://$BONDTRACE_LISTEN/livez" | sed -n 's/^RESULT /trivial /p'
	load checkpoint "$work/checkpoint.txt"
	load tiles "$work/tiles.txt"
	load bundles "$work/bundles.txt"
	load inclusion "$work/proofs.txt"
	load consistency "$work/consistency.txt"
	CONNECTIONS=1 load inclusion-1conn "$work/proofs.txt"
	CONNECTIONS=1 load tiles-1conn "$work/tiles.txt"
done | tee "$work/results.txt"
echo "--- medians of $RUNS runs ($DURATION each, $CONNECTIONS connections, wrk -t1 on the same machine)"
median() { # name, key
	grep "^$1 " "$work/results.txt" | tr ' ' '\n' | sed -n "s/^$2=//p" |
		sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
for what in trivial checkpoint tiles bundles inclusion consistency inclusion-1conn tiles-1conn; do
	printf '%-12s %8s req/s  p50 %6s ms  p99 %6s ms  errors %s non-2xx %s\n' \
		"$what" "$(median $what rps)" "$(median $what p50_ms)" \
		"$(median $what p99_ms)" "$(median $what errors)" "$(median $what non2xx)"
done
kill $server; wait $server 2>/dev/null || true
trap - EXIT
hyperfine --runs "$RUNS" --export-json "$work/verify.json" \
	-n "baseline: log verifier-key" "$bin log verifier-key" \
	-n "log verify ($size entries)" "$bin log verify"
python3 -c 'import json,sys
for r in json.load(open(sys.argv[1]))["results"]:
    print("%-45s median %8.1f ms" % (r["command"], r["median"] * 1000))' "$work/verify.json"
