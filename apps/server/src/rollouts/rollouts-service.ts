import { randomBytes } from 'node:crypto';
import type { JsonValue } from '@flagstaff/evaluator';
import { insertAudit } from '../audit/audit-repository.ts';
import type { Db } from '../db/database.ts';
import { ConflictError, NotFoundError, ValidationError } from '../errors.ts';
import type { FlagView } from '../flags/flag-document.ts';
import type { WrittenFlag } from '../flags/flag-writer.ts';
import type { FlagsService } from '../flags/flags-service.ts';
import type { GuardReading } from './criteria-checks.ts';
import { decide } from './decide.ts';
import { applyTransition, type Transition, withPercentage } from './plan-transitions.ts';
import { type Fetch, readGuards } from './prometheus-guards.ts';
import { messages } from './rollout-messages.ts';
import {
  type Criteria,
  DEFAULT_CRITERIA,
  type PrometheusGuard,
  type Stage,
  TEMPLATE_STAGES,
  type Verdict,
} from './rollout-model.ts';
import { type RiskFactor, suggestTemplate } from './rollout-templates.ts';
import { type PlanView, servedPercentage, stagesOf, toEventView, toPlanView } from './rollout-view.ts';
import {
  findActivePlan,
  findPlan,
  insertRolloutEvent,
  listPlans,
  listRolloutEvents,
  type PlanFilter,
  type PlanRow,
  tryInsertPlan,
  updatePlan,
} from './rollouts-repository.ts';
import type { SignalSource, SignalsQuery, SignalWindow } from './signals-port.ts';

export interface StartPlanInput {
  flag: string;
  environment: string;
  template?: 'standard' | 'conservative' | 'aggressive' | 'custom' | undefined;
  /** Custom stages (percentages, rising, ending at 100); with a template, its ladder is used. */
  stages?: number[] | undefined;
  risk?: { level?: 'high' | 'medium' | 'low' | undefined; factors?: RiskFactor[] | undefined } | undefined;
  /** Minimum time at each stage; default from the risk (30 min, 4 h critical, 24 h database). */
  minStageSeconds?: number | undefined;
  treatmentVariant?: string | undefined;
  criteria?: DeepPartial<Criteria> | undefined;
  guards?: PrometheusGuard[] | undefined;
}

type DeepPartial<T> = { [K in keyof T]?: (T[K] extends object ? DeepPartial<T[K]> : T[K]) | undefined };

export interface RolloutsServiceDeps {
  db: Db;
  flags: Pick<FlagsService, 'get' | 'changeWithin' | 'published'>;
  signals: SignalSource;
  clock: () => Date;
  prometheusUrl?: string | undefined;
  fetch?: Fetch;
}

export const ENGINE_ACTOR = 'rollout-engine';

function mergeCriteria(given: DeepPartial<Criteria> = {}): Criteria {
  // Absent and undefined alike keep the default.
  const overrides = JSON.parse(JSON.stringify(given)) as DeepPartial<Criteria>;
  return {
    ...DEFAULT_CRITERIA,
    ...overrides,
    advance: { ...DEFAULT_CRITERIA.advance, ...overrides.advance },
    rollback: { ...DEFAULT_CRITERIA.rollback, ...overrides.rollback },
    alerts: { ...DEFAULT_CRITERIA.alerts, ...overrides.alerts },
  } as Criteria;
}

/** Seconds of the series' buckets: about ten per stage, never under a minute. */
export const resolutionOf = (stage: Stage) => Math.max(60, Math.round(stage.minDurationSeconds / 10));

