/**
 * `npm run broker`: the reference broker alone, configured by the environment (DESIGN §2, §6, §6.2). Every
 * variable, with its default and meaning, is in README "The reference broker" (`env.ts` reads them; a test
 * checks the two agree).
 *
 * Stdout carries only the dev key line (when no keys are set) and `listening on http://HOST:PORT`;
 * connection logs go to stderr.
 */

import { optionsFromEnv } from './env.ts';
import { startBroker } from './server.ts';

async function main(): Promise<void> {
  let config: ReturnType<typeof optionsFromEnv>;
  try {
    config = optionsFromEnv(process.env);
  } catch (error) {
    process.stderr.write(`broker: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  }
  if (config.devKey !== null) {
    process.stdout.write(`dev api key: ${config.devKey} (set SERMO_API_KEYS to choose keys)\n`);
  }
  const broker = await startBroker(config.options);
  process.stdout.write(`listening on ${broker.url}\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${signal}: closing\n`);
    broker.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`broker: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
