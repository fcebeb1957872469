#!/bin/sh
# lint.sh BUILD_DIR: clang-format check, banned functions, cppcheck and
# clang-tidy over the project's own C sources. Any finding fails.
set -eu
build=${1:-build}
sources=$(git ls-files '*.c' '*.h')
cfiles=$(echo "$sources" | grep '\.c$')

echo "== clang-format"
# shellcheck disable=SC2086
clang-format --dry-run --Werror $sources

echo "== banned functions"
if grep -nE '(^|[^a-zA-Z0-9_])(sprintf|vsprintf|strcpy|strcat|strtok|atoi|gets|system)[[:space:]]*\(' $sources; then
	echo "banned function used (see docs/architecture.md, 'Code rules')" >&2
	exit 1
fi

echo "== cppcheck"
cppcheck --quiet --error-exitcode=1 --inline-suppr \
	--enable=warning,performance,portability \
	--suppress=missingIncludeSystem --std=c11 \
	-I . $cfiles

echo "== clang-tidy"
# shellcheck disable=SC2086
run-clang-tidy -quiet -p "$build" -j "$(nproc)" $cfiles >"$build/clang-tidy.log" 2>&1 || {
	grep -E 'warning:|error:' "$build/clang-tidy.log" | sort -u >&2
	echo "clang-tidy found problems; full log: $build/clang-tidy.log" >&2
	exit 1
}
echo "lint: clean"
