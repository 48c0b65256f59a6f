#!/usr/bin/env bash
# Runs the portal with the embedded SQLite database and the demo data; prints the URL and demo sign-ins.
# Usage: ./scripts/run.sh [--urls http://127.0.0.1:5080]
set -euo pipefail
cd "$(dirname "$0")/.."
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
urls="http://localhost:5080"
if [ "${1:-}" = "--urls" ]; then urls=$2; shift 2; fi
exec dotnet run --project src/Portal.Web --no-launch-profile -- --urls "$urls" "$@"
