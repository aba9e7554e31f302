/**
 * `npm run broker`: the reference broker alone, configured by the environment (DESIGN §2, §6).
 *
 * | variable                     | default                         | meaning |
 * | ---------------------------- | ------------------------------- | ------- |
 * | `PORT`                       | 8080                            | TCP port (0 = any free port) |
 * | `HOST`                       | 127.0.0.1                       | address to listen on (`0.0.0.0` to accept from the network) |
 * | `SERMO_API_KEYS`             | a random dev key, printed       | comma list of application API keys (`/ws/app?apiKey=`, `POST /images?apiKey=`) |
 * | `SERMO_ALLOWED_ORIGINS`      | any http://localhost:* and http://127.0.0.1:* | comma list of origins allowed to open customer sockets and upload images, or `*` |
 * | `SERMO_STATIC`               | none                            | folder served at `/` |
 * | `SERMO_WEBHOOK_URL`          | none                            | session webhooks (seed 003) are POSTed here |
 * | `SERMO_WEBHOOK_SECRET`       | required with the URL           | HMAC-SHA256 key of `X-Hub-Signature` |
 * | `SERMO_WEBHOOK_RETRY_MS`     | 1000,5000,30000                 | delays before each webhook retry |
 * | `SERMO_MAX_FRAME_BYTES`      | 65536                           | largest WebSocket frame from anyone (close 1009) |
 * | `SERMO_CUSTOMER_RATE`        | 20                              | customer events per second per socket (then close 1008) |
 * | `SERMO_CUSTOMER_BURST`       | 40                              | customer events allowed at once |
 * | `SERMO_MAX_SOCKETS_PER_IP`   | 100                             | open customer sockets per IP address (HTTP 429) |
 * | `SERMO_BACKLOG_EVENTS`       | 500                             | outbound events kept per userId for replay |
 * | `SERMO_BACKLOG_MS`           | 900000 (15 min)                 | how long an outbound event stays replayable |
 * | `SERMO_MAX_IMAGE_BYTES`      | 5242880 (5 MB)                  | largest image upload (HTTP 413) |
 * | `SERMO_IMAGE_STORE_BYTES`    | 268435456 (256 MB)              | all images in memory together; the oldest are evicted |
 * | `SERMO_DEDUPE_WINDOW`        | 512                             | event ids remembered per userId to drop resends |
 * | `SERMO_CONVERSATION_IDLE_MS` | 3600000 (1 h)                   | a userId with no socket is forgotten after this long idle |
 * | `SERMO_PING_INTERVAL_MS`     | 30000                           | WebSocket ping period; unanswered sockets are cut |
 * | `SERMO_MAX_BUFFERED_BYTES`   | 8388608 (8 MB)                  | bytes queued for a slow reader before its socket is cut |
 *
 * Stdout carries only the dev key line (when no keys are set) and `listening on http://HOST:PORT`;
 * connection logs go to stderr.
 */

import { optionsFromEnv } from './env.ts';
import { startBroker } from './server.ts';

async function main(): Promise<void> {
  let config: ReturnType<typeof optionsFromEnv>;
  try {
    config = optionsFromEnv(process.env);
  } catch (error) {
    process.stderr.write(`broker: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  }
  if (config.devKey !== null) {
    process.stdout.write(`dev api key: ${config.devKey} (set SERMO_API_KEYS to choose keys)\n`);
  }
  const broker = await startBroker(config.options);
  process.stdout.write(`listening on ${broker.url}\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${signal}: closing\n`);
    broker.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`broker: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
