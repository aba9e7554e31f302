/**
 * Everything of the panel a plain conversation never shows, in one lazy chunk (DESIGN §8): the pre-chat form,
 * reply buttons, the queue place, an agent typing, the "End the chat?" dialog, "Start a new chat", the rating
 * and the transcript download. App loads it the first time one of them is needed (App.tsx says when); each
 * part brings its own words and stylesheet. One chunk rather than one each: a chunk compresses without the
 * context of the others, so apart they were about 900 B more (brotli) of all the iframe can ever load.
 */
export { EndChatDialog } from './EndChatDialog.tsx';
export { EndedFooter } from './EndedFooter.tsx';
export { PreChatForm } from './PreChatForm.tsx';
export { QueueStatus } from './QueueStatus.tsx';
export { QuickReplies } from './QuickReplies.tsx';
export { Rating } from './Rating.tsx';
export { saveTranscript } from './transcript.ts';
export { TypingIndicator } from './TypingIndicator.tsx';
