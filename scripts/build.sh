#!/bin/sh
# build.sh DIR [CMAKE ARGS...]: configures (once) and builds into DIR.
set -eu
dir=$1
shift
if [ ! -f "$dir/CMakeCache.txt" ]; then
	cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
fi
cmake --build "$dir" -j "$(nproc)" -- --no-print-directory -s
