/**
 * The iframe's configuration with the error a refused query gets (DESIGN §3, §7): `readQuery` (`query.ts`),
 * and for a refusal one clear error naming the key, the value and the expected form. `main.tsx` loads this
 * module only for a refused query: the texts are not part of the first load (DESIGN §8).
 */
import { configError, EXPECTED } from '../config/config.ts';
import { readQuery, type IframeConfig, type IframeEnv, type Refusal } from './query.ts';

export { readHostOrigin, type IframeConfig, type IframeEnv } from './query.ts';

export type IframeConfigResult = { ok: true; value: IframeConfig } | { ok: false; error: string };

/** What a broker or image endpoint not on `SERMO_WIDGET_BROKERS` was expected to be (DESIGN §6.2). */
const LISTED = { broker: 'a broker', imagesUrl: 'an image endpoint' } as const;

/** The error for a refused query. */
export function describeRefusal(refusal: Refusal): string {
  const { key, value } = refusal;
  return configError(key, value, refusal.unlisted ? `${LISTED[refusal.key]} this widget was built for (SERMO_WIDGET_BROKERS)` : EXPECTED[key]);
}

/** Read and validate `search` (`?broker=...&queue=billing`) and `hash` (`#host=...`). */
export function readIframeConfig(search: string, hash: string, env: IframeEnv): IframeConfigResult {
  const result = readQuery(search, hash, env);
  return result.ok ? result : { ok: false, error: describeRefusal(result) };
}
