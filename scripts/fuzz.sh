#!/bin/sh
# fuzz.sh [SECONDS]: builds the libFuzzer targets with clang (ASan+UBSan)
# and runs each for SECONDS (default 10) from the fixtures as seed corpus
# (`make test` runs 10 s each, `make fuzz` 120 s each). A crash, leak or
# sanitizer report fails it; the input that did is kept in build/fuzz.
set -eu
cd "$(dirname "$0")/.."
seconds=${1:-10}
out=build/fuzz
mkdir -p "$out/corpus-ceb" "$out/corpus-image" "$out/corpus-gs1" \
	"$out/corpus-form" "$out/corpus-upload" "$out/corpus-complaints" \
	"$out/corpus-claims" "$out/corpus-tlog"
flags="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -I."

# fuzz NAME SEEDS: runs a built target for the time given.
fuzz() {
	"$out/$1" -max_total_time="$seconds" -max_len=65536 -timeout=5 \
		-rss_limit_mb=1536 -print_final_stats=1 \
		-artifact_prefix="$out/$1-" \
		"$out/corpus-${1#fuzz_}" "$2" >"$out/$1.log" 2>&1 || {
		tail -n 40 "$out/$1.log" >&2
		exit 1
	}
	grep -E '^stat::number_of_executed_units' "$out/$1.log" | sed "s/^/$1: /"
}

# shellcheck disable=SC2046,SC2086
clang $flags tests/fuzz/fuzz_ceb.c trace/customs/ceb.c trace/customs/ceb_fields.c core/buf.c core/clock.c \
	$(pkg-config --cflags --libs libxml-2.0) -o "$out/fuzz_ceb"
fuzz fuzz_ceb tests/data/ceb
# shellcheck disable=SC2046,SC2086
clang $flags tests/fuzz/fuzz_image.c scanner/image.c scanner/photo.c scanner/decode.c \
	core/buf.c $(pkg-config --cflags --libs libpng libjpeg zbar) \
	-o "$out/fuzz_image"
fuzz fuzz_image tests/data/images
# shellcheck disable=SC2046,SC2086
clang $flags tests/fuzz/fuzz_gs1.c trace/code/gs1.c trace/code/elements.c core/buf.c \
	-o "$out/fuzz_gs1"
fuzz fuzz_gs1 tests/data/fuzz/gs1
# shellcheck disable=SC2046,SC2086
clang $flags tests/fuzz/fuzz_form.c core/form.c core/buf.c \
	$(pkg-config --cflags --libs jansson) -o "$out/fuzz_form"
fuzz fuzz_form tests/data/fuzz/form
# shellcheck disable=SC2046,SC2086
clang $flags tests/fuzz/fuzz_upload.c core/form.c scanner/image.c \
	scanner/decode.c core/buf.c \
	$(pkg-config --cflags --libs libpng libjpeg zbar) -o "$out/fuzz_upload"
fuzz fuzz_upload tests/data/fuzz/upload
# shellcheck disable=SC2046,SC2086
clang $flags tests/fuzz/fuzz_complaints.c complaints/calendar.c \
	complaints/event_data.c core/buf.c core/clock.c \
	$(pkg-config --cflags libpq) $(pkg-config --cflags --libs jansson) \
	-o "$out/fuzz_complaints"
fuzz fuzz_complaints tests/data/fuzz/complaints
# shellcheck disable=SC2046,SC2086
clang $flags tests/fuzz/fuzz_claims.c insurance/claim.c complaints/clock.c \
	complaints/calendar.c complaints/event_data.c core/buf.c core/clock.c \
	$(pkg-config --cflags libpq) $(pkg-config --cflags --libs jansson) \
	-o "$out/fuzz_claims"
fuzz fuzz_claims tests/data/fuzz/claims
# shellcheck disable=SC2046,SC2086
clang $flags tests/fuzz/fuzz_tlog.c core/note.c core/tlog.c core/buf.c \
	$(pkg-config --cflags --libs libsodium) -o "$out/fuzz_tlog"
fuzz fuzz_tlog tests/data/fuzz/tlog
