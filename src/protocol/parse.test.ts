import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { SermoEvent } from './events.ts';
import { MAX_AGENT_TEXT, MAX_CUSTOMER_TEXT, MAX_FRAME_BYTES, MAX_JSON_DEPTH, MAX_START_PARAMS } from './limits.ts';
import * as parse from './parse.ts';
import { refusalText, type Refusal } from './reason.ts';

/** A result with its reason worded as the broker sends it (`refusalText`), so these tests pin the sentences. */
function worded<Accepted extends { ok: true }>(result: Accepted | Refusal): Accepted | { ok: false; reason: string } {
  return result.ok ? result : { ok: false, reason: refusalText(result.reason) };
}
const parseWidgetFrame = (frame: string) => worded(parse.parseWidgetFrame(frame));
const parseCustomerFrame = (frame: string) => worded(parse.parseCustomerFrame(frame));
const parseApplicationFrame = (frame: string) => worded(parse.parseApplicationFrame(frame));
const parseStoredInbound = (frame: string) => worded(parse.parseStoredInbound(frame));
const parseJsonObject = (text: unknown, maxBytes: number) => worded(parse.parseJsonObject(text, maxBytes));

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const fixture = (path: string) => readFileSync(join(FIXTURES, path), 'utf8');
const fixtureNames = (folder: string) => readdirSync(join(FIXTURES, folder)).sort();

type ParserName = 'widget' | 'customer' | 'application';
const PARSERS: Record<ParserName, (frame: string) => { ok: true; event: unknown } | { ok: false; reason: string }> = {
  widget: parseWidgetFrame,
  customer: parseCustomerFrame,
  application: parseApplicationFrame,
};
const ALL: ParserName[] = ['widget', 'customer', 'application'];

const U = '8a8b5c18-c0dd-467b-bd77-7e7685fadf6d';
const IMG = 'data:image/jpeg;base64,/9j/4AAQSkZJRgAB+UinhpBuBqJlnCSSdoePgIDo//2Q==';
const U79 = '79d6dc18-c2c8-4377-b01f-96d21d619b43';
const SMS = 'Jag skickar ett SMS till dig nu med betalningsuppgifterna, det kommer plinga i din telefonen inom en minut.';
const QUEUED = 'Chatten har placerats i kön "Com Hem allmänt"';
const AGENT_DONE =
  'Agenten är inte längre aktiv i chatten. Om något är oklart och du behöver komma i kontakt med oss igen, skriv ytterligare ett meddelande här, så tar vi vid där vi slutade.';
const BOT = { id: 'bot', name: 'Bot', avatarId: 'avatar1', avatarUrl: 'https://some-url.png' };

