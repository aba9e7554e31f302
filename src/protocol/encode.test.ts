import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { InboundEvent, InfoOutbound, InternalEvent, OutboundEvent, TextOutbound, WireFormat } from './events.ts';
import { encodeFrame, encodeInbound } from './encode.ts';
import { parseApplicationFrame, parseCustomerFrame, parseWidgetFrame } from './parse.ts';
import { refusalText } from './reason.ts';
// DESIGN §4.4: every type, a type only a newer widget knows, fields nobody knows, a URL a widget refuses,
// an entry that is no object: a list the broker and the encoder pass on as it is.
import ATTACHMENTS from './fixtures/attachments-routed.json' with { type: 'json' };

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const fixtureJson = (path: string): unknown => JSON.parse(readFileSync(join(FIXTURES, path), 'utf8'));
const fixtureNames = (folder: string, prefix: string) =>
  readdirSync(join(FIXTURES, folder))
    .filter((name) => name.startsWith(prefix))
    .map((name) => `${folder}/${name}`);

const U = '8a8b5c18-c0dd-467b-bd77-7e7685fadf6d';
const AT = '2020-02-18T12:14:11.386Z';
const IMG = 'data:image/jpeg;base64,/9j/4AAQSkZJRgAB+UinhpBuBqJlnCSSdoePgIDo//2Q==';
const inbound = { direction: 'inbound', userId: U } as const;
const outbound = { direction: 'outbound', userId: U } as const;

/** Every inbound type, with and without its optional fields. */
const INBOUND_SAMPLES: InboundEvent[] = [
  { type: 'start', ...inbound, params: { queue: 'billing', ref: 'mail' }, id: 'e1' },
  { type: 'start', ...inbound, params: {} },
  { type: 'text', ...inbound, text: 'Hej', id: 'e2' },
  { type: 'text', ...inbound, text: 'Selection 1', quickReplyPayload: 'postback-alternative-1', imageId: 'img1', id: 'e3' },
  { type: 'text', ...inbound, text: '', imageId: 'img1', id: 'e3b' },
  { type: 'typing_on', ...inbound, text: 'Hej, ja', at: AT, id: 'e4' },
  { type: 'heartbeat', ...inbound, id: 'e5' },
  { type: 'heartbeat', ...inbound, lastEventId: 12, id: 'e6' },
  { type: 'heartbeat', ...inbound, lastEventId: 0 },
  { type: 'messages_read', ...inbound, text: 'read', at: AT, id: 'e7' },
  { type: 'client_left', ...inbound, text: 'The customer has closed the chat.', at: AT, id: 'e8' },
  { type: 'client_unload', ...inbound, at: AT, id: 'e9' },
  { type: 'rating', ...inbound, score: 4, comment: 'Quick and kind, thanks!', at: AT, id: 'e10' },
  { type: 'rating', ...inbound, score: 1, at: AT, id: 'e11' },
];

const OUTBOUND_SAMPLES: OutboundEvent[] = [
  {
    type: 'text',
    ...outbound,
    text: 'Hej!',
    agent: { id: 'bot', name: 'Bot', type: 'bot', avatarId: 'avatar1', avatarUrl: 'https://example.com/a.png' },
    typing: 1000,
    imageId: 'img1',
    quickReplies: [{ type: 'postback', text: 'Alternativ 1', payload: 'postback-alternative-1' }],
    id: 1,
  },
  { type: 'text', ...outbound, text: 'Plain' },
  { type: 'info', ...outbound, text: 'Queued', id: 2 },
  { type: 'queue_number', ...outbound, queueNumber: 3, estimatedWaitSeconds: 120, id: 3 },
  { type: 'queue_number', ...outbound, queueNumber: 0 },
  { type: 'typing_on', ...outbound, agent: { name: 'Anna' }, id: 4 },
  { type: 'typing_off', ...outbound },
  { type: 'platform_closed', ...outbound, text: 'Closed until 8:00' },
  { type: 'platform_closed', ...outbound },
  { type: 'end_session', ...outbound, reasonText: 'Agenten har lämnat chatten', id: 5 },
  { type: 'agent_done', ...outbound, text: 'The agent has left.', agent: { id: 'system', name: 'Info' } },
  { type: 'text', ...outbound, text: '**Your** invoice', format: 'markdown', attachments: ATTACHMENTS, id: 6 },
];

