import { CliError } from '../cli-error.ts';
import { EXIT } from '../exit-codes.ts';

/** A path into the file's YAML: mapping keys and list indexes. */
export type Path = readonly (string | number)[];

/** A problem at a line and column of the file. */
export interface FileIssue {
  line: number;
  column: number;
  path: string;
  message: string;
}

/** Problems with a file, each placed at the line and column its path has in the YAML. */
export class PathIssues {
  private readonly list: FileIssue[] = [];

  constructor(private readonly locate: (path: Path, at: 'key' | 'value') => { line: number; col: number }) {}

  get count(): number {
    return this.list.length;
  }

  /** A problem with the value at `path`, or (`at: 'key'`) with the field's name itself. */
  add(path: Path, message: string, at: 'key' | 'value' = 'value'): void {
    const { line, col } = this.locate(path, at);
    this.list.push({ line, column: col, path: path.join('.'), message });
  }

  addAt(line: number, column: number, message: string): void {
    this.list.push({ line, column, path: '', message });
  }

  /** Throws every problem as one error (exit 7), `file:line:col: message` per problem, in file order. */
  throwIfAny(file: string): void {
    if (this.list.length === 0) return;
    const sorted = [...this.list].sort((a, b) => a.line - b.line || a.column - b.column);
    const lines = sorted.map(
      (issue) =>
        `${file}:${issue.line}:${issue.column}: ${issue.path ? `${issue.path}: ` : ''}${issue.message}`,
    );
    throw new CliError(
      EXIT.invalidInput,
      `${file} is not applied (nothing was changed):\n${lines.join('\n')}`,
      'INVALID_FILE',
      sorted,
    );
  }
}