/** Every seed example, the parsers that must accept it, and the exact event they must produce. */
const SEED_CASES: Record<string, { accepts: ParserName[]; event: SermoEvent }> = {
  // seed 000, customer -> broker (a widget with protocol=1)
  'seed000/inbound-text.json': {
    accepts: ['customer'],
    event: { type: 'text', direction: 'inbound', userId: U, text: 'Jag vill ändra faktura 70557076' },
  },
  'seed000/inbound-text-image.json': {
    accepts: ['customer'],
    event: { type: 'text', direction: 'inbound', userId: '470e84d7-abcf-4360-8f3b-c39cd50eeb3c', text: 'Bifogad bild:', image: IMG },
  },
  'seed000/inbound-heartbeat.json': {
    accepts: ['customer'],
    event: { type: 'heartbeat', direction: 'inbound', userId: U },
  },
  'seed000/inbound-messages-read.json': {
    accepts: ['customer'],
    event: {
      type: 'messages_read',
      direction: 'inbound',
      userId: '38d93922-77c9-4f47-9ce2-0df72a728fa9',
      text: 'read',
      at: '2020-02-18T12:14:11.386Z',
    },
  },
  'seed000/inbound-client-left.json': {
    accepts: ['customer'],
    event: {
      type: 'client_left',
      direction: 'inbound',
      userId: 'f9653bf3-0c6c-4d22-9547-7cd00382c775',
      text: 'Kunden har stängt chatten.',
      at: '2020-02-18T12:12:33.766Z',
    },
  },
  'seed000/inbound-client-unload.json': {
    accepts: ['customer'],
    event: { type: 'client_unload', direction: 'inbound', userId: '0a1f5b59-8d7e-4649-87ef-274bda362c56', at: '2020-02-18T12:10:18.968Z' },
  },
  // seed 000, broker -> customer
  'seed000/outbound-queue-number.json': {
    accepts: ['widget'],
    event: { type: 'queue_number', direction: 'outbound', userId: U79, queueNumber: 1 },
  },
  'seed000/outbound-text.json': {
    accepts: ['widget'],
    event: { type: 'text', direction: 'outbound', userId: U79, text: SMS, agent: { id: 'alote1', name: 'alote1', type: 'human' } },
  },
  'seed000/outbound-text-bot.json': {
    accepts: ['widget'],
    event: {
      type: 'text',
      direction: 'outbound',
      userId: '10e4d33c-19e8-4680-b764-ff69a18a3909',
      text: 'Hej!',
      agent: { id: 'bot', name: 'Bot' },
      typing: 1000,
    },
  },
  'seed000/outbound-text-system.json': {
    accepts: ['widget'],
    event: { type: 'text', direction: 'outbound', userId: U79, text: QUEUED, agent: { id: 'system', name: 'Info' } },
  },
  'seed000/outbound-text-image.json': {
    accepts: ['widget'],
    event: { type: 'text', direction: 'outbound', userId: U79, text: 'Bifogad bild:', image: IMG },
  },
  'seed000/outbound-agent-done.json': {
    accepts: ['widget'],
    event: {
      type: 'agent_done',
      direction: 'outbound',
      userId: 'bba79883-31e5-42f1-979f-0697184ddd73',
      text: AGENT_DONE,
      agent: { id: 'system', name: 'Info' },
    },
  },
  'seed000/outbound-typing-on.json': {
    accepts: ['widget'],
    event: { type: 'typing_on', direction: 'outbound', userId: U79, agent: { name: '' } },
  },
  'seed000/outbound-typing-off.json': {
    accepts: ['widget'],
    event: { type: 'typing_off', direction: 'outbound', userId: U79, agent: { name: '' } },
  },
  'seed000/outbound-platform-closed.json': {
    accepts: ['widget'],
    // `"text": ""` is an empty optional text: absent, so the UI shows its localised notice.
    event: { type: 'platform_closed', direction: 'outbound', userId: 'c2e24ee0-d503-4177-955c-eb89508caa63' },
  },
  // seed 001, inbound
  'seed001/inbound-start.json': {
    accepts: ['customer', 'application'],
    event: { type: 'start', direction: 'inbound', userId: U, params: {} },
  },
  'seed001/inbound-text.json': {
    accepts: ['customer', 'application'],
    event: { type: 'text', direction: 'inbound', userId: U, text: 'Jag vill ändra faktura 70557076' },
  },
  'seed001/inbound-text-image-id.json': {
    accepts: ['customer', 'application'],
    event: { type: 'text', direction: 'inbound', userId: U, text: 'Some image related text', imageId: 'some-image-id' },
  },
  'seed001/inbound-text-payload.json': {
    accepts: ['customer', 'application'],
    event: { type: 'text', direction: 'inbound', userId: U, text: 'Selection 1', quickReplyPayload: 'postback-alternative-1' },
  },
  'seed001/inbound-heartbeat.json': {
    accepts: ['customer', 'application'],
    event: { type: 'heartbeat', direction: 'inbound', userId: U },
  },
  'seed001/inbound-messages-read.json': {
    accepts: ['customer', 'application'],
    event: { type: 'messages_read', direction: 'inbound', userId: U, text: 'read', at: '2020-02-18T12:14:11.386Z' },
  },
  'seed001/inbound-client-left.json': {
    accepts: ['customer', 'application'],
    event: { type: 'client_left', direction: 'inbound', userId: U, text: 'Kunden har stängt chatten.', at: '2020-02-18T12:12:33.766Z' },
  },
  'seed001/inbound-client-unload.json': {
    accepts: ['customer', 'application'],
    event: { type: 'client_unload', direction: 'inbound', userId: U, at: '2020-02-18T12:10:18.968Z' },
  },
  'seed001/inbound-typing-on.json': {
    accepts: ['customer', 'application'],
    event: { type: 'typing_on', direction: 'inbound', userId: U, text: 'Hej, jag mitt na', at: '2020-02-18T14:41:37.571Z' },
  },
  // seed 001, outbound
  'seed001/outbound-queue-number.json': {
    accepts: ['widget', 'application'],
    event: { type: 'queue_number', direction: 'outbound', userId: U, queueNumber: 1 },
  },
  'seed001/outbound-text.json': {
    accepts: ['widget', 'application'],
    event: {
      type: 'text',
      direction: 'outbound',
      userId: U,
      text: SMS,
      agent: { id: 'anan01', name: 'Anders Andersson', type: 'human', avatarId: 'avatar1', avatarUrl: 'https://some-url.png' },
    },
  },
  'seed001/outbound-text-bot.json': {
    accepts: ['widget', 'application'],
    event: { type: 'text', direction: 'outbound', userId: U, text: 'Hej!', typing: 1000, agent: BOT },
  },
  'seed001/outbound-text-image-id.json': {
    accepts: ['widget', 'application'],
    event: { type: 'text', direction: 'outbound', userId: U, text: 'Some image related text', imageId: 'some-image-id', agent: BOT },
  },
  'seed001/outbound-text-quick-replies.json': {
    accepts: ['widget', 'application'],
    event: {
      type: 'text',
      direction: 'outbound',
      userId: U,
      text: 'Some image related text',
      imageId: 'some-image-id',
      quickReplies: [{ type: 'postback', text: 'Alternativ 1', payload: 'postback-alternative-1' }],
      agent: BOT,
    },
  },
  'seed001/outbound-info.json': {
    accepts: ['widget', 'application'],
    event: { type: 'info', direction: 'outbound', userId: U, text: QUEUED },
  },
  'seed001/outbound-typing-on.json': {
    accepts: ['widget', 'application'],
    event: { type: 'typing_on', direction: 'outbound', userId: U },
  },
  'seed001/outbound-typing-off.json': {
    accepts: ['widget', 'application'],
    event: { type: 'typing_off', direction: 'outbound', userId: U },
  },
  'seed001/outbound-platform-closed.json': {
    accepts: ['widget', 'application'],
    event: { type: 'platform_closed', direction: 'outbound', userId: U },
  },
  'seed001/outbound-end-session.json': {
    accepts: ['widget', 'application'],
    event: { type: 'end_session', direction: 'outbound', userId: U, reasonText: 'Agenten har lämnat chatten' },
  },
  // seed 001, internal (applications only)
  'seed001/internal-handover-to-agent.json': {
    accepts: ['application'],
    event: { type: 'handover_to_agent', direction: 'internal', userId: U },
  },
  'seed001/internal-handover-to-queue.json': {
    accepts: ['application'],
    event: { type: 'handover_to_queue', direction: 'internal', userId: U, queueId: 'other_queue' },
  },
  'seed001/internal-claim-session.json': {
    accepts: ['application'],
    event: { type: 'claim_session', direction: 'internal', userId: U, agentId: 'some-agent' },
  },
  'seed001/internal-customer-identified.json': {
    accepts: ['application'],
    event: { type: 'customer_identified', direction: 'internal', userId: U, brandId: 'comhem', customerId: '1234567' },
  },
  'seed001/internal-agent-done.json': {
    accepts: ['application'],
    event: { type: 'agent_done', direction: 'internal', userId: U },
  },
  'seed001/internal-application-heartbeat.json': {
    accepts: ['application'],
    event: { type: 'application_heartbeat', direction: 'internal', available: true },
  },
};

