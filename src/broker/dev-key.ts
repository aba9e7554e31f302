/**
 * `GET /dev-api-key` for the demo's agent console on localhost (issue 6: "the dev key is filled in
 * automatically on localhost only"). Only a loopback peer that also names a loopback Host gets it: the Host
 * check stops a DNS-rebinding page (its Host is its own name) from reading the key through a visitor's browser.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

const LOOPBACK_PEERS = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const LOOPBACK_HOST = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;

/** Whether a request came from this machine and was addressed to a loopback name. */
export function isLoopbackRequest(req: IncomingMessage): boolean {
  const peer = req.socket.remoteAddress ?? '';
  return LOOPBACK_PEERS.has(peer) && LOOPBACK_HOST.test(req.headers.host ?? '');
}

export function serveDevApiKey(key: string | undefined, req: IncomingMessage, res: ServerResponse): void {
  if (key === undefined || req.method !== 'GET' || !isLoopbackRequest(req)) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('404\n');
    return;
  }
  res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }).end(key);
}
