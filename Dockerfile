# One image per service, all from this file (build context = the repository root):
#   docker build --build-arg SERVICE=gateway -t vpg-gateway .
# SERVICE: gateway | users | platform | datasets | labeler | trainer. docker-compose.yml and the
# Railway configs (deploy/railway/) pass it; on Railway the service variable SERVICE is the build arg.
#
# The build stage installs every dependency and compiles the TypeScript into dist/ (npm run
# build:server; the gateway also builds the console). The runtime stage installs the production
# dependencies only (npm ci --omit=dev) and runs `node dist/<SERVICE>.js`: no tsx, no TypeScript.
# Every image also holds dist/db-migrate.js and dist/db-seed.js (pre-deploy migrations, the
# compose `init` container) and dist/healthcheck.js (the HEALTHCHECK below).

ARG NODE_IMAGE=node:20-slim

# 1. Compile (dev dependencies: esbuild, tsx, vite).
FROM ${NODE_IMAGE} AS build
ARG SERVICE
WORKDIR /app
COPY package.json package-lock.json ./
# Install scripts are skipped: the embedded PostgreSQL and the browser binaries are for development.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build:server
RUN mkdir -p client/dist && if [ "$SERVICE" = gateway ]; then npm run build; fi

# 2. Production dependencies only.
FROM ${NODE_IMAGE} AS runtime-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# 3. The service.
FROM ${NODE_IMAGE}
ARG SERVICE
RUN case "$SERVICE" in gateway|users|platform|datasets|labeler|trainer) ;; \
      *) echo "build with --build-arg SERVICE=gateway|users|platform|datasets|labeler|trainer (got '$SERVICE')" >&2; exit 1 ;; esac
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 SERVICE=${SERVICE}
COPY --from=runtime-deps /app/node_modules ./node_modules
COPY package.json ./
# The SDL contracts and the supergraph (read at start), the bundles, the console (gateway only).
COPY schema ./schema
COPY --from=build /app/dist ./dist
COPY --from=build /app/client/dist ./client/dist
# One fixed entry name, so CMD needs no shell and SIGTERM reaches node itself.
RUN ln -s "${SERVICE}.js" dist/service.js
USER node
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 CMD ["node", "dist/healthcheck.js"]
CMD ["node", "dist/service.js"]
