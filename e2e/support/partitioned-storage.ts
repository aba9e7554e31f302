/**
 * Chromium as browsers ship it for a cross-site iframe: storage partitioned by the top-level site.
 *
 * Playwright launches Chromium with `ThirdPartyStoragePartitioning` disabled (its issue 32230); with third-party
 * cookies blocked, a cross-site iframe such as the widget on a customer's page then gets no storage at all
 * (`sessionStorage` throws), so nothing it keeps survives a reload or a remount. Real Chrome, Firefox and
 * Safari give it partitioned storage. Specs whose promise depends on the widget's own storage in script-tag
 * or module mode use these launch options: Playwright's default flags, less that one feature.
 */
import type { LaunchOptions } from '@playwright/test';

/** Playwright 1.65's `--disable-features` list, verbatim, which `ignoreDefaultArgs` must match exactly. */
const PLAYWRIGHT_DISABLED = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
  'msForceBrowserSignIn',
  'msEdgeUpdateLaunchServicesPreferredVersion',
];

export const partitionedStorage: { launchOptions: LaunchOptions } = {
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    ignoreDefaultArgs: [`--disable-features=${PLAYWRIGHT_DISABLED.join(',')}`],
    args: [
      `--disable-features=${PLAYWRIGHT_DISABLED.filter((f) => f !== 'ThirdPartyStoragePartitioning').join(',')}`,
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  },
};
