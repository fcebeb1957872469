#!/bin/sh
# build.sh DIR [CMAKE ARGS...]: configures (once) and builds into DIR.
set -eu
dir=$1
shift
if [ ! -f "$dir/Makefile" ]; then  # a failed configure leaves no Makefile
	cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
fi
cmake --build "$dir" -j "$(nproc)" -- --no-print-directory -s
