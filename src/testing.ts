/**
 * The time a unit test doing heavy work is given (a 5 MB image, 5,000 messages, a `tsc` run). These tests pin
 * behaviour, not speed (speed is `npm run bench`, DESIGN §8): vitest's 5 s default suits a quiet machine, and
 * on a loaded 2-core CI machine they took up to 9 s.
 */
export const SLOW_WORK_MS = 60_000;
