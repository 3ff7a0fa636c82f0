#!/usr/bin/env bash
# Debian packages the portal needs that pip cannot bring; installs only the missing ones.
#   scripts/system-packages.sh run    what `make run` needs: a CJK TrueType font for receipt PDFs
#   scripts/system-packages.sh test   plus Chromium (browser tests), poppler (rendering receipt pages),
#                                     ClamAV's daemon (tests run their own clamd, no freshclam) and npm
#                                     (`make test` runs `npm ci` in tests/browser for axe-core)
set -euo pipefail
purpose="${1:-run}"

missing=()
[ -f /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ] || missing+=(fonts-wqy-zenhei)
if [ "$purpose" = test ]; then
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
  [ -x /usr/sbin/clamd ] || missing+=(clamav-daemon)
  command -v npm >/dev/null 2>&1 || missing+=(npm)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "system packages missing: ${missing[*]}; install them as root: apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "installing Debian packages: ${missing[*]}"
"${as_root[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
