/**
 * `sermo-errors.js`: the words of a refused config (DESIGN §7), loaded by `sermo.js` only when a value is bad,
 * so a working page never downloads them (DESIGN §8, the loader's budget). Its own script element says which
 * key was refused and the value it had (`data-key`, `data-value`); it prints the one clear error naming the
 * key, the value and the expected form.
 */
import { configError, EXPECTED, isConfigKey } from '../config/config.ts';

const script = document.currentScript;
const { key = '', value } = script?.dataset ?? {};
if (isConfigKey(key)) console.error(configError(key, value, EXPECTED[key]));
