/**
 * Type tests, checked by `tsc --noEmit` (npm run typecheck), not run by vitest (STYLE B.11, mitt's
 * test-types idea). Each `@ts-expect-error` fails the type check if the line below it ever compiles.
 */
import { expectTypeOf } from 'vitest';
import type { ApplicationParseResult, CustomerReceivedFrame, InboundEvent, ParseResult } from './events.ts';
import { encodeFrame, encodeInbound } from './encode.ts';
import { parseApplicationFrame, parseCustomerFrame, parseWidgetFrame } from './parse.ts';

const userId = 'u';

// @ts-expect-error: a text event without `text` is not an InboundEvent.
encodeInbound({ type: 'text', direction: 'inbound', userId }, 2);

// @ts-expect-error: typing_on needs `at`.
encodeInbound({ type: 'typing_on', direction: 'inbound', userId, text: 'draft' }, 1);

// @ts-expect-error: only formats 1 and 2 exist.
encodeInbound({ type: 'heartbeat', direction: 'inbound', userId }, 3);

// @ts-expect-error: the widget only sends inbound events.
encodeInbound({ type: 'info', direction: 'outbound', userId, text: 'x' }, 2);

// @ts-expect-error: an outbound event id is the broker's integer, not a string.
encodeFrame({ type: 'info', direction: 'outbound', userId, text: 'x', id: 'abc' });

// @ts-expect-error: exactOptionalPropertyTypes: an optional field is absent, never `undefined`.
encodeInbound({ type: 'text', direction: 'inbound', userId, text: 'x', imageId: undefined }, 2);

encodeInbound({ type: 'text', direction: 'inbound', userId, text: 'x' }, 2);

expectTypeOf(parseWidgetFrame).returns.toEqualTypeOf<ParseResult<CustomerReceivedFrame>>();
expectTypeOf(parseCustomerFrame).returns.toEqualTypeOf<ParseResult<InboundEvent>>();
expectTypeOf(parseApplicationFrame).returns.toEqualTypeOf<ApplicationParseResult>();
