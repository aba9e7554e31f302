/**
 * The yardstick for the broker's latency: a bare `ws` server doing only the routing the load needs, in
 * its own process like the broker. A customer socket is bound to the userId of its first event; its
 * frames go to every application; an application's outbound frame goes to that userId's sockets, as sent.
 * No acks, limits, backlog, ids or logs: what is left is `ws` plus the one protocol parser. Prints
 * `listening on http://HOST:PORT` like `npm run broker` and exits on SIGTERM.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { parseApplicationFrame, parseCustomerFrame } from '../../src/protocol/index.ts';

const customers = new Map<string, Set<WebSocket>>();
const applications = new Set<WebSocket>();
let open = 0;

const server = createServer((req, res) => {
  if (req.url === '/healthz') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok', customers: open }));
    return;
  }
  res.writeHead(404).end();
});
const wss = new WebSocketServer({ noServer: true, clientTracking: false });

function addCustomer(ws: WebSocket): void {
  let userId: string | null = null;
  open += 1;
  ws.on('message', (data) => {
    const text = data.toString();
    if (userId === null) {
      const parsed = parseCustomerFrame(text);
      if (!parsed.ok) return;
      userId = parsed.event.userId;
      const sockets = customers.get(userId) ?? new Set();
      sockets.add(ws);
      customers.set(userId, sockets);
    }
    for (const app of applications) app.send(text);
  });
  ws.on('close', () => {
    open -= 1;
    if (userId !== null) customers.get(userId)?.delete(ws);
  });
  ws.on('error', () => undefined);
}

function addApplication(ws: WebSocket): void {
  applications.add(ws);
  ws.on('message', (data) => {
    const text = data.toString();
    const parsed = parseApplicationFrame(text);
    if (!parsed.ok || !('direction' in parsed.event) || parsed.event.direction !== 'outbound') return;
    const userId = parsed.event.userId;
    if (userId === undefined) return;
    for (const customer of customers.get(userId) ?? []) customer.send(text);
  });
  ws.on('close', () => applications.delete(ws));
  ws.on('error', () => undefined);
}

server.on('upgrade', (req, socket, head) => {
  socket.on('error', () => socket.destroy());
  const path = new URL(req.url ?? '/', 'http://bare.invalid').pathname;
  if (path !== '/ws' && path !== '/ws/app') {
    socket.destroy();
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => (path === '/ws' ? addCustomer(ws) : addApplication(ws)));
});

server.listen(Number(process.env['PORT'] ?? 0), process.env['HOST'] ?? '127.0.0.1', () => {
  const { address, port } = server.address() as AddressInfo;
  process.stdout.write(`listening on http://${address}:${port}\n`);
});

process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 1_000).unref();
});