/** Hostile and malformed frames: the reason each parser must give. */
const HOSTILE_CASES: Record<string, Record<ParserName, RegExp>> = {
  'not-json.txt': { widget: /^not JSON$/, customer: /^not JSON$/, application: /^not JSON$/ },
  'truncated.txt': { widget: /^not JSON$/, customer: /^not JSON$/, application: /^not JSON$/ },
  'empty.txt': { widget: /^not JSON$/, customer: /^not JSON$/, application: /^not JSON$/ },
  'array.json': { widget: /\(array\)/, customer: /\(array\)/, application: /\(array\)/ },
  'number.json': { widget: /\(number\)/, customer: /\(number\)/, application: /\(number\)/ },
  'null.json': { widget: /\(null\)/, customer: /\(null\)/, application: /\(null\)/ },
  'string.json': { widget: /\(string\)/, customer: /\(string\)/, application: /\(string\)/ },
  'boolean.json': { widget: /\(boolean\)/, customer: /\(boolean\)/, application: /\(boolean\)/ },
  'missing-type.json': { widget: /^type: .*got missing/, customer: /^type: .*got missing/, application: /^type: .*got missing/ },
  'type-number.json': { widget: /^type: .*got number/, customer: /^type: .*got number/, application: /^type: .*got number/ },
  'type-empty.json': { widget: /^type: empty/, customer: /^type: empty/, application: /^type: empty/ },
  'direction-number.json': { widget: /^direction: .*got number/, customer: /^direction: .*got number/, application: /^direction: .*got number/ },
  'direction-unknown.json': { widget: /"sideways"/, customer: /"sideways"/, application: /"sideways"/ },
  'no-direction-no-platform.json': {
    widget: /neither direction .* nor platform/,
    customer: /neither direction .* nor platform/,
    application: /^direction: .*got missing/,
  },
  'user-id-missing.json': {
    widget: /^outbound text: userId: .*got missing/,
    customer: /^direction: expected "inbound", got "outbound"/,
    application: /^outbound text: userId: .*got missing/,
  },
  'user-id-object.json': {
    widget: /^direction: expected "outbound", got "inbound"/,
    customer: /^inbound text: userId: .*got object/,
    application: /^inbound text: userId: .*got object/,
  },
  'legacy-user-missing.json': {
    widget: /^outbound text: userId: .*got missing/,
    customer: /^inbound text: userId: .*got missing/,
    application: /^format 1 .* not accepted from applications/,
  },
  // Prototype keys are deleted while parsing, so fields hidden behind them are simply missing.
  'proto-carries-event.json': { widget: /^type: .*got missing/, customer: /^type: .*got missing/, application: /^type: .*got missing/ },
  'constructor-carries-text.json': {
    widget: /^outbound text: text: .*got missing/,
    customer: /^direction: expected "inbound"/,
    application: /^outbound text: text: .*got missing/,
  },
  'proto-carries-user-id.json': {
    widget: /^direction: expected "outbound"/,
    customer: /^inbound text: userId: .*got missing/,
    application: /^inbound text: userId: .*got missing/,
  },
};

describe('seed examples', () => {
  it('has an expectation for every seed fixture file', () => {
    const files = [...fixtureNames('seed000').map((f) => `seed000/${f}`), ...fixtureNames('seed001').map((f) => `seed001/${f}`)];
    expect(files).toEqual(Object.keys(SEED_CASES).sort());
  });

  for (const [file, { accepts, event }] of Object.entries(SEED_CASES)) {
    for (const name of ALL) {
      if (accepts.includes(name)) {
        it(`${name} parses ${file} to the exact event`, () => {
          expect(PARSERS[name](fixture(file))).toEqual({ ok: true, event });
        });
      } else {
        it(`${name} refuses ${file}`, () => {
          const result = PARSERS[name](fixture(file));
          expect(result.ok).toBe(false);
          expect(result.ok ? '' : result.reason).not.toBe('');
        });
      }
    }
  }
});

