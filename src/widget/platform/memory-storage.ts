/**
 * A `Storage` kept in a Map: the default in tests, and what a test passes to simulate a reload. With
 * `quota` (in UTF-16 code units of keys and values, as browsers count) it throws a QuotaExceededError like a
 * full `sessionStorage`.
 */
export function createMemoryStorage(quota = Number.POSITIVE_INFINITY): Storage {
  const map = new Map<string, string>();
  let used = 0;
  return {
    get length() {
      return map.size;
    },
    clear() {
      map.clear();
      used = 0;
    },
    getItem: (key) => map.get(key) ?? null,
    key: (index) => [...map.keys()][index] ?? null,
    removeItem(key) {
      const old = map.get(key);
      if (old !== undefined) used -= key.length + old.length;
      map.delete(key);
    },
    setItem(key, value) {
      const text = String(value);
      const old = map.get(key);
      const next = used - (old === undefined ? 0 : key.length + old.length) + key.length + text.length;
      if (next > quota) throw new DOMException(`quota of ${quota} exceeded`, 'QuotaExceededError');
      map.set(key, text);
      used = next;
    },
  };
}
