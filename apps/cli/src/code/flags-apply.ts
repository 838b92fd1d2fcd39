import type { ApiClient, paths } from '@flagstaff/api-client';
import { unwrap } from '../api.ts';
import { CliError, serverError } from '../cli-error.ts';
import { EXIT } from '../exit-codes.ts';
import type { PlannedChange } from './flags-plan.ts';

type CreateBody = paths['/api/v1/flags']['post']['requestBody']['content']['application/json'];
type UpdateBody = NonNullable<
  paths['/api/v1/flags/{key}']['patch']['requestBody']
>['content']['application/json'];

export interface AppliedChange {
  key: string;
  kind: PlannedChange['kind'];
  /** The flag's version after the change. */
  version: number;
}

const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

/** One write the apply made, so that it can be undone. */
interface Step {
  key: string;
  action: 'create' | 'update' | 'archive' | 'unarchive';
  /** The version the write replaced (null for a create) and the one it made. */
  before: number | null;
  after: number;
}

/**
 * Makes sure no planned flag moved since the plan read it (nothing is written if one did), then
 * writes each change with the version the plan read (If-Match): a flag edited between the check and
 * its write is refused by the server (412, exit 5), never overwritten. When the server refuses a
 * write, the writes already made are undone (each updated flag restored to the version the plan
 * read, archive switches put back, created flags archived: flags cannot be deleted) and the error
 * says what was undone.
 */
export async function applyChanges(api: ApiClient, changes: PlannedChange[]): Promise<AppliedChange[]> {
  await checkUnchanged(api, changes);
  const applied: AppliedChange[] = [];
  const steps: Step[] = [];
  for (const change of changes) {
    try {
      applied.push({ key: change.key, kind: change.kind, version: await write(api, change, steps) });
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      const { undone, failed } = await undo(api, steps);
      const moved =
        error.exitCode === EXIT.conflict ? ' (changed by someone else since the plan: run apply again)' : '';
      const after =
        steps.length === 0
          ? 'nothing was applied'
          : failed.length === 0
            ? `the changes already made were undone (${undone.join(', ')})`
            : `could not undo ${failed.join(', ')} (edited meanwhile); undone: ${undone.join(', ') || 'none'}`;
      throw new CliError(
        error.exitCode,
        `apply stopped at flag ${change.key}: ${error.message}${moved}; ${after}`,
        error.code,
        { flag: change.key, undone, notUndone: failed, cause: error.details },
      );
    }
  }
  return applied;
}

/** Undoes `steps`, latest first; a flag whose undo is refused is named and left as it is. */
async function undo(api: ApiClient, steps: Step[]): Promise<{ undone: string[]; failed: string[] }> {
  const latest = new Map<string, number>();
  const failed = new Set<string>();
  for (const step of [...steps].reverse()) {
    if (failed.has(step.key)) continue;
    const version = latest.get(step.key) ?? step.after;
    try {
      let next: number;
      if (step.action === 'update') {
        const restore = api.POST('/api/v1/flags/{key}/versions/{version}/restore', {
          params: { path: { key: step.key, version: String(step.before) }, header: ifMatch(version) },
        });
        next = (await unwrap(restore)).version;
      } else {
        next = await setArchived(api, step.key, step.action !== 'archive', version);
      }
      latest.set(step.key, next);
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      failed.add(step.key);
    }
  }
  const undone = [...new Set(steps.map((step) => step.key))].filter((key) => !failed.has(key));
  return { undone, failed: [...failed] };
}

async function checkUnchanged(api: ApiClient, changes: PlannedChange[]): Promise<void> {
  for (const change of changes) {
    const { data, error, response } = await api.GET('/api/v1/flags/{key}', {
      params: { path: { key: change.key } },
    });
    if (!response.ok && response.status !== 404) throw serverError(response.status, error);
    const now = response.status === 404 ? null : (data?.version ?? null);
    if (now !== change.version) {
      const what =
        change.version === null
          ? 'was created'
          : now === null
            ? 'was deleted'
            : `moved from version ${change.version} to ${now}`;
      throw new CliError(
        EXIT.conflict,
        `flag ${change.key} ${what} since the plan was made: nothing was applied (run apply again to see the new plan)`,
        'PRECONDITION_FAILED',
        { flag: change.key, plannedVersion: change.version, currentVersion: now },
      );
    }
  }
}

/** One flag's writes, each naming the version the previous one left (recorded in `steps`). */
async function write(api: ApiClient, change: PlannedChange, steps: Step[]): Promise<number> {
  const key = change.key;
  let version: number;
  if (change.kind === 'create') {
    const created = await unwrap(api.POST('/api/v1/flags', { body: change.body as unknown as CreateBody }));
    version = created.version;
    steps.push({ key, action: 'create', before: null, after: version });
  } else {
    version = change.version as number;
    if (change.archive === false) {
      const after = await setArchived(api, key, false, version);
      steps.push({ key, action: 'unarchive', before: version, after });
      version = after;
    }
    if (change.body) {
      const updated = await unwrap(
        api.PATCH('/api/v1/flags/{key}', {
          params: { path: { key }, header: ifMatch(version) },
          body: change.body as unknown as UpdateBody,
        }),
      );
      // Restoring the version the plan read undoes the update (the archive switch is separate).
      steps.push({ key, action: 'update', before: change.version as number, after: updated.version });
      version = updated.version;
    }
  }
  if (change.archive === true) {
    const after = await setArchived(api, key, true, version);
    steps.push({ key, action: 'archive', before: version, after });
    version = after;
  }
  return version;
}

async function setArchived(api: ApiClient, key: string, archived: boolean, version: number): Promise<number> {
  const params = { params: { path: { key }, header: ifMatch(version) } };
  const flag = await unwrap(
    archived
      ? api.POST('/api/v1/flags/{key}/archive', params)
      : api.POST('/api/v1/flags/{key}/unarchive', params),
  );
  return flag.version;
}
