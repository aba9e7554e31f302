/**
 * The app-level heartbeat (DESIGN §4): browsers expose no WebSocket ping/pong, so liveness is an event.
 * One beat right after every (re)connect, then one every `periodMs` while connected.
 */

export interface Heartbeat {
  /** Beat now (first = true), then every period. Restarts if already running. */
  start(): void;
  stop(): void;
}

export function createHeartbeat(periodMs: number, beat: (first: boolean) => void): Heartbeat {
  let interval: ReturnType<typeof setInterval> | null = null;
  const stop = () => {
    if (interval !== null) clearInterval(interval);
    interval = null;
  };
  return {
    start() {
      stop();
      beat(true);
      interval = setInterval(() => beat(false), periodMs);
    },
    stop,
  };
}
