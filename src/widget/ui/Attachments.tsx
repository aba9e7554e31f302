/** @jsxRuntime classic */
/** @jsx h */
/**
 * An agent message's attachments as cards (DESIGN §4.4), in a chunk of their own (DESIGN §8): loaded on the
 * first message that has any, never with a plain conversation. Only what `viewAttachments` kept is shown (http(s)
 * URLs, phone numbers and addresses safe for `tel:` and `mailto:`); everything from the wire is text or an
 * attribute of a native element, never HTML. Nothing loads without a click but the images and media the
 * message names (no embedded map: a link to OpenStreetMap).
 */
import css from './Attachments.css?inline';
import { h } from './reactive.ts';
import type { Locale } from '../../config/config.ts';
import {
  viewAttachments,
  type AttachmentView,
  type ContactAttachment,
  type FileAttachment,
  type LinkAttachment,
  type LocationAttachment,
  type MediaAttachment,
} from '../state/attachment-view.ts';
import type { WireAttachments } from '../state/types.ts';
import { adoptStyles } from './lazy.ts';

adoptStyles(css);

/** The cards' own words; here rather than in i18n.ts, so a plain conversation does not load them. */
const TEXTS = {
  // DESIGN §5: the location card's link.
  en: { openMap: 'Open map', image: 'Image', video: 'Video', audio: 'Audio', openMedia: 'Open the file' },
  sv: { openMap: 'Öppna karta', image: 'Bild', video: 'Video', audio: 'Ljud', openMedia: 'Öppna filen' },
} satisfies Record<Locale, Record<string, string>>;

type Texts = (typeof TEXTS)['en'];

/** A web link: a new tab, and the page opened gets neither this window nor its address (DESIGN §4). */
const WEB = { target: '_blank', rel: 'noopener noreferrer' } as const;

/** "47 KB", "1.5 MB" (DESIGN §4.4), with the locale's decimal sign. KB = 1,024 bytes. */
export function formatSize(bytes: number, locale: Locale): string {
  const [value, unit] = bytes < 1024 ? [bytes, 'B'] : bytes < 1024 ** 2 ? [bytes / 1024, 'KB'] : bytes < 1024 ** 3 ? [bytes / 1024 ** 2, 'MB'] : [bytes / 1024 ** 3, 'GB'];
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: unit === 'B' || unit === 'KB' ? 0 : 1 }).format(value)} ${unit}`;
}

function FileCard({ file, locale }: { file: FileAttachment; locale: Locale }) {
  const size = file.size === undefined ? '' : `, ${formatSize(file.size, locale)}`;
  // Named by the file's name and size, "invoice.pdf, 47 KB" (DESIGN §4.4), whatever the styling around them.
  return (
    <a class="attachment card card-file" href={file.url} aria-label={file.name + size} {...WEB}>
      <span class="card-icon" aria-hidden="true" />
      <span class="card-title">{file.name}</span>
      {size && <span class="card-text">{size}</span>}
    </a>
  );
}

function Media({ media, t }: { media: MediaAttachment; t: Texts }) {
  const Player = media.type;
  return (
    <Player class={`attachment attachment-${media.type}`} controls preload="metadata" aria-label={t[media.type]}>
      <source src={media.url} type={media.mimeType} />
      {/* Only where the browser has no player: */}
      <a href={media.url} {...WEB}>
        {t.openMedia}
      </a>
    </Player>
  );
}

function LinkCard({ link }: { link: LinkAttachment }) {
  const host = new URL(link.url).hostname;
  return (
    <a class="attachment card card-link" href={link.url} {...WEB}>
      {link.imageUrl && <img class="card-image" src={link.imageUrl} alt="" />}
      <span class="card-title">{link.title ?? host}</span>
      {link.description && <span class="card-text">{link.description}</span>}
      {link.title && <span class="card-host">{host}</span>}
    </a>
  );
}

/** A coordinate as a map URL takes it: plain decimals (never `1e-7`), to 7 places (about a centimetre). */
const decimal = (degrees: number) => degrees.toFixed(7).replace(/\.?0+$/, '');

function LocationCard({ location, t }: { location: LocationAttachment; t: Texts }) {
  const map = `https://www.openstreetmap.org/?mlat=${decimal(location.latitude)}&mlon=${decimal(location.longitude)}`;
  return (
    <div class="attachment card card-location">
      <span class="card-icon" aria-hidden="true" />
      {location.name && <span class="card-title">{location.name}</span>}
      {location.address && <span class="card-text">{location.address}</span>}
      <a class="card-action" href={map} {...WEB}>
        {t.openMap}
      </a>
    </div>
  );
}

function ContactCard({ contact }: { contact: ContactAttachment }) {
  return (
    <div class="attachment card card-contact">
      <span class="card-icon" aria-hidden="true" />
      <span class="card-title">{contact.name}</span>
      {/* `tel:` takes digits and `+` only; the number shows as written. */}
      {contact.phone && (
        <a class="card-action" href={`tel:${contact.phone.replace(/[^\d+]/g, '')}`}>
          {contact.phone}
        </a>
      )}
      {contact.email && (
        <a class="card-action" href={`mailto:${contact.email}`}>
          {contact.email}
        </a>
      )}
    </div>
  );
}

function Card({ view, locale, t }: { view: AttachmentView; locale: Locale; t: Texts }) {
  switch (view.type) {
    case 'file':
      return <FileCard file={view} locale={locale} />;
    case 'image':
      return <img class="attachment attachment-image" src={view.url} alt={view.alt ?? t.image} />;
    case 'video':
    case 'audio':
      return <Media media={view} t={t} />;
    case 'link':
      return <LinkCard link={view} />;
    case 'location':
      return <LocationCard location={view} t={t} />;
    case 'contact':
      return <ContactCard contact={view} />;
  }
}

/** The cards of one message, in the order given; what cannot be shown is left out (and counted by the chat). */
export function Attachments({ attachments, locale }: { attachments: WireAttachments; locale: Locale }) {
  const { views } = viewAttachments(attachments);
  const t = TEXTS[locale];
  return views.length > 0 ? (
    <div class="attachments">
      {views.map((view) => (
        <Card view={view} locale={locale} t={t} />
      ))}
    </div>
  ) : null;
}
