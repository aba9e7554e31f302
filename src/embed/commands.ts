import type { SermoEventName } from './emitter.ts';
import type { SermoChat } from './loader.ts';

const EVENT_NAMES: readonly unknown[] = ['open', 'close', 'unread', 'ended'] satisfies SermoEventName[];

const isEventName = (name: unknown): name is SermoEventName => EVENT_NAMES.includes(name);

/** A host page's function takes what any event gives. */
const isHandler = (fn: unknown): fn is (...args: unknown[]) => void => typeof fn == 'function';

/**
 * Run one command queued the `SermoChat.push(['on', 'open', fn])` way (DESIGN §3): the host API's closed set
 * of names, each called by name (STYLE B.7: no dynamic dispatch). Anything else is ignored, as a call of a
 * method that does not exist would be.
 */
export function runCommand(chat: SermoChat, command: unknown): void {
  if (!Array.isArray(command)) return;
  const [name, event, fn]: unknown[] = command;
  switch (name) {
    case 'open':
      return chat.open();
    case 'close':
      return chat.close();
    case 'toggle':
      return chat.toggle();
    case 'destroy':
      return chat.destroy();
    case 'on':
      if (isEventName(event) && isHandler(fn)) chat.on(event, fn);
      return;
    case 'off':
      if (isEventName(event) && isHandler(fn)) chat.off(event, fn);
  }
}
