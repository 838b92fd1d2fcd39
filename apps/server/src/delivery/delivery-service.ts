import type { Principal } from '../credentials/credentials-service.ts';
import type { Db } from '../db/database.ts';
import type { CommittedChange, EnvironmentRevision, WrittenFlag } from '../environments/committed-change.ts';
import { listEnvironments } from '../environments/environments-repository.ts';
import type { ChangeBus, ChangeMessage, FlagVersionRef } from './change-bus.ts';
import { type CredentialCache, createCredentialCache } from './credential-cache.ts';
import type { EncodedSnapshot } from './encoded-snapshot.ts';
import { listRevokedSince } from './revocations-repository.ts';
import { type Audience, createSnapshotCache, type SnapshotSource } from './snapshot-cache.ts';
import { createStreamHub, type Stream, type StreamHubOptions } from './stream-hub.ts';

export interface DeliveryOptions extends StreamHubOptions {
  /** How often every environment's revision is read from Postgres, whatever the bus says. @default 3_000 */
  revisionCheckMs?: number;
  /** How long a known SDK credential is trusted from memory. @default 60_000 */
  credentialTtlMs?: number;
}

export interface DeliveryDependencies {
  db: Db;
  snapshots: SnapshotSource;
  authenticate: (token: string) => Promise<Principal | undefined>;
  bus: ChangeBus;
  /** Problems the service recovers from by itself (a failed load, a lost bus): reported, not thrown. */
  warn: (message: string, error?: unknown) => void;
}

const BUS_READY_TIMEOUT_MS = 5_000;

/** Revocations are looked for this far back: covers clock skew between the replicas that stamp them. */
const REVOCATION_LOOKBACK_MS = 5 * 60_000;

/**
 * Live delivery on one replica: the snapshot cache, the credential cache and the open streams, kept in
 * step with Postgres. Three paths lead here, from fastest to surest: a write on this replica (after its
 * commit), a bus message from another replica, and the periodic revision check (also run when the bus
 * comes back), so a lost message delays a change but never loses it.
 */
