/** DESIGN §4.5 with Playwright's default launch flags: the conversation in the host page's storage (host-storage mode). */
import { defineTabTests } from './support/tab-tests.ts';

defineTabTests('host storage (default flags: the cross-site iframe has no storage of its own)');
