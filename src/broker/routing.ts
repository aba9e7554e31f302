/**
 * Who gets an event: seed 001's One Messaging routing as a pure decision, so the whole matrix
 * (3 directions x customer / application sender) is tested without sockets.
 *
 * - inbound:  from a customer to every application; from an application (a bridge for another channel)
 *             to every *other* application.
 * - outbound: from an application to every other application and to every customer socket of `userId`.
 * - internal: from an application to every other application, never to a customer.
 * A customer may only send inbound events (DESIGN §6); anything else is refused.
 */

import type { Direction } from '../protocol/events.ts';

export type Sender = 'customer' | 'application';

export type RoutePlan =
  | {
      ok: true;
      /** `all`: every application; `others`: every application but the sender. */
      applications: 'all' | 'others';
      /** The userId whose customer sockets get the event, or null for none. */
      customersOf: string | null;
    }
  | { ok: false; reason: string };

export function planRoute(sender: Sender, direction: Direction, userId: string | undefined): RoutePlan {
  if (sender === 'customer') {
    if (direction !== 'inbound') return { ok: false, reason: `a customer may not send ${direction} events` };
    return { ok: true, applications: 'all', customersOf: null };
  }
  switch (direction) {
    case 'inbound':
    case 'internal':
      return { ok: true, applications: 'others', customersOf: null };
    case 'outbound':
      return { ok: true, applications: 'others', customersOf: userId ?? null };
  }
}
