import { writeFile } from 'node:fs/promises';
import { isOperatorError, loadConfig, preflight } from '#platform';
import { createApi } from '../bootstrap.js';
import { buildOpenApiDocument, serializeOpenApi } from '../openapi.js';

/** `npm run openapi`: regenerates the committed openapi.json from the code. */
async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, ADMIN_EMAIL: '', ADMIN_PASSWORD: '', LOG_LEVEL: 'error' });
  await preflight(config);
  const app = await createApi(config);
  try {
    await writeFile('openapi.json', serializeOpenApi(buildOpenApiDocument(app)));
    console.log('wrote openapi.json');
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  if (isOperatorError(error)) console.error(error.message);
  else console.error('openapi generation failed:', error);
  process.exit(1);
});
