#!/bin/sh
# deps.sh: installs the Debian packages in scripts/packages.txt that are
# missing. Needs root (or sudo) only when something is missing.
set -eu
here=$(dirname "$0")
missing=""
while read -r pkg cmd; do
	case "$pkg" in '' | '#'*) continue ;; esac
	if [ -n "${cmd:-}" ] && command -v "$cmd" >/dev/null 2>&1; then
		continue
	fi
	if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $pkg"
	fi
done <"$here/packages.txt"
[ -z "$missing" ] && exit 0
echo "installing:$missing"
if [ "$(id -u)" = 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null; then
	SUDO="sudo"
else
	echo "deps.sh: missing packages:$missing; install them as root" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing
