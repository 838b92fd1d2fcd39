import { fileURLToPath } from 'node:url';

/** The typed client's copy of the document (packages/api-client), from which its types are generated. */
export const CLIENT_DOCUMENT_FILE = fileURLToPath(
  new URL('../../../packages/api-client/openapi.json', import.meta.url),
);

/** The document as JSON text, formatted as committed. */
export function documentText(document: unknown): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
