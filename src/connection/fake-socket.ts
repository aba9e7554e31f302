/**
 * A WebSocket stand-in for tests (this folder's and the UI's). No network: the test opens each socket,
 * feeds it frames, reads what the code sent, and closes it.
 *
 *   const fake = createFakeSocket();
 *   const chat = createChat({ ..., WebSocketImpl: fake.WebSocketImpl });
 *   fake.last().open();
 *   fake.last().receive('{"type":"info",...}');
 *   fake.last().sent // ['{"type":"start",...}', ...]
 */

export class FakeSocket extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readonly CLOSING = 2;
  readonly CLOSED = 3;

  readyState = 0;
  /** Every frame the code wrote, in order. */
  readonly sent: string[] = [];
  /** The code called `close()`, with this code. */
  closedByClient: number | undefined;
  binaryType = 'blob';
  readonly bufferedAmount = 0;
  readonly extensions = '';
  readonly protocol = '';

  constructor(readonly url: string, registry?: FakeSocket[]) {
    super();
    registry?.push(this);
  }

  send(data: string): void {
    if (this.readyState !== 1) throw new Error(`FakeSocket.send in readyState ${this.readyState}`);
    this.sent.push(data);
  }

  /** Closes at once (a real socket closes asynchronously; synchronous keeps tests free of awaits). */
  close(code = 1005): void {
    if (this.readyState >= 2) return;
    this.closedByClient = code;
    this.finishClose(code);
  }

  /** The server accepted the connection. */
  open(): void {
    if (this.readyState !== 0) throw new Error('FakeSocket.open: not connecting');
    this.readyState = 1;
    this.dispatchEvent(new Event('open'));
  }

  /** A text frame from the server. */
  receive(text: string): void {
    if (this.readyState !== 1) throw new Error('FakeSocket.receive: not open');
    this.dispatchEvent(new MessageEvent('message', { data: text }));
  }

  /** The server (or the network) closed the connection. */
  serverClose(code = 1006): void {
    if (this.readyState === 3) return;
    if (code === 1006) this.dispatchEvent(new Event('error'));
    this.finishClose(code);
  }

  /** The connection attempt failed before opening. */
  fail(): void {
    this.serverClose(1006);
  }

  private finishClose(code: number): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.dispatchEvent(Object.assign(new Event('close'), { code, reason: '', wasClean: code === 1000 }));
  }
}

export interface FakeSocketFactory {
  /** Pass as `WebSocketImpl`. */
  WebSocketImpl: new (url: string) => FakeSocket;
  /** Every socket created, oldest first. */
  sockets: FakeSocket[];
  /** The newest socket; throws when none was created. */
  last(): FakeSocket;
}

export function createFakeSocket(): FakeSocketFactory {
  const sockets: FakeSocket[] = [];
  class BoundFakeSocket extends FakeSocket {
    constructor(url: string) {
      super(url, sockets);
    }
  }
  return {
    WebSocketImpl: BoundFakeSocket,
    sockets,
    last() {
      const socket = sockets[sockets.length - 1];
      if (!socket) throw new Error('no FakeSocket was created');
      return socket;
    },
  };
}
