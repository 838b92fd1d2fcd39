/**
 * `pnpm --filter @flagstaff/server admin-token [name]`: mints a new admin token straight in the
 * database the server uses (same configuration: DATABASE_URL, or the embedded data folder), for an
 * operator who lost the one printed at first start. The token is shown once; the audit log records
 * it as created by `operator (admin-token command)`. Embedded storage admits one process at a time:
 * stop the server first. With DATABASE_URL it works while the server runs.
 */
import { type Config, ConfigError, loadConfig } from './config.ts';
import { createCredentialsService } from './credentials/credentials-service.ts';
import { DataDirInUseError } from './db/data-dir-lock.ts';
import { migrate } from './db/migrate.ts';
import { openDatabase } from './db/open-database.ts';

async function mint(config: Config, name: string): Promise<string> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolMax: 1,
  });
  try {
    await migrate(database.db);
    const made = await createCredentialsService(database.db).create(
      { kind: 'admin', name },
      'operator (admin-token command)',
    );
    return made.token;
  } finally {
    await database.close();
  }
}

const name = (process.argv[2] ?? '').trim() || `admin-token ${new Date().toISOString()}`;
try {
  if (name.length > 200) throw new ConfigError('the token name must be at most 200 characters');
  const token = await mint(loadConfig(), name);
  process.stdout.write(
    `A new admin token "${name}". It is shown this once; keep it safe:\n\n  ${token}\n\n` +
      'Use it as: Authorization: Bearer <token>. Revoke old ones with DELETE /api/v1/credentials/:id.\n',
  );
} catch (error) {
  if (error instanceof DataDirInUseError) {
    process.stderr.write(
      `flagstaff: ${error.message}\nStop the server first: embedded storage admits one process at a time.\n`,
    );
  } else if (error instanceof ConfigError) {
    process.stderr.write(`flagstaff: ${error.message}\n`);
  } else {
    process.stderr.write(`flagstaff: could not mint a token: ${(error as Error).stack ?? String(error)}\n`);
  }
  process.exitCode = 1;
}