describe('hostile frames', () => {
  it('has an expectation for every hostile fixture file', () => {
    expect(fixtureNames('hostile')).toEqual(Object.keys(HOSTILE_CASES).sort());
  });

  for (const [file, reasons] of Object.entries(HOSTILE_CASES)) {
    for (const name of ALL) {
      it(`${name} refuses ${file} with a reason`, () => {
        const result = PARSERS[name](fixture(`hostile/${file}`));
        expect(result).toEqual({ ok: false, reason: expect.stringMatching(reasons[name]) });
      });
    }
  }

  const generated: Record<string, [frame: string, reason: RegExp]> = {
    'a frame over 64 KiB': [JSON.stringify({ type: 'text', direction: 'outbound', userId: U, text: 'x'.repeat(MAX_FRAME_BYTES) }), /larger than 65536 bytes/],
    'a frame over 64 KiB in UTF-8 only': [
      JSON.stringify({ type: 'text', direction: 'outbound', userId: U, text: 'ä'.repeat(MAX_FRAME_BYTES / 2 + 10) }),
      /larger than 65536 bytes/,
    ],
    'a frame over 64 KiB of emoji': [JSON.stringify({ type: 'info', text: '😀'.repeat(MAX_FRAME_BYTES / 4 + 10) }), /larger than 65536 bytes/],
    'deeply nested arrays': ['['.repeat(20_000) + ']'.repeat(20_000), /nested deeper than 64 levels/],
    'deeply nested objects': [
      `{"type":"x","direction":"outbound","a":${'{"a":'.repeat(MAX_JSON_DEPTH)}1${'}'.repeat(MAX_JSON_DEPTH)}}`,
      /nested deeper than 64 levels/,
    ],
    'a lone surrogate pair half': ['{"type":"text","direction":"outbound","userId":"u","text":"\ud83d"', /^not JSON$/],
  };
  for (const [label, [frame, reason]] of Object.entries(generated)) {
    for (const name of ALL) {
      it(`${name} refuses ${label}`, () => {
        expect(PARSERS[name](frame)).toEqual({ ok: false, reason: expect.stringMatching(reason) });
      });
    }
  }

  it('counts brackets inside strings as text, not nesting', () => {
    const text = '[{'.repeat(200);
    const result = parseWidgetFrame(JSON.stringify({ type: 'info', direction: 'outbound', userId: U, text }));
    expect(result).toEqual({ ok: true, event: { type: 'info', direction: 'outbound', userId: U, text } });
  });

  it('accepts a frame just under 64 KiB of multibyte text when no field cap applies', () => {
    // A seed 000 inline image may use most of a frame; ä is 2 bytes, so this is ~60 KiB in UTF-8.
    const image = `data:image/png;base64,${'A'.repeat(60_000)}`;
    const frame = JSON.stringify({ type: 'text', platform: 'webchat', user: { id: U }, text: 'ä'.repeat(1_000), raw: { data: { image } } });
    expect(parseWidgetFrame(frame)).toEqual({
      ok: true,
      event: { type: 'text', direction: 'outbound', userId: U, text: 'ä'.repeat(1_000), image },
    });
  });

  it('refuses a binary frame instead of throwing', () => {
    // What a socket with binaryType "arraybuffer" would hand over if the server sent binary.
    const binary: unknown = new ArrayBuffer(8);
    expect(parseWidgetFrame(binary as string)).toEqual({ ok: false, reason: 'not text (object)' });
  });

  it('never throws on mutated and truncated seed frames', () => {
    const values: unknown[] = [null, 0, -1, 1.5, 1e400, '', 'x'.repeat(300), [], {}, true, [null], { __proto__: 1 }];
    let calls = 0;
    for (const file of Object.keys(SEED_CASES)) {
      const text = fixture(file);
      const frame: Record<string, unknown> = JSON.parse(text);
      const frames: string[] = [];
      for (let cut = 0; cut < text.length; cut += 7) frames.push(text.slice(0, cut));
      for (const key of Object.keys(frame)) {
        for (const value of values) frames.push(JSON.stringify({ ...frame, [key]: value }));
        const nested = frame[key];
        if (typeof nested === 'object' && nested !== null && !Array.isArray(nested)) {
          for (const inner of Object.keys(nested)) {
            for (const value of values) frames.push(JSON.stringify({ ...frame, [key]: { ...nested, [inner]: value } }));
          }
        }
      }
      for (const candidate of frames) {
        for (const name of ALL) {
          const result = PARSERS[name](candidate);
          expect(typeof result.ok).toBe('boolean');
          calls++;
        }
      }
    }
    expect(calls).toBeGreaterThan(5_000);
  });
});

describe('caps', () => {
  it('drops an outbound text longer than MAX_AGENT_TEXT', () => {
    const frame = JSON.stringify({ type: 'text', direction: 'outbound', userId: U, text: 'x'.repeat(MAX_AGENT_TEXT + 1) });
    expect(parseWidgetFrame(frame)).toEqual({ ok: false, reason: `outbound text: text: longer than ${MAX_AGENT_TEXT} characters` });
  });

  it('keeps an outbound text of exactly MAX_AGENT_TEXT', () => {
    const frame = JSON.stringify({ type: 'text', direction: 'outbound', userId: U, text: 'x'.repeat(MAX_AGENT_TEXT) });
    expect(parseWidgetFrame(frame).ok).toBe(true);
  });

  it('drops a customer text longer than MAX_CUSTOMER_TEXT (DESIGN §4: 5,000 characters)', () => {
    const frame = JSON.stringify({ type: 'text', direction: 'inbound', userId: U, text: 'x'.repeat(MAX_CUSTOMER_TEXT + 1) });
    expect(parseCustomerFrame(frame)).toEqual({ ok: false, reason: `inbound text: text: longer than ${MAX_CUSTOMER_TEXT} characters` });
  });

  it('treats an optional field over its cap as absent', () => {
    const frame = JSON.stringify({ type: 'text', direction: 'outbound', userId: U, text: 'hi', agent: { id: 'a1', name: 'n'.repeat(300) } });
    expect(parseWidgetFrame(frame)).toEqual({ ok: true, event: { type: 'text', direction: 'outbound', userId: U, text: 'hi', agent: { id: 'a1' } } });
  });

  it('keeps at most MAX_QUICK_REPLIES quick replies', () => {
    const quickReplies = Array.from({ length: 30 }, (_, i) => ({ type: 'postback', text: `R${i}`, payload: `p${i}` }));
    const result = parseWidgetFrame(JSON.stringify({ type: 'text', direction: 'outbound', userId: U, text: 'pick', quickReplies }));
    expect(result.ok && result.event.type === 'text' && result.event.quickReplies?.length).toBe(20);
  });
});

