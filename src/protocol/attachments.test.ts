import { describe, expect, it } from 'vitest';
import { readAttachments } from './attachments.ts';
import type { Attachment } from './events.ts';
import { MAX_ATTACHMENTS, MAX_URL_LENGTH } from './limits.ts';

/** One entry through the narrowing: what shows, or null when it is skipped (and counted). */
function one(entry: unknown): Attachment | null {
  const { attachments, skipped } = readAttachments([entry]);
  expect(attachments.length + skipped).toBe(1);
  return attachments[0] ?? null;
}

describe('readAttachments: each type of DESIGN §4.4, with every field', () => {
  const full: Attachment[] = [
    { type: 'file', url: 'https://example.com/invoice.pdf', name: 'invoice.pdf', mimeType: 'application/pdf', size: 48128 },
    { type: 'image', url: 'https://example.com/router.png', alt: 'The router' },
    { type: 'image', imageId: 'img-1' },
    { type: 'video', url: 'https://example.com/reset.mp4', mimeType: 'video/mp4' },
    { type: 'audio', url: 'http://example.com/hello.mp3', mimeType: 'audio/mpeg' },
    { type: 'link', url: 'https://example.com/help', title: 'Help', description: 'Answers to common questions', imageUrl: 'https://example.com/h.png' },
    { type: 'location', latitude: 59.3326, longitude: 18.0649, name: 'Nordlink Store', address: 'Sergels torg 1, Stockholm' },
    { type: 'contact', name: 'Maja Lind', phone: '+46 (0)8-123 45 67', email: 'maja.lind@example.com' },
  ];
  for (const attachment of full) {
    it(`keeps a ${attachment.type} as it came`, () => {
      expect(one(attachment)).toEqual(attachment);
    });
  }

  it('keeps each type with only its required fields', () => {
    const minimal: Attachment[] = [
      { type: 'file', url: 'https://e.com/a', name: 'a' },
      { type: 'video', url: 'https://e.com/v' },
      { type: 'link', url: 'https://e.com/' },
      { type: 'location', latitude: -90, longitude: 180 },
      { type: 'contact', name: 'Support' },
    ];
    expect(readAttachments(minimal)).toEqual({ attachments: minimal, skipped: 0 });
  });

  it('keeps the order given, skipping what cannot be shown in between', () => {
    const list = [{ type: 'contact', name: 'A' }, { type: 'poll' }, { type: 'contact', name: 'B' }];
    expect(readAttachments(list)).toEqual({ attachments: [{ type: 'contact', name: 'A' }, { type: 'contact', name: 'B' }], skipped: 1 });
  });

  it('drops fields it does not know', () => {
    expect(one({ type: 'contact', name: 'A', onclick: 'alert(1)', html: '<b>x</b>' })).toEqual({ type: 'contact', name: 'A' });
  });

  it('writes URLs as the URL parser reads them, so what is shown is what opens', () => {
    expect(one({ type: 'link', url: 'HTTPS://Example.COM/a b' })).toEqual({ type: 'link', url: 'https://example.com/a%20b' });
  });
});

