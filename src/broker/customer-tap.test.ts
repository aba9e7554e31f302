import { describe, expect, it } from 'vitest';
import { CustomerTap } from './customer-tap.ts';

/** A backlog of events 1..n (frames named by id) and a replay of it after an id. */
const backlog = (n: number) => async (after: number) => ({
  events: Array.from({ length: n }, (_, i) => ({ id: i + 1, frame: `e${i + 1}` })).filter((e) => e.id > after),
  lastId: n,
});

describe('CustomerTap (DESIGN §4.3: each outbound event once, in id order)', () => {
  it('after a gap in the live feed, sends what was missed before what came live once the feed was back', async () => {
    const sent: string[] = [];
    const tap = new CustomerTap((frame) => sent.push(frame));
    tap.release();
    tap.offer(1, 'e1');
    tap.holdForGap();
    // 2 and 3 are published while the feed is down (missed); 4 and 5 arrive live before the catch-up.
    tap.offer(4, 'e4');
    tap.offer(5, 'e5');
    await tap.endGap(backlog(5));
    tap.offer(6, 'e6');
    expect(sent).toEqual(['e1', 'e2', 'e3', 'e4', 'e5', 'e6']);
  });

  it('a catch-up without a gap lets live events flow after it, and a gap held twice ends once', async () => {
    const sent: string[] = [];
    const tap = new CustomerTap((frame) => sent.push(frame));
    tap.release();
    tap.holdForGap();
    tap.holdForGap();
    tap.offer(2, 'e2');
    await tap.endGap(backlog(1));
    tap.offer(3, 'e3');
    await tap.endGap(backlog(3));
    expect(sent).toEqual(['e1', 'e2', 'e3']);
  });
});
