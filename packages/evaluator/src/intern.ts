/**
 * Hash-consing for one snapshot's compilation: structurally equal parts (the same condition on the
 * same countries, the same serve, the same on/off variants) are compiled once and shared, which is
 * most of what keeps 10,000 compiled flags small. Keys are canonical enough: JSON of the source.
 * The browser build shares nothing (intern-browser.ts, the package's `#intern` import).
 */
export class Interner {
  private readonly parts = new Map<string, unknown>();

  get<T>(kind: string, source: unknown, build: () => T): T {
    const key = `${kind}\u0000${JSON.stringify(source)}`;
    const known = this.parts.get(key);
    if (known !== undefined) return known as T;
    const built = build();
    this.parts.set(key, built);
    return built;
  }
}
