# usergraph: build with the dev dependencies and tsc, ship dist/ with the production ones only.
#   podman build -t usergraph .   (or docker build)
#   podman run -p 4000:4000 -v ./usergraph.yaml:/etc/usergraph/usergraph.yaml:ro usergraph
ARG NODE_IMAGE=docker.io/library/node:20-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
COPY test ./test
RUN npx tsc -p tsconfig.json

FROM ${NODE_IMAGE} AS runtime
ARG VERSION=0.0.0
ARG REVISION=unknown
LABEL org.opencontainers.image.title="usergraph" \
      org.opencontainers.image.description="One GraphQL API over the user management of DQOps, Waldur and Rockset" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}"
ENV NODE_ENV=production \
    USERGRAPH_CONFIG=/etc/usergraph/usergraph.yaml
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
# Only what runs: the compiled gateway (not the tests), the committed schemas, the demo seed.
COPY --from=build /app/dist/src ./dist/src
COPY schema ./schema
COPY demo ./demo
USER node
EXPOSE 4000
# Node's own fetch: the image has no curl.
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Node as PID 1 gets SIGTERM directly (exec form, no shell); usergraph drains requests in flight, then exits 0.
ENTRYPOINT ["node", "dist/src/cli.js"]
CMD ["serve"]
