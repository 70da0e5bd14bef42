#!/usr/bin/env bash
# Installs the Debian packages Prongsai needs, only when something is missing (so it is fast
# when everything is there). Usage: scripts/system-deps.sh [run|test]
set -euo pipefail
want=(gettext)                 # msgfmt, for the Thai message catalogue
if ! python3 -c 'import ensurepip, venv' 2>/dev/null; then want+=(python3-venv); fi
if [ "${1:-run}" = test ]; then
  want+=(postgresql-client)    # pg_isready, to find PostgreSQL for the second test run
fi
missing=()
for pkg in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing system packages: ${missing[*]}"
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
