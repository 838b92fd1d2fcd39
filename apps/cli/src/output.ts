/** Where the CLI writes: results to stdout, messages and progress to stderr (so `--json` stays parseable). */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

export const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

export interface Output {
  readonly json: boolean;
  /** Prints a command's result: the value as JSON with `--json`, else what `human` renders. */
  result<T>(value: T, human: (value: T) => string): void;
  /** A message for people (stderr), never in `--json` output. */
  note(text: string): void;
  /**
   * Runs `work`, and says what it is doing on stderr if it takes longer than a second
   * (`label…`, then `label: done in 2.3 s`).
   */
  progress<T>(label: string, work: () => Promise<T>): Promise<T>;
}

export const PROGRESS_AFTER_MS = 1_000;

export function createOutput(io: Io, json: boolean): Output {
  return {
    json,
    result(value, human) {
      const text = json ? JSON.stringify(value, null, 2) : human(value);
      if (text !== '') io.stdout(text.endsWith('\n') ? text : `${text}\n`);
    },
    note(text) {
      io.stderr(`${text}\n`);
    },
    async progress(label, work) {
      const started = performance.now();
      let said = false;
      const timer = setTimeout(() => {
        said = true;
        io.stderr(`${label}…\n`);
      }, PROGRESS_AFTER_MS);
      try {
        return await work();
      } finally {
        clearTimeout(timer);
        if (said) io.stderr(`${label}: done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
      }
    },
  };
}

/** Rows as aligned columns under a header; `-` for empty cells. */
export function table(header: string[], rows: (string | number | null | undefined)[][]): string {
  const cells = [
    header,
    ...rows.map((row) => row.map((cell) => (cell == null || cell === '' ? '-' : String(cell)))),
  ];
  const widths = header.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)));
  return cells
    .map((row) =>
      row
        .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
        .join('  '),
    )
    .join('\n');
}
