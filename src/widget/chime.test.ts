/**
 * DESIGN §3 `notify` `sound`: a chime for a new agent message while the panel is minimised or the tab hidden,
 * only after the customer interacted with the widget; never while the customer sees the panel.
 */
import { signal } from '@preact/signals-core';
import { describe, expect, it } from 'vitest';
import { CHIME_GAP_MS, watchChime, type ChimeAudio } from './chime.ts';

/** A Web Audio double that counts the tones started; a chime is two. */
function fakeAudio() {
  const made: { started: number; closed: boolean; state: string; resumed: number }[] = [];
  const node = () => ({ connect: (next: unknown) => next, gain: { setValueAtTime() {}, exponentialRampToValueAtTime() {} }, frequency: { value: 0 } });
  const make = (): ChimeAudio => {
    const record = { started: 0, closed: false, state: 'running', resumed: 0 };
    made.push(record);
    return {
      currentTime: 0,
      get state() {
        return record.state;
      },
      destination: {} as AudioNode,
      resume: async () => void record.resumed++,
      close: async () => void (record.closed = true),
      createOscillator: () => ({ ...node(), start: () => void record.started++, stop() {} }) as unknown as OscillatorNode,
      createGain: () => node() as unknown as GainNode,
    };
  };
  return { made, make, chimes: () => made.reduce((n, r) => n + r.started, 0) / 2 };
}

function setUp(options: { panelOpen?: boolean } = {}) {
  const target = new EventTarget();
  const document = Object.assign(new EventTarget(), { visibilityState: 'visible' });
  const win = Object.assign(target, { document });
  const chat = { unreadCount: signal(0), panelOpen: signal(options.panelOpen ?? false) };
  const audio = fakeAudio();
  let time = 1_000_000;
  const stop = watchChime(chat, { window: win, audio: audio.make, now: () => time });
  const agentWrites = () => void chat.unreadCount.value++;
  const gesture = () => win.dispatchEvent(new Event('pointerdown'));
  const wait = (ms: number) => void (time += ms);
  return { win, document, chat, audio, stop, agentWrites, gesture, wait };
}

describe('the chime', () => {
  it('stays silent before the customer interacted with the widget, then chimes for a message on a minimised panel', () => {
    const t = setUp();
    t.agentWrites();
    expect(t.audio.made).toHaveLength(0);
    t.gesture();
    t.wait(CHIME_GAP_MS);
    t.agentWrites();
    expect(t.audio.chimes()).toBe(1);
  });

  it('never chimes while the panel is open in a visible tab, and does when the tab is hidden', () => {
    const t = setUp({ panelOpen: true });
    t.gesture();
    t.agentWrites();
    t.wait(CHIME_GAP_MS);
    t.chat.unreadCount.value = 0;
    t.agentWrites();
    expect(t.audio.chimes()).toBe(0);
    t.document.visibilityState = 'hidden';
    t.wait(CHIME_GAP_MS);
    t.agentWrites();
    expect(t.audio.chimes()).toBe(1);
  });

  it('chimes once for a burst, and again after a pause; not for messages read or a new chat', () => {
    const t = setUp();
    t.win.dispatchEvent(new Event('keydown'));
    for (let i = 0; i < 50; i++) t.agentWrites();
    expect(t.audio.chimes()).toBe(1);
    t.wait(CHIME_GAP_MS);
    t.chat.unreadCount.value = 0;
    expect(t.audio.chimes()).toBe(1);
    t.agentWrites();
    expect(t.audio.chimes()).toBe(2);
  });

  it('wakes a suspended context at the next gesture, and makes only one', () => {
    const t = setUp();
    t.gesture();
    t.audio.made[0]!.state = 'suspended';
    t.gesture();
    expect(t.audio.made).toHaveLength(1);
    expect(t.audio.made[0]!.resumed).toBe(1);
  });

  it('stops listening and closes its audio when disposed', () => {
    const t = setUp();
    t.gesture();
    t.stop();
    expect(t.audio.made[0]!.closed).toBe(true);
    t.wait(CHIME_GAP_MS);
    t.agentWrites();
    t.gesture();
    expect(t.audio.chimes()).toBe(0);
    expect(t.audio.made).toHaveLength(1);
  });

  it('is silent where the browser has no Web Audio', () => {
    const target = new EventTarget();
    const win = Object.assign(target, { document: Object.assign(new EventTarget(), { visibilityState: 'hidden' }) });
    const chat = { unreadCount: signal(0), panelOpen: signal(false) };
    const stop = watchChime(chat, { window: win, audio: null });
    win.dispatchEvent(new Event('pointerdown'));
    expect(() => chat.unreadCount.value++).not.toThrow();
    stop();
  });
});
