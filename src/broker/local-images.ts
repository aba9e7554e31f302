/**
 * Images in this process (DESIGN §6.2): the `ImageStore` (byte cap, maximum age, an owner's own oldest images
 * evicted first) plus each conversation's quota window, so a conversation stores at most
 * `imagesPerConversation` images and `imageBytesPerConversation` bytes per `imageQuotaMs`. Checking the quota
 * and storing happen in one synchronous step, so uploads running side by side cannot overrun it.
 */

import type { ImageShelf } from './exchange.ts';
import { ImageStore } from './images.ts';
import type { BrokerLimits } from './limits.ts';

export type ImageShelfLimits = Pick<
  BrokerLimits,
  'imageStoreBytes' | 'imageMaxAgeMs' | 'imagesPerConversation' | 'imageBytesPerConversation' | 'imageQuotaMs'
>;

export function createLocalImageShelf(limits: ImageShelfLimits, now: () => number = Date.now): ImageShelf {
  const store = new ImageStore(limits.imageStoreBytes, limits.imageMaxAgeMs, now);
  /** What each conversation stored in the current quota window, oldest first. */
  const stored = new Map<string, { at: number; bytes: number }[]>();

  /** This conversation's uploads still inside the quota window. */
  function windowOf(userId: string): { at: number; bytes: number }[] {
    const since = now() - limits.imageQuotaMs;
    const recent = (stored.get(userId) ?? []).filter((entry) => entry.at > since);
    if (recent.length > 0) stored.set(userId, recent);
    else stored.delete(userId);
    return recent;
  }

  return {
    async uploadsOf(userId) {
      return windowOf(userId).length;
    },
    async put(owner, userId, image) {
      const size = image.bytes.length;
      const window = userId === null ? [] : windowOf(userId);
      if (window.length >= limits.imagesPerConversation) return { ok: false, why: 'images' };
      if (window.reduce((sum, entry) => sum + entry.bytes, 0) + size > limits.imageBytesPerConversation) return { ok: false, why: 'bytes' };
      const id = store.add(owner, image);
      if (id === null) return { ok: false, why: 'full' };
      if (userId !== null) stored.set(userId, [...window, { at: now(), bytes: size }]);
      return { ok: true, id };
    },
    async get(id) {
      return store.get(id);
    },
    sweep() {
      for (const userId of [...stored.keys()]) windowOf(userId);
      store.expire();
    },
  };
}
