/**
 * Writes the OpenAPI document the server serves at /docs/json to a file (default: the typed client's
 * copy, packages/api-client/openapi.json), from an app on a throwaway in-memory database.
 *
 *   pnpm --filter @flagstaff/server openapi [file]
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildApp } from '../src/app.ts';
import { migrate } from '../src/db/migrate.ts';
import { openDatabase } from '../src/db/open-database.ts';
import { CLIENT_DOCUMENT_FILE, documentText } from './openapi-document.ts';

const out = resolve(process.argv[2] ?? CLIENT_DOCUMENT_FILE);
const database = await openDatabase({ dataDir: 'memory://' });
try {
  await migrate(database.db);
  const app = await buildApp({
    config: { maxLifetimeDays: { release: 90, experiment: 180 }, docs: true, bodyLimitBytes: 262_144 },
    database,
  });
  await app.ready();
  writeFileSync(out, documentText(app.swagger()));
  await app.close();
  process.stdout.write(`wrote ${out}\n`);
} finally {
  await database.close();
}
