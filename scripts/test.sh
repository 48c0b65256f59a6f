#!/usr/bin/env bash
# Runs every test: domain, application (real SQLite), bUnit components, migration/T-SQL checks and the
# Playwright browser tests and HTTP intake tests against the real portal. Installs Debian's Chromium and
# aiosmtpd (a real SMTP server for the mail tests) and a Japanese font when they are missing, and the npm package of the
# OpenID Connect provider that the organisation sign-in test runs and of the Adaptive Cards library the webhook test checks with.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian's Chromium drives the browser tests; Debian's aiosmtpd is the real SMTP server of the intake tests.
packages=()
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$chromium" ] || packages+=(chromium)
/usr/bin/python3 -c "import aiosmtpd" 2>/dev/null || packages+=(python3-aiosmtpd)
# The organisation sign-in test runs a real OpenID Connect provider (npm: oidc-provider) on Node.js.
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
# A Japanese font, so the layout tests measure (and their screenshots show) Japanese text as people see it.
[ -f /usr/share/fonts/opentype/ipafont-gothic/ipag.ttf ] || packages+=(fonts-ipafont-gothic)
if [ ${#packages[@]} -gt 0 ]; then
  echo "Installing ${packages[*]} for the tests (apt-get)..."
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${packages[@]}" >/dev/null
fi

(cd tests/Portal.E2E/oidc && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
# The webhook test checks its Teams cards with Microsoft's Adaptive Cards library (npm: adaptivecards).
(cd tests/Portal.E2E/cards && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

dotnet tool restore >/dev/null
dotnet build Portal.sln -c Release -nologo -clp:ErrorsOnly

log=$(mktemp)
status=0
dotnet test Portal.sln -c Release --no-build -nologo 2>&1 | tee "$log" || status=$?

# One closing line for the whole run, summed over the test assemblies.
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{ s += $2 } END { print s + 0 }')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{ s += $2 } END { print s + 0 }')
rm -f "$log"
echo "Tests: ${passed:-0} passed, ${failed:-0} failed"
if [ "$status" -ne 0 ] && [ "${failed:-0}" -eq 0 ]; then
  # xUnit fails the run for errors outside a test too (a fixture that cannot be cleaned up, for example).
  echo "dotnet test exited with $status although no test failed: look for 'Failure' lines above." >&2
fi
if [ "${passed:-0}" -eq 0 ]; then
  echo "No test ran." >&2
  exit 1
fi
exit "$status"
