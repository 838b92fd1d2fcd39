import { type DomainEvent, EVENT_TYPES } from './domain-event.ts';

/**
 * A subscription's event filter: exact types (`rollout.rolled_back`), a family (`rollout.*`), or `*`.
 * A pattern must name at least one event that exists, so a typo is a 400 rather than a silent webhook.
 */
export function isEventPattern(pattern: string): boolean {
  return EVENT_TYPES.some((type) => patternMatches(pattern, type));
}

function patternMatches(pattern: string, type: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) return type.startsWith(pattern.slice(0, -1));
  return pattern === type;
}

export interface EventFilter {
  events: readonly string[];
  /** Null: every environment. */
  environments: readonly string[] | null;
}

/**
 * Whether a subscription wants this event. Events that belong to no environment (a flag's definition, a
 * cleanup report) pass any environment filter: they concern every environment.
 */
export function filterMatches(
  filter: EventFilter,
  event: Pick<DomainEvent, 'type' | 'environment'>,
): boolean {
  if (!filter.events.some((pattern) => patternMatches(pattern, event.type))) return false;
  if (filter.environments === null || event.environment === null) return true;
  return filter.environments.includes(event.environment);
}
