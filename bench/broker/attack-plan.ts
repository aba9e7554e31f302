/** What the "under attack" suite (`attack.ts`) asks of its attacker process (`attacker.ts`), and what it answers. */

export type AttackKind = 'slow-headers' | 'uploads' | 'flood' | 'webhook-sessions';

export interface AttackPlan {
  kind: AttackKind;
  /** The broker, `http://127.0.0.1:PORT`: the attacker always comes from 127.0.0.1. */
  url: string;
  /** How long the attack lasts, in ms. */
  durationMs: number;
  /** Connections held, uploads kept going, sockets at a time, or sessions, by kind. */
  count: number;
}

export interface AttackResult {
  /** Connections, uploads, sockets or sessions the attacker started. */
  attempts: number;
  /** How they ended: an HTTP status (`429`, `408`), `refused 1008`, `admitted`, `session`... */
  outcomes: Record<string, number>;
  /** `/healthz`'s status right after the attack (0: no answer). */
  healthAfter: number;
}
