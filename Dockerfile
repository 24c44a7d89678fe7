# Production image: compiled JavaScript on Node 20, no dev dependencies, runs as the node user.
FROM node:20-bookworm-slim AS build
WORKDIR /app
# patches/ first: npm ci applies them (patch-package, postinstall).
COPY package.json package-lock.json ./
COPY patches patches
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY server server
COPY schema schema
COPY resolvers resolvers
COPY entities entities
# The dashboard (web/) is bundled by Vite with the cache settings portals use (client/).
COPY web web
COPY client client
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production PORT=4000
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "--max-old-space-size=256", "--max-semi-space-size=32", "dist/server/index.js"]
