import type { JsonValue } from '@flagstaff/evaluator';
import type { Db } from '../db/database.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { recordChange } from '../events/record-change.ts';
import {
  type EnvironmentRow,
  findEnvironment,
  insertEnvironment,
  listEnvironments,
} from './environments-repository.ts';

export interface EnvironmentView {
  key: string;
  name: string;
  revision: number;
  createdAt: string;
}

export function environmentView(row: EnvironmentRow): EnvironmentView {
  return { key: row.key, name: row.name, revision: row.revision, createdAt: row.createdAt.toISOString() };
}

/** `onCommit`: called after each write commits (live delivery picks up the new environment). */
export function createEnvironmentsService(db: Db, onCommit: () => void = () => {}) {
  return {
    async list(): Promise<EnvironmentView[]> {
      return (await listEnvironments(db)).map(environmentView);
    },

    async get(key: string): Promise<EnvironmentView> {
      const row = await findEnvironment(db, key);
      if (!row) throw new NotFoundError(`Environment ${key}`);
      return environmentView(row);
    },

    /** A new environment starts with every flag disabled in it. */
    async create(input: { key: string; name: string }, actor: string): Promise<EnvironmentView> {
      const written = await db.transaction(async (tx) => {
        const row = await insertEnvironment(tx, input.key, input.name);
        if (!row) throw new ConflictError('ALREADY_EXISTS', `Environment ${input.key} already exists`);
        const created = environmentView(row);
        await recordChange(tx, {
          audit: {
            actor,
            action: 'environment.created',
            resourceType: 'environment',
            resourceKey: row.key,
            environmentKey: row.key,
            before: null,
            after: created as unknown as JsonValue,
          },
          event: {
            type: 'environment.created',
            environment: row.key,
            subject: { kind: 'environment', key: row.key },
            message: `Environment ${row.key} was created by ${actor}`,
            data: { actor },
          },
          bump: 'none',
        });
        return created;
      });
      onCommit();
      return written;
    },
  };
}

export type EnvironmentsService = ReturnType<typeof createEnvironmentsService>;
