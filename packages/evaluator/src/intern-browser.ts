import type { Interner as SharingInterner } from './intern.ts';

/**
 * The browser build's `#intern`: builds every part, shares none. Sharing is what keeps the server's
 * and the Node SDK's 10,000 compiled flags small; a browser compiles its one user's client-visible
 * flags, where the JSON key of each part costs more time than the sharing saves memory, and the
 * bundle is 36 bytes gzip smaller (ADR 0006). Compiled parts are never mutated, so sharing or not
 * changes no evaluation.
 */
export class Interner implements Pick<SharingInterner, 'get'> {
  get<T>(_kind: string, _source: unknown, build: () => T): T {
    return build();
  }
}