describe('optional fields of the wrong type are absent (DESIGN §4)', () => {
  const base = { type: 'text', direction: 'outbound', userId: U, text: 'hi' } as const;
  const cases: Record<string, Record<string, unknown>> = {
    'agent as a string': { agent: 'bot' },
    'typing as a string': { typing: '1000' },
    'typing negative': { typing: -5 },
    'imageId as a number': { imageId: 5 },
    'quickReplies as an object': { quickReplies: { type: 'postback', text: 'A', payload: 'a' } },
    'quickReplies without a valid entry': { quickReplies: [null, 3, { type: 'url', text: 'A', payload: 'a' }, { type: 'postback', text: 'B' }] },
    'id as a string (the broker numbers outbound events)': { id: 'abc' },
    'id negative': { id: -1 },
    'id fractional': { id: 1.5 },
    'image in format 2 (seed 000 only)': { image: IMG },
  };
  for (const [label, extra] of Object.entries(cases)) {
    it(`drops ${label}`, () => {
      expect(parseWidgetFrame(JSON.stringify({ ...base, ...extra }))).toEqual({ ok: true, event: base });
    });
  }

  it('drops wrong-typed agent fields but keeps the agent', () => {
    const frame = JSON.stringify({ ...base, agent: { id: 7, name: 'Ann', type: null, avatarUrl: ['x'] } });
    expect(parseWidgetFrame(frame)).toEqual({ ok: true, event: { ...base, agent: { name: 'Ann' } } });
  });

  it('keeps only valid quick replies', () => {
    const frame = JSON.stringify({ ...base, quickReplies: [{ type: 'postback', text: 'A', payload: 'a', extra: 1 }, { type: 'postback', text: 2, payload: 'b' }] });
    expect(parseWidgetFrame(frame)).toEqual({ ok: true, event: { ...base, quickReplies: [{ type: 'postback', text: 'A', payload: 'a' }] } });
  });

  it('drops a negative estimatedWaitSeconds', () => {
    const frame = JSON.stringify({ type: 'queue_number', direction: 'outbound', userId: U, queueNumber: 3, estimatedWaitSeconds: -1 });
    expect(parseWidgetFrame(frame)).toEqual({ ok: true, event: { type: 'queue_number', direction: 'outbound', userId: U, queueNumber: 3 } });
  });

  it('drops a fractional lastEventId and a numeric inbound id', () => {
    const frame = JSON.stringify({ type: 'heartbeat', direction: 'inbound', userId: U, lastEventId: 1.5, id: 7 });
    expect(parseCustomerFrame(frame)).toEqual({ ok: true, event: { type: 'heartbeat', direction: 'inbound', userId: U } });
  });

  it('drops a seed 000 inline image that is not png, jpeg, gif or webp base64', () => {
    const frame = JSON.stringify({
      type: 'text',
      platform: 'webchat',
      user: { id: U },
      raw: { message: 'x', data: { image: 'data:image/svg+xml;base64,PHN2Zz4=' } },
    });
    expect(parseWidgetFrame(frame)).toEqual({ ok: true, event: { type: 'text', direction: 'outbound', userId: U, text: 'x' } });
  });

  it('drops unknown fields', () => {
    const frame = JSON.stringify({ ...base, extra: 1, raw: { a: 1 }, platform: 'webchat', user: { id: 'other' } });
    expect(parseWidgetFrame(frame)).toEqual({ ok: true, event: base });
  });
});

describe('required fields of the wrong type drop the event', () => {
  const cases: Record<string, [ParserName, Record<string, unknown>, string]> = {
    'text as a number': ['widget', { type: 'text', direction: 'outbound', userId: U, text: 5 }, 'outbound text: text: expected a string, got number'],
    'queueNumber as a string in format 2': [
      'widget',
      { type: 'queue_number', direction: 'outbound', userId: U, queueNumber: '1' },
      'outbound queue_number: queueNumber: expected an integer, got string',
    ],
    'a seed 000 queue number that is not a number': [
      'widget',
      { type: 'queue_number', platform: 'webchat', user: { id: U }, text: 'first', raw: {} },
      'outbound queue_number: queueNumber: expected an integer, got string',
    ],
    'info without text': ['widget', { type: 'info', direction: 'outbound', userId: U }, 'outbound info: text: expected a string, got missing'],
    'typing_on without at': [
      'customer',
      { type: 'typing_on', direction: 'inbound', userId: U, text: 'Hej' },
      'inbound typing_on: at: expected a string, got missing',
    ],
    'client_left without text': [
      'customer',
      { type: 'client_left', direction: 'inbound', userId: U, at: '2020-02-18T12:12:33.766Z' },
      'inbound client_left: text: expected a string, got missing',
    ],
    'available as a string': [
      'application',
      { type: 'application_heartbeat', direction: 'internal', available: 'yes' },
      'internal application_heartbeat: available: expected a boolean, got string',
    ],
    'an empty userId': ['customer', { type: 'heartbeat', direction: 'inbound', userId: '' }, 'inbound heartbeat: userId: empty'],
  };
  for (const [label, [name, frame, reason]] of Object.entries(cases)) {
    it(`${name}: ${label}`, () => {
      expect(PARSERS[name](JSON.stringify(frame))).toEqual({ ok: false, reason });
    });
  }
});

