import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCHEMA_FILE, schemaText } from '../scripts/schema-text.ts';

describe('the generated types', () => {
  it('are what openapi-typescript makes of the committed openapi.json (run pnpm api:generate)', async () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(await schemaText());
  }, 60_000);
});
