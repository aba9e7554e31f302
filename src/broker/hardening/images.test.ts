/**
 * Issue 12 rows 4 and 7 (DESIGN §6.2 "Images"): an upload is counted as it streams and has a deadline,
 * uploads in flight are capped per client address and in all, a conversation has a quota, and the store
 * evicts a conversation's own images, never another's. Customer uploads need a live socket.
 */

import { randomUUID } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import {
  APP_KEY,
  type BrokerProcess,
  customer,
  fakePng,
  GIF,
  ORIGIN,
  type RawConnection,
  rawConnection,
  statusOf,
  until,
  upload,
  useBrokerProcesses,
} from './test-kit.ts';

const broker = useBrokerProcesses();
// Each test starts its own broker process (about a second on a busy machine).
vi.setConfig({ testTimeout: 20_000 });

/**
 * Starts a customer upload by hand: the headers, then only what the test writes of the body. `chunked`
 * instead of a length: a body of no declared size.
 */
async function startUpload(
  b: BrokerProcess,
  userId: string,
  length: number | 'chunked',
  extra: Record<string, string> = {},
): Promise<RawConnection> {
  const connection = await rawConnection(b);
  const headers = {
    Host: `127.0.0.1:${b.port}`,
    'Content-Type': 'application/json',
    ...(length === 'chunked' ? { 'Transfer-Encoding': 'chunked' } : { 'Content-Length': String(length) }),
    'X-Sermo-User': userId,
    Origin: ORIGIN,
    ...extra,
  };
  connection.socket.write(
    `POST /images HTTP/1.1\r\n${Object.entries(headers)
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('')}\r\n`,
  );
  return connection;
}

async function answerTo(connection: RawConnection, what: string, timeoutMs = 5_000): Promise<number> {
  await until(() => statusOf(connection.received()) !== null, what, timeoutMs);
  return statusOf(connection.received())!;
}

const imageStatus = async (b: BrokerProcess, id: string) => (await fetch(`${b.url}/images/${id}`)).status;
const idOf = (body: string) => /"id":"([^"]+)"/.exec(body)![1]!;

describe('uploads as they stream (row 4)', () => {
  it('answers 413 at once when the declared or streamed size is over the limit, without waiting for the body', async () => {
    const b = await broker({ SERMO_MAX_IMAGE_BYTES: '1000' });
    const { userId } = await customer(b);
    const declared = await startUpload(b, userId, 50 * 1024 * 1024);
    expect(await answerTo(declared, 'a 413 to a declared 50 MB body')).toBe(413);

    const chunked = await startUpload(b, userId, 'chunked');
    const chunk = 'A'.repeat(1024);
    const writer = setInterval(() => {
      if (!chunked.isClosed()) chunked.socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
    }, 20);
    try {
      expect(await answerTo(chunked, 'a 413 while an endless chunked body streams')).toBe(413);
    } finally {
      clearInterval(writer);
    }
    await until(() => chunked.isClosed(), 'the oversized upload to be cut');
  });

  it('answers 408 to a body that does not arrive within the deadline', async () => {
    const b = await broker({ SERMO_REQUEST_TIMEOUT_MS: '1000' });
    const { userId } = await customer(b);
    const slow = await startUpload(b, userId, 1_000);
    slow.socket.write('{"image":"iVBO');
    expect(await answerTo(slow, 'a 408 to a stalled body')).toBe(408);
    await until(() => slow.isClosed(), 'the stalled upload to be closed');
  });

  it('refuses uploads beyond those in flight per client address and in all with 429', async () => {
    const b = await broker({ SERMO_MAX_UPLOADS_PER_IP: '2', SERMO_MAX_UPLOADS: '3', SERMO_TRUSTED_PROXIES: '127.0.0.1' });
    const via = (address: string) => ({ 'X-Forwarded-For': address });
    const { userId } = await customer(b);
    const held = [await startUpload(b, userId, 1_000, via('198.51.100.1')), await startUpload(b, userId, 1_000, via('198.51.100.1'))];
    for (const connection of held) connection.socket.write('{"image":"');
    const third = await startUpload(b, userId, 1_000, via('198.51.100.1'));
    expect(await answerTo(third, 'a 429 for a third upload from one address')).toBe(429);
    await b.waitForLog(/upload refused: 429 .*198\.51\.100\.1/);

    const other = await startUpload(b, userId, 1_000, via('198.51.100.2'));
    other.socket.write('{"image":"');
    const fourth = await startUpload(b, userId, 1_000, via('198.51.100.3'));
    expect(await answerTo(fourth, 'a 429 beyond the uploads in flight in all')).toBe(429);
    // One finishes: its slot is free again.
    held[0]!.socket.destroy();
    await until(async () => (await upload(b, GIF, { userId, forwardedFor: '198.51.100.4' })).status === 201, 'a free upload slot');
  });
});

describe('images per conversation (row 7)', () => {
  it('needs the X-Sermo-User of a conversation with an open socket, whatever the Origin says', async () => {
    const b = await broker();
    const { client, userId } = await customer(b);
    expect((await upload(b, GIF, { userId })).status).toBe(201);
    expect((await upload(b, GIF, { userId: randomUUID() })).status).toBe(403);
    await client.close();
    await until(async () => (await upload(b, GIF, { userId })).status === 403, 'uploads to stop once the socket closed');
    expect((await upload(b, GIF, { userId, origin: 'https://evil.example' })).status).toBe(403);
  });

  it('allows a conversation a number of images and bytes per window, then answers 429', async () => {
    const b = await broker({ SERMO_IMAGES_PER_CONVERSATION: '3', SERMO_IMAGE_BYTES_PER_CONVERSATION: '5000' });
    const many = await customer(b);
    for (let i = 0; i < 3; i++) expect((await upload(b, GIF, many)).status).toBe(201);
    expect((await upload(b, GIF, many)).status).toBe(429);
    const large = await customer(b);
    expect((await upload(b, fakePng(2_400), large)).status).toBe(201);
    expect((await upload(b, fakePng(2_400), large)).status).toBe(201);
    expect((await upload(b, fakePng(2_400), large)).status).toBe(429);
    await b.waitForLog(/upload refused: 429 .*conversation/);
    // Applications are not customers: their uploads are not counted against a conversation.
    expect((await upload(b, GIF, { apiKey: APP_KEY })).status).toBe(201);
  });

  it("evicts a conversation's own oldest images when the store is full, never another conversation's", async () => {
    const b = await broker({ SERMO_IMAGE_STORE_BYTES: '10000', SERMO_IMAGES_PER_CONVERSATION: '50', SERMO_IMAGE_BYTES_PER_CONVERSATION: '1000000' });
    const quiet = await customer(b);
    const quietImage = idOf((await upload(b, fakePng(2_000), quiet)).body);
    const noisy = await customer(b);
    const noisyImages: string[] = [];
    for (let i = 0; i < 8; i++) {
      const result = await upload(b, fakePng(2_000), noisy);
      expect(result.status).toBe(201);
      noisyImages.push(idOf(result.body));
    }
    expect(await imageStatus(b, quietImage)).toBe(200);
    expect(await imageStatus(b, noisyImages[0]!)).toBe(404);
    expect(await imageStatus(b, noisyImages[7]!)).toBe(200);

    // A conversation with nothing of its own to evict is refused rather than evicting others.
    const late = await customer(b);
    const refused = await upload(b, fakePng(9_000), late);
    expect(refused.status).toBe(507);
    expect(await imageStatus(b, quietImage)).toBe(200);
  });
});
