/**
 * An agent message's attachments (DESIGN §4.4) as the cards show them: narrowed by the protocol's
 * `readAttachments` (unknown types and URLs that are not http(s) skipped), an image's `imageId` resolved to
 * the images endpoint. Only the cards (ui/Attachments.tsx) and the chat's count of what was skipped load it,
 * in a chunk of their own, never with the widget (DESIGN §8).
 */
import { readAttachments, type Attachment, type ImageAttachment } from '../../protocol/index.ts';
import { imageEndpoint } from './agent-view.ts';
import type { WireAttachments } from './types.ts';

export type { ContactAttachment, FileAttachment, LinkAttachment, LocationAttachment, MediaAttachment } from '../../protocol/index.ts';

/** An attachment as shown: an image always has its URL. */
export type AttachmentView = Exclude<Attachment, ImageAttachment> | ImageView;

export interface ImageView {
  type: 'image';
  url: string;
  alt?: string;
}

/** The attachments to show, in order, and how many were skipped. */
export function viewAttachments({ list, imagesUrl }: WireAttachments): { views: AttachmentView[]; skipped: number } {
  const { attachments, skipped } = readAttachments(list);
  const views = attachments.map((attachment): AttachmentView => {
    if (attachment.type !== 'image') return attachment;
    // An `imageId` is the broker's own image, as for a message's `imageId` (DESIGN §4); readAttachments keeps
    // an image only with a url or an imageId.
    const image: ImageView = { type: 'image', url: attachment.url ?? imageEndpoint(imagesUrl, attachment.imageId!) };
    if (attachment.alt !== undefined) image.alt = attachment.alt;
    return image;
  });
  return { views, skipped };
}
