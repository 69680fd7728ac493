#!/usr/bin/env bash
# ensure_debian.sh PATH PACKAGE... — install Debian packages when PATH (a binary, or a font file) is missing and we may (root with
# apt-get); otherwise warn, and the tests that need BINARY are skipped with that reason. Used for Chromium
# (the web chat browser test: never `playwright install`, no downloads outside the package registries) and
# nginx (the multi-instance deployment).
set -uo pipefail
binary=$1; shift
if [ -x "$binary" ] || { [ -f "$binary" ] && [ "${binary#/usr/share/fonts/}" != "$binary" ]; }; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing $* (Debian) for $binary…"
    export DEBIAN_FRONTEND=noninteractive
    if { apt-get install -y -qq --no-install-recommends "$@" || { apt-get update -qq && apt-get install -y -qq --no-install-recommends "$@"; }; } >/dev/null 2>&1; then
        exit 0
    fi
fi
echo "warning: $binary is missing and could not be installed: the tests that need it will be skipped" >&2
exit 0
