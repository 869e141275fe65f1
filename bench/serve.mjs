// Child process entry: `node bench/serve.mjs app|baseline` listens on 127.0.0.1 (a free port),
// reports the port to the parent over IPC and stops when told to (or when the parent goes away).
import { loadConfig } from '../dist/libs/platform/src/index.js';
import { createApi } from '../dist/apps/api/src/bootstrap.js';
import { createBaseline } from './baseline.mjs';

const target = process.argv[2];
const config = loadConfig();

let server;
let port;
if (target === 'app') {
  server = await createApi(config);
  await server.listen({ port: 0, host: '127.0.0.1' });
  port = server.getHttpServer().address().port;
} else if (target === 'baseline') {
  server = await createBaseline(config.databaseUrl);
  await server.listen({ port: 0, host: '127.0.0.1' });
  port = server.server.address().port;
} else {
  throw new Error(`usage: node bench/serve.mjs app|baseline (got "${target}")`);
}

const stop = async () => {
  await server.close();
  process.exit(0);
};
process.on('message', (message) => {
  if (message === 'stop') void stop();
});
process.on('disconnect', () => void stop());
process.send({ port });
