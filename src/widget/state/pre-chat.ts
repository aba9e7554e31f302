/**
 * The pre-chat form's answers (DESIGN §3 `preChat`, §5), checked before the conversation's `start` carries
 * them in `params`: required fields given, an email address that looks like one, a phone number of digits.
 * Each problem is named by its field, so the form says it next to that field. Pure; the form is a lazy chunk
 * and its only user, so the iframe's first load does not carry these rules (DESIGN §8).
 */
import type { PreChatField } from '../../config/config.ts';

export type PreChatName = PreChatField['name'];
/** Answers by field; a field left out was not answered. */
export type PreChatAnswers = Partial<Record<PreChatName, string>>;
/** What is wrong with one answer. */
export type PreChatProblem = 'required' | 'email' | 'phone' | 'long';
export type PreChatCheck = { ok: true; answers: PreChatAnswers } | { ok: false; problems: Partial<Record<PreChatName, PreChatProblem>> };

/** The longest answer: an email address can be 254 characters (RFC 5321), and no name or number needs more. */
export const MAX_PRE_CHAT_ANSWER = 254;

/** One @, something before it, and a domain of dot-separated labels after it; no spaces. */
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
/** Digits with the usual separators and an optional leading +, at least 6 digits. */
const PHONE = /^\+?[\d\s().-]+$/;

function problemOf(field: PreChatField, answer: string): PreChatProblem | undefined {
  if (answer === '') return field.required ? 'required' : undefined;
  if (answer.length > MAX_PRE_CHAT_ANSWER) return 'long';
  if (field.name === 'email' && !EMAIL.test(answer)) return 'email';
  if (field.name === 'phone' && !(PHONE.test(answer) && answer.replace(/\D/g, '').length >= 6)) return 'phone';
}

/** The answers to `fields`, trimmed, the empty optional ones left out; or every problem found. */
export function checkPreChat(fields: readonly PreChatField[], values: PreChatAnswers): PreChatCheck {
  const answers: PreChatAnswers = {};
  const problems: Partial<Record<PreChatName, PreChatProblem>> = {};
  for (const field of fields) {
    const answer = values[field.name]?.trim() ?? '';
    const problem = problemOf(field, answer);
    if (problem) problems[field.name] = problem;
    else if (answer) answers[field.name] = answer;
  }
  return Object.keys(problems).length > 0 ? { ok: false, problems } : { ok: true, answers };
}
