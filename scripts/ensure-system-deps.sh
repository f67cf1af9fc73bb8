#!/usr/bin/env bash
# Installs the Debian packages the test suite needs (python3 for the second implementation,
# chromium for browser tests, redis-server for the Redis replay store, nginx for the e2e proxy tests,
# python3-flask for the Flask example, python3-idna for the Python implementation's IDN hosts), only
# when missing.
# Runs as root (as on CI and a fresh machine) or through sudo.
set -euo pipefail
declare -A need=([python3]=python3 [chromium]=chromium [redis-server]=redis-server [nginx]=nginx)
missing=()
for cmd in "${!need[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("${need[$cmd]}")
done
# Python modules are checked by import, not by command (the e2e tests use the first of these with Flask).
python_has() { /usr/bin/python3 -c "import $1" >/dev/null 2>&1 || python3 -c "import $1" >/dev/null 2>&1; }
python_has flask || missing+=(python3-flask)
python_has idna || missing+=(python3-idna)
if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages: all present"
  exit 0
fi
echo "system packages: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "need root or sudo to apt-get install ${missing[*]}" >&2; exit 1; }
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "system packages: installed ${missing[*]}"
