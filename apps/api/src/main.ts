import { exitOnSignals, isOperatorError, loadConfig, preflight } from '#platform';
import { createApi } from './bootstrap.js';

async function main(): Promise<void> {
  const config = loadConfig();
  await preflight(config);
  const app = await createApi(config);
  exitOnSignals(app, { timeoutMs: config.shutdownTimeoutMs });
  await app.listen({ port: config.port, host: config.host });
  console.log(`api listening on http://${config.host}:${config.port} (Swagger UI at /docs)`);
}

main().catch((error: unknown) => {
  if (isOperatorError(error)) console.error(error.message);
  else console.error('api failed to start:', error);
  process.exit(1);
});
