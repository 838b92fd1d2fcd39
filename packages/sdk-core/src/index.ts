export { applyPatch } from './apply-patch.ts';
export { type Backoff, type BackoffOptions, createBackoff } from './backoff.ts';
export { createEmitter, type Emitter, type EventMap } from './emitter.ts';
export { fetchStream } from './fetch-stream.ts';
export {
  type CoreEvents,
  createFlagData,
  type DataSource,
  type FlagData,
  type FlagDataOptions,
  type HeldSnapshot,
  type ReadySource,
} from './flag-data.ts';
export { FlagstaffError, type FlagstaffErrorCode } from './flagstaff-error.ts';
export { refusal, retryable } from './http-status.ts';
export { createMetrics, type Metrics, type MetricsOptions, type MetricsReport } from './metrics.ts';
export {
  fromOpenFeatureContext,
  type OpenFeatureResolution,
  toOpenFeatureResolution,
} from './openfeature-mapping.ts';
export { parseSnapshot, parseSnapshotJson } from './parse-snapshot.ts';
export { type PatchEvents, patchEvents } from './patch-events.ts';
export { createSignals, type LatencyRecorder, type Signals, type SignalsOptions } from './signals.ts';
export {
  countName,
  errorType,
  LATENCY_RELATIVE_ACCURACY,
  MAX_CONVERSION_NAMES,
  MAX_ERROR_TYPES,
  MAX_SIGNALS_PER_REPORT,
  newBatchId,
  type SignalEntry,
  type SignalsReport,
  signalName,
  type WireSketch,
} from './signals-report.ts';
export { createSnapshotHolder, type SnapshotHolder } from './snapshot-holder.ts';
export type { SnapshotStore } from './snapshot-store.ts';
export { createSseParser, type SseEvent, type SseParser, type SseParserHandlers } from './sse-parser.ts';
export type { StreamHandlers, StreamRequest, StreamTransport } from './stream-transport.ts';
export { createSync, type Sync } from './sync.ts';
export type { Fetch, SyncOptions } from './sync-options.ts';
