import { describe, expect, it } from 'vitest';
import { Backlog } from './backlog.ts';

const bodies = (backlog: Backlog, after: number, now: number) => backlog.after(after, now).map((entry) => entry.body);

describe('Backlog', () => {
  it('returns the events after lastEventId, in order, with their ids', () => {
    const backlog = new Backlog(10, 60_000);
    for (let id = 1; id <= 4; id++) backlog.append(id, `f${id}`, 0);
    expect(backlog.after(2, 0)).toEqual([
      { id: 3, body: 'f3' },
      { id: 4, body: 'f4' },
    ]);
    expect(bodies(backlog, 0, 0)).toEqual(['f1', 'f2', 'f3', 'f4']);
    expect(bodies(backlog, 4, 0)).toEqual([]);
  });

  it('keeps only the last maxEvents events, and counts the bytes it holds', () => {
    const backlog = new Backlog(3, 60_000);
    for (let id = 1; id <= 5; id++) backlog.append(id, `f${id}`, 0);
    expect(backlog.size).toBe(3);
    expect(backlog.bytes).toBe(6);
    expect(bodies(backlog, 0, 0)).toEqual(['f3', 'f4', 'f5']);
  });

  it('drops events older than maxAgeMs', () => {
    const backlog = new Backlog(10, 1_000);
    backlog.append(1, 'old', 0);
    backlog.append(2, 'new', 900);
    expect(bodies(backlog, 0, 1_500)).toEqual(['new']);
    expect(bodies(backlog, 0, 2_000)).toEqual([]);
    expect(backlog.size).toBe(0);
    expect(backlog.bytes).toBe(0);
  });

  it('skips ids that were never kept (typing indicators) without losing order', () => {
    const backlog = new Backlog(10, 60_000);
    backlog.append(1, 'f1', 0);
    backlog.append(3, 'f3', 0); // 2 was a typing_on
    expect(bodies(backlog, 1, 0)).toEqual(['f3']);
    expect(bodies(backlog, 2, 0)).toEqual(['f3']);
  });
});