describe('prototype pollution', () => {
  it('never touches Object.prototype and drops the keys', () => {
    const frame = '{"type":"text","direction":"outbound","userId":"u","text":"x","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}';
    for (const name of ['widget', 'application'] as const) {
      const result = PARSERS[name](frame);
      expect(result).toEqual({ ok: true, event: { type: 'text', direction: 'outbound', userId: 'u', text: 'x' } });
      expect(result.ok && Object.getPrototypeOf(result.event)).toBe(Object.prototype);
    }
    expect(Reflect.get({}, 'polluted')).toBeUndefined();
  });

  it('builds start params on a null prototype, string values only', () => {
    const frame =
      '{"type":"start","direction":"inbound","userId":"u","params":{"__proto__":"x","constructor":"y","prototype":"z","queue":"billing","n":3,"o":{},"":"empty"}}';
    const result = parseCustomerFrame(frame);
    expect(result).toEqual({ ok: true, event: { type: 'start', direction: 'inbound', userId: 'u', params: { queue: 'billing' } } });
    expect(result.ok && result.event.type === 'start' && Object.getPrototypeOf(result.event.params)).toBe(null);
  });

  it('caps start params in count and length', () => {
    const params: Record<string, string> = {};
    for (let i = 0; i < 60; i++) params[`k${i}`] = 'v';
    params.long = 'v'.repeat(1_001);
    params['k'.repeat(101)] = 'v';
    const result = parseCustomerFrame(JSON.stringify({ type: 'start', direction: 'inbound', userId: 'u', params }));
    const kept = result.ok && result.event.type === 'start' ? Object.keys(result.event.params) : [];
    expect(kept).toHaveLength(MAX_START_PARAMS);
    expect(kept).not.toContain('long');
  });

  it('treats missing or non-object start params as none', () => {
    for (const params of [undefined, 'a=1', ['a']]) {
      const result = parseCustomerFrame(JSON.stringify({ type: 'start', direction: 'inbound', userId: 'u', params }));
      expect(result).toEqual({ ok: true, event: { type: 'start', direction: 'inbound', userId: 'u', params: {} } });
    }
  });

  it('copies an unknown event onto a null-prototype body without prototype keys at any depth', () => {
    const frame = '{"type":"survey","direction":"outbound","userId":"u","__proto__":{"a":1},"form":{"constructor":{"b":2},"title":"T"}}';
    const result = parseApplicationFrame(frame);
    expect(result).toEqual({
      ok: true,
      event: { type: 'survey', direction: 'outbound', userId: 'u', unknown: true, body: { type: 'survey', direction: 'outbound', userId: 'u', form: { title: 'T' } } },
    });
    expect(result.ok && 'unknown' in result.event && Object.getPrototypeOf(result.event.body)).toBe(null);
  });
});

