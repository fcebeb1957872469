#!/bin/sh
# fuzz.sh [SECONDS]: builds the libFuzzer targets with clang (ASan+UBSan)
# and runs each for SECONDS (default 10) from the fixtures as seed corpus.
# A crash, leak or sanitizer report fails it.
set -eu
cd "$(dirname "$0")/.."
seconds=${1:-10}
out=build/fuzz
mkdir -p "$out/corpus-ceb" "$out/corpus-image"
flags="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -I."

# fuzz NAME SEEDS: runs a built target for the time given.
fuzz() {
	"$out/$1" -max_total_time="$seconds" -max_len=65536 -timeout=5 \
		-rss_limit_mb=1536 -print_final_stats=1 \
		"$out/corpus-${1#fuzz_}" "$2" >"$out/$1.log" 2>&1 || {
		tail -n 40 "$out/$1.log" >&2
		exit 1
	}
	grep -E '^stat::number_of_executed_units' "$out/$1.log" | sed "s/^/$1: /"
}

# shellcheck disable=SC2046,SC2086
clang $flags tests/fuzz/fuzz_ceb.c trace/ceb.c core/buf.c \
	$(pkg-config --cflags --libs libxml-2.0) -o "$out/fuzz_ceb"
fuzz fuzz_ceb tests/data/ceb
# shellcheck disable=SC2046,SC2086
clang $flags tests/fuzz/fuzz_image.c scanner/image.c scanner/decode.c \
	core/buf.c $(pkg-config --cflags --libs libpng libjpeg zbar) \
	-o "$out/fuzz_image"
fuzz fuzz_image tests/data/images
