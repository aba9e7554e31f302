import { describe, expect, it } from 'vitest';
import { classify, isGoodbye } from './intents.ts';

describe('isGoodbye', () => {
  it.each(['bye', 'Bye!', 'ok, hej då', 'Hejdå', 'tack', 'Tack så mycket', 'Thanks!', 'thank you', 'goodbye'])(
    'recognises %j',
    (text) => expect(isGoodbye(text)).toBe(true),
  );

  it.each(['byeee', 'tackla problemet', 'my internet is down', ''])('does not take %j for a farewell', (text) =>
    expect(isGoodbye(text)).toBe(false),
  );
});

describe('classify', () => {
  it('prefers the quick reply payload over the text', () => {
    expect(classify('Talk to a person', 'invoice')).toBe('invoice');
  });

  it('falls back to the text for an unknown payload', () => {
    expect(classify('my router is broken', 'made-up')).toBe('technical');
  });

  it.each([
    ['I have a question about my invoice', 'invoice'],
    ['Jag vill ändra faktura 70557076', 'invoice'],
    ['The internet is slow', 'technical'],
    ['Mitt wifi fungerar inte', 'technical'],
    ['Can I talk to a person?', 'person'],
    ['Jag vill prata med en människa', 'person'],
    ['ok thanks', 'bye'],
    ['What is the weather like?', 'unknown'],
  ] as const)('reads %j as %s', (text, intent) => {
    expect(classify(text)).toBe(intent);
  });
});
