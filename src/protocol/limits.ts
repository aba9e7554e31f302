/**
 * Size caps the parser enforces. A required field over its cap drops the event; an optional one over its cap
 * is treated as absent (DESIGN §4). Lengths are in UTF-16 code units (JavaScript string length).
 */

/** DESIGN §6: frames are at most 64 KiB from anyone; bigger ones are refused before `JSON.parse`. */
export const MAX_FRAME_BYTES = 64 * 1024;

/** Nesting of objects and arrays; Sermo frames use 4. Bounds the reviver's recursion (checked before parsing). */
export const MAX_JSON_DEPTH = 64;

/** DESIGN §4: a customer message is at most 5,000 characters (also the `typing_on` draft and `client_left`). */
export const MAX_CUSTOMER_TEXT = 5_000;

/** DESIGN §6: the largest image the broker accepts by default, and so the largest a client uploads. */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

/** Agent and bot texts (text, info, reasons): generous, but far below what would hurt the message list. */
export const MAX_AGENT_TEXT = 20_000;

/** Ids, names, ISO timestamps, event types: a UUID is 36, a Messenger id about 20. */
export const MAX_SHORT_TEXT = 256;

/** Avatar URLs. */
export const MAX_URL_LENGTH = 2_048;

/** A quick reply's text and payload, and `quickReplyPayload`. */
export const MAX_REPLY_TEXT = 1_000;

/** Quick replies kept per message; more would not fit as buttons anyway. */
export const MAX_QUICK_REPLIES = 20;

/** `start.params`: entries kept, and the longest key and value kept (they come from host-page query strings). */
export const MAX_START_PARAMS = 50;
export const MAX_PARAM_KEY = 100;
export const MAX_PARAM_VALUE = 1_000;

/** DESIGN §4 `rating`: the customer's optional comment. */
export const MAX_RATING_COMMENT = 1_000;

/** DESIGN §4.4: attachments shown per message; more are skipped and counted. */
export const MAX_ATTACHMENTS = 10;

/** An attachment's title, description, address or alt text. */
export const MAX_ATTACHMENT_TEXT = 1_000;
