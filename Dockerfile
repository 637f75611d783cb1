# Masthead's image: the sources run as they are (tsx compiles them at start, esbuild builds the
# browser assets in memory), so there is no build stage. docs/PRODUCTION.md explains each line.
FROM node:24-bookworm-slim

ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/var/lib/masthead \
    MASTHEAD_DEMO=0

# pg_dump and pg_restore for `masthead backup` and scheduled backups on PostgreSQL: Debian 12's
# are 15, which back up servers up to 15; for a newer server install its client from
# apt.postgresql.org instead (pg_dump must be at least the server's major version).
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# Dependencies first: a change to the sources alone reuses this layer. sharp brings its own libvips.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

COPY tsconfig.json ./
COPY bin ./bin
COPY migrations ./migrations
COPY src ./src

# Never root: the site writes only DATA_DIR (the embedded database, media on the disk store, the mail outbox).
RUN useradd --system --uid 10001 --home-dir /var/lib/masthead masthead \
    && mkdir -p /var/lib/masthead /backups \
    && chown masthead /var/lib/masthead /backups
USER masthead
VOLUME ["/var/lib/masthead"]
EXPOSE 3000

# Liveness only (no database round trip): a load balancer asks /readyz itself.
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:3000/livez').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM drains (SHUTDOWN_DRAIN_SECONDS) then closes; give it that plus 10 s (docker stop -t).
STOPSIGNAL SIGTERM
CMD ["node", "bin/masthead.mjs", "start"]
