#!/usr/bin/env bash
# The whole test suite on the embedded SQLite, then again on PostgreSQL (127.0.0.1:5432,
# database `test`, one schema per test file). With CI=true a missing PostgreSQL fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."

node scripts/schemas.mjs --check
# Lint and format (biome.json): a file that is not formatted fails the run.
npx biome check .
npx tsc -p tsconfig.json
# dist/: the tests that start `npm start`, `node dist/app.js` and the inbox-pulse command run it.
npm run build --silent
# Dead code: unused files, dependencies and exports (knip.jsonc); tests and benches count as users.
npx knip

echo "== test suite on SQLite"
TEST_DB=sqlite npx vitest run "$@"

pg_url="${TEST_PG_URL:-postgresql://postgres@127.0.0.1:5432/test}"
if node -e "const c=new (require('pg').Client)({connectionString:process.argv[1]});c.connect().then(()=>c.end()).catch(()=>process.exit(1))" "$pg_url"; then
  echo "== test suite on PostgreSQL ($pg_url)"
  TEST_DB=postgresql TEST_PG_URL="$pg_url" npx vitest run "$@"
elif [ "${CI:-}" = "true" ]; then
  echo "PostgreSQL is not reachable at $pg_url: CI must run the PostgreSQL suite." >&2
  exit 1
else
  echo "!! PostgreSQL not reachable at $pg_url: PostgreSQL suite SKIPPED (CI would fail)." >&2
fi
