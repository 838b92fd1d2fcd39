import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildApp } from './app.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { AdminTokenRefusedError, createCredentialsService } from './credentials/credentials-service.ts';
import { DataDirInUseError } from './db/data-dir-lock.ts';
import type { Database } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { openDatabase } from './db/open-database.ts';

function printAdminToken(token: string): void {
  const line = '-'.repeat(72);
  process.stdout.write(
    `${line}\nFlagstaff created the first admin token. It is shown this once; keep it safe:\n\n  ${token}\n\n` +
      `Use it as: Authorization: Bearer <token>\n${line}\n`,
  );
}

/** What the operator sees before the logger exists: the embedded database's first start takes a while. */
function announceStorage(config: Config): void {
  if (config.databaseUrl !== undefined) {
    process.stdout.write('flagstaff: connecting to PostgreSQL (DATABASE_URL)…\n');
    return;
  }
  const dir = resolve(config.dataDir);
  const first = !existsSync(join(dir, 'pg'));
  process.stdout.write(
    first
      ? `flagstaff: creating the embedded PostgreSQL database in ${dir} (first start: this takes 10 to 30 s)…\n`
      : `flagstaff: opening the embedded PostgreSQL database in ${dir}…\n`,
  );
}

/**
 * `--exit-with-parent` (the `start` scripts): pnpm and npm do not pass SIGTERM on to the script they
 * run, they exit and leave it to init. A changed parent is then the signal to shut down, so that
 * `kill <pnpm>` stops the server and releases the data folder instead of orphaning it.
 */
function watchParent(onOrphaned: () => void): void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(timer);
      onOrphaned();
    }
  }, 250);
  timer.unref();
}

async function start(config: Config): Promise<void> {
  let database: Database | undefined;
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  let stopping = false;
  // Registered before anything opens, so a signal during a slow start still closes the database
  // and releases the data folder instead of killing the process mid-way.
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    if (app) app.log.info({ signal }, 'shutting down');
    else process.stderr.write(`flagstaff: ${signal} during start: shutting down\n`);
    if (!database) return; // Still opening: start() closes it as soon as it is open.
    const timer = setTimeout(() => process.exit(1), 10_000);
    timer.unref();
    try {
      await app?.close();
    } finally {
      await database.close();
      process.exit(0);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  if (process.argv.includes('--exit-with-parent')) watchParent(() => void shutdown('parent process exited'));

  announceStorage(config);

  database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolMax: config.databasePoolMax,
  });
  if (stopping) {
    await database.close();
    process.exit(0);
  }
  let applied: number;
  let bootstrap: Awaited<ReturnType<ReturnType<typeof createCredentialsService>['bootstrapAdmin']>>;
  try {
    applied = await migrate(database.db);
    bootstrap = await createCredentialsService(database.db).bootstrapAdmin(config.bootstrapAdminToken);
  } catch (error) {
    // Release the data folder before the process reports and exits.
    await database.close().catch(() => {});
    throw error;
  }
  app = await buildApp({ config, database, logLevel: config.logLevel });
  app.log.info({ storage: database.kind, migrationsApplied: applied }, 'database ready');
  if (bootstrap?.generated) printAdminToken(bootstrap.token);
  if (!bootstrap && config.bootstrapAdminToken !== undefined) {
    app.log.warn(
      'FLAGSTAFF_ADMIN_TOKEN is ignored: it only seeds the first admin token, and admin tokens already exist. ' +
        'To mint a new one: pnpm --filter @flagstaff/server admin-token',
    );
  }
  await app.listen({ host: config.host, port: config.port });
}

try {
  await start(loadConfig());
} catch (error) {
  if (
    error instanceof ConfigError ||
    error instanceof DataDirInUseError ||
    error instanceof AdminTokenRefusedError
  ) {
    process.stderr.write(`flagstaff: ${error.message}\n`);
  } else {
    process.stderr.write(`flagstaff: failed to start: ${(error as Error).stack ?? String(error)}\n`);
  }
  process.exit(1);
}
