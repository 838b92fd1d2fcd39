/**
 * What one replica tells the others after a write commits. Postgres stays the truth: a message is
 * only a hint to read it again (all of it, or just the flag version it names), so a lost message
 * delays a change and never loses it.
 */
export type ChangeMessage =
  | {
      type: 'revision';
      environment: string;
      revision: number;
      /** The one flag version the write made, when it made one: a replica at `revision - 1` reads just it. */
      flag?: FlagVersionRef;
    }
  | { type: 'revoked'; credentialId: string };

export interface FlagVersionRef {
  key: string;
  version: number;
}

function flagVersionRef(value: unknown): FlagVersionRef | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { key, version } = value as Record<string, unknown>;
  return typeof key === 'string' && Number.isSafeInteger(version)
    ? { key, version: version as number }
    : undefined;
}

export interface ChangeBus {
  /** Best effort: never throws; a message that cannot be sent is caught up by the revision check. */
  publish(message: ChangeMessage): void;
  /** Resolves once this replica hears the others (subscribed), or gave up trying for now. */
  ready(): Promise<void>;
  /** Messages from every replica, this one included. Returns the unsubscribe function. */
  subscribe(listener: (message: ChangeMessage) => void): () => void;
  /**
   * Called when the bus comes back after an outage: messages may have been missed, so the
   * replica reads the truth again.
   */
  onResync(listener: () => void): () => void;
  close(): Promise<void>;
}

/** Parses a message from the wire; undefined for anything that is not a well-formed message. */
export function parseChangeMessage(text: string): ChangeMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const m = value as Record<string, unknown>;
  if (m.type === 'revision' && typeof m.environment === 'string' && Number.isSafeInteger(m.revision)) {
    const flag = flagVersionRef(m.flag);
    return {
      type: 'revision',
      environment: m.environment,
      revision: m.revision as number,
      ...(flag ? { flag } : {}),
    };
  }
  if (m.type === 'revoked' && typeof m.credentialId === 'string') {
    return { type: 'revoked', credentialId: m.credentialId };
  }
  return undefined;
}
