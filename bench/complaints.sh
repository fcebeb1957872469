#!/bin/sh
# complaints.sh: complaints under load with wrk: intake over HTTP (each a
# durable case with its evidence snapshot and first event), and the
# regulator's queue (first page, nearest deadline first) over OPEN open
# cases (at 32 connections, and at one to see a single desk's wait),
# against a trivial handler (/livez) of the same server in the same run. The clock engine is bench/bench_clocks.c.
#   RUNS=5 DURATION=10s CONNECTIONS=32 OPEN=100000 bench/complaints.sh
set -eu
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
OPEN=${OPEN:-100000}
PORT=${PORT:-18081}
BT_DB_NAME=bondtrace_bench
. scripts/env.sh
if [ "$BT_OWN_PG" = 1 ]; then scripts/pg.sh fresh bondtrace_bench; fi
work=build/bench-complaints
rm -rf "$work" && mkdir -p "$work"
export BONDTRACE_KEY_FILE="$PWD/$work/keys" BONDTRACE_LOG_LEVEL=warn
export BONDTRACE_LISTEN=127.0.0.1:$PORT BONDTRACE_RATING_INTERVAL=0
export BONDTRACE_RATE_INTAKE=0
bin=build/bondtrace
$bin keys init >/dev/null
$bin db migrate >/dev/null
$bin demo load >"$work/demo.txt"
# Bodies of complaints on the demo codes (the printed ones, genuine).
# Bodies on the five codes; each request a new complainant (a random
# phone): one network filing thousands a minute is what --rate-intake
# stops, and the duplicate and frequent-complainant checks then stay the
# lookups of one person's few cases.
grep -o 'http://[^ ]*/01/[^ ?]*' "$work/demo.txt" | sort -u | head -5 |
	while read -r code; do
		printf '{"kind":"complaint","code":"%s","category":"quality","demand":"refund","amount_fen":19900,"description":"bench: the item arrived damaged","phone":"138{n}"}\n' "$code"
	done >"$work/bodies.txt"
# OPEN open cases, their deadlines spread over the next 60 days.
psql -X -q "$BONDTRACE_DATABASE_URL" <<SQL
INSERT INTO cmpl_case (number, token_hash, kind, state, received_at,
    rules_from, office, enterprise_id, category, demand, description,
    snapshot, next_due, next_clock)
SELECT 'TB' || lpad(g::text, 12, '0'), md5(g::text), 'complaint',
       (ARRAY['received', 'accepted', 'mediation'])[1 + g % 3],
       now() - (g % 30) * interval '1 day', '2026-04-15', '330201',
       1 + g % 3, 'quality', 'refund', 'bench case', '{}',
       current_date + (g % 60) - 10, 'acceptance'
FROM generate_series(1, $OPEN) g;
ANALYZE cmpl_case;
SQL
staff=$($bin apikey create --role regulator --label bench)
$bin serve >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for i in $(seq 50); do curl -sf "http://$BONDTRACE_LISTEN/healthz" >/dev/null && break; sleep 0.1; done
echo /api/v1/complaints >"$work/queue.txt"
for r in $(seq "$RUNS"); do
	wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/scan_load.lua \
		"http://$BONDTRACE_LISTEN/livez" | sed -n 's/^RESULT /trivial /p'
	BT_BODIES="$work/bodies.txt" wrk -t1 -c"$CONNECTIONS" -d"$DURATION" \
		--latency -s bench/scan_load.lua \
		"http://$BONDTRACE_LISTEN/api/v1/complaints" |
		sed -n 's/^RESULT /intake /p'
	BT_CODES="$work/queue.txt" BT_AUTH="Bearer $staff" wrk -t1 \
		-c"$CONNECTIONS" -d"$DURATION" --latency -s bench/scan_load.lua \
		"http://$BONDTRACE_LISTEN" | sed -n 's/^RESULT /queue /p'
	BT_CODES="$work/queue.txt" BT_AUTH="Bearer $staff" wrk -t1 -c1 \
		-d"$DURATION" --latency -s bench/scan_load.lua \
		"http://$BONDTRACE_LISTEN" | sed -n 's/^RESULT /queue_1 /p'
done | tee "$work/results.txt"
echo "--- medians of $RUNS runs ($DURATION each, $CONNECTIONS connections, wrk -t1 on the same machine)"
median() { # name, key
	grep "^$1 " "$work/results.txt" | tr ' ' '\n' | sed -n "s/^$2=//p" |
		sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
for what in trivial intake queue queue_1; do
	printf '%-8s %8s req/s  p50 %6s ms  p99 %6s ms  errors %s non-2xx %s\n' \
		"$what" "$(median $what rps)" "$(median $what p50_ms)" \
		"$(median $what p99_ms)" "$(median $what errors)" "$(median $what non2xx)"
done
psql -X -At "$BONDTRACE_DATABASE_URL" -c "SELECT count(*) || ' cases stored, ' || count(*) FILTER (WHERE number LIKE 'TS%') || ' filed over HTTP' FROM cmpl_case"
