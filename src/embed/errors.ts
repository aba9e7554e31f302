/**
 * `sermo-errors.js`: the words of a refused config (DESIGN §7), loaded by `sermo.js` only when a value is bad,
 * so a working page never downloads them (DESIGN §8, the loader's budget). Its own script element says which
 * key was refused and the value it had (`data-key`, `data-value`); it prints the one clear error naming the
 * key, the value and the expected form.
 */
import { bareConfigError, configError, EXPECTED, isConfigKey } from '../config/config.ts';

const { key, value } = document.currentScript?.dataset ?? {};
// A key this file does not know comes from a sermo.js of another version (a stale cache): still named.
if (key) console.error(isConfigKey(key) ? configError(key, value, EXPECTED[key]) : bareConfigError(key, value));
