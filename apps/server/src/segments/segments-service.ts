import type { Condition, JsonValue } from '@flagstaff/evaluator';
import { validateSegment } from '@flagstaff/evaluator/validate';
import type { Db } from '../db/database.ts';
import { ConflictError, NotFoundError, ValidationError } from '../errors.ts';
import { recordChange } from '../events/record-change.ts';
import { flagsUsingSegment } from '../flags/flags-repository.ts';
import { checkIfMatch } from '../http/if-match.ts';
import type { CreateSegmentInput, UpdateSegmentInput } from './segment-schemas.ts';
import {
  deleteSegment,
  findSegment,
  listSegments,
  type SegmentRow,
  tryInsertSegment,
  updateSegment,
} from './segments-repository.ts';

export interface SegmentView {
  key: string;
  name: string;
  description: string;
  included: string[];
  excluded: string[];
  conditions: Condition[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

function view(row: SegmentRow): SegmentView {
  return {
    key: row.key,
    name: row.name,
    description: row.description,
    included: row.included,
    excluded: row.excluded,
    conditions: row.conditions,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function compact<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function checkSegment(segment: {
  key: string;
  included: string[];
  excluded: string[];
  conditions: Condition[];
}) {
  const result = validateSegment(segment);
  if (!result.ok) throw new ValidationError(result.issues, 'The segment is invalid');
}

export function createSegmentsService(
  db: Db,
  clock: () => Date = () => new Date(),
  /** Called after each write commits (live delivery reads the new revisions). */
  onCommit: () => void = () => {},
) {
  async function audit(
    tx: Db,
    actor: string,
    action: 'segment.created' | 'segment.updated' | 'segment.deleted',
    key: string,
    before: SegmentView | null,
    after: SegmentView | null,
  ) {
    await recordChange(tx, {
      audit: {
        actor,
        action,
        resourceType: 'segment',
        resourceKey: key,
        before: before as unknown as JsonValue,
        after: after as unknown as JsonValue,
      },
      event: {
        type: action,
        environment: null,
        subject: { kind: 'segment', key },
        message: `Segment ${key} ${action === 'segment.created' ? 'was created' : action === 'segment.updated' ? 'was changed' : 'was deleted'} by ${actor}`,
        data: { actor },
      },
      bump: 'all',
    });
  }

  return {
    async list(page: { limit: number; cursor?: string | undefined }) {
      const rows = await listSegments(db, { after: page.cursor, limit: page.limit + 1 });
      const items = rows.slice(0, page.limit).map(view);
      return { items, nextCursor: rows.length > page.limit ? (items.at(-1)?.key ?? null) : null };
    },

    async get(key: string): Promise<SegmentView> {
      const row = await findSegment(db, key);
      if (!row) throw new NotFoundError(`Segment ${key}`);
      return view(row);
    },

    async create(input: CreateSegmentInput, actor: string): Promise<SegmentView> {
      const fields = compact({
        key: input.key,
        included: input.included ?? [],
        excluded: input.excluded ?? [],
        conditions: (input.conditions ?? []) as Condition[],
      });
      checkSegment(fields);
      const written = await db.transaction(async (tx) => {
        const row = await tryInsertSegment(tx, {
          ...fields,
          name: input.name ?? input.key,
          description: input.description ?? '',
        });
        if (!row) throw new ConflictError('ALREADY_EXISTS', `Segment ${input.key} already exists`);
        const created = view(row);
        await audit(tx, actor, 'segment.created', row.key, null, created);
        return created;
      });
      onCommit();
      return written;
    },

    async update(key: string, input: UpdateSegmentInput, ifMatch: string | undefined, actor: string) {
      const written = await db.transaction(async (tx) => {
        const row = await findSegment(tx, key, true);
        if (!row) throw new NotFoundError(`Segment ${key}`);
        checkIfMatch(ifMatch, row.version);
        const fields = compact({
          key,
          included: input.included ?? row.included,
          excluded: input.excluded ?? row.excluded,
          conditions: (input.conditions ?? row.conditions) as Condition[],
        });
        checkSegment(fields);
        const updated = await updateSegment(tx, key, {
          included: fields.included,
          excluded: fields.excluded,
          conditions: fields.conditions,
          name: input.name ?? row.name,
          description: input.description ?? row.description,
          version: row.version + 1,
          updatedAt: clock(),
        });
        const after = view(updated);
        await audit(tx, actor, 'segment.updated', key, view(row), after);
        return after;
      });
      onCommit();
      return written;
    },

    /** Refused while any flag, in any environment, still targets the segment. */
    async remove(key: string, ifMatch: string | undefined, actor: string): Promise<void> {
      await db.transaction(async (tx) => {
        const row = await findSegment(tx, key, true);
        if (!row) throw new NotFoundError(`Segment ${key}`);
        if (ifMatch !== undefined) checkIfMatch(ifMatch, row.version);
        const users = await flagsUsingSegment(tx, key);
        if (users.length > 0) {
          throw new ConflictError(
            'SEGMENT_IN_USE',
            `Segment ${key} is still used by flag${users.length > 1 ? 's' : ''} ${users.join(', ')}`,
            { flags: users },
          );
        }
        await deleteSegment(tx, key);
        await audit(tx, actor, 'segment.deleted', key, view(row), null);
      });
      onCommit();
    },
  };
}

export type SegmentsService = ReturnType<typeof createSegmentsService>;
