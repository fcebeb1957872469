#!/bin/sh
# portal.sh: the disclosure portal under load with wrk: enterprise profiles
# (JSON, the HTML page and the PDF credit report, random enterprises) and
# the statistics page, against a trivial handler (/livez) of the same
# server in the same run;
# and recomputing every rating, timed by hyperfine against a one-row read.
#   RUNS=5 DURATION=10s CONNECTIONS=32 ENTERPRISES=216 bench/portal.sh
# SCANS=2000000 first fills the scan log with that many scans of the demo
# codes over the last 30 days (public pages must not slow down with it).
set -eu
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
ENTERPRISES=${ENTERPRISES:-216}
PORT=${PORT:-18080}
BT_DB_NAME=bondtrace_bench
. scripts/env.sh
if [ "$BT_OWN_PG" = 1 ]; then scripts/pg.sh fresh bondtrace_bench; fi
work=build/bench-portal
rm -rf "$work" && mkdir -p "$work"
export BONDTRACE_KEY_FILE="$PWD/$work/keys" BONDTRACE_LOG_LEVEL=warn
export BONDTRACE_LISTEN=127.0.0.1:$PORT BONDTRACE_RATING_INTERVAL=0
bin=build/bondtrace
$bin keys init >/dev/null
$bin db migrate >/dev/null
$bin demo load >/dev/null
# As many enterprises as the seed platform has (216), each with a
# commitment and every tenth with a penalty, so that profiles have content.
psql -X -q "$BONDTRACE_DATABASE_URL" <<SQL
INSERT INTO enterprise (uscc, customs_code, name_zh, name_en)
SELECT '91330201BENCH' || lpad(i::text, 5, '0'), 'B' || lpad(i::text, 9, '0'),
       '基准企业' || i, 'Bench enterprise ' || i
FROM generate_series(4, $ENTERPRISES) i;
INSERT INTO commitment (enterprise_id, text_zh, text_en, since)
SELECT id, '7天无理由退货', '7-day returns', '2025-01-01' FROM enterprise;
INSERT INTO penalty (enterprise_id, decision_no, violation, legal_basis, penalty,
                     amount_fen, decided_on, authority, severity, publish_until, recorded_by)
SELECT id, 'BENCH-' || id, '基准违法行为', '基准依据', '罚款', 100000,
       current_date - 30, '基准机关', 'general', current_date + 150, 'bench'
FROM enterprise WHERE id % 10 = 0;
SQL
SCANS=${SCANS:-0}
if [ "$SCANS" -gt 0 ]; then
	psql -X -q "$BONDTRACE_DATABASE_URL" <<SQL
WITH b AS (SELECT id, least(count, 20000) AS n, row_number() OVER () AS rn,
                  count(*) OVER () AS nb FROM batch)
INSERT INTO scan (at, batch_id, idx, net_hash, ua_class, channel, verdict)
SELECT now() - random() * interval '30 days', b.id, (g / b.nb) % b.n,
       md5(g::text), 'other', 'web', 'genuine'
FROM generate_series(1, $SCANS) g JOIN b ON b.rn = 1 + g % b.nb;
INSERT INTO code_stats (batch_id, idx, count, rule_count, first_at,
                        recent_at, recent_net, recent_region)
SELECT batch_id, idx, count(*), count(*), min(at), '{}', '{}', '{}'
FROM scan GROUP BY 1, 2
ON CONFLICT (batch_id, idx) DO UPDATE SET count = EXCLUDED.count;
SELECT scan_rollups_rebuild();
ANALYZE;
SQL
fi
$bin credit recompute >/dev/null
seq 1 "$ENTERPRISES" | sed 's|^|/api/v1/enterprises/|' >"$work/profiles.txt"
seq 1 "$ENTERPRISES" | sed 's|^|/enterprises/|' >"$work/pages.txt"
seq 1 "$ENTERPRISES" | sed 's|^\(.*\)$|/enterprises/\1/report.pdf|' >"$work/reports.txt"
echo /api/v1/statistics >"$work/stats.txt"

hyperfine --runs "$RUNS" --warmup 1 --export-json "$work/recompute.json" \
	-n "baseline: enterprise show (one-row read)" "$bin enterprise show 1" \
	-n "recompute $ENTERPRISES ratings" "$bin credit recompute"

$bin serve >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for i in $(seq 50); do curl -sf "http://$BONDTRACE_LISTEN/healthz" >/dev/null && break; sleep 0.1; done

load() { # name, accept, paths file
	BT_CODES="$3" BT_ACCEPT="$2" wrk -t1 -c"$CONNECTIONS" -d"$DURATION" \
		--latency -s bench/scan_load.lua "http://$BONDTRACE_LISTEN" |
		sed -n 's/^RESULT /'"$1"' /p'
}
for r in $(seq "$RUNS"); do
	wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/scan_load.lua \
		"http://$BONDTRACE_LISTEN/livez" | sed -n 's/^RESULT /trivial /p'
	load profile_json application/json "$work/profiles.txt"
	load profile_html text/html "$work/pages.txt"
	load report_pdf application/pdf "$work/reports.txt"
	load statistics application/json "$work/stats.txt"
done | tee "$work/results.txt"
echo "--- medians of $RUNS runs ($DURATION each, $CONNECTIONS connections, wrk -t1 on the same machine)"
median() { # name, key
	grep "^$1 " "$work/results.txt" | tr ' ' '\n' | sed -n "s/^$2=//p" |
		sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
for what in trivial profile_json profile_html report_pdf statistics; do
	printf '%-13s %8s req/s  p50 %6s ms  p99 %6s ms  errors %s non-2xx %s\n' \
		"$what" "$(median $what rps)" "$(median $what p50_ms)" \
		"$(median $what p99_ms)" "$(median $what errors)" "$(median $what non2xx)"
done
python3 -c 'import json,sys
for r in json.load(open(sys.argv[1]))["results"]:
    print("%-45s median %8.1f ms" % (r["command"], r["median"] * 1000))' "$work/recompute.json"
