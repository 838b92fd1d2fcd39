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

/**
 * Makes sure no planned flag moved since the plan read it (nothing is written if one did), then
 * writes each change with the version the plan read (If-Match): a flag edited between the check and
 * its write is refused by the server (412, exit 5), never overwritten. A refusal stops the apply and
 * names what was already applied.
 */
export async function applyChanges(api: ApiClient, changes: PlannedChange[]): Promise<AppliedChange[]> {
  await checkUnchanged(api, changes);
  const applied: AppliedChange[] = [];
  for (const change of changes) {
    try {
      applied.push({ key: change.key, kind: change.kind, version: await write(api, change) });
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      const before =
        applied.length > 0
          ? `; applied before it: ${applied.map((a) => a.key).join(', ')}`
          : '; nothing was applied';
      const moved =
        error.exitCode === EXIT.conflict ? ' (changed by someone else since the plan: run apply again)' : '';
      throw new CliError(
        error.exitCode,
        `apply stopped at flag ${change.key}: ${error.message}${moved}${before}`,
        error.code,
        { flag: change.key, applied, cause: error.details },
      );
    }
  }
  return applied;
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

/** One flag's writes, each naming the version the previous one left; the version at the end. */
async function write(api: ApiClient, change: PlannedChange): Promise<number> {
  const path = { key: change.key };
  let version: number;
  if (change.kind === 'create') {
    const created = await unwrap(api.POST('/api/v1/flags', { body: change.body as unknown as CreateBody }));
    version = created.version;
  } else {
    version = change.version as number;
    if (change.archive === false) version = await setArchived(api, change.key, false, version);
    if (change.body) {
      const updated = await unwrap(
        api.PATCH('/api/v1/flags/{key}', {
          params: { path, header: ifMatch(version) },
          body: change.body as unknown as UpdateBody,
        }),
      );
      version = updated.version;
    }
  }
  if (change.archive === true) version = await setArchived(api, change.key, true, version);
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
