/**
 * What the console's "Add attachment" menu puts into the attachments list (DESIGN §4.4): one example of each
 * type, which the agent edits before sending. The broker routes them untouched, so an agent can also try
 * what the widget must skip (an unknown type, a `javascript:` URL).
 */
import { MAX_FRAME_BYTES, parseJsonObject, refusalText } from '../protocol/index.ts';

export const ATTACHMENT_TYPES = ['file', 'image', 'video', 'audio', 'link', 'location', 'contact'] as const;

export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

/** An example attachment of `type`; `origin` is where the demo's own files are (`/demo/logo.svg`). */
export function exampleAttachment(type: AttachmentType, origin: string): Record<string, unknown> {
  switch (type) {
    case 'file':
      return { type, url: `${origin}/demo/logo.svg`, name: 'nordlink-logo.svg', mimeType: 'image/svg+xml', size: 1830 };
    case 'image':
      return { type, url: `${origin}/demo/logo.svg`, alt: 'The Nordlink logo' };
    case 'video':
      return { type, url: 'https://interactive-examples.mdn.mozilla.net/media/cc0-videos/flower.webm', mimeType: 'video/webm' };
    case 'audio':
      return { type, url: 'https://interactive-examples.mdn.mozilla.net/media/cc0-audio/t-rex-roar.mp3', mimeType: 'audio/mpeg' };
    case 'link':
      return { type, url: 'https://www.openstreetmap.org/about', title: 'Router help', description: 'Restart your router in three steps.' };
    case 'location':
      return { type, latitude: 59.3326, longitude: 18.0649, name: 'Nordlink store', address: 'Sergels torg 12, Stockholm' };
    case 'contact':
      return { type, name: 'Nordlink support', phone: '+46 8 123 456 78', email: 'support@nordlink.example' };
  }
}

/**
 * The attachments list the agent wrote: a JSON array (empty text: none). Throws an error naming what is wrong;
 * the entries themselves are not checked here (the widget skips what it cannot show, DESIGN §4.4).
 */
export function readAttachmentsText(text: string): unknown[] | undefined {
  if (!text.trim()) return undefined;
  // Read as the `attachments` of a frame, by the one JSON reader (its size and depth caps, no prototype keys).
  const frame = parseJsonObject(`{"attachments": ${text}\n}`, MAX_FRAME_BYTES);
  if (!frame.ok) throw new Error(`Attachments: ${refusalText(frame.reason)}. Expected a list like [{"type": "link", "url": "https://…"}].`);
  const list = frame.value['attachments'];
  if (!Array.isArray(list)) throw new Error('Attachments: expected a JSON list ([…]), got one value.');
  return list.length > 0 ? list : undefined;
}
