/**
 * Who this conversation is, kept in the iframe's sessionStorage (DESIGN §4): a reload or a navigation on the
 * same site continues it; a new tab or a new conversation gets a new `userId`.
 */
import { STORAGE_PREFIX, type KeyValueStore } from './storage.ts';

const USER_ID_KEY = `${STORAGE_PREFIX}userId`;
const ACKING_KEY = `${STORAGE_PREFIX}acking`;
/** What we accept back from storage as a userId: a UUID, or something shaped like one. */
const USER_ID = /^[\w-]{1,100}$/;

export interface Session {
  readonly userId: string;
  /** True when this page made the userId (no stored conversation to continue). */
  readonly isNew: boolean;
  /** DESIGN §4.3: the broker has acked at least one event of this conversation. */
  acking(): boolean;
  markAcking(): void;
  /** Begin a new conversation: a new userId, nothing remembered about the broker. */
  renew(): void;
  /** The conversation is over (client_left): remove it from storage, so a reload begins a new one. */
  forget(): void;
}

export function createSession(store: KeyValueStore, randomUUID: () => string): Session {
  const stored = store.get(USER_ID_KEY);
  let userId = stored !== null && USER_ID.test(stored) ? stored : '';
  const isNew = userId === '';
  let acking = !isNew && store.get(ACKING_KEY) === '1';

  const renew = () => {
    userId = randomUUID();
    acking = false;
    store.set(USER_ID_KEY, userId);
    store.remove(ACKING_KEY);
  };
  if (isNew) renew();

  return {
    get userId() {
      return userId;
    },
    isNew,
    acking: () => acking,
    markAcking() {
      if (acking) return;
      acking = true;
      store.set(ACKING_KEY, '1');
    },
    renew,
    forget() {
      store.remove(USER_ID_KEY);
      store.remove(ACKING_KEY);
    },
  };
}