export function createRolloutsService(deps: RolloutsServiceDeps) {
  const { db, flags, clock } = deps;
  let prometheusUrl = deps.prometheusUrl;

  /** The plan's ladder: custom stages, the named template's, or the one the flag's risk suggests. */
  function stagesFor(input: StartPlanInput, flag: FlagView) {
    const suggestion = suggestTemplate(flag.tags, input.risk);
    const template = input.template ?? (input.stages ? 'custom' : suggestion.template);
    const minDurationSeconds = input.minStageSeconds ?? suggestion.stages[0]!.minDurationSeconds;
    const percentages = template === 'custom' ? input.stages : TEMPLATE_STAGES[template];
    if (!percentages)
      throw new ValidationError([{ path: ['stages'], message: 'a custom plan lists its stages' }]);
    return {
      template,
      suggestion,
      stages: percentages.map((percentage) => ({ percentage, minDurationSeconds })),
    };
  }

  /** After a commit: the flag change reaches delivery and the read caches. */
  function publish(written: WrittenFlag | undefined) {
    if (written) flags.published(written);
  }

  async function transition(id: string, build: (plan: PlanRow) => Transition, expectActive = true) {
    const now = clock();
    const result = await db.transaction(async (tx) => {
      const plan = await findPlan(tx, id, true);
      if (!plan) throw new NotFoundError(`Rollout ${id}`);
      if (expectActive && plan.status !== 'running' && plan.status !== 'paused') {
        throw new ConflictError('ROLLOUT_NOT_ACTIVE', `Rollout ${id} is ${plan.status}`);
      }
      return applyTransition(tx, flags, plan, build(plan));
    });
    publish(result.written);
    return toPlanView(result.plan, now);
  }

  return {
    suggest(tags: string[], risk?: StartPlanInput['risk']) {
      return suggestTemplate(tags, risk);
    },

    async start(input: StartPlanInput, actor: string): Promise<PlanView> {
      const now = clock();
      const flag = await flags.get(input.flag);
      const state = flag.environments[input.environment];
      if (!state) throw new NotFoundError(`Environment ${input.environment}`);
      const { template, suggestion, stages: all } = stagesFor(input, flag);
      const stable = state.offVariant;
      const treatment =
        input.treatmentVariant ??
        (state.fallthrough.variant && state.fallthrough.variant !== stable
          ? state.fallthrough.variant
          : flag.variants.find((v) => v.key !== stable)?.key);
      if (!treatment || !flag.variants.some((v) => v.key === treatment) || treatment === stable) {
        throw new ValidationError([
          {
            path: ['treatmentVariant'],
            message: `name a variant of ${flag.key} other than the off variant ${stable}`,
          },
        ]);
      }
      // Stages only add users: a flag already serving some of them starts at the first stage above.
      const current =
        state.enabled && state.fallthrough.variant === treatment ? (state.fallthrough.percentage ?? 100) : 0;
      const stages = all.filter((s) => s.percentage > current);
      if (stages.length === 0) {
        throw new ConflictError('CONFLICT', `${flag.key} already serves ${current}% in ${input.environment}`);
      }
      const id = `ro_${randomBytes(8).toString('hex')}`;
      const first = stages[0]!;
      const message = messages.started(flag.key, input.environment, stages, now);
      const result = await db.transaction(async (tx) => {
        const plan = await tryInsertPlan(tx, {
          id,
          flagKey: flag.key,
          environmentKey: input.environment,
          status: 'running',
          template,
          risk: {
            factors: suggestion.factors,
            reasons: suggestion.reasons,
            level: input.risk?.level ?? null,
          },
          stages: stages as unknown as JsonValue,
          stageIndex: 0,
          stageStartedAt: now,
          stageFlagVersion: 0,
          treatmentVariant: treatment,
          stableVariant: stable,
          criteria: mergeCriteria(input.criteria) as unknown as JsonValue,
          guards: (input.guards ?? []) as unknown as JsonValue,
          createdBy: actor,
          createdAt: now,
          updatedAt: now,
        });
        if (!plan) {
          const active = await findActivePlan(tx, flag.key, input.environment);
          throw new ConflictError(
            'ROLLOUT_IN_PROGRESS',
            `${flag.key} already has an active rollout in ${input.environment}: ${active?.id ?? 'another plan'}`,
            { plan: active?.id ?? null },
          );
        }
        const written = await flags.changeWithin(tx, {
          key: flag.key,
          expectedVersion: 'any',
          actor,
          action: 'flag.updated',
          plan: id,
          apply: withPercentage(plan, first.percentage),
          events: [
            {
              type: 'rollout.started',
              environment: input.environment,
              subject: { kind: 'rollout', key: flag.key },
              message,
              data: {
                plan: id,
                flag: flag.key,
                actor,
                from: current,
                to: first.percentage,
                stages: stages as unknown as JsonValue,
                reasons: suggestion.reasons,
              },
            },
          ],
        });
        const started = await updatePlan(tx, id, plan.version, { stageFlagVersion: written.view.version });
        await insertRolloutEvent(tx, {
          planId: id,
          at: now,
          kind: 'started',
          actor,
          fromPercentage: current,
          toPercentage: first.percentage,
          message,
          figures: { reasons: suggestion.reasons },
        });
        await insertAudit(tx, {
          actor,
          action: 'rollout.started',
          resourceType: 'rollout',
          resourceKey: id,
          environmentKey: input.environment,
          before: null,
          after: toPlanView(started!, now) as unknown as JsonValue,
        });
        return { plan: started!, written };
      });
      publish(result.written);
      return toPlanView(result.plan, now);
    },

    pause(id: string, actor: string) {
      return transition(id, (plan) => {
        if (plan.status !== 'running')
          throw new ConflictError('ROLLOUT_NOT_ACTIVE', `Rollout ${id} is ${plan.status}`);
        const at = clock();
        return {
          kind: 'paused',
          actor,
          at,
          set: { status: 'paused' },
          message: messages.paused(plan.flagKey, servedPercentage(plan), actor),
          figures: {},
        };
      });
    },

    resume(id: string, actor: string) {
      return transition(id, (plan) => {
        if (plan.status !== 'paused')
          throw new ConflictError('ROLLOUT_NOT_ACTIVE', `Rollout ${id} is ${plan.status}`);
        const at = clock();
        return {
          kind: 'resumed',
          actor,
          at,
          set: { status: 'running' },
          message: messages.resumed(plan.flagKey, servedPercentage(plan), actor),
          figures: {},
        };
      });
    },

    /** A person moves the plan on, whatever the criteria say (audited with the actor). */
    advance(id: string, actor: string) {
      return transition(id, (plan) => nextStage(plan, actor, clock(), {}, true));
    },

    rollback(id: string, actor: string, reason: string) {
      return transition(id, (plan) =>
        rollbackOf(plan, actor, clock(), `${reason} (by ${actor})`, { manual: true }),
      );
    },

    /** A new plan like a rolled-back one, from its first stage, with the same bucketing (the flag's salt). */
    async restart(id: string, actor: string): Promise<PlanView> {
      const plan = await findPlan(db, id);
      if (!plan) throw new NotFoundError(`Rollout ${id}`);
      if (plan.status !== 'rolled_back') {
        throw new ConflictError(
          'ROLLOUT_NOT_ACTIVE',
          `Only a rolled-back rollout restarts; ${id} is ${plan.status}`,
        );
      }
      const stages = stagesOf(plan);
      return this.start(
        {
          flag: plan.flagKey,
          environment: plan.environmentKey,
          template: plan.template as StartPlanInput['template'],
          stages: stages.map((s) => s.percentage),
          minStageSeconds: stages[0]?.minDurationSeconds,
          treatmentVariant: plan.treatmentVariant,
          criteria: plan.criteria as unknown as Criteria,
          guards: plan.guards as unknown as PrometheusGuard[],
        },
        actor,
      );
    },

    async get(id: string, live = true) {
      const now = clock();
      const plan = await findPlan(db, id);
      if (!plan) throw new NotFoundError(`Rollout ${id}`);
      const history = (await listRolloutEvents(db, id)).map(toEventView);
      const verdict = live && plan.status === 'running' ? await look(plan, now, 'full') : null;
      return { ...toPlanView(plan, now), verdict, history };
    },

    async list(filter: PlanFilter): Promise<PlanView[]> {
      const now = clock();
      return (await listPlans(db, filter)).map((row) => toPlanView(row, now));
    },

    look,
    lookMany,

    /** Points the guards at another Prometheus (tests start theirs after the app). */
    setPrometheusUrl(url: string | undefined) {
      prometheusUrl = url;
    },
  };

  function queryOf(plan: PlanRow, now: Date): SignalsQuery {
    return {
      environment: plan.environmentKey,
      flagKey: plan.flagKey,
      minVersion: plan.stageFlagVersion,
      since: plan.stageStartedAt,
      until: now,
      resolutionSeconds: resolutionOf(stagesOf(plan)[plan.stageIndex]!),
    };
  }

  function decideFor(plan: PlanRow, now: Date, window: SignalWindow, guards: GuardReading[], detail: Detail) {
    const stage = stagesOf(plan)[plan.stageIndex]!;
    const criteria = plan.criteria as unknown as Criteria;
    return decide({ now, stage, stageStartedAt: plan.stageStartedAt, criteria, window, guards }, detail);
  }

  function guardsOf(plan: PlanRow, now: Date) {
    return readGuards(prometheusUrl, plan.guards as unknown as PrometheusGuard[], now, deps.fetch);
  }

  /** Reads the stage's signals and guards, and decides. */
  async function look(plan: PlanRow, now: Date, detail: Detail): Promise<Verdict> {
    const [window, guards] = await Promise.all([deps.signals.read(queryOf(plan, now)), guardsOf(plan, now)]);
    return decideFor(plan, now, window, guards, detail);
  }

  /**
   * The same for many plans (the engine's tick): their signals in a few statements for all of them,
   * the Prometheus guards of a few plans at a time.
   */
  async function lookMany(plans: PlanRow[], now: Date, detail: Detail): Promise<Verdict[]> {
    const [windows, guards] = await Promise.all([
      deps.signals.readMany(plans.map((plan) => queryOf(plan, now))),
      mapLimit(plans, GUARD_READS_AT_ONCE, (plan) => guardsOf(plan, now)),
    ]);
    return plans.map((plan, i) => decideFor(plan, now, windows[i]!, guards[i]!, detail));
  }
}

