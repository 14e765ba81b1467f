#!/usr/bin/env bash
# Installs the Debian packages redline uses, when they are missing and we are root.
# Never fails the build: it says what is missing and what still works without it.
set -u
want_tesseract=1
want_browser=${REDLINE_BROWSER_TESTS:-1}
missing=()
command -v tesseract >/dev/null 2>&1 || missing+=(tesseract-ocr tesseract-ocr-eng)
if [ "$want_browser" = 1 ]; then
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
fi
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "setup: installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  (apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}") >/tmp/redline-apt.log 2>&1 \
    || echo "setup: apt-get failed (log: /tmp/redline-apt.log)"
fi
command -v tesseract >/dev/null 2>&1 || echo "setup: WARNING tesseract is missing: OCR of scans and image-only PDFs is off (everything else works; tests needing OCR are skipped with this reason)."
if [ "$want_browser" = 1 ]; then
  { command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; } || echo "setup: WARNING chromium/chromedriver missing: browser tests cannot run (the web UI itself works)."
fi
exit 0
