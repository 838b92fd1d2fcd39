import { createHash, randomBytes } from 'node:crypto';
import type { JsonValue } from '@flagstaff/evaluator';
import { sql } from 'drizzle-orm';
import { insertAudit } from '../audit/audit-repository.ts';
import type { Db } from '../db/database.ts';
import { findEnvironment } from '../environments/environments-repository.ts';
import { ConflictError, NotFoundError, ValidationError } from '../errors.ts';
import {
  type CredentialRow,
  countActiveAdmins,
  findActiveByHash,
  findByHash,
  findCredential,
  insertCredential,
  listCredentials,
  revokeCredential,
} from './credentials-repository.ts';

export type CredentialKind = 'admin' | 'server' | 'client';
export const CREDENTIAL_KINDS: readonly CredentialKind[] = ['admin', 'server', 'client'];

/** Who is calling: what the auth hook attaches to a request. */
export interface Principal {
  id: string;
  kind: CredentialKind;
  name: string;
  environmentKey: string | null;
}

export interface CredentialView {
  id: string;
  kind: CredentialKind;
  name: string;
  environment: string | null;
  hint: string;
  createdAt: string;
  revokedAt: string | null;
}

/**
 * Any constant distinct from the migration lock. Held while creating the first admin and while revoking
 * an admin, so that two revocations at once cannot both see "another admin is left".
 */
const ADMINS_LOCK_KEY = 7_346_120_932;

/** `FLAGSTAFF_ADMIN_TOKEN` cannot be used to create the first admin token: the start-up stops with this. */
export class AdminTokenRefusedError extends Error {
  override name = 'AdminTokenRefusedError';
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function newToken(kind: CredentialKind): string {
  return `fs_${kind}_${randomBytes(24).toString('base64url')}`;
}

function view(row: CredentialRow): CredentialView {
  return {
    id: row.id,
    kind: row.kind as CredentialKind,
    name: row.name,
    environment: row.environmentKey,
    hint: row.hint,
    createdAt: row.createdAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/** `onRevoked`: called after a revocation commits (live delivery closes the credential's streams). */
export function createCredentialsService(db: Db, onRevoked: (credentialId: string) => void = () => {}) {
  async function create(
    tx: Db,
    input: { kind: CredentialKind; name: string; environment?: string | undefined; token?: string },
    actor: string,
  ): Promise<CredentialView & { token: string }> {
    const needsEnvironment = input.kind !== 'admin';
    if (needsEnvironment && !input.environment) {
      throw new ValidationError([{ path: ['environment'], message: 'is required for SDK keys' }]);
    }
    if (!needsEnvironment && input.environment) {
      throw new ValidationError([
        { path: ['environment'], message: 'admin tokens are not bound to one environment' },
      ]);
    }
    if (input.environment && !(await findEnvironment(tx, input.environment))) {
      throw new ValidationError([
        { path: ['environment'], message: `environment "${input.environment}" does not exist` },
      ]);
    }
    const token = input.token ?? newToken(input.kind);
    const row = await insertCredential(tx, {
      id: `cred_${randomBytes(8).toString('hex')}`,
      kind: input.kind,
      name: input.name,
      environmentKey: input.environment ?? null,
      tokenHash: hashToken(token),
      hint: `${token.slice(0, token.indexOf('_', 3) + 5)}…`,
    });
    const shown = view(row);
    await insertAudit(tx, {
      actor,
      action: 'credential.created',
      resourceType: 'credential',
      resourceKey: row.id,
      environmentKey: row.environmentKey,
      before: null,
      after: shown as unknown as JsonValue,
    });
    return { ...shown, token };
  }

  return {
    async authenticate(token: string): Promise<Principal | undefined> {
      const row = await findActiveByHash(db, hashToken(token));
      if (!row) return undefined;
      return {
        id: row.id,
        kind: row.kind as CredentialKind,
        name: row.name,
        environmentKey: row.environmentKey,
      };
    },

    create(input: { kind: CredentialKind; name: string; environment?: string | undefined }, actor: string) {
      return db.transaction((tx) => create(tx, input, actor));
    },

    async list(): Promise<CredentialView[]> {
      return (await listCredentials(db)).map(view);
    },

    async revoke(id: string, actor: string): Promise<CredentialView> {
      const revoked = await db.transaction(async (tx) => {
        let before = await findCredential(tx, id);
        if (!before) throw new NotFoundError(`Credential ${id}`);
        if (before.kind === 'admin' && before.revokedAt === null) {
          await tx.execute(sql`select pg_advisory_xact_lock(${ADMINS_LOCK_KEY})`);
          // Read again under the lock: a concurrent revocation may have committed meanwhile.
          before = (await findCredential(tx, id)) ?? before;
          if (before.revokedAt === null && (await countActiveAdmins(tx)) <= 1) {
            throw new ConflictError(
              'LAST_ADMIN',
              'This is the last active admin token: revoking it would lock everyone out. ' +
                'Create another admin token first, then revoke this one.',
            );
          }
        }
        const after = (await revokeCredential(tx, id, new Date())) ?? before;
        await insertAudit(tx, {
          actor,
          action: 'credential.revoked',
          resourceType: 'credential',
          resourceKey: id,
          environmentKey: before.environmentKey,
          before: view(before) as unknown as JsonValue,
          after: view(after) as unknown as JsonValue,
        });
        return view(after);
      });
      onRevoked(id);
      return revoked;
    },

    /**
     * On first start with no admin token: creates one, from `presetToken` if given, else random.
     * Returns the token when it was generated (to print once), undefined otherwise.
     */
    async bootstrapAdmin(
      presetToken: string | undefined,
    ): Promise<{ token: string; generated: boolean } | undefined> {
      return db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(${ADMINS_LOCK_KEY})`);
        if ((await countActiveAdmins(tx)) > 0) return undefined;
        const existing = presetToken ? await findByHash(tx, hashToken(presetToken)) : undefined;
        if (existing) {
          // Reached only when every admin token is revoked (a database from before revocation of the
          // last admin was refused, or edited by hand): the preset token cannot come back to life.
          throw new AdminTokenRefusedError(
            `FLAGSTAFF_ADMIN_TOKEN is ${existing.revokedAt ? 'a revoked' : 'an existing'} ${existing.kind} credential ` +
              `(${existing.id}) and there is no active admin token. Set FLAGSTAFF_ADMIN_TOKEN to a new ` +
              'token (24 to 200 characters), or unset it to have one generated, and start again.',
          );
        }
        const made = await create(
          tx,
          { kind: 'admin', name: 'bootstrap-admin', ...(presetToken ? { token: presetToken } : {}) },
          'system',
        );
        return { token: made.token, generated: presetToken === undefined };
      });
    },
  };
}

export type CredentialsService = ReturnType<typeof createCredentialsService>;
