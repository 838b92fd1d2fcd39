import { hashToken, type Principal } from '../credentials/credentials-service.ts';

export interface CredentialCacheOptions {
  /**
   * How long a known credential is trusted without asking the database again: the backstop for a
   * revocation message that never arrived (revocations are also found by the periodic check).
   * @default 60_000
   */
  ttlMs?: number;
  /** How long an unknown token is remembered, so guessing costs no query per request. @default 5_000 */
  negativeTtlMs?: number;
  /** Entries kept at most; the oldest go first. @default 10_000 */
  maxEntries?: number;
  now?: () => number;
}

interface Entry {
  principal: Principal | undefined;
  expiresAt: number;
}

/**
 * SDK credentials by token hash, so an SDK request costs no database query: the first use of a token
 * reads the database (one read per token however many requests arrive together), later ones hit
 * memory until the TTL ends or the credential is revoked.
 */
export function createCredentialCache(
  lookup: (token: string) => Promise<Principal | undefined>,
  options: CredentialCacheOptions = {},
) {
  const ttl = options.ttlMs ?? 60_000;
  const negativeTtl = options.negativeTtlMs ?? 5_000;
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  const pending = new Map<string, Promise<Principal | undefined>>();
  /** Bumped by every revocation: a lookup that overlapped one is not remembered (it may predate it). */
  let revocations = 0;

  function remember(hash: string, principal: Principal | undefined) {
    if (entries.size >= maxEntries) {
      const oldest = entries.keys().next();
      if (!oldest.done) entries.delete(oldest.value);
    }
    entries.set(hash, { principal, expiresAt: now() + (principal ? ttl : negativeTtl) });
  }

  return {
    async authenticate(token: string): Promise<Principal | undefined> {
      const hash = hashToken(token);
      const entry = entries.get(hash);
      if (entry && entry.expiresAt > now()) return entry.principal;
      let loading = pending.get(hash);
      if (!loading) {
        const epoch = revocations;
        loading = lookup(token).finally(() => pending.delete(hash));
        pending.set(hash, loading);
        const principal = await loading;
        entries.delete(hash);
        if (epoch === revocations) remember(hash, principal);
        return principal;
      }
      return loading;
    },

    /** Forgets a revoked credential: its next use asks the database (and finds it revoked). */
    revoke(credentialId: string): void {
      revocations++;
      for (const [hash, entry] of entries) {
        if (entry.principal?.id === credentialId) entries.delete(hash);
      }
    },

    clear(): void {
      entries.clear();
    },
  };
}

export type CredentialCache = ReturnType<typeof createCredentialCache>;
