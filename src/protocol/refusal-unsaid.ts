/**
 * `refusal.ts` as the widget's build has it (scripts/vite-unsaid-refusals.ts): every refusal is the same one,
 * which says no more than that the frame was refused. The widget counts refused frames and never reads why
 * (DESIGN §4: counted, not thrown), so the reasons' codes, values and contexts, about 140 B of the iframe's
 * first load, are left out (DESIGN §8). What is refused is the same: only the words are missing.
 */
import type * as Said from './refusal.ts';
import type { Refusal } from './reason.ts';

/** Every refused frame shares it (nothing changes a refusal: `prefix` makes a new one). */
const UNSAID: Refusal = { ok: false, reason: [['unsaid']] };

export const refuse: typeof Said.refuse = (_problem, ..._within) => UNSAID;

export const prefix: typeof Said.prefix = (_context, _refusal) => UNSAID;
