import { NotFoundError } from '../errors.ts';
import type { FlagView } from './flag-document.ts';
import type { FlagLifecycle, StageView } from './flag-lifecycle-port.ts';
import type { ListFlagsQuery } from './flag-schemas.ts';
import type { FlagsService } from './flags-service.ts';

export type FlagRead = FlagView & { lifecycle: Record<string, StageView> };

/** A lifecycle-filtered list reads the flags in pages of this many, until it has a page of matches. */
const SCAN_PAGE = 500;

/** Flag reads as the API answers them: each flag with its lifecycle stage per environment. */
export function flagReads(flags: FlagsService, lifecycle: FlagLifecycle) {
  async function annotate(views: FlagView[]): Promise<FlagRead[]> {
    const stages = await lifecycle.stages(views);
    return views.map((view) => ({ ...view, lifecycle: stages.get(view.key) ?? {} }));
  }

  return {
    async get(key: string): Promise<FlagRead> {
      const [read] = await annotate([await flags.get(key)]);
      if (!read) throw new NotFoundError(`Flag ${key}`);
      return read;
    },

    /**
     * A page of flags. With `lifecycle`, only flags at that stage (in `environment`, else in any): the
     * flags are read in key order until the page is full, so a full page's cursor may lead to an empty one.
     */
    async list(query: ListFlagsQuery): Promise<{ items: FlagRead[]; nextCursor: string | null }> {
      const { lifecycle: stage, environment, ...filter } = query;
      if (environment !== undefined && !(await lifecycle.environmentExists(environment))) {
        throw new NotFoundError(`Environment ${environment}`);
      }
      if (stage === undefined) {
        const page = await flags.list(filter);
        return { items: await annotate(page.items), nextCursor: page.nextCursor };
      }
      const matches = (read: FlagRead) =>
        environment !== undefined
          ? read.lifecycle[environment]?.stage === stage
          : Object.values(read.lifecycle).some((s) => s.stage === stage);
      const items: FlagRead[] = [];
      let cursor = filter.cursor;
      for (;;) {
        const page = await flags.list({ ...filter, limit: SCAN_PAGE, ...(cursor ? { cursor } : {}) });
        for (const read of await annotate(page.items)) {
          if (!matches(read)) continue;
          items.push(read);
          if (items.length === query.limit) return { items, nextCursor: read.key };
        }
        if (!page.nextCursor) return { items, nextCursor: null };
        cursor = page.nextCursor;
      }
    },
  };
}
