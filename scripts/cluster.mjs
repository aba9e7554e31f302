// `npm run cluster`: cluster mode on this machine, for anyone to try (DESIGN §6.1, README "Cluster"). A
// redis-server without persistence and two broker nodes on free ports, HAProxy in front on PORT (default
// 8080), the demo bot on node 1. The same harness the cluster tests use (src/broker/cluster/local-cluster.ts).
// Ctrl+C (SIGINT) or SIGTERM stops all of them, each by its own process handle.
import { register } from 'node:module';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

register('./ts-hooks.mjs', import.meta.url);

const root = resolve(import.meta.dirname, '..');
if (!existsSync(resolve(root, 'dist/index.html'))) {
  console.log('No build yet: building…');
  if (spawnSync('npx', ['vite', 'build'], { cwd: root, stdio: 'inherit' }).status !== 0) process.exit(1);
}

const { startBrokerNode, startLoadBalancer, startRedis } = await import('../src/broker/cluster/local-cluster.ts');
const { startDemoBot } = await import('../src/demo/bot.ts');

const port = Number(process.env.PORT ?? 8080);
const devKey = `dev-${randomBytes(18).toString('base64url')}`;
const started = [];
let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  // Newest first: the bot and the load balancer before the nodes, the nodes before Redis.
  for (const item of started.reverse()) await item.stop().catch(() => undefined);
  process.exit(code);
}
process.once('SIGINT', () => void stop(0));
process.once('SIGTERM', () => void stop(0));

try {
  const redis = await startRedis();
  started.push(redis);
  const nodes = [];
  for (const id of ['node-1', 'node-2']) {
    const node = await startBrokerNode(id, {
      SERMO_REDIS_URL: redis.url,
      SERMO_API_KEYS: devKey,
      SERMO_STATIC: resolve(root, 'dist'),
      SERMO_TRUSTED_PROXIES: '127.0.0.1',
    });
    started.push(node);
    await node.ready();
    nodes.push(node);
  }
  const lb = await startLoadBalancer(nodes.map((node) => ({ id: node.id, port: node.port })), port);
  started.push(lb);
  const bot = await startDemoBot({ brokerUrl: nodes[0].url, publicUrl: `http://localhost:${lb.port}`, apiKey: devKey, log: () => undefined });
  started.push({ stop: () => bot.close() });
  console.log(`
  Sermo cluster is running: Redis ${redis.url}, ${nodes.map((node) => `${node.id} ${node.url}`).join(', ')}.

    Demo site (through HAProxy)  http://localhost:${lb.port}/
    Agent console                http://localhost:${lb.port}/console.html#key=${devKey}
    Each node's /healthz         ${nodes.map((node) => `${node.url}/healthz`).join('  ')}

  Kill a node (kill -9 ${nodes.map((node) => node.child.pid).join(' or ')}) and keep chatting. Ctrl+C stops everything.
`);
} catch (error) {
  console.error(`cluster: ${error instanceof Error ? error.message : String(error)}`);
  await stop(1);
}
