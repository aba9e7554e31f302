import { describe, expect, it, vi } from 'vitest';
import { runCommand } from './commands.ts';
import type { SermoChat } from './loader.ts';

const fakeChat = () => ({ open: vi.fn(), close: vi.fn(), toggle: vi.fn(), on: vi.fn(), off: vi.fn(), destroy: vi.fn() }) satisfies SermoChat;

describe('runCommand', () => {
  it('calls the named method of the host API', () => {
    const chat = fakeChat();
    for (const name of ['open', 'close', 'toggle', 'destroy'] as const) {
      runCommand(chat, [name]);
      expect(chat[name]).toHaveBeenCalledOnce();
    }
  });

  it('adds and removes the very handler given', () => {
    const chat = fakeChat();
    const fn = () => {};
    runCommand(chat, ['on', 'unread', fn]);
    runCommand(chat, ['off', 'unread', fn]);
    expect(chat.on).toHaveBeenCalledWith('unread', fn);
    expect(chat.off).toHaveBeenCalledWith('unread', fn);
  });

  it.each([
    ['an unknown name', ['send', 'hi']],
    ['an inherited name', ['hasOwnProperty', 'x']],
    ['push itself', ['push', ['open']]],
    ['an unknown event', ['on', 'message', () => {}]],
    ['a handler that is no function', ['on', 'open', 'alert(1)']],
    ['not a list', 'open'],
    ['nothing', null],
  ])('ignores %s', (_, command) => {
    const chat = fakeChat();
    runCommand(chat, command);
    for (const method of Object.values(chat)) expect(method).not.toHaveBeenCalled();
  });
});
