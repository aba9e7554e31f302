/**
 * The widget's own parser (`parse-widget.ts`): what `parseWidgetFrame` reads, with wire format 1 only when the
 * widget has loaded it (DESIGN §8), and the log's copies of events read (`stored`).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as format1 from './format1.ts';
import { parseWidgetFrame } from './parse.ts';
import { parseReceivedFrame } from './parse-widget.ts';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
/** Every fixture frame, seed examples and hostile ones alike. */
const FRAMES = ['seed000', 'seed001', 'hostile'].flatMap((folder) =>
  readdirSync(join(FIXTURES, folder))
    .sort()
    .map((name) => [`${folder}/${name}`, readFileSync(join(FIXTURES, folder, name), 'utf8')] as const),
);
const U = '8a8b5c18-c0dd-467b-bd77-7e7685fadf6d';
const PNG = 'data:image/png;base64,iVBORw0KGgo=';

describe('parseReceivedFrame', () => {
  it.each(FRAMES)('with format 1 reads %s exactly as parseWidgetFrame does', (_name, frame) => {
    expect(parseReceivedFrame(frame, format1)).toEqual(parseWidgetFrame(frame));
  });

  it.each(FRAMES)('without format 1 leaves %s unread if it is in format 1, else reads it as parseWidgetFrame does', (name, frame) => {
    const inFormat1 = /"platform"/.test(frame) && !/"direction"/.test(frame);
    expect(parseReceivedFrame(frame, undefined)).toEqual(inFormat1 ? undefined : parseWidgetFrame(frame));
    if (name.startsWith('seed000/')) expect(inFormat1).toBe(true);
  });

  it('without format 1 leaves unread what only format 1 can tell is no outbound event', () => {
    const inbound = JSON.stringify({ type: 'text', platform: 'webchat', user: { id: U }, text: 'hi', raw: { platformId: 'webchat' } });
    expect(parseWidgetFrame(inbound).ok).toBe(false);
    expect(parseReceivedFrame(inbound, undefined)).toBeUndefined();
    expect(parseReceivedFrame(inbound, format1)).toEqual(parseWidgetFrame(inbound));
  });

  it('keeps a seed 000 inline image in format 2 layout only in the widget\'s stored copy, and only of an allowed kind', () => {
    const text = { type: 'text', direction: 'outbound', userId: U, text: 'Bild' };
    const withImage = JSON.stringify({ ...text, image: PNG });
    expect(parseReceivedFrame(withImage, undefined)).toEqual({ ok: true, event: text });
    expect(parseReceivedFrame(withImage, undefined, true)).toEqual({ ok: true, event: { ...text, image: PNG } });
    const svg = JSON.stringify({ ...text, image: 'data:image/svg+xml;base64,PHN2Zz4=' });
    expect(parseReceivedFrame(svg, undefined, true)).toEqual({ ok: true, event: text });
    // The stored copy is the event's JSON: what format 1 read comes back the same.
    const seed000 = JSON.stringify({ type: 'text', platform: 'webchat', user: { id: U }, raw: { message: 'Bild', data: { image: PNG } }, id: 4 });
    const read = parseReceivedFrame(seed000, format1);
    expect(read).toEqual({ ok: true, event: { ...text, image: PNG, id: 4 } });
    expect(read?.ok && parseReceivedFrame(JSON.stringify(read.event), undefined, true)).toEqual(read);
  });
});
