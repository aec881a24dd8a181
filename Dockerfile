# Inbox Pulse: a multi-stage image (docs/operations.md, "Containers"). Its steps live in
# scripts/image.sh, which CI also runs on the host (there is no Docker engine there).
#   docker build -t inbox-pulse .
#   docker run -p 3000:3000 -v inbox-pulse-data:/data --env-file .env inbox-pulse
# Node 24 LTS, as .nvmrc: CI runs the whole suite and these steps on it.
ARG NODE_IMAGE=node:24.22.3-bookworm-slim

FROM ${NODE_IMAGE} AS build
# better-sqlite3 builds from source when its prebuilt binary cannot be downloaded.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json prisma.config.ts ./
COPY patches patches
COPY prisma prisma
COPY scripts/image.sh scripts/image.sh
COPY src src
COPY bin bin
RUN bash scripts/image.sh build

FROM ${NODE_IMAGE}
# tini as PID 1: it passes SIGTERM to node and reaps what node leaves.
RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app/package.json package.json
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY --from=build /app/prisma prisma
COPY --from=build /app/bin bin
COPY --from=build /app/scripts scripts
# The embedded SQLite database lives in the volume; PostgreSQL: set DATABASE_URL.
RUN mkdir /data && chown node:node /data
VOLUME /data
ENV NODE_ENV=production DATABASE_URL=file:/data/inbox-pulse.db PORT=3000
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Orchestrators send SIGTERM and kill 30 s later (Docker's default is 10 s: docker stop -t 30).
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["bash", "scripts/image.sh", "start"]
