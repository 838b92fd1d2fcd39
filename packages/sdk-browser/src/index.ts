export type { Evaluation, EvaluationContext, JsonValue, Snapshot } from '@flagstaff/evaluator';
export {
  type DataSource,
  FlagstaffError,
  type FlagstaffErrorCode,
  type ReadySource,
} from '@flagstaff/sdk-core';
export type { ChangeEvent, ClientEvents, FlagstaffBrowserClient } from './browser-client.ts';
export { createClient } from './client.ts';
export type { ClientOptions, KeyValueStorage } from './client-options.ts';
export type { EventSourceConstructor, EventSourceLike } from './event-source-stream.ts';
