#!/usr/bin/env bash
# Installs what the tests need beyond Rust: Debian's chromium (the web page's end-to-end test).
# Idempotent and quiet when everything is there already.
set -euo pipefail
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing chromium (Debian package) for the web page's end-to-end test"
    if ! { apt-get update -qq >/dev/null &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }; then
      echo "setup: WARNING: installing chromium failed; the browser test will print SKIPPED"
    fi
  else
    echo "setup: chromium is missing and cannot be installed here; its test will skip visibly"
  fi
fi
