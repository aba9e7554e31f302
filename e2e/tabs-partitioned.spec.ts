/** DESIGN §4.5 with the iframe's storage partitioned per top-level site, as browsers ship it: the iframe's own storage. */
import { test } from '@playwright/test';
import { partitionedStorage } from './support/partitioned-storage.ts';
import { defineTabTests } from './support/tab-tests.ts';

test.use(partitionedStorage);

defineTabTests('the iframe storage partitioned per site (as browsers ship)');
