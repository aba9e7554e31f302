import { CONFIG_KEYS } from '../config/config.ts';

/**
 * Gather the raw config of DESIGN §3: the script element's data attributes (`data-heartbeat-ms`, which the
 * dataset already names `heartbeatMs`) win over `window.SermoChatConfig` (camel case). Values are turned
 * into strings, so `{ open: true, heartbeatMs: 5000, startParams: ['a', 'b'] }` validates like the
 * attributes `"true"`, `"5000"` and `"a,b"`.
 */
export function readRawConfig(dataset: DOMStringMap, global: unknown): Record<string, string> {
  // Only config keys go in, so this is a RawConfig that URLSearchParams also takes as it is.
  const raw: Record<string, string> = {};
  for (const key of CONFIG_KEYS) {
    // `Object()` turns an absent or primitive SermoChatConfig into an object without the keys.
    const value: unknown = dataset[key] ?? Object(global)[key];
    if (value != null) raw[key] = `${value}`;
  }
  return raw;
}
