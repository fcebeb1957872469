#!/bin/sh
# claims.sh: quality-insurance claims under load. Submission over HTTP
# (each a durable claim with its evidence snapshot, every automatic check,
# the one-live-claim index and its first two events), one new item per
# request, against a trivial handler (/livez) of the same server in the
# same run; then 100 concurrent approvals against one policy's aggregate
# limit (bench/claims_approve.mjs), checked for overspend.
#   RUNS=5 DURATION=10s CONNECTIONS=32 bench/claims.sh
set -eu
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
ITEMS=${ITEMS:-400000}
PORT=${PORT:-18082}
BT_DB_NAME=bondtrace_bench
. scripts/env.sh
if [ "$BT_OWN_PG" = 1 ]; then scripts/pg.sh fresh bondtrace_bench; fi
work=build/bench-claims
rm -rf "$work" && mkdir -p "$work"
export BONDTRACE_KEY_FILE="$PWD/$work/keys" BONDTRACE_LOG_LEVEL=warn
export BONDTRACE_LISTEN=127.0.0.1:$PORT BONDTRACE_RATING_INTERVAL=0
export BONDTRACE_RATE_INTAKE=0
bin=build/bondtrace
$bin keys init >/dev/null
$bin db migrate >/dev/null
$bin demo load >"$work/demo.txt"
# A batch of ITEMS codes of the demo's insured infant formula (policy
# PICC-PZ2026-0318 covers its GTIN): one claim body per code, each claimant
# a new phone.
batch=$($bin batch issue --enterprise 1 --gtin 9312345001019 --count "$ITEMS" | sed -n 's/.*"id": *\([0-9]*\).*/\1/p' | head -1)
[ -n "$batch" ] || batch=$(psql -X -At "$BONDTRACE_DATABASE_URL" -c "SELECT max(id) FROM batch")
$bin batch export --batch "$batch" --format text --output "$work/codes.txt" >/dev/null
sed 's|.*|{"code":"&","reason":"quality_defect","amount_fen":9900,"order_no":"BENCH","description":"bench: the formula has lumps","phone":"138{n}"}|' \
	"$work/codes.txt" >"$work/bodies.txt"
password=bench-insurer-password
BONDTRACE_PASSWORD=$password $bin account add --username benchinsurer --role insurer --insurer picc-nb >/dev/null
staff=$($bin apikey create --role regulator --label bench)
$bin serve >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for i in $(seq 50); do curl -sf "http://$BONDTRACE_LISTEN/healthz" >/dev/null && break; sleep 0.1; done
for r in $(seq "$RUNS"); do
	wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/scan_load.lua \
		"http://$BONDTRACE_LISTEN/livez" | sed -n 's/^RESULT /trivial /p'
	# Each run starts where the last stopped: new items only.
	done_so_far=$(psql -X -At "$BONDTRACE_DATABASE_URL" -c "SELECT count(*) FROM ins_claim WHERE order_no = 'BENCH'")
	tail -n +"$((done_so_far + 1))" "$work/bodies.txt" >"$work/run.txt"
	BT_BODIES="$work/run.txt" BT_IN_ORDER=1 wrk -t1 -c"$CONNECTIONS" \
		-d"$DURATION" --latency -s bench/scan_load.lua \
		"http://$BONDTRACE_LISTEN/api/v1/claims" | sed -n 's/^RESULT /submit /p'
	node bench/claims_approve.mjs "http://$BONDTRACE_LISTEN" benchinsurer \
		"$password" "$staff" "$work/codes.txt" "$r" |
		sed -n 's/^RESULT /approve_100 /p'
done | tee "$work/results.txt"
echo "--- medians of $RUNS runs ($DURATION each, $CONNECTIONS connections, wrk -t1 on the same machine)"
median() { # name, key
	grep "^$1 " "$work/results.txt" | tr ' ' '\n' | sed -n "s/^$2=//p" |
		sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
for what in trivial submit; do
	printf '%-8s %8s req/s  p50 %6s ms  p99 %6s ms  errors %s non-2xx %s\n' \
		"$what" "$(median $what rps)" "$(median $what p50_ms)" \
		"$(median $what p99_ms)" "$(median $what errors)" "$(median $what non2xx)"
done
printf 'approve_100: %s approvals/s, %s approved and %s refused of 100, overspend %s fen\n' \
	"$(median approve_100 rps)" "$(median approve_100 approved)" \
	"$(median approve_100 refused)" "$(median approve_100 overspend)"
psql -X -At "$BONDTRACE_DATABASE_URL" -c "SELECT count(*) || ' claims stored, ' || count(*) FILTER (WHERE order_no = 'BENCH') || ' filed over HTTP' FROM ins_claim"
