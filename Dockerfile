# syntax=docker/dockerfile:1

# Build stage: the TypeScript, and better-sqlite3's native module (prebuilt, or compiled here).
FROM node:22-bookworm-slim AS build
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json .npmrc ./
# npm 10 in this image ignores package.json's allowScripts: run no dependency's install script
# but better-sqlite3's (swagger-ui-dist pulls in a telemetry postinstall).
RUN npm ci --ignore-scripts \
 && npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json openapi.yaml ./
COPY scripts/copy-assets.mjs scripts/build-desk.mjs scripts/
COPY src src
COPY web web
RUN npm run build \
 && npm prune --omit=dev --ignore-scripts

# Runtime stage: production dependencies and compiled code only, as a non-root user.
FROM node:22-bookworm-slim
ENV NODE_ENV=production \
    PORT=8080 \
    HOST=0.0.0.0 \
    DATABASE_PATH=/var/lib/referral/referrals.sqlite \
    SAMPLE_DIRECTORY_PATH=""
WORKDIR /app
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY package.json openapi.yaml ./
# The sample directory is loaded only when SAMPLE_DIRECTORY_PATH names it (a trial run).
COPY data data
RUN mkdir -p /var/lib/referral && chown node:node /var/lib/referral
USER node
VOLUME ["/var/lib/referral"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "--max-semi-space-size=64", "dist/main.js"]
