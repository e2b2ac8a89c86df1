#!/usr/bin/env bash
# Installs the Debian packages the portal needs (WeasyPrint's Pango, an Arabic
# font, poppler, gettext, PostgreSQL, Redis, Chromium, and wrk for `make
# bench`), or prints the command when not root. Fast when everything is there:
# one dpkg query.
set -euo pipefail
PACKAGES=(
  gettext
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fontconfig
  fonts-dejavu-core fonts-hosny-amiri poppler-utils
  postgresql postgresql-contrib redis-server
  chromium
  wrk
)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null; then
  echo "Missing system packages: ${missing[*]} (no apt-get here: install them with your package manager)." >&2
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Some system packages are missing. Install them with:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  echo "(The portal still runs without PostgreSQL, Redis and Chromium: tests then fall back to SQLite and skip browser tests.)" >&2
fi