describe('parseWidgetFrame', () => {
  it('reads the reference broker ack frame', () => {
    expect(parseWidgetFrame('{"type":"ack","id":"6f1c"}')).toEqual({ ok: true, event: { type: 'ack', id: '6f1c' } });
    expect(parseWidgetFrame('{"type":"ack","id":5}')).toEqual({ ok: false, reason: 'ack: id: expected a string, got number' });
  });

  it('refuses an error frame, which only applications are sent (DESIGN §6), like any frame that is no event', () => {
    expect(parseWidgetFrame('{"type":"error","reason":"rate limited"}')).toEqual({
      ok: false,
      reason: 'neither direction (format 2) nor platform (format 1): not a Sermo event',
    });
  });

  it('keeps the integer id the reference broker numbers outbound events with (DESIGN §4.3)', () => {
    expect(parseWidgetFrame(JSON.stringify({ type: 'typing_on', direction: 'outbound', userId: U, id: 42 }))).toEqual({
      ok: true,
      event: { type: 'typing_on', direction: 'outbound', userId: U, id: 42 },
    });
  });

  it('keeps the top-level id of a format 1 frame', () => {
    const frame = JSON.stringify({ type: 'queue_number', platform: 'webchat', user: { id: U }, text: '3', raw: {}, id: 7 });
    expect(parseWidgetFrame(frame)).toEqual({ ok: true, event: { type: 'queue_number', direction: 'outbound', userId: U, queueNumber: 3, id: 7 } });
  });

  it('refuses inbound and internal events', () => {
    expect(parseWidgetFrame(fixture('seed001/inbound-text.json'))).toEqual({ ok: false, reason: 'direction: expected "outbound", got "inbound"' });
    expect(parseWidgetFrame(fixture('seed001/internal-agent-done.json'))).toEqual({ ok: false, reason: 'direction: expected "outbound", got "internal"' });
  });

  it('refuses a seed 000 customer frame by its shape (format 1 has no direction)', () => {
    expect(parseWidgetFrame(fixture('seed000/inbound-text.json'))).toEqual({
      ok: false,
      reason: 'direction: expected "outbound", got a format 1 inbound frame (raw.platformId)',
    });
    expect(parseCustomerFrame(fixture('seed000/outbound-text-bot.json'))).toEqual({
      ok: false,
      reason: 'direction: expected "inbound", got a format 1 outbound frame (raw.message)',
    });
  });

  it('refuses an unknown outbound type, which the widget ignores', () => {
    expect(parseWidgetFrame(JSON.stringify({ type: 'survey', direction: 'outbound', userId: U }))).toEqual({ ok: false, reason: 'unknown outbound type "survey"' });
    expect(parseWidgetFrame(fixture('seed000/inbound-heartbeat.json'))).toEqual({ ok: false, reason: 'unknown outbound type "heartbeat"' });
  });

  it('reads seed 000 end_session, info and quick replies in raw', () => {
    const legacy = (type: string, raw: Record<string, unknown>, text?: string) =>
      parseWidgetFrame(JSON.stringify({ type, platform: 'webchat', user: { id: U }, text, raw }));
    expect(legacy('end_session', { message: 'Bye' })).toEqual({ ok: true, event: { type: 'end_session', direction: 'outbound', userId: U, reasonText: 'Bye' } });
    expect(legacy('info', {}, 'Queued')).toEqual({ ok: true, event: { type: 'info', direction: 'outbound', userId: U, text: 'Queued' } });
    expect(legacy('text', { message: 'Pick', imageId: 'img1', quickReplies: [{ type: 'postback', text: 'A', payload: 'a' }] })).toEqual({
      ok: true,
      event: { type: 'text', direction: 'outbound', userId: U, text: 'Pick', imageId: 'img1', quickReplies: [{ type: 'postback', text: 'A', payload: 'a' }] },
    });
  });
});

describe('parseCustomerFrame', () => {
  it('reads lastEventId at the top level in format 2', () => {
    expect(parseCustomerFrame(JSON.stringify({ type: 'heartbeat', direction: 'inbound', userId: U, lastEventId: 12, id: 'a' }))).toEqual({
      ok: true,
      event: { type: 'heartbeat', direction: 'inbound', userId: U, lastEventId: 12, id: 'a' },
    });
  });

  it('reads lastEventId in raw, or at the top level, in format 1', () => {
    const inRaw = { type: 'heartbeat', platform: 'webchat', text: 'beat', user: { id: U }, raw: { lastEventId: 12 }, id: 'a' };
    const topLevel = { type: 'heartbeat', platform: 'webchat', text: 'beat', user: { id: U }, raw: {}, lastEventId: 12, id: 'a' };
    for (const frame of [inRaw, topLevel]) {
      expect(parseCustomerFrame(JSON.stringify(frame))).toEqual({
        ok: true,
        event: { type: 'heartbeat', direction: 'inbound', userId: U, lastEventId: 12, id: 'a' },
      });
    }
  });

  it('reads every DESIGN §4 protocol=1 field from raw', () => {
    const frame = {
      type: 'text',
      platform: 'webchat',
      text: 'Selection 1',
      user: { id: U },
      raw: { text: 'Selection 1', type: 'text', platformId: 'webchat', quickReplyPayload: 'p1', imageId: 'img1' },
      id: 'uuid-1',
    };
    expect(parseCustomerFrame(JSON.stringify(frame))).toEqual({
      ok: true,
      event: { type: 'text', direction: 'inbound', userId: U, text: 'Selection 1', quickReplyPayload: 'p1', imageId: 'img1', id: 'uuid-1' },
    });
    const start = { type: 'start', platform: 'webchat', text: '', user: { id: U }, raw: { params: { queue: 'billing' } } };
    expect(parseCustomerFrame(JSON.stringify(start))).toEqual({ ok: true, event: { type: 'start', direction: 'inbound', userId: U, params: { queue: 'billing' } } });
  });

  it('refuses outbound events and unknown inbound types', () => {
    expect(parseCustomerFrame(fixture('seed001/outbound-info.json'))).toEqual({ ok: false, reason: 'direction: expected "inbound", got "outbound"' });
    expect(parseCustomerFrame(JSON.stringify({ type: 'survey', direction: 'inbound', userId: U }))).toEqual({ ok: false, reason: 'unknown inbound type "survey"' });
  });

  it('never yields anything but messages_read text "read"', () => {
    const frame = JSON.stringify({ type: 'messages_read', direction: 'inbound', userId: U, text: 'something else', at: 'x' });
    expect(parseCustomerFrame(frame)).toEqual({ ok: true, event: { type: 'messages_read', direction: 'inbound', userId: U, text: 'read', at: 'x' } });
  });
});

