// `npm start`: the whole demo in one process. Builds dist/ when it is missing or older than the sources,
// then starts the reference broker (serving dist/: the demo site, the console, the widget) and the demo
// bot, and prints where to look. Ctrl+C (SIGINT) or SIGTERM stops both cleanly.
import { register } from 'node:module';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

register('./ts-hooks.mjs', import.meta.url);

const root = resolve(import.meta.dirname, '..');
const outDir = resolve(root, process.env.SERMO_OUT_DIR ?? 'dist');
/** What the build depends on; a change in any of them means dist/ is stale. */
const SOURCES = ['src', 'public', 'index.html', 'embed.html', 'console.html', 'widget.html', 'vite.config.ts', 'package.json'];

/** Newest modification time under `path` (0 if it does not exist), skipping tests. */
function newest(path) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return /\.test\.tsx?$/.test(path) ? 0 : stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

function buildIfNeeded() {
  const built = (() => {
    try {
      return statSync(join(outDir, 'index.html')).mtimeMs;
    } catch {
      return 0;
    }
  })();
  const sources = Math.max(...SOURCES.map((s) => newest(join(root, s))));
  if (built >= sources) return;
  console.log(built ? 'Sources changed since the last build: building…' : 'No build yet: building…');
  const result = spawnSync('npx', ['vite', 'build'], { cwd: root, stdio: 'inherit', env: process.env });
  if (result.status !== 0) {
    console.error('The build failed; see above.');
    process.exit(1);
  }
}

function parseHours() {
  return import('../src/demo/opening-hours.ts').then(({ parseOpeningHours }) => {
    const text = process.env.SERMO_DEMO_HOURS;
    if (!text) return undefined;
    const result = parseOpeningHours(text);
    if (!result.ok) {
      console.error(`SERMO_DEMO_HOURS: ${result.error}`);
      process.exit(1);
    }
    return result.hours;
  });
}

buildIfNeeded();

const { startBroker } = await import('../src/broker/server.ts');
const { optionsFromEnv } = await import('../src/broker/env.ts');
const { startDemoBot } = await import('../src/demo/bot.ts');
const openingHours = await parseHours();

// Every variable `npm run broker` reads means the same here (PORT, HOST, SERMO_ALLOWED_ORIGINS, the limits...).
// HOST defaults to 127.0.0.1: the dev key gives full application access. HOST=0.0.0.0 to share.
let config;
try {
  config = optionsFromEnv(process.env);
} catch (error) {
  console.error(error.message);
  process.exit(2);
}
// A fresh key for this run, for the bot and the console (DESIGN §6.2 "Keys"): it is printed in the console
// link's fragment, which browsers never send to a server, and no page the broker serves carries it. Keys in
// SERMO_API_KEYS keep working for other applications, and are never printed.
const devKey = `dev-${randomBytes(18).toString('base64url')}`;
const configuredKeys = config.devKey === null ? config.options.apiKeys : [];

const broker = await startBroker({
  ...config.options,
  apiKeys: [devKey, ...configuredKeys],
  staticDir: outDir,
  log: (line) => console.log(`[broker] ${line}`),
});
const local = `http://localhost:${broker.port}`;
const bot = await startDemoBot({
  brokerUrl: `http://127.0.0.1:${broker.port}`,
  publicUrl: process.env.SERMO_PUBLIC_URL ?? local,
  apiKey: devKey,
  ...(openingHours ? { openingHours } : {}),
  log: (line) => console.log(`[bot] ${line}`),
});

console.log(`
  Sermo webchat demo is running.

    Demo site        ${local}/
    Iframe embed     ${local}/embed.html
    Agent console    ${local}/console.html#key=${devKey}
    WebSocket        ws://localhost:${broker.port}/ws (customers), /ws/app?apiKey=… (applications)
    Dev API key      ${devKey} (this run only)

  Open the demo site, chat with the bot, and watch the console. Ctrl+C stops.
`);

let stopping = false;
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping…`);
  await bot.close();
  await broker.close();
  process.exit(0);
}
process.once('SIGINT', () => void stop('SIGINT'));
process.once('SIGTERM', () => void stop('SIGTERM'));
