/**
 * Version 4 UUIDs. `crypto.randomUUID` exists only in secure contexts, and a customer may embed the widget
 * from a plain-http page; `crypto.getRandomValues` works everywhere, so it is the fallback.
 */
export function randomUUID(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // The template's 4 is the version and stays; each 0 and 1 becomes a random hex digit, the 8 one of 8, 9, a, b
  // (the RFC 9562 variant): c XOR (a random byte masked to 4 bits for 0 and 1, to 2 bits for 8).
  return '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (c) =>
    (+c ^ (crypto.getRandomValues(new Uint8Array(1))[0]! & (15 >> (+c / 4)))).toString(16),
  );
}
