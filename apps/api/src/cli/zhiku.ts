import { DomainError, isOperatorError, loadConfig, preflight } from '#platform';
import { runOperatorCommand, UsageError, USAGE } from './operator-commands.js';

/** `npm run zhiku -- <command>`: what an operator does by hand, outside any route. */
async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'error' });
  await preflight(config);
  console.log(await runOperatorCommand(process.argv.slice(2), config));
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(`${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (isOperatorError(error) || error instanceof DomainError) console.error(error.message);
  else console.error('command failed:', error);
  process.exit(1);
});
