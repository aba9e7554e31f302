/**
 * DESIGN §3 `notify` `sound`: a short chime, synthesised with Web Audio (no sound file to fetch), for a new
 * agent message while the panel is minimised or the tab hidden; never while the customer sees the panel.
 *
 * Only after the customer has interacted with the widget: browsers let a page make sound only after a
 * gesture in that very frame (autoplay policy), and a chime nobody asked for would surprise. So the audio
 * context is made in the customer's first pointer or key press inside the widget, and nothing plays before.
 * A burst of messages makes one chime (at most one every CHIME_GAP_MS), not a rattle.
 *
 * "A new agent message" is an unread count that grew: the read tracker counts every agent message until the
 * customer saw it, so the count only grows by arrivals, and drops when messages are read or a new chat begins.
 * main.tsx loads this module only when `notify` asks for a sound, in a chunk of its own (DESIGN §8).
 */
import { effect, type ReadonlySignal } from '@preact/signals-core';
import { listen, type PageWindow } from './platform/listen.ts';

/** At most one chime in this long: a burst of messages is one thing to notice. */
export const CHIME_GAP_MS = 2_000;

/** What the chime needs of the chat model. */
export interface ChimeChat {
  unreadCount: ReadonlySignal<number>;
  panelOpen: ReadonlySignal<boolean>;
}

/** The part of Web Audio the chime uses; the real AudioContext fits, and so does a test double. */
export interface ChimeAudio {
  readonly currentTime: number;
  readonly state: string;
  readonly destination: AudioNode;
  resume(): Promise<void>;
  close(): Promise<void>;
  createOscillator(): OscillatorNode;
  createGain(): GainNode;
}

export interface ChimeOptions {
  window: PageWindow;
  /** Makes the audio context (in the customer's gesture); default: the browser's, null: none (no Web Audio). */
  audio?: (() => ChimeAudio) | null;
  now?: () => number;
}

/** Two soft notes, a fifth apart, 0.35 s in all. */
function play(audio: ChimeAudio): void {
  const t = audio.currentTime;
  for (const [offset, hz] of [[0, 880], [0.12, 1318.5]] as const) {
    const tone = audio.createOscillator();
    const volume = audio.createGain();
    tone.frequency.value = hz;
    volume.gain.setValueAtTime(0.0001, t + offset);
    volume.gain.exponentialRampToValueAtTime(0.15, t + offset + 0.02);
    volume.gain.exponentialRampToValueAtTime(0.0001, t + offset + 0.23);
    tone.connect(volume).connect(audio.destination);
    tone.start(t + offset);
    tone.stop(t + offset + 0.25);
  }
}

/** Chime for new agent messages the customer cannot see; returns the function that stops it all. */
export function watchChime(chat: ChimeChat, options: ChimeOptions): () => void {
  const { window: win, audio: makeAudio = globalThis.AudioContext && (() => new AudioContext()), now = Date.now } = options;
  let audio: ChimeAudio | undefined;
  let last = -Infinity;

  const onGesture = () => {
    // Made (or woken) inside the gesture, the context may sound from now on.
    if (makeAudio) audio ??= makeAudio();
    if (audio?.state === 'suspended') audio.resume().catch(() => {});
  };
  const stopListening = [listen(win, 'pointerdown', onGesture), listen(win, 'keydown', onGesture)];

  let seen = chat.unreadCount.peek();
  const stopWatching = effect(() => {
    const count = chat.unreadCount.value;
    const grew = count > seen;
    seen = count;
    const unseen = !chat.panelOpen.peek() || win.document.visibilityState === 'hidden';
    if (!grew || !unseen || !audio || now() - last < CHIME_GAP_MS) return;
    last = now();
    play(audio);
  });

  return () => {
    stopWatching();
    for (const stop of stopListening) stop();
    audio?.close().catch(() => {});
    audio = undefined;
  };
}
