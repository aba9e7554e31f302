import { defineConfig } from '@playwright/test';

const CI = !!process.env.CI;

/** End-to-end tests run the real built widget (`dist/`, built by `npm run test:e2e`) in Debian Chromium. */
export default defineConfig({
  testDir: 'e2e',
  outputDir: process.env.SERMO_TEST_RESULTS ?? 'test-results',
  fullyParallel: true,
  workers: 2,
  retries: CI ? 1 : 0,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: CI ? [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]] : [['list']],
  use: {
    browserName: 'chromium',
    trace: 'on-first-retry',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
    },
  },
});
