#!/bin/sh
# scan.sh: durable scans per second over HTTP with wrk, against a trivial
# handler (/livez) of the same server build, measured in the same run.
# Uses the private PostgreSQL (or BONDTRACE_DATABASE_URL) and build/.
#   RUNS=5 DURATION=10s CONNECTIONS=64 bench/scan.sh
# ALONGSIDE="slow uploads" also measures the JSON scans while each of
# those loads runs beside them (bench/alongside.mjs), in the same runs.
set -eu
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-64}
PORT=${PORT:-18080}
BT_DB_NAME=bondtrace_bench
. scripts/env.sh
if [ "$BT_OWN_PG" = 1 ]; then scripts/pg.sh fresh bondtrace_bench; fi
work=build/bench-run
rm -rf "$work" && mkdir -p "$work"
export BONDTRACE_KEY_FILE="$PWD/$work/keys" BONDTRACE_LOG_LEVEL=warn
export BONDTRACE_LISTEN=127.0.0.1:$PORT
bin=build/bondtrace
$bin keys init >/dev/null
$bin db migrate >/dev/null
$bin enterprise add --uscc 91330201MA2H7Q3K89 --customs-code 3302460011 \
	--name-zh 基准测试企业 --name-en "Benchmark Co." >/dev/null
$bin product add --enterprise 3302460011 --gtin 9312345001019 --name-zh 基准商品 \
	--name-en "Benchmark item" --brand Bench --origin AU >/dev/null
# Many batches, random codes of all of them: 50 x 4,000 = 200,000 codes.
for i in $(seq 1 50); do
	id=$($bin batch issue --enterprise 3302460011 --gtin 9312345001019 --count 4000 |
		sed -n 's/.*"id": \([0-9]*\).*/\1/p')
	$bin batch export --batch "$id" --quiet | sed 's|^http://[^/]*||' >>"$work/codes.txt"
done
# One load generator on loopback is one network: no per-network limits.
BONDTRACE_RATE_SCANS=0 BONDTRACE_RATE_FORGED=0 BONDTRACE_RATE_UPLOADS=0 $bin serve >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for i in $(seq 50); do curl -sf "http://$BONDTRACE_LISTEN/healthz" >/dev/null && break; sleep 0.1; done

load() { # name, script env, url
	BT_CODES="$work/codes.txt" BT_ACCEPT="$2" wrk -t1 -c"$CONNECTIONS" -d"$DURATION" \
		--latency -s bench/scan_load.lua "$3" | sed -n 's/^RESULT /'"$1"' /p'
}
trivial() {
	wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/scan_load.lua \
		"http://$BONDTRACE_LISTEN/livez" | sed -n 's/^RESULT /trivial /p'
}
ALONGSIDE=${ALONGSIDE:-}
secs=${DURATION%s}
for r in $(seq "$RUNS"); do
	trivial
	load scan_json application/json "http://$BONDTRACE_LISTEN"
	load scan_html text/html "http://$BONDTRACE_LISTEN"
	for a in $ALONGSIDE; do
		node bench/alongside.mjs "$a" "http://$BONDTRACE_LISTEN" \
			$((secs + 2)) 2>>"$work/alongside.log" &
		sleep 1
		load "json+$a" application/json "http://$BONDTRACE_LISTEN"
		wait
	done
done | tee "$work/results.txt"
echo "--- medians of $RUNS runs ($DURATION each, $CONNECTIONS connections, wrk -t1 on the same machine)"
median() { # name, key
	grep "^$1 " "$work/results.txt" | tr ' ' '\n' | sed -n "s/^$2=//p" |
		sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
for what in trivial scan_json scan_html $(for a in $ALONGSIDE; do echo "json+$a"; done); do
	printf '%-10s %8s req/s  p50 %6s ms  p99 %6s ms  errors %s non-2xx %s\n' \
		"$what" "$(median $what rps)" "$(median $what p50_ms)" \
		"$(median $what p99_ms)" "$(median $what errors)" "$(median $what non2xx)"
done | tee "$work/medians.txt"
scans=$(psql -X -tA "$BONDTRACE_DATABASE_URL" -c "SELECT count(*) FROM scan")
echo "scan rows recorded: $scans"
