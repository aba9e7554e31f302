/**
 * The protocol module's public surface (DESIGN §1): event types, the one parser (plus `parseJsonObject` for
 * non-frame JSON such as HTTP bodies and stored snapshots, with the same protections), `refusalText` (the sentence
 * for why it refused a frame), the two encoders, the guards for narrowing what `parseJsonObject` returns, the
 * narrowing of attachments (DESIGN §4.4), and the caps.
 */
export type * from './events.ts';
export { refusalText, type Problem, type Reason, type Refusal } from './reason.ts';
export { parseApplicationFrame, parseCustomerFrame, parseJsonObject, parseWidgetFrame } from './parse.ts';
export { parseReceivedFrame, parseStoredInbound, type Format1, type StoredInbound } from './parse-widget.ts';
export { httpUrl, isInlineImage, isRecord, own, readOptionalString, readString, type Field, type WireRecord } from './narrow.ts';
export { readQuickReplies } from './read-outbound.ts';
export { readAttachments, type ReadAttachments } from './attachments.ts';
export { encodeFormat2 } from './encode.ts';
export { encodeFrame, encodeInbound } from './encode-frame.ts';
export * from './limits.ts';
