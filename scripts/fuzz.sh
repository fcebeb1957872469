#!/bin/sh
# fuzz.sh [SECONDS]: builds the libFuzzer targets with clang (ASan+UBSan)
# and runs each for SECONDS (default 10) from the fixtures as seed corpus.
# A crash, leak or sanitizer report fails it.
set -eu
cd "$(dirname "$0")/.."
seconds=${1:-10}
out=build/fuzz
mkdir -p "$out/corpus-ceb"
clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-I. tests/fuzz/fuzz_ceb.c trace/ceb.c core/buf.c \
	$(pkg-config --cflags --libs libxml-2.0) -o "$out/fuzz_ceb"
"$out/fuzz_ceb" -max_total_time="$seconds" -max_len=65536 -timeout=5 \
	-rss_limit_mb=1024 -print_final_stats=1 \
	"$out/corpus-ceb" tests/data/ceb >"$out/fuzz_ceb.log" 2>&1 || {
	tail -n 40 "$out/fuzz_ceb.log" >&2
	exit 1
}
grep -E '^stat::number_of_executed_units' "$out/fuzz_ceb.log" | sed 's/^/fuzz_ceb: /'
