#!/usr/bin/env bash
# The container image's steps, in one place: the Dockerfile and compose.yaml run them, and CI
# runs them on the host (`rehearse`), where there is no Docker engine.
#   build     in the build stage: install every dependency (npm install's prepare step
#             compiles dist/), then keep the production dependencies only
#   migrate   apply the migrations and stop (compose's one-shot migrate service)
#   start     the app, as PID 1's only child (exec: signals reach node directly)
#   rehearse  CI: the Dockerfile's COPY sources into a scratch folder, then build, migrate and
#             start there on SQLite; checks /readyz, that no dev dependency is left, and that
#             SIGTERM stops it with status 0
set -euo pipefail

case "${1:-}" in
  build)
    # `npm install`, not `npm ci`: the registry here lacks other platforms' optional binaries of
    # @napi-rs/canvas, which `npm ci` wants in the lockfile (docs/operations.md, "Prisma offline").
    npm install --no-audit --no-fund
    # typescript and the prisma CLI stay: @prisma/client names them as optional peers.
    npm prune --omit=dev --no-audit --no-fund
    ;;
  migrate)
    exec node dist/cli/main.js migrate
    ;;
  start)
    exec node --max-semi-space-size=64 dist/app.js
    ;;
  rehearse)
    repo="$(cd "$(dirname "$0")/.." && pwd)"
    stage="$(mktemp -d "${TMPDIR:-/tmp}/inbox-pulse-image-XXXXXX")"
    app_pid=""
    cleanup() {
      if [ -n "$app_pid" ]; then kill -9 "$app_pid" 2>/dev/null || true; fi
      rm -rf "$stage"
    }
    trap cleanup EXIT
    # The build stage's COPY lines (not --from), as the Dockerfile lists them.
    sed -n 's/^COPY \([^-].*\) \S\+$/\1/p' "$repo/Dockerfile" | tr ' ' '\n' | while read -r source; do
      mkdir -p "$stage/$(dirname "$source")"
      cp -r "$repo/$source" "$stage/$source"
    done
    # What .dockerignore keeps out of the image (src/generated: written by the build).
    grep -v '^#' "$repo/.dockerignore" | while read -r ignored; do rm -rf "${stage:?}/$ignored"; done
    # Seeded with the installed dependencies: CI has just installed them from the same lockfile
    # in a clean clone, and a second install from scratch (native builds) would add minutes.
    cp -a "$repo/node_modules" "$stage/node_modules"
    cd "$stage"
    started=$(date +%s)
    bash scripts/image.sh build > build.log 2>&1 || { cat build.log; exit 1; }
    echo "image rehearsal: build and prune in $(($(date +%s) - started)) s"
    for dev in tsx vitest knip @biomejs/biome patch-package; do
      if [ -e "node_modules/$dev" ]; then echo "image rehearsal: dev dependency $dev left in node_modules" >&2; exit 1; fi
    done
    export DATABASE_URL="file:$stage/data/inbox-pulse.db" PORT=0 METRICS_PORT=0 MIGRATE_ON_START=false SHUTDOWN_DELAY_SECONDS=1
    bash scripts/image.sh migrate
    bash scripts/image.sh start > app.log 2>&1 &
    app_pid=$!
    port=""
    for _ in $(seq 1 60); do
      port="$(sed -n 's|.*listening on http://localhost:\([0-9]*\).*|\1|p' app.log)"
      [ -n "$port" ] && break
      sleep 0.5
    done
    if [ -z "$port" ]; then cat app.log; echo "image rehearsal: the app did not start" >&2; exit 1; fi
    metrics_port="$(sed -n 's|.*"metricsPort":\([0-9]*\).*|\1|p' app.log)"
    node --input-type=module -e "
      const [port, metrics] = process.argv.slice(1);
      const ready = await fetch('http://127.0.0.1:' + port + '/readyz');
      const scrape = await (await fetch('http://127.0.0.1:' + metrics + '/metrics')).text();
      const onPublic = (await fetch('http://127.0.0.1:' + port + '/metrics')).status;
      console.log('image rehearsal: /readyz', ready.status, '/metrics lines', scrape.split('\\n').length, '/metrics on PORT', onPublic);
      process.exit(ready.ok && scrape.includes('inbox_pulse_process_cpu') && onPublic === 404 ? 0 : 1);
    " "$port" "$metrics_port"
    started=$(date +%s)
    kill -TERM "$app_pid"
    status=0
    wait "$app_pid" || status=$?
    app_pid=""
    echo "image rehearsal: SIGTERM -> exit status $status in $(($(date +%s) - started)) s"
    if [ "$status" -ne 0 ]; then cat app.log; exit 1; fi
    ;;
  *)
    echo "usage: scripts/image.sh build|migrate|start|rehearse" >&2
    exit 2
    ;;
esac
