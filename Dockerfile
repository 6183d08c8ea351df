# syntax=docker/dockerfile:1
# Crosswalk's production image: one build of the web app, the server run from its TypeScript sources by Node 24,
# as an unprivileged user. Configuration comes from the environment (see .env.example and docs/deployment.md).

ARG NODE_VERSION=24.21.0

# ── Build: every dependency, then the web app ────────────────────────────────────────────────────────────────
FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
RUN npm install --global --no-audit --no-fund pnpm@12.21.0
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./
COPY web/package.json web/
COPY server/package.json server/
COPY realtime/package.json realtime/
COPY shared/package.json shared/
COPY tests/package.json tests/
COPY bench/package.json bench/
RUN pnpm install --frozen-lockfile
COPY . .
RUN pnpm run build

# ── Production dependencies only ─────────────────────────────────────────────────────────────────────────────
FROM node:${NODE_VERSION}-bookworm-slim AS dependencies
WORKDIR /app
RUN npm install --global --no-audit --no-fund pnpm@12.21.0
COPY --from=build /app/package.json /app/pnpm-lock.yaml /app/pnpm-workspace.yaml ./
COPY --from=build /app/web/package.json web/
COPY --from=build /app/server/package.json server/
COPY --from=build /app/realtime/package.json realtime/
COPY --from=build /app/shared/package.json shared/
COPY --from=build /app/tests/package.json tests/
COPY --from=build /app/bench/package.json bench/
RUN pnpm install --frozen-lockfile --prod --filter @crosswalk/server... --filter @crosswalk/web...

# ── Runtime ──────────────────────────────────────────────────────────────────────────────────────────────────
FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=dependencies /app ./
COPY --from=build /app/server/src server/src
COPY --from=build /app/realtime/src realtime/src
COPY --from=build /app/shared/src shared/src
COPY --from=build /app/web/build web/build
# The compile cache (server/src/main.ts) and the embedded database's directory belong to the unprivileged user.
RUN mkdir -p /data node_modules/.cache && chown node:node /data node_modules/.cache
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
STOPSIGNAL SIGTERM
CMD ["node", "--liftoff-only", "server/src/main.ts"]