type Detail = 'full' | 'decision';

/** Plans whose Prometheus guards are read at once in a tick. */
const GUARD_READS_AT_ONCE = 16;

/** `fn` over `items`, at most `limit` at a time, results in order. */
async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** The plan's next step up: the next stage, or complete when that is 100%. */
export function nextStage(
  plan: PlanRow,
  actor: string,
  at: Date,
  figures: JsonValue,
  byHand = false,
): Transition {
  const stages = stagesOf(plan);
  const from = servedPercentage(plan);
  const next = stages[plan.stageIndex + 1];
  if (!next || next.percentage >= 100) {
    return {
      kind: 'completed',
      actor,
      at,
      set: { status: 'completed', stageIndex: stages.length - 1, stageStartedAt: at, endedAt: at },
      percentage: { from, to: 100 },
      message: messages.completed(plan.flagKey),
      figures,
    };
  }
  return {
    kind: 'advanced',
    actor,
    at,
    set: { stageIndex: plan.stageIndex + 1, stageStartedAt: at, alerts: {} },
    percentage: { from, to: next.percentage },
    message: byHand
      ? messages.advancedByHand(plan.flagKey, next.percentage, actor)
      : messages.advanced(plan.flagKey, next.percentage),
    figures,
  };
}

export function rollbackOf(
  plan: PlanRow,
  actor: string,
  at: Date,
  reason: string,
  figures: Record<string, JsonValue>,
): Transition {
  return {
    kind: 'rolled_back',
    actor,
    at,
    set: { status: 'rolled_back', endedAt: at, endedReason: { reason, actor, ...figures } },
    percentage: { from: servedPercentage(plan), to: 0 },
    message: messages.rolledBack(reason),
    figures,
  };
}

export type RolloutsService = ReturnType<typeof createRolloutsService>;
