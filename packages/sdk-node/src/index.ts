export type { Evaluation, EvaluationContext, JsonValue, Snapshot } from '@flagstaff/evaluator';
export {
  type DataSource,
  FlagstaffError,
  type FlagstaffErrorCode,
  type ReadySource,
  type SnapshotStore,
} from '@flagstaff/sdk-core';
export { createClient } from './client.ts';
export type { ClientOptions } from './client-options.ts';
export type { ChangeEvent, ClientEvents, FlagstaffClient } from './flagstaff-client.ts';
