import type { JsonValue as FlagstaffJson } from '@flagstaff/evaluator';
import { fromOpenFeatureContext, toOpenFeatureResolution } from '@flagstaff/sdk-core';
import {
  type EvaluationContext,
  type JsonValue,
  OpenFeatureEventEmitter,
  type Provider,
  ProviderEvents,
  type ResolutionDetails,
  type TrackingEventDetails,
} from '@openfeature/server-sdk';
import type { FlagstaffClient } from '../flagstaff-client.ts';

/**
 * An OpenFeature server provider backed by a Flagstaff client. The client stays the fast path:
 * OpenFeature adds hooks and a promise per evaluation; use it where vendor neutrality matters.
 * @example OpenFeature.setProviderAndWait(new FlagstaffProvider(createClient({ url, sdkKey })))
 */
export class FlagstaffProvider implements Provider {
  readonly metadata = { name: 'flagstaff' } as const;
  readonly runsOn = 'server' as const;
  readonly events = new OpenFeatureEventEmitter();
  private readonly unsubscribe: (() => void)[];

  constructor(
    private readonly client: FlagstaffClient,
    /** How long `initialize` waits for the network before serving what it has. @default 5000 */
    private readonly readyTimeout = 5000,
  ) {
    this.unsubscribe = [
      client.on('change', (e) =>
        this.events.emit(ProviderEvents.ConfigurationChanged, { flagsChanged: e.flags }),
      ),
      client.on('stale', ({ stale }) =>
        this.events.emit(stale ? ProviderEvents.Stale : ProviderEvents.Ready),
      ),
      client.on('error', (error) => {
        if (error.code === 'UNAUTHORIZED' || error.code === 'FORBIDDEN') {
          this.events.emit(ProviderEvents.Error, { message: error.message });
        }
      }),
    ];
  }

  async initialize(): Promise<void> {
    // Resolves whatever happens: with no data yet, flags serve their defaults (reason ERROR).
    await this.client.ready({ timeout: this.readyTimeout });
  }

  async onClose(): Promise<void> {
    for (const stop of this.unsubscribe) stop();
    await this.client.close();
  }

  private resolve<T>(flag: string, defaultValue: T, context: EvaluationContext): ResolutionDetails<T> {
    const evaluation = this.client.explain(
      flag,
      fromOpenFeatureContext(context),
      defaultValue as FlagstaffJson,
    );
    return toOpenFeatureResolution(evaluation) as ResolutionDetails<T>;
  }

  async resolveBooleanEvaluation(flag: string, defaultValue: boolean, context: EvaluationContext) {
    return this.resolve(flag, defaultValue, context);
  }

  async resolveStringEvaluation(flag: string, defaultValue: string, context: EvaluationContext) {
    return this.resolve(flag, defaultValue, context);
  }

  async resolveNumberEvaluation(flag: string, defaultValue: number, context: EvaluationContext) {
    return this.resolve(flag, defaultValue, context);
  }

  async resolveObjectEvaluation<T extends JsonValue>(
    flag: string,
    defaultValue: T,
    context: EvaluationContext,
  ) {
    return this.resolve(flag, defaultValue, context);
  }

  /**
   * A conversion event, as the client's `track`: attributed to the flags named in
   * `details.flags` (an array of keys), else to every flag with a gated default rollout.
   */
  track(trackingEventName: string, context: EvaluationContext, details?: TrackingEventDetails): void {
    const flags = details?.flags;
    const named = Array.isArray(flags) ? flags.filter((f): f is string => typeof f === 'string') : undefined;
    this.client.track(
      trackingEventName,
      fromOpenFeatureContext(context),
      named ? { flags: named } : undefined,
    );
  }
}
