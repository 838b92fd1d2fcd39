import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { main } from '../src/main.ts';
import { createProgram } from '../src/program.ts';

/** Runs the CLI in this process (no server, no launch): for help and usage, which never reach the network. */
async function runInProcess(args: string[]) {
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: (text: string) => {
      stdout += text;
    },
    stderr: (text: string) => {
      stderr += text;
    },
  };
  const code = await main(['node', 'flagstaff', ...args], { io, env: {}, cwd: process.cwd() });
  return { code, stdout, stderr };
}

function commandPaths(command: Command, prefix: string[] = []): string[][] {
  return command.commands.flatMap((child) => {
    const path = [...prefix, child.name()];
    return [path, ...commandPaths(child, path)];
  });
}

describe('flagstaff --help', () => {
  const program = createProgram(
    { io: { stdout() {}, stderr() {} }, env: {}, cwd: process.cwd() },
    { exitCode: 0 },
  );
  const paths = commandPaths(program);

  it('lists every command', () => {
    const names = paths.map((path) => path.join(' '));
    for (const expected of [
      'flags list',
      'flags get',
      'flags create',
      'flags update',
      'flags archive',
      'flags unarchive',
      'flags restore',
      'flags extend',
      'flags history',
      'segments list',
      'segments get',
      'segments create',
      'segments update',
      'segments delete',
      'keys create',
      'keys list',
      'keys revoke',
      'rollouts start',
      'rollouts status',
      'rollouts list',
      'rollouts pause',
      'rollouts resume',
      'rollouts advance',
      'rollouts rollback',
      'rollouts restart',
      'rollouts suggest',
      'explain',
      'cleanup',
    ]) {
      expect(names).toContain(expected);
    }
  });

  it.each(paths.map((path) => [path.join(' '), path]))(
    '%s --help describes it and exits 0',
    async (_, path) => {
      const run = await runInProcess([...(path as string[]), '--help']);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`Usage: flagstaff ${(path as string[]).join(' ')}`);
      // A one-line description under the usage line.
      expect(run.stdout.split('\n')[2]?.length ?? 0).toBeGreaterThan(10);
    },
  );
});