export function createDeliveryService(deps: DeliveryDependencies, options: DeliveryOptions = {}) {
  const hub = createStreamHub(options);
  const cache = createSnapshotCache(deps.snapshots, (environment, audience, encoded) =>
    hub.broadcast(environment, audience, encoded),
  );
  const credentials: CredentialCache = createCredentialCache(deps.authenticate, {
    ttlMs: options.credentialTtlMs ?? 60_000,
  });
  const revoked = new Map<string, number>();
  let lastRevocationCheck = new Date(Date.now() - REVOCATION_LOOKBACK_MS);
  let timer: NodeJS.Timeout | undefined;
  let checking: Promise<void> | undefined;
  const unsubscribe: (() => void)[] = [];

  function refresh(environment: string, revision: number): Promise<void> {
    return cache.refresh(environment, revision).catch((error) => {
      deps.warn(`could not load the snapshot of ${environment}`, error);
    });
  }

  function applyRevocation(credentialId: string): void {
    credentials.revoke(credentialId);
    hub.closeCredential(credentialId);
    revoked.set(credentialId, Date.now());
  }

  /** Reads every environment's revision (one query) and loads what moved; returns the revisions read. */
  async function checkRevisions(): Promise<Map<string, number>> {
    const revisions = new Map((await listEnvironments(deps.db)).map((e) => [e.key, e.revision]));
    await Promise.all([...revisions].map(([environment, revision]) => refresh(environment, revision)));
    return revisions;
  }

  async function checkRevocations(): Promise<void> {
    const startedAt = new Date();
    const since = new Date(lastRevocationCheck.getTime() - REVOCATION_LOOKBACK_MS);
    for (const { id } of await listRevokedSince(deps.db, since)) {
      if (!revoked.has(id)) applyRevocation(id);
    }
    lastRevocationCheck = startedAt;
    const forgetBefore = Date.now() - 4 * REVOCATION_LOOKBACK_MS;
    for (const [id, at] of revoked) if (at < forgetBefore) revoked.delete(id);
  }

  /** The periodic check; overlapping calls share one run. */
  function check(): Promise<void> {
    checking ??= Promise.all([checkRevisions(), checkRevocations()])
      .then(() => undefined)
      .catch((error) => deps.warn('revision check failed', error))
      .finally(() => {
        checking = undefined;
      });
    return checking;
  }

  /** Flag versions being read for bus messages, one read per version for all its environments. */
  const reading = new Map<string, Promise<WrittenFlag | undefined>>();

  function flagVersion({ key, version }: FlagVersionRef): Promise<WrittenFlag | undefined> {
    const id = `${key}\u0000${version}`;
    let read = reading.get(id);
    if (!read) {
      read = deps.snapshots.flagVersion(key, version).finally(() => reading.delete(id));
      reading.set(id, read);
    }
    return read;
  }

  /** Another replica's write of one flag: read that version only, when this replica is just before it. */
  async function applyFlagVersion(revision: EnvironmentRevision, ref: FlagVersionRef): Promise<void> {
    try {
      const flag = await flagVersion(ref);
      await (flag ? cache.apply(revision, flag) : refresh(revision.environment, revision.revision));
    } catch (error) {
      deps.warn(`could not read version ${ref.version} of ${ref.key}`, error);
      await refresh(revision.environment, revision.revision);
    }
  }

  function onMessage(message: ChangeMessage): void {
    if (message.type === 'revoked') {
      applyRevocation(message.credentialId);
      return;
    }
    const { environment, revision, flag } = message;
    if (flag && cache.revisionOf(environment) === revision - 1) {
      void applyFlagVersion({ environment, revision }, flag);
    } else {
      void refresh(environment, revision);
    }
  }

  return {
    async start(): Promise<void> {
      unsubscribe.push(deps.bus.subscribe(onMessage));
      unsubscribe.push(deps.bus.onResync(() => void check()));
      // Serve only once subscribed, so no change committed after start is missed; but an absent Redis
      // must not keep the replica down: the revision check carries it meanwhile.
      const waited = new Promise<void>((resolve) => setTimeout(resolve, BUS_READY_TIMEOUT_MS).unref());
      await Promise.race([deps.bus.ready(), waited]);
      await check();
      timer = setInterval(() => void check(), options.revisionCheckMs ?? 3_000);
      timer.unref();
    },

    /**
     * After a write committed (any environment's revision may have moved): tell the other replicas
     * first, so they load in parallel with this one, then apply it here. A write that says what it
     * changed (one flag, the revisions it made) is applied to the held snapshots without reading
     * Postgres; anything else reloads.
     */
    async committed(change: CommittedChange = {}): Promise<void> {
      try {
        const revisions =
          change.revisions ??
          (await listEnvironments(deps.db)).map((e) => ({ environment: e.key, revision: e.revision }));
        const { flag } = change;
        // Every environment, even those this replica already holds: another may not.
        const ref = flag && { key: flag.key, version: flag.version };
        for (const { environment, revision } of revisions) {
          deps.bus.publish({ type: 'revision', environment, revision, ...(ref ? { flag: ref } : {}) });
        }
        await Promise.all(
          revisions.map((r) => (flag ? cache.apply(r, flag) : refresh(r.environment, r.revision))),
        );
      } catch (error) {
        deps.warn('could not publish a change; the revision check will catch up', error);
      }
    },

    /** After a revocation committed: closes its streams here and, through the bus, everywhere. */
    revoked(credentialId: string): void {
      applyRevocation(credentialId);
      deps.bus.publish({ type: 'revoked', credentialId });
    },

    authenticate: (token: string) => credentials.authenticate(token),

    /** The held snapshot, loading it on the first request for an environment. */
    snapshot(environment: string, audience: Audience): EncodedSnapshot | Promise<EncodedSnapshot> {
      return cache.get(environment, audience) ?? cache.load(environment, audience);
    },

    /** The held snapshot, if any (synchronous). */
    current: (environment: string, audience: Audience) => cache.get(environment, audience),

    /** A revision an SDK claims that this replica has not seen: it is behind, look now. */
    behind(): void {
      void check();
    },

    openStream(stream: Stream, first?: Buffer): void {
      hub.add(stream, first);
    },

    streamCount: () => hub.count(),

    /** Ends the streams (so the HTTP server can close) and stops listening. */
    async close(): Promise<void> {
      clearInterval(timer);
      for (const stop of unsubscribe) stop();
      hub.close();
      await checking;
      await deps.bus.close();
    },
  };
}

export type DeliveryService = ReturnType<typeof createDeliveryService>;
