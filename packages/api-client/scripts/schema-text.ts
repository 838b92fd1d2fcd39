import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';

export const DOCUMENT_FILE = fileURLToPath(new URL('../openapi.json', import.meta.url));
export const SCHEMA_FILE = fileURLToPath(new URL('../src/schema.ts', import.meta.url));

// openapi-typescript writes the recursive JsonValue component as a member of `components` that refers
// to itself through an array, which TypeScript rejects; it becomes this alias instead.
const JSON_VALUE =
  'export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };';

/** What src/schema.ts must hold for the committed openapi.json. */
export async function schemaText(): Promise<string> {
  const document = JSON.parse(readFileSync(DOCUMENT_FILE, 'utf8'));
  const ast = await openapiTS(document, {
    transform: (_schema, { path }) =>
      /\/components\/schemas\/JsonValue(Input)?$/.test(path ?? '')
        ? ts.factory.createTypeReferenceNode('JsonValue')
        : undefined,
  });
  return `/**\n * Generated from openapi.json by \`pnpm --filter @flagstaff/api-client generate\`: do not edit.\n */\n\n${JSON_VALUE}\n${astToString(ast)}`;
}
