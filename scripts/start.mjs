#!/usr/bin/env node
// `npm start`: apply migrations, then run the api and the worker side by side.
// Ctrl-C (or SIGTERM) stops both cleanly, each within SHUTDOWN_TIMEOUT_MS; a second Ctrl-C makes
// them exit at once. If either dies, the other is stopped too.
import { spawn } from 'node:child_process';

const run = (script, options = {}) =>
  spawn(process.execPath, ['--enable-source-maps', script], { stdio: 'inherit', ...options });

const exitCode = (child) =>
  new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 0 : 1))));

const migrated = await exitCode(run('dist/apps/api/src/cli/migrate.js'));
if (migrated !== 0) process.exit(migrated);

// Own process groups: a terminal's Ctrl-C reaches only us, and we forward each one exactly once.
const children = [run('dist/apps/api/src/main.js', { detached: true }), run('dist/apps/worker/src/main.js', { detached: true })];
let stopping = false;
const stop = (signal) => {
  stopping = true;
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill(signal);
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));

const codes = await Promise.all(
  children.map(async (child) => {
    const code = await exitCode(child);
    if (!stopping) {
      console.error(`a process exited (code ${code}); stopping the other`);
      stop('SIGTERM');
    }
    return code;
  }),
);
process.exit(stopping && codes.every((code) => code === 0) ? 0 : Math.max(...codes, 1));
