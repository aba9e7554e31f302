/** The caps a customer's input must respect, for the UI to say so before the state refuses (DESIGN §4, §6). */
export { MAX_CUSTOMER_TEXT, MAX_IMAGE_BYTES, MAX_RATING_COMMENT } from '../../protocol/limits.ts';
