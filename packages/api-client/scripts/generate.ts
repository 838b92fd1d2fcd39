/**
 * Regenerates src/schema.ts (the API's types) from openapi.json, the server's document.
 *
 *   pnpm --filter @flagstaff/server openapi && pnpm --filter @flagstaff/api-client generate
 */
import { writeFileSync } from 'node:fs';
import { SCHEMA_FILE, schemaText } from './schema-text.ts';

writeFileSync(SCHEMA_FILE, await schemaText());
process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
