# One image for both processes: the api (default) and the worker (`node dist/apps/worker/src/main.js`).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY apps apps
COPY libs libs
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
# A CJK font, so PDF receipts show Chinese titles (README, "Receipts").
RUN apt-get update && apt-get install -y --no-install-recommends fonts-wqy-microhei && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production
# Inside a container the api must listen beyond loopback (outside one, HOST defaults to 127.0.0.1).
ENV HOST=0.0.0.0
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
# Read at start (COMMUNITY_SENSITIVE_WORDS_FILE).
COPY --from=build /app/libs/community/word-lists libs/community/word-lists
USER node
EXPOSE 3000
CMD ["node", "--enable-source-maps", "dist/apps/api/src/main.js"]
