/**
 * The DOM test files share one happy-dom window (`isolate: false` in vite.config.ts: a fresh window per file
 * cost about a second each). So each file leaves it as a new page would be: no rendered trees, an empty
 * document, empty storage, real timers.
 */
import { cleanup } from '@testing-library/preact';
import { afterAll, vi } from 'vitest';

afterAll(() => {
  cleanup();
  document.head.replaceChildren();
  document.body.replaceChildren();
  sessionStorage.clear();
  localStorage.clear();
  vi.useRealTimers();
});