const INTERNAL_SAMPLES: InternalEvent[] = [
  { type: 'handover_to_agent', direction: 'internal', userId: U, agentId: 'a1' },
  { type: 'handover_to_queue', direction: 'internal', userId: U, queueId: 'billing' },
  { type: 'claim_session', direction: 'internal', userId: U },
  { type: 'customer_identified', direction: 'internal', userId: U, brandId: 'comhem', customerId: '1234567' },
  { type: 'agent_done', direction: 'internal', userId: U },
  { type: 'application_heartbeat', direction: 'internal', available: false, name: 'demo-bot' },
];

describe('encodeInbound', () => {
  for (const format of [1, 2] satisfies WireFormat[]) {
    for (const event of INBOUND_SAMPLES) {
      it(`round-trips ${event.type} ${event.id ?? '(no id)'} through format ${format}`, () => {
        expect(parseCustomerFrame(encodeInbound(event, format))).toEqual({ ok: true, event });
      });
    }
  }

  it('carries a seed 000 inline image in format 1 only (raw.data.image)', () => {
    const event: InboundEvent = { type: 'text', ...inbound, text: 'Bifogad bild:', image: IMG, id: 'i1' };
    expect(parseCustomerFrame(encodeInbound(event, 1))).toEqual({ ok: true, event });
    const { image: _dropped, ...withoutImage } = event;
    expect(parseCustomerFrame(encodeInbound(event, 2))).toEqual({ ok: true, event: withoutImage });
  });

  it('writes format 2 in seed 001 order with id last', () => {
    expect(encodeInbound({ type: 'text', ...inbound, text: 'Hej', quickReplyPayload: 'p', id: 'e2' }, 2)).toBe(
      `{"type":"text","direction":"inbound","userId":"${U}","text":"Hej","quickReplyPayload":"p","id":"e2"}`,
    );
    expect(encodeInbound({ type: 'heartbeat', ...inbound, lastEventId: 7, id: 'h' }, 2)).toBe(
      `{"type":"heartbeat","direction":"inbound","userId":"${U}","lastEventId":7,"id":"h"}`,
    );
  });

  // DESIGN §4 `rating` (extension): score, the optional comment, at.
  it('writes a rating in format 2 with its score, comment and time', () => {
    expect(encodeInbound({ type: 'rating', ...inbound, score: 5, comment: 'Tack!', at: AT, id: 'r' }, 2)).toBe(
      `{"type":"rating","direction":"inbound","userId":"${U}","score":5,"comment":"Tack!","at":"${AT}","id":"r"}`,
    );
    expect(encodeInbound({ type: 'rating', ...inbound, score: 2, at: AT, id: 'r' }, 2)).toBe(
      `{"type":"rating","direction":"inbound","userId":"${U}","score":2,"at":"${AT}","id":"r"}`,
    );
  });

  // DESIGN §4 "With protocol=1", field for field.
  const FORMAT_1: [InboundEvent, string][] = [
    [
      { type: 'start', ...inbound, params: { queue: 'billing' }, id: 's' },
      `{"type":"start","platform":"webchat","text":"","user":{"id":"${U}"},"raw":{"params":{"queue":"billing"}},"id":"s"}`,
    ],
    [
      { type: 'text', ...inbound, text: 'Hej', quickReplyPayload: 'p', imageId: 'img', id: 't' },
      `{"type":"text","platform":"webchat","text":"Hej","user":{"id":"${U}"},"raw":{"text":"Hej","type":"text","platformId":"webchat","quickReplyPayload":"p","imageId":"img"},"id":"t"}`,
    ],
    [
      { type: 'typing_on', ...inbound, text: 'He', at: AT },
      `{"type":"typing_on","platform":"webchat","text":"He","user":{"id":"${U}"},"raw":{"to":"${U}","at":"${AT}"}}`,
    ],
    [
      { type: 'heartbeat', ...inbound, id: 'h' },
      `{"type":"heartbeat","platform":"webchat","text":"beat","user":{"id":"${U}"},"raw":{},"id":"h"}`,
    ],
    [
      { type: 'heartbeat', ...inbound, lastEventId: 9, id: 'h' },
      `{"type":"heartbeat","platform":"webchat","text":"beat","user":{"id":"${U}"},"raw":{"lastEventId":9},"id":"h"}`,
    ],
    [
      { type: 'messages_read', ...inbound, text: 'read', at: AT },
      `{"type":"messages_read","platform":"webchat","text":"read","user":{"id":"${U}"},"raw":{"to":"${U}","at":"${AT}"}}`,
    ],
    [
      { type: 'client_left', ...inbound, text: 'Kunden har stängt chatten.', at: AT },
      `{"type":"client_left","platform":"webchat","text":"Kunden har stängt chatten.","user":{"id":"${U}"},"raw":{"to":"${U}","at":"${AT}"}}`,
    ],
    [
      { type: 'rating', ...inbound, score: 4, comment: 'Snabbt och vänligt', at: AT, id: 'r' },
      `{"type":"rating","platform":"webchat","text":"Snabbt och vänligt","user":{"id":"${U}"},"raw":{"score":4,"to":"${U}","at":"${AT}"},"id":"r"}`,
    ],
    [
      { type: 'rating', ...inbound, score: 3, at: AT },
      `{"type":"rating","platform":"webchat","text":"","user":{"id":"${U}"},"raw":{"score":3,"to":"${U}","at":"${AT}"}}`,
    ],
    [
      { type: 'client_unload', ...inbound, at: AT },
      `{"type":"client_unload","platform":"webchat","text":"NO_MESSAGE","user":{"id":"${U}"},"raw":{"to":"${U}","at":"${AT}"}}`,
    ],
  ];
  for (const [event, wire] of FORMAT_1) {
    it(`writes ${event.type} in the DESIGN §4 protocol=1 shape`, () => {
      expect(encodeInbound(event, 1)).toBe(wire);
    });
  }

  for (const file of fixtureNames('seed000', 'inbound-')) {
    it(`reproduces ${file} in format 1 (less seed 000's own conversationId)`, () => {
      const parsed = parseCustomerFrame(readFileSync(join(FIXTURES, file), 'utf8'));
      if (!parsed.ok) throw new Error(refusalText(parsed.reason));
      const expected = fixtureJson(file);
      if (typeof expected === 'object' && expected !== null && 'raw' in expected) {
        const raw = expected.raw;
        if (typeof raw === 'object' && raw !== null && 'conversationId' in raw) delete raw.conversationId;
      }
      expect(JSON.parse(encodeInbound(parsed.event, 1))).toEqual(expected);
    });
  }

  for (const file of fixtureNames('seed001', 'inbound-')) {
    it(`reproduces ${file} in format 2`, () => {
      const parsed = parseCustomerFrame(readFileSync(join(FIXTURES, file), 'utf8'));
      if (!parsed.ok) throw new Error(refusalText(parsed.reason));
      expect(JSON.parse(encodeInbound(parsed.event, 2))).toEqual(fixtureJson(file));
    });
  }

  it('writes a rating in format 2 as DESIGN §4 lists its fields', () => {
    expect(encodeInbound({ type: 'rating', ...inbound, score: 3, comment: 'OK', at: AT, id: 'r' }, 2)).toBe(
      `{"type":"rating","direction":"inbound","userId":"${U}","score":3,"comment":"OK","at":"${AT}","id":"r"}`,
    );
  });

  it('writes start params from a null-prototype object, strings only', () => {
    const params: Record<string, string> = Object.create(null);
    params.queue = 'billing';
    expect(encodeInbound({ type: 'start', ...inbound, params }, 2)).toBe(
      `{"type":"start","direction":"inbound","userId":"${U}","params":{"queue":"billing"}}`,
    );
  });
});