describe('readAttachments: skipped and counted (DESIGN §4.4)', () => {
  const skipped: Record<string, unknown> = {
    'an unknown type': { type: 'carousel', url: 'https://e.com' },
    'no type': { url: 'https://e.com', name: 'x' },
    'a type of another case': { type: 'File', url: 'https://e.com', name: 'x' },
    'not an object': 'https://e.com/file.pdf',
    null: null,
    'an array': [{ type: 'link', url: 'https://e.com' }],
    'a javascript: file': { type: 'file', url: 'javascript:alert(1)', name: 'x.pdf' },
    'a data: image': { type: 'image', url: 'data:image/svg+xml;base64,PHN2Zz4=' },
    'a data: image with an imageId': { type: 'image', url: 'data:image/png;base64,AAAA', imageId: 'img-1' },
    'a relative link': { type: 'link', url: '/help' },
    'a vbscript: video': { type: 'video', url: 'vbscript:msgbox(1)' },
    'a file: audio': { type: 'audio', url: 'file:///etc/passwd' },
    'a link with a URL that does not parse': { type: 'link', url: 'https://' },
    'a URL longer than the cap': { type: 'link', url: `https://e.com/${'a'.repeat(MAX_URL_LENGTH)}` },
    'a file without a name': { type: 'file', url: 'https://e.com/a' },
    'a file with an empty name': { type: 'file', url: 'https://e.com/a', name: '' },
    'a file without a url': { type: 'file', name: 'a.pdf' },
    'an image with neither url nor imageId': { type: 'image', alt: 'nothing' },
    'a video without a url': { type: 'video' },
    'a location without a longitude': { type: 'location', latitude: 59 },
    'a location with text coordinates': { type: 'location', latitude: '59.3', longitude: '18.0' },
    'a latitude out of range': { type: 'location', latitude: 90.5, longitude: 0 },
    'a longitude out of range': { type: 'location', latitude: 0, longitude: -180.1 },
    'a contact without a name': { type: 'contact', phone: '+46 8 123' },
  };
  for (const [label, entry] of Object.entries(skipped)) {
    it(`skips ${label}`, () => {
      expect(readAttachments([entry])).toEqual({ attachments: [], skipped: 1 });
    });
  }

  it(`shows at most MAX_ATTACHMENTS (${MAX_ATTACHMENTS}) and counts the rest`, () => {
    const list = Array.from({ length: MAX_ATTACHMENTS + 3 }, (_, i) => ({ type: 'contact', name: `C${i}` }));
    const read = readAttachments(list);
    expect(read.attachments).toHaveLength(MAX_ATTACHMENTS);
    expect(read.skipped).toBe(3);
  });
});

describe('readAttachments: optional fields of the wrong type are absent', () => {
  it('drops a link image that is not http(s), keeping the card', () => {
    expect(one({ type: 'link', url: 'https://e.com/', imageUrl: 'javascript:alert(1)', title: 5 })).toEqual({ type: 'link', url: 'https://e.com/' });
  });

  it('drops a negative or textual size and empty texts', () => {
    expect(one({ type: 'file', url: 'https://e.com/a', name: 'a', size: -1, mimeType: '' })).toEqual({ type: 'file', url: 'https://e.com/a', name: 'a' });
    expect(one({ type: 'file', url: 'https://e.com/a', name: 'a', size: '47 KB' })).toEqual({ type: 'file', url: 'https://e.com/a', name: 'a' });
  });

  const phones: Record<string, boolean> = {
    '+46 8 123 45 67': true,
    '(08) 123-45.67': true,
    '112': true,
    '1': false,
    '+46 8 123;ext=1': false,
    'javascript:alert(1)': false,
    '+46\n8': false,
    'call me': false,
  };
  for (const [phone, kept] of Object.entries(phones)) {
    it(`${kept ? 'keeps' : 'drops'} the phone ${JSON.stringify(phone)}`, () => {
      expect(one({ type: 'contact', name: 'A', phone })).toEqual(kept ? { type: 'contact', name: 'A', phone } : { type: 'contact', name: 'A' });
    });
  }

  const emails: Record<string, boolean> = {
    'maja@example.com': true,
    'maja.lind+chat@support.example.se': true,
    'åsa@exempel.se': false,
    'maja@exempel.se': true,
    'maja@localhost': false,
    'a?cc=boss@example.com': false,
    'a%40b@example.com': false,
    'a b@example.com': false,
    '@example.com': false,
    'javascript:alert(1)//@example.com': false,
  };
  for (const [email, kept] of Object.entries(emails)) {
    it(`${kept ? 'keeps' : 'drops'} the email ${JSON.stringify(email)}`, () => {
      expect(one({ type: 'contact', name: 'A', email })).toEqual(kept ? { type: 'contact', name: 'A', email } : { type: 'contact', name: 'A' });
    });
  }
});