describe('parseApplicationFrame', () => {
  it('returns a string id as ackId (DESIGN §4.3)', () => {
    const frame = JSON.stringify({ type: 'text', direction: 'outbound', userId: U, text: 'Hej!', id: '1b0c8f5e' });
    expect(parseApplicationFrame(frame)).toEqual({
      ok: true,
      event: { type: 'text', direction: 'outbound', userId: U, text: 'Hej!' },
      ackId: '1b0c8f5e',
    });
  });

  it('keeps an inbound string id on the event and as ackId', () => {
    const frame = JSON.stringify({ type: 'text', direction: 'inbound', userId: U, text: 'From SMS', id: 'sms-1' });
    expect(parseApplicationFrame(frame)).toEqual({
      ok: true,
      event: { type: 'text', direction: 'inbound', userId: U, text: 'From SMS', id: 'sms-1' },
      ackId: 'sms-1',
    });
  });

  it('has no ackId for an integer id or no id', () => {
    const result = parseApplicationFrame(JSON.stringify({ type: 'info', direction: 'outbound', userId: U, text: 'x', id: 3 }));
    expect(result).toEqual({ ok: true, event: { type: 'info', direction: 'outbound', userId: U, text: 'x', id: 3 } });
  });

  it('wraps an unknown type with a valid direction as an UnknownEvent', () => {
    const frame = JSON.stringify({ type: 'wrap_up', direction: 'internal', userId: U, code: 7, id: 'w1' });
    expect(parseApplicationFrame(frame)).toEqual({
      ok: true,
      event: {
        type: 'wrap_up',
        direction: 'internal',
        userId: U,
        id: 'w1',
        unknown: true,
        body: { type: 'wrap_up', direction: 'internal', userId: U, code: 7, id: 'w1' },
      },
      ackId: 'w1',
    });
  });

  it('refuses a known type that is malformed instead of passing it on as unknown', () => {
    expect(parseApplicationFrame(JSON.stringify({ type: 'queue_number', direction: 'outbound', userId: U }))).toEqual({
      ok: false,
      reason: 'outbound queue_number: queueNumber: expected an integer, got missing',
    });
  });

  it('refuses a frame without a valid direction (DESIGN §6)', () => {
    expect(parseApplicationFrame(JSON.stringify({ type: 'text', userId: U, text: 'x' }))).toEqual({
      ok: false,
      reason: 'direction: expected "inbound", "outbound" or "internal", got missing',
    });
  });

  it('reads ack and error frames without an ackId', () => {
    expect(parseApplicationFrame('{"type":"ack","id":"a1"}')).toEqual({ ok: true, event: { type: 'ack', id: 'a1' } });
    expect(parseApplicationFrame('{"type":"error","reason":"no"}')).toEqual({ ok: true, event: { type: 'error', reason: 'no' } });
  });

  it('reads the optional application_heartbeat name', () => {
    const frame = JSON.stringify({ type: 'application_heartbeat', direction: 'internal', available: false, name: 'demo-bot' });
    expect(parseApplicationFrame(frame)).toEqual({
      ok: true,
      event: { type: 'application_heartbeat', direction: 'internal', available: false, name: 'demo-bot' },
    });
  });
});

describe('parseJsonObject', () => {
  it('reads a JSON object with prototype keys deleted', () => {
    const result = parseJsonObject('{"image":"aGk=","__proto__":{"x":1},"n":{"constructor":2}}', 1_000);
    expect(result).toEqual({ ok: true, value: { image: 'aGk=', n: {} } });
  });

  it('refuses what is not a JSON object, too large or too deep, without throwing', () => {
    expect(parseJsonObject('[]', 1_000)).toEqual({ ok: false, reason: 'not a JSON object (array)' });
    expect(parseJsonObject('{', 1_000)).toEqual({ ok: false, reason: 'not JSON' });
    expect(parseJsonObject(`{"a":"${'x'.repeat(1_000)}"}`, 1_000)).toEqual({ ok: false, reason: 'larger than 1000 bytes' });
    expect(parseJsonObject('['.repeat(100), 1_000)).toEqual({ ok: false, reason: `nested deeper than ${MAX_JSON_DEPTH} levels` });
    expect(parseJsonObject(null, 1_000)).toEqual({ ok: false, reason: 'not text (null)' });
  });
});

describe('parseStoredInbound', () => {
  const U = 'u-1';
  it('reads back a stored start and text with their ids', () => {
    const start = JSON.stringify({ type: 'start', direction: 'inbound', userId: U, params: { queue: 'billing' }, id: 's' });
    const text = JSON.stringify({ type: 'text', direction: 'inbound', userId: U, text: 'hi', quickReplyPayload: 'p', id: 't' });
    expect(parseStoredInbound(start)).toEqual({ ok: true, event: { type: 'start', direction: 'inbound', userId: U, params: { queue: 'billing' }, id: 's' } });
    expect(parseStoredInbound(text)).toEqual({ ok: true, event: { type: 'text', direction: 'inbound', userId: U, text: 'hi', quickReplyPayload: 'p', id: 't' } });
  });

  it('refuses what the widget never stores: other types, no id, format 1, outbound', () => {
    const refused = [
      { type: 'heartbeat', direction: 'inbound', userId: U, id: 'h' },
      { type: 'text', direction: 'inbound', userId: U, text: 'no id' },
      { type: 'text', platform: 'webchat', text: 'legacy', user: { id: U }, raw: {}, id: 'l' },
      { type: 'text', direction: 'outbound', userId: U, text: 'agent', id: 'o' },
      { type: 'text', direction: 'inbound', userId: U, text: 5, id: 'n' },
    ];
    for (const frame of refused) expect(parseStoredInbound(JSON.stringify(frame)).ok).toBe(false);
    expect(parseStoredInbound('not json')).toEqual({ ok: false, reason: 'not JSON' });
  });
});
