/**
 * Narrowing an outbound text's `attachments` (DESIGN §4.4) into what a widget can show. The frame parsers keep
 * the list as it came (events.ts `TextOutbound.attachments`): the broker routes it untouched, and this code
 * comes with the cards, in a lazy chunk, not in the widget's first load (DESIGN §8).
 *
 * Each entry is narrowed on its own, like an event (DESIGN §4): an entry of an unknown type, without a
 * required field, or whose `url` is not http(s), is skipped and counted, and the others still show; an
 * optional field of the wrong type (or an `imageUrl` that is not http(s)) is treated as absent.
 */
import type {
  Attachment,
  ContactAttachment,
  FileAttachment,
  ImageAttachment,
  LinkAttachment,
  LocationAttachment,
  MediaAttachment,
} from './events.ts';
import { MAX_ATTACHMENTS, MAX_ATTACHMENT_TEXT, MAX_SHORT_TEXT, MAX_URL_LENGTH } from './limits.ts';
import { httpUrl, isRecord, own, readOptionalNumber, readOptionalString, type WireRecord } from './narrow.ts';

/** What can be shown, in the order given, and how many entries were skipped. */
export interface ReadAttachments {
  attachments: Attachment[];
  skipped: number;
}

/** The attachments a widget can show, at most MAX_ATTACHMENTS; every entry left out counts as skipped. */
export function readAttachments(list: readonly unknown[]): ReadAttachments {
  const attachments: Attachment[] = [];
  for (const entry of list.slice(0, MAX_ATTACHMENTS)) {
    const attachment = readAttachment(entry);
    if (attachment) attachments.push(attachment);
  }
  return { attachments, skipped: list.length - attachments.length };
}

/** A phone number as people write it: digits with an optional leading `+`, spaces and `-` `.` `(` `)` `/`. */
const PHONE = /^\+?[\d ().\/-]{3,40}$/;
/** An email address with nothing that would change what a `mailto:` link does (no `?`, `%`, `:` or spaces). */
const EMAIL = /^[\w.!#$&'*+=^{|}~\/-]+@[\p{L}\d-]+(?:\.[\p{L}\d-]+)+$/u;

/** One entry, or undefined to skip it. */
function readAttachment(value: unknown): Attachment | undefined {
  if (!isRecord(value)) return undefined;
  const text = (key: string, max = MAX_ATTACHMENT_TEXT) => readOptionalString(value, key, max) || undefined;
  const url = (key: string) => httpUrl(text(key, MAX_URL_LENGTH));
  const type = own(value, 'type');
  switch (type) {
    case 'file': {
      const href = url('url');
      const name = text('name', MAX_SHORT_TEXT);
      if (!href || !name) return undefined;
      return withOptional<FileAttachment>({ type, url: href, name }, { mimeType: text('mimeType', MAX_SHORT_TEXT), size: readOptionalNumber(value, 'size', 0) });
    }
    case 'image': {
      const href = url('url');
      const imageId = text('imageId', MAX_SHORT_TEXT);
      // An image must have one of the two; a `url` that is not http(s) skips it even with an imageId.
      if ((!href && !imageId) || (href === undefined && own(value, 'url') !== undefined)) return undefined;
      return withOptional<ImageAttachment>({ type }, { url: href, imageId, alt: text('alt') });
    }
    case 'video':
    case 'audio': {
      const href = url('url');
      return href ? withOptional<MediaAttachment>({ type, url: href }, { mimeType: text('mimeType', MAX_SHORT_TEXT) }) : undefined;
    }
    case 'link': {
      const href = url('url');
      if (!href) return undefined;
      return withOptional<LinkAttachment>({ type, url: href }, { title: text('title'), description: text('description'), imageUrl: url('imageUrl') });
    }
    case 'location': {
      const latitude = coordinate(value, 'latitude', 90);
      const longitude = coordinate(value, 'longitude', 180);
      if (latitude === undefined || longitude === undefined) return undefined;
      return withOptional<LocationAttachment>({ type, latitude, longitude }, { name: text('name', MAX_SHORT_TEXT), address: text('address') });
    }
    case 'contact': {
      const name = text('name', MAX_SHORT_TEXT);
      if (!name) return undefined;
      const phone = text('phone', MAX_SHORT_TEXT);
      const email = text('email', MAX_SHORT_TEXT);
      return withOptional<ContactAttachment>(
        { type, name },
        { phone: phone && PHONE.test(phone) && /\d.*\d/.test(phone) ? phone : undefined, email: email && EMAIL.test(email) ? email : undefined },
      );
    }
    default:
      return undefined;
  }
}

/**
 * `base` with the defined values of `optional` set on it: an optional field that came back absent is left out,
 * never written as `undefined` (STYLE: exact optional properties).
 */
export function withOptional<T extends object>(base: T, optional: { [K in keyof T]?: T[K] | undefined }): T {
  for (const [key, field] of Object.entries(optional)) if (field !== undefined) Object.assign(base, { [key]: field });
  return base;
}

/** A finite number within [-limit, limit]. */
function coordinate(record: WireRecord, key: string, limit: number): number | undefined {
  const value = readOptionalNumber(record, key, -limit);
  return value !== undefined && value <= limit ? value : undefined;
}
