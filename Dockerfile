# Trip Atlas image: web server (Next.js + Socket.IO) or ingestion worker, chosen by the command.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
# Dependencies first (cached layer); postinstall builds the offline basemap into public/.
COPY package.json package-lock.json ./
COPY scripts/postinstall.mjs scripts/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build
EXPOSE 3000
CMD ["node", "--import", "tsx", "server.ts"]
