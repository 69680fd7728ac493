#!/usr/bin/env bash
# The web chat test drives Debian's Chromium through Playwright (never `playwright install`: no downloads
# from outside the package registries). Install it from Debian when missing and we may; otherwise say so,
# and tests/test_webchat.py is skipped with that reason.
set -uo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing Debian's chromium and a Chinese font for the web chat test…"
    export DEBIAN_FRONTEND=noninteractive
    if apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends chromium fonts-wqy-microhei >/dev/null; then
        exit 0
    fi
fi
echo "warning: /usr/bin/chromium is missing and could not be installed: the web chat browser test will be skipped" >&2
exit 0
