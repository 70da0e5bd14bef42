#!/usr/bin/env bash
# Installs the Debian packages Prongsai needs, only when something is missing (so it is fast
# when everything is there). Usage: scripts/system-deps.sh [run|test]
set -euo pipefail
want=(gettext                  # msgfmt, for the Thai message catalogue
      fonts-tlwg-laksaman      # the Thai document font (a free TH SarabunPSK look-alike) for the PDF (scaled to TH SarabunPSK) and charts
      libreoffice-writer-nogui python3-uno)  # PDFs: our Word files laid out by LibreOffice (kept warm)
if ! python3 -c 'import ensurepip, venv' 2>/dev/null; then want+=(python3-venv); fi
if [ "${1:-run}" = test ]; then
  want+=(postgresql-client     # pg_isready, to find PostgreSQL for the second test run
         poppler-utils         # pdftotext and pdftoppm: tests read generated PDFs back
         zbar-tools            # zbarimg: tests decode the QR codes we print
         chromium)             # the browser Playwright drives in the browser tests
  # npm installs axe-core, the accessibility checker the browser tests run on every page
  command -v npm >/dev/null || want+=(nodejs npm)
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
