#!/usr/bin/env bash
# Adds a migration for both providers (SQLite embedded default, SQL Server production): ./scripts/add-migration.sh Name
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: scripts/add-migration.sh MigrationName}
dotnet tool restore >/dev/null
for provider in Sqlite SqlServer; do
  dotnet ef migrations add "$name" \
    --project src/Portal.Infrastructure --startup-project src/Portal.Infrastructure \
    --context "${provider}PortalDbContext" \
    --output-dir "Persistence/Migrations/$provider" \
    --namespace "Portal.Infrastructure.Persistence.Migrations.$provider"
done
# dotnet ef places model snapshots by namespace; keep them beside their migrations.
for provider in Sqlite SqlServer; do
  if [ -d "src/Portal.Infrastructure/Portal/Infrastructure/Persistence/Migrations/$provider" ]; then
    mv src/Portal.Infrastructure/Portal/Infrastructure/Persistence/Migrations/$provider/*.cs "src/Portal.Infrastructure/Persistence/Migrations/$provider/"
  fi
done
rm -rf src/Portal.Infrastructure/Portal
