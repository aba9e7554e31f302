/**
 * The host page's side of host storage (README "What the widget stores"): a cross-site iframe whose browser
 * gives it no storage of its own (third-party storage blocked, no partitioning) keeps its conversation in
 * the host page's storage instead, through the bridge. The iframe asks once (`store` without a key) and is
 * sent every widget key stored, then each one another tab of the site changes (`storage` events), so the
 * tabs still see each other (DESIGN §4.5); its writes (`store` with a key) are written here.
 *
 * Only keys under the widget's own prefix are read or written: nothing else of the host page's storage
 * reaches the iframe, and the iframe cannot touch the page's other keys. The bridge has already checked the
 * sender's window and origin (loader.ts). Keys under `sermo.chat.tab.` (a tab's registration) are removed
 * when this page goes: the iframe's own last write may not reach a page that is unloading.
 *
 * Also tells the loader when another tab's conversation begins (`onConversation`), so this tab shows it.
 */
import { CONVERSATION_KEY, remove, write } from './memory.ts';
import type { HostMessage } from './messages.ts';

/** The iframe's `STORAGE_PREFIX` (src/widget/platform/storage.ts). */
const PREFIX = 'sermo.chat.';

/** @returns the handler of the iframe's `store` messages, and the dispose. */
export function hostStorage(
  storage: Storage | undefined,
  post: (message: HostMessage) => void,
  onConversation: () => void,
): [handle: (key?: string, value?: string) => void, dispose: () => void] {
  let forwarding = false;
  const tabKeys = new Set<string>();
  const ours = (key: unknown): key is string => `${key}`.startsWith(PREFIX);
  const onStorage = ({ storageArea, key, newValue }: StorageEvent) => {
    if (storageArea != storage) return;
    if (key == CONVERSATION_KEY) onConversation();
    if (forwarding && ours(key)) post({ sermo: 1, kind: 'stored', entries: [[key, newValue]] });
  };
  const onHide = () => tabKeys.forEach((key) => remove(storage, key));
  addEventListener('storage', onStorage);
  addEventListener('pagehide', onHide);
  return [
    (key, value) => {
      if (key == null) {
        forwarding = true;
        // A Storage's own properties are its items.
        post({ sermo: 1, kind: 'stored', entries: Object.entries(storage ?? {}).filter(([k]) => ours(k)) });
      } else if (ours(key)) {
        if (key.startsWith(PREFIX + 'tab.')) tabKeys.add(key);
        value == null ? remove(storage, key) : write(storage, key, value);
      }
    },
    () => {
      removeEventListener('storage', onStorage);
      removeEventListener('pagehide', onHide);
    },
  ];
}
