#!/bin/sh
# log.sh: the public log's costs. (1) Declaration ingest with the log's
# trigger on and off in the same run (bench_ingest). (2) A log of ENTRIES
# entries (default 1,000,000, a month of declarations at national scale)
# filled through the append function, then under load with wrk against
# /livez of the same server: the checkpoint, full hash tiles and entry
# bundles, entries with inclusion proofs, consistency proofs. (3) The
# monitor's full rebuild (`bondtrace log verify`) of that log, timed.
#   RUNS=3 DURATION=5s CONNECTIONS=32 ENTRIES=1000000 bench/log.sh
set -eu
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
DURATION=${DURATION:-5s}
CONNECTIONS=${CONNECTIONS:-32}
ENTRIES=${ENTRIES:-1000000}
PORT=${PORT:-18081}
BT_DB_NAME=bondtrace_bench
. scripts/env.sh
if [ "$BT_OWN_PG" = 1 ]; then scripts/pg.sh fresh bondtrace_bench; fi
work=build/bench-log
rm -rf "$work" && mkdir -p "$work"
export BONDTRACE_KEY_FILE="$PWD/$work/keys" BONDTRACE_LOG_LEVEL=warn
export BONDTRACE_LISTEN=127.0.0.1:$PORT BONDTRACE_RATING_INTERVAL=0
bin=build/bondtrace
$bin keys init >/dev/null
$bin db migrate >/dev/null
sql() { psql -X -q -At "$BONDTRACE_DATABASE_URL" "$@"; }

echo "--- declaration ingest, log trigger off, then on"
sql -c "ALTER TABLE declaration DISABLE TRIGGER log_declaration"
build/bench/bench_ingest 2000 "$RUNS" | tail -3 | sed 's/^/log off: /'
sql -c "ALTER TABLE declaration ENABLE TRIGGER log_declaration"
build/bench/bench_ingest 2000 "$RUNS" | tail -3 | sed 's/^/log on:  /'

echo "--- appending $ENTRIES entries (1,000 per transaction)"
start=$(date +%s.%N)
sql <<SQL
DO \$\$
BEGIN
    FOR b IN 0..($ENTRIES / 1000 - 1) LOOP
        PERFORM log_append('bench', g, 'system',
            jsonb_build_object('enterprise', g % 216 + 1, 'decision', 'BENCH-' || g,
                               'amount_fen', g * 100, 'decided_on', '2026-11-01'))
        FROM generate_series(b * 1000 + 1, b * 1000 + 1000) g;
        COMMIT;
    END LOOP;
END \$\$;
SQL
end=$(date +%s.%N)
size=$(sql -c "SELECT size FROM log_head")
echo "appended: $size entries in $(echo "$end - $start" | bc) s"
$bin log checkpoint >/dev/null
sql -c "ANALYZE"
sql -c "SELECT 'log_entry ' || pg_size_pretty(pg_total_relation_size('log_entry')) || ', log_hash ' || pg_size_pretty(pg_total_relation_size('log_hash'))"

tiles=$((size / 256))
awk -v n="$tiles" 'BEGIN { srand(1); for (i = 0; i < 2000; i++) {
	t = int(rand() * n); s = sprintf("%03d", t % 1000); t = int(t / 1000);
	while (t > 0) { s = sprintf("x%03d/%s", t % 1000, s); t = int(t / 1000) }
	print "/log/tile/0/" s; print "/log/tile/entries/" s } }' >"$work/tiles.txt"
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
	load inclusion "$work/proofs.txt"
	load consistency "$work/consistency.txt"
done | tee "$work/results.txt"
echo "--- medians of $RUNS runs ($DURATION each, $CONNECTIONS connections, wrk -t1 on the same machine)"
median() { # name, key
	grep "^$1 " "$work/results.txt" | tr ' ' '\n' | sed -n "s/^$2=//p" |
		sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
for what in trivial checkpoint tiles inclusion consistency; do
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
