/**
 * @growthbook/growthbook, offline: the multi-user `GrowthBookClient` initialised synchronously from
 * an in-memory payload (`initSync`), evaluated with `isOn(key, { attributes })`.
 */
import { type Attributes, type FeatureDefinition, GrowthBookClient } from '@growthbook/growthbook';
import type { FlagImplementation } from '../implementation.ts';
import type { FlagSpec } from '../scenarios.ts';
import { TARGETING } from '../scenarios.ts';
import type { User } from '../users.ts';

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The feature as GrowthBook's SDK payload carries it: a forced value behind condition + coverage. */
export function toGrowthBookFeature(flag: FlagSpec): FeatureDefinition<boolean> {
  if (flag.kind === 'on-off') return { defaultValue: true };
  const rollout = {
    id: `fr_${flag.key}`,
    force: true,
    coverage: flag.percentage / 100,
    hashAttribute: 'id',
    seed: flag.salt,
    hashVersion: 2,
  };
  if (flag.kind === 'rollout') return { defaultValue: false, rules: [rollout] };
  const { countries, emailDomains, plans } = flag.targeting ?? TARGETING;
  return {
    defaultValue: false,
    rules: [
      {
        ...rollout,
        // GrowthBook's UI writes "ends with" as an anchored, escaped $regex.
        condition: {
          country: { $in: [...countries] },
          email: { $regex: `(?:${emailDomains.map(escapeRegex).join('|')})$` },
          plan: plans.length === 1 ? plans[0]! : { $in: [...plans] },
        },
      },
    ],
  };
}

export function createGrowthBookClient(flags: readonly FlagSpec[]): GrowthBookClient {
  const features: Record<string, FeatureDefinition> = {};
  for (const flag of flags) features[flag.key] = toGrowthBookFeature(flag);
  return new GrowthBookClient().initSync({ payload: { features } });
}

export function toGrowthBookAttributes(user: User): { attributes: Attributes } {
  return { attributes: { id: user.userId, country: user.country, email: user.email, plan: user.plan } };
}

export function createGrowthBook(flags: readonly FlagSpec[], users: readonly User[]): FlagImplementation {
  const gb = createGrowthBookClient(flags);
  const contexts = users.map(toGrowthBookAttributes);
  return {
    name: '@growthbook/growthbook',
    isPeer: true,
    evaluate: (key, i) => gb.isOn(key, contexts[i]!),
    loop: (key) => (reps) => {
      let n = 0;
      for (let r = 0; r < reps; r++) {
        for (let i = 0; i < contexts.length; i++) if (gb.isOn(key, contexts[i]!)) n++;
      }
      return n;
    },
    close: () => gb.destroy(),
  };
}