describe('encodeFrame', () => {
  for (const event of OUTBOUND_SAMPLES) {
    it(`round-trips outbound ${event.type} ${event.id ?? ''} to the widget and to applications`, () => {
      const wire = encodeFrame(event);
      expect(parseWidgetFrame(wire)).toEqual({ ok: true, event });
      expect(parseApplicationFrame(wire)).toEqual({ ok: true, event });
    });
  }

  for (const event of INTERNAL_SAMPLES) {
    it(`round-trips internal ${event.type} to applications`, () => {
      expect(parseApplicationFrame(encodeFrame(event))).toEqual({ ok: true, event });
    });
  }

  for (const event of INBOUND_SAMPLES) {
    it(`round-trips inbound ${event.type} ${event.id ?? ''} to applications, with its id as ackId`, () => {
      const expected = event.id === undefined ? { ok: true, event } : { ok: true, event, ackId: event.id };
      expect(parseApplicationFrame(encodeFrame(event))).toEqual(expected);
    });
  }

  for (const file of [...fixtureNames('seed001', 'outbound-'), ...fixtureNames('seed001', 'internal-')]) {
    it(`reproduces ${file}`, () => {
      const parsed = parseApplicationFrame(readFileSync(join(FIXTURES, file), 'utf8'));
      if (!parsed.ok) throw new Error(refusalText(parsed.reason));
      expect(JSON.parse(encodeFrame(parsed.event))).toEqual(fixtureJson(file));
    });
  }

  it('writes ack and error frames', () => {
    expect(encodeFrame({ type: 'ack', id: 'a1' })).toBe('{"type":"ack","id":"a1"}');
    expect(encodeFrame({ type: 'error', reason: 'direction missing' })).toBe('{"type":"error","reason":"direction missing"}');
  });

  it('writes only the fields the event type has, also in nested values', () => {
    const withExtras = {
      type: 'info',
      direction: 'outbound',
      userId: U,
      text: 'x',
      secret: 'never on the wire',
    } as const;
    const info: InfoOutbound = withExtras;
    expect(encodeFrame(info)).toBe(`{"type":"info","direction":"outbound","userId":"${U}","text":"x"}`);
    const agent = { name: 'Ann', password: 'hunter2' };
    const reply = { type: 'postback', text: 'A', payload: 'a', color: 'red' } as const;
    const text: TextOutbound = { type: 'text', ...outbound, text: 'hi', agent, quickReplies: [reply] };
    expect(JSON.parse(encodeFrame(text))).toEqual({ type: 'text', ...outbound, text: 'hi', agent: { name: 'Ann' }, quickReplies: [{ type: 'postback', text: 'A', payload: 'a' }] });
  });

  it('writes attachments as they are, whatever they hold (DESIGN §4.4: routed untouched)', () => {
    const wire = JSON.stringify({ type: 'text', ...outbound, text: 'x', attachments: ATTACHMENTS });
    const parsed = parseApplicationFrame(wire);
    if (!parsed.ok) throw new Error(refusalText(parsed.reason));
    expect(encodeFrame(parsed.event)).toBe(wire);
  });

  it('writes format only as "markdown"', () => {
    const parsed = parseApplicationFrame(JSON.stringify({ type: 'text', ...outbound, text: 'x', format: 'html' }));
    expect(parsed).toEqual({ ok: true, event: { type: 'text', ...outbound, text: 'x' } });
  });

  it('re-emits an unknown event from its body, untouched', () => {
    const original = { type: 'wrap_up', direction: 'internal', userId: U, code: 7, nested: { list: [1, 'two'] }, id: 'w1' };
    const parsed = parseApplicationFrame(JSON.stringify(original));
    if (!parsed.ok) throw new Error(refusalText(parsed.reason));
    expect(JSON.parse(encodeFrame(parsed.event))).toEqual(original);
  });

  it("lets the unknown event wrapper's id win, so a broker can renumber it", () => {
    const parsed = parseApplicationFrame(JSON.stringify({ type: 'survey', direction: 'outbound', userId: U, id: 'app-1', q: 'ok?' }));
    if (!parsed.ok || !('unknown' in parsed.event)) throw new Error('expected an unknown event');
    const renumbered = { ...parsed.event, id: 17 };
    expect(JSON.parse(encodeFrame(renumbered))).toEqual({ type: 'survey', direction: 'outbound', userId: U, id: 17, q: 'ok?' });
    const { id: _removed, ...withoutId } = parsed.event;
    expect(JSON.parse(encodeFrame(withoutId))).toEqual({ type: 'survey', direction: 'outbound', userId: U, q: 'ok?' });
  });
});
