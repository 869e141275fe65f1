import { exitOnSignals, isOperatorError, loadConfig, preflight } from '#platform';
import { createWorker } from './bootstrap.js';

async function main(): Promise<void> {
  const config = loadConfig();
  await preflight(config);
  const app = await createWorker(config);
  exitOnSignals(app, { timeoutMs: config.shutdownTimeoutMs });
  console.log('worker running (subscriptions and queues)');
}

main().catch((error: unknown) => {
  if (isOperatorError(error)) console.error(error.message);
  else console.error('worker failed to start:', error);
  process.exit(1);
});
