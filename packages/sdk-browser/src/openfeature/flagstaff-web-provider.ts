import type { JsonValue as FlagstaffJson } from '@flagstaff/evaluator';
import { fromOpenFeatureContext, toOpenFeatureResolution } from '@flagstaff/sdk-core';
import {
  type EvaluationContext,
  type JsonValue,
  OpenFeatureEventEmitter,
  type Provider,
  ProviderEvents,
  type ResolutionDetails,
} from '@openfeature/web-sdk';
import type { FlagstaffBrowserClient } from '../browser-client.ts';

/**
 * An OpenFeature web provider backed by a Flagstaff browser client: the static-context paradigm,
 * where OpenFeature's context is the client's user (`onContextChange` calls `identify`).
 * @example await OpenFeature.setProviderAndWait(new FlagstaffWebProvider(createClient({ url, clientKey, context })))
 */
export class FlagstaffWebProvider implements Provider {
  readonly metadata = { name: 'flagstaff' } as const;
  readonly runsOn = 'client' as const;
  readonly events = new OpenFeatureEventEmitter();
  // Declared and assigned rather than parameter properties: those would also be emitted as class
  // fields, bytes the bundle carries twice (ADR 0006).
  declare private readonly client: FlagstaffBrowserClient;
  declare private readonly readyTimeout: number;
  declare private readonly unsubscribe: (() => void)[];

  /**
   * @param client The browser client whose user is OpenFeature's context.
   * @param readyTimeout How long `initialize` waits for the network before serving what it has. @default 5000
   */
  constructor(client: FlagstaffBrowserClient, readyTimeout = 5000) {
    this.client = client;
    this.readyTimeout = readyTimeout;
    this.unsubscribe = [
      client.on('change', (e) => {
        if (e.source !== 'identify')
          this.events.emit(ProviderEvents.ConfigurationChanged, { flagsChanged: e.flags });
      }),
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

  async initialize(context?: EvaluationContext): Promise<void> {
    if (context !== undefined) this.client.identify(fromOpenFeatureContext(context));
    await this.client.ready({ timeout: this.readyTimeout });
  }

  onContextChange(_: EvaluationContext, next: EvaluationContext): void {
    this.client.identify(fromOpenFeatureContext(next));
  }

  async onClose(): Promise<void> {
    for (const stop of this.unsubscribe) stop();
    this.client.close();
  }

  private resolve<T>(flag: string, defaultValue: T): ResolutionDetails<T> {
    return toOpenFeatureResolution(
      this.client.explain(flag, defaultValue as FlagstaffJson),
    ) as ResolutionDetails<T>;
  }

  resolveBooleanEvaluation(flag: string, defaultValue: boolean) {
    return this.resolve(flag, defaultValue);
  }

  resolveStringEvaluation(flag: string, defaultValue: string) {
    return this.resolve(flag, defaultValue);
  }

  resolveNumberEvaluation(flag: string, defaultValue: number) {
    return this.resolve(flag, defaultValue);
  }

  resolveObjectEvaluation<T extends JsonValue>(flag: string, defaultValue: T) {
    return this.resolve(flag, defaultValue);
  }
}
