/**
 * How every parser says no: a refusal with its reason as data (`reason.ts`). The widget's build puts
 * `refusal-unsaid.ts` in this module's place (scripts/vite-unsaid-refusals.ts): the widget only counts
 * refused frames, so what it would build here is never read there.
 */
import type { Problem, Refusal } from './reason.ts';

/** A refusal: the problem, then where it was found, innermost first (the field, or nothing: the whole frame). */
export function refuse(problem: Problem, ...within: string[]): Refusal {
  return { ok: false, reason: [problem, ...within] };
}

/** The refusal with what was being read around it (`ack`, `outbound text`). */
export function prefix(context: string, refusal: Refusal): Refusal {
  return { ok: false, reason: [...refusal.reason, context] };
}
