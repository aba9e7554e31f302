/**
 * The transcript download (DESIGN §5): the conversation as a text file, made in the browser. One line per
 * message, `[YYYY-MM-DD HH:MM] NAME: text`, in the customer's time zone (the browser's); NAME is the agent's
 * name, "You" / "Du" for the customer, "Info" for system lines. The file is named `chat-YYYY-MM-DD.txt` by
 * the day of its first message, so it names the conversation, whenever it is saved. It comes in a chunk of
 * its own on the first download (DESIGN §8).
 */
import type { Locale } from '../../config/config.ts';
import type { ChatMessage } from '../state/types.ts';
import type { Strings } from './i18n.ts';

/** DESIGN §5: the names of the customer and of system lines in the file; here, so only a download loads them. */
const NAMES = {
  en: { you: 'You', info: 'Info' },
  sv: { you: 'Du', info: 'Info' },
} satisfies Record<Locale, unknown>;

/** `YYYY-MM-DD` and `HH:MM` of `at` in `timeZone` (undefined: the browser's, the customer's own). */
function when(at: number, timeZone: string | undefined): { day: string; time: string } {
  const format = new Intl.DateTimeFormat('en', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const p: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const { type, value } of format.formatToParts(at)) p[type] = value;
  return { day: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

/** The transcript of `messages`: the file's name and its text. */
export function transcriptOf(messages: readonly ChatMessage[], s: Strings, timeZone?: string): { name: string; text: string } {
  const t = NAMES[s.locale];
  const lines = messages.map((m) => {
    const name = m.kind === 'customer' ? t.you : m.kind === 'agent' ? m.agent.name || s.someone : t.info;
    // An image: its address when it has one to open, else a word for it (an inline seed 000 image).
    const image = m.kind !== 'system' && m.imageUrl ? (/^https?:/.test(m.imageUrl) ? m.imageUrl : `[${s.image}]`) : '';
    // One line per message: line breaks within it become spaces.
    const text = [m.text.trim().replace(/\s*[\n\r\u2028\u2029]\s*/g, ' '), image].filter(Boolean).join(' ');
    const { day, time } = when(m.at, timeZone);
    return `[${day} ${time}] ${name}: ${text}\n`;
  });
  return { name: `chat-${when(messages[0]?.at ?? Date.now(), timeZone).day}.txt`, text: lines.join('') };
}

/** The address of the last file saved: freed when the next one is made (and by the browser with the page). */
let lastUrl: string | undefined;

/** Save the transcript of `messages` as a file, through a download link of a text blob. */
export function saveTranscript(messages: readonly ChatMessage[], s: Strings): void {
  const { name, text } = transcriptOf(messages, s);
  if (lastUrl) URL.revokeObjectURL(lastUrl);
  const link = document.createElement('a');
  link.href = lastUrl = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  link.download = name;
  link.click();
}
