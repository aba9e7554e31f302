/**
 * DESIGN §5 transcript download: one line per message, `[YYYY-MM-DD HH:MM] NAME: text`, NAME the agent's name,
 * "You" / "Du" for the customer, "Info" for system lines, in the customer's time zone; the file is
 * `chat-YYYY-MM-DD.txt`.
 */
import { describe, expect, it, vi } from 'vitest';
import type { ChatMessage } from '../state/types.ts';
import { stringsFor } from './test-strings.ts';
import { saveTranscript, transcriptOf } from './transcript.ts';

const ANNA = { name: 'Anna', human: true };
/** 2026-03-02 13:05:30 UTC: 14:05 in Stockholm, 08:05 in New York, 22:05 in Tokyo (seconds are cut, not rounded). */
const T = Date.UTC(2026, 2, 2, 13, 5, 30);
const MESSAGES: ChatMessage[] = [
  { kind: 'system', key: 's1', at: T, text: 'You are talking to our assistant.', tone: 'info' },
  { kind: 'customer', key: 'c1', at: T + 60_000, text: 'Hi! My internet is down.', status: 'sent' },
  { kind: 'agent', key: 'a1', at: T + 119_000, text: 'Hi, I am Anna.\nCould you send a photo?', agent: ANNA },
  { kind: 'customer', key: 'c2', at: T + 180_000, text: '', imageUrl: 'https://broker.example/images/abc', status: 'pending' },
  { kind: 'agent', key: 'a2', at: T + 240_000, text: 'Thanks', imageUrl: 'data:image/png;base64,iVBORw0KGgo=', agent: { name: '', human: false } },
  { kind: 'system', key: 's2', at: T + 11 * 3_600_000, text: 'The chat has ended.', tone: 'ended' },
];

describe('transcriptOf', () => {
  it('writes one line per message with its time, name and text, in the customer’s time zone (en)', () => {
    expect(transcriptOf(MESSAGES, stringsFor('en'), 'Europe/Stockholm')).toEqual({
      name: 'chat-2026-03-02.txt',
      text: [
        '[2026-03-02 14:05] Info: You are talking to our assistant.',
        '[2026-03-02 14:06] You: Hi! My internet is down.',
        '[2026-03-02 14:07] Anna: Hi, I am Anna. Could you send a photo?',
        '[2026-03-02 14:08] You: https://broker.example/images/abc',
        '[2026-03-02 14:09] The agent: Thanks [Image]',
        '[2026-03-03 01:05] Info: The chat has ended.',
        '',
      ].join('\n'),
    });
  });

  it('names the customer "Du" in Swedish, and follows another time zone into another day', () => {
    const { name, text } = transcriptOf(MESSAGES, stringsFor('sv'), 'America/New_York');
    expect(name).toBe('chat-2026-03-02.txt');
    expect(text.split('\n')).toEqual([
      '[2026-03-02 08:05] Info: You are talking to our assistant.',
      '[2026-03-02 08:06] Du: Hi! My internet is down.',
      '[2026-03-02 08:07] Anna: Hi, I am Anna. Could you send a photo?',
      '[2026-03-02 08:08] Du: https://broker.example/images/abc',
      '[2026-03-02 08:09] Handläggaren: Thanks [Bild]',
      '[2026-03-02 19:05] Info: The chat has ended.',
      '',
    ]);
  });

  it('names the file by the first message’s day there: just after midnight in Tokyo is the next day', () => {
    expect(transcriptOf(MESSAGES, stringsFor('en'), 'Asia/Tokyo').name).toBe('chat-2026-03-02.txt');
    const late = [{ ...MESSAGES[1]!, at: Date.UTC(2026, 2, 2, 15, 30) }];
    expect(transcriptOf(late, stringsFor('en'), 'Asia/Tokyo')).toEqual({ name: 'chat-2026-03-03.txt', text: '[2026-03-03 00:30] You: Hi! My internet is down.\n' });
  });

  it('keeps each message on one line, whatever line breaks it holds', () => {
    const text = 'one\r\n\r\ntwo\n  three\u2028four';
    expect(transcriptOf([{ kind: 'customer', key: 'c', at: T, text, status: 'sent' }], stringsFor('en'), 'UTC').text).toBe(
      '[2026-03-02 13:05] You: one two three four\n',
    );
  });

  it('is an empty file named by today for an empty conversation', () => {
    vi.useFakeTimers({ now: T });
    expect(transcriptOf([], stringsFor('en'), 'UTC')).toEqual({ name: 'chat-2026-03-02.txt', text: '' });
    vi.useRealTimers();
  });
});

describe('saveTranscript', () => {
  it('saves the file through a download link of a text blob, made in the browser, in the browser’s time zone', async () => {
    const made: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => (made.push(blob as Blob), `blob:test/${made.length}`));
    const revoked = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    const clicks: { href: string; download: string }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicks.push({ href: this.href, download: this.download });
    });

    saveTranscript(MESSAGES.slice(1, 2), stringsFor('en'));
    expect(clicks).toEqual([{ href: 'blob:test/1', download: 'chat-2026-03-02.txt' }]);
    expect(made[0]?.type).toBe('text/plain;charset=utf-8');
    const local = new Date(T + 60_000);
    const hhmm = `${String(local.getHours()).padStart(2, '0')}:${String(local.getMinutes()).padStart(2, '0')}`;
    expect(await made[0]?.text()).toMatch(new RegExp(`^\\[2026-03-0[23] ${hhmm}\\] You: Hi! My internet is down\\.\\n$`));
    // The link is not left in the document; the previous file's URL goes when the next is made.
    expect(document.querySelectorAll('a')).toHaveLength(0);
    expect(revoked).not.toHaveBeenCalledWith('blob:test/1');
    saveTranscript(MESSAGES.slice(1, 2), stringsFor('en'));
    expect(revoked).toHaveBeenCalledWith('blob:test/1');
  });
});
