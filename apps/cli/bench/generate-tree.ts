import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A reference the generator planted, where `refs` must report it. */
export interface PlantedReference {
  file: string;
  line: number;
  column: number;
  key: string;
}

export interface GeneratedTree {
  /** Files written, ignored, binary and huge ones included. */
  files: number;
  keys: string[];
  /** Every reference `refs` must find (in files it must read), sorted by file, line, column. */
  expected: PlantedReference[];
  /** Counts of what `refs` must leave out. */
  ignoredFiles: number;
  binaryFiles: number;
  largeFiles: number;
}

/** A small deterministic PRNG (mulberry32), so every run plants the same tree. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const FILLER = [
  'export function handle(request: Request, response: Response) {',
  '  const total = items.reduce((sum, item) => sum + item.price * item.quantity, 0);',
  "  logger.info('checkout started', { userId: request.user.id, total });",
  '  if (total > LIMIT) throw new RangeError(`total over the limit: ` + String(total));',
  '  const legacy = "flag_001_rollout_v2"; // preflag_002_rollout and flag_003_rollouts are not keys',
  '  return response.status(200).json({ total, currency: "EUR" });',
  '}',
  'const config = { retries: 3, timeoutMs: 2_500, endpoint: "https://api.example.com/v1" };',
];

/**
 * Writes a source tree of `files` files under `root` (100 per directory, in two levels) with flag
 * references planted at known places, and what `refs` must skip: files under `.gitignore` rules at
 * the root and in directories (`dist/`, `*.log`, `generated-*.ts`, with `!generated-keep-*.ts`
 * re-included), binary files and files over 1 MiB, all mentioning keys too.
 */
export function generateTree(root: string, files = 10_000, seed = 42): GeneratedTree {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const keys = Array.from({ length: 200 }, (_, index) => `flag_${index.toString().padStart(3, '0')}_rollout`);
  const expected: PlantedReference[] = [];
  const tree: GeneratedTree = { files: 0, keys, expected, ignoredFiles: 0, binaryFiles: 0, largeFiles: 0 };
  const write = (relative: string, content: string | Buffer) => {
    writeFileSync(join(root, relative), content);
    tree.files += 1;
  };

  mkdirSync(join(root, 'dist'), { recursive: true });
  write('.gitignore', 'dist/\n*.log\n');
  write('dist/index.js', `isEnabled('${keys[0]}')\n`);
  tree.ignoredFiles += 1;
  const perDirectory = 100;
  const directories = Math.ceil((files - 1) / perDirectory);
  for (let d = 0; d < directories && tree.files < files; d += 1) {
    const directory = `packages/p${Math.floor(d / 10)}/src/m${d % 10}`;
    mkdirSync(join(root, directory), { recursive: true });
    const special = d % 10 === 3;
    if (special) write(`${directory}/.gitignore`, 'generated-*.ts\n!generated-keep-*.ts\n');
    for (let f = 0; f < perDirectory && tree.files < files; f += 1) {
      const kind = f % 50;
      if (kind === 7 && special) {
        write(`${directory}/generated-${f}.ts`, `isEnabled('${pick(keys)}')\n`);
        tree.ignoredFiles += 1;
      } else if (kind === 8 && special) {
        const file = `${directory}/generated-keep-${f}.ts`;
        const key = pick(keys);
        write(file, `// re-included\nclient.isEnabled('${key}', ctx);\n`);
        expected.push({ file, line: 2, column: 19, key });
      } else if (kind === 9) {
        write(`${directory}/debug-${f}.log`, `evaluated ${pick(keys)}\n`);
        tree.ignoredFiles += 1;
      } else if (kind === 11) {
        write(
          `${directory}/image-${f}.png`,
          Buffer.concat([Buffer.from([0x89, 0x50, 0, 0]), Buffer.from(pick(keys))]),
        );
        tree.binaryFiles += 1;
      } else if (kind === 13 && d % 25 === 0) {
        write(`${directory}/bundle-${f}.js`, `${`isEnabled('${pick(keys)}');\n`.repeat(60_000)}`);
        tree.largeFiles += 1;
      } else {
        const file = `${directory}/module-${f}.ts`;
        const lines: string[] = [];
        const count = 30 + Math.floor(next() * 30);
        for (let line = 1; line <= count; line += 1) {
          const roll = next();
          if (roll < 0.03) {
            const key = pick(keys);
            const prefix = pick([
              "  if (flags.isEnabled('",
              '  const v = client.getString("',
              '  // cleanup: ',
            ]);
            lines.push(
              `${prefix}${key}${prefix.endsWith("('") ? "', ctx)) {" : prefix.endsWith('"') ? '", ctx, "a");' : '.'}`,
            );
            expected.push({ file, line, column: prefix.length + 1, key });
          } else {
            lines.push(pick(FILLER));
          }
        }
        write(file, `${lines.join('\n')}\n`);
      }
    }
  }
  expected.sort(
    (a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column,
  );
  return tree;
}
