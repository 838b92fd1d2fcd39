import { EXIT, type ExitCode } from './exit-codes.ts';

/** An error the CLI reports as one line (or a JSON object with `--json`) and an exit code. */
export class CliError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
    /** A stable code for scripts: the server's error code, or the CLI's own (`UNREACHABLE`, `NO_TOKEN`, …). */
    readonly code: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

interface ServerErrorBody {
  error?: {
    code?: string;
    message?: string;
    issues?: { path?: (string | number)[]; message?: string }[];
    currentVersion?: number;
    details?: unknown;
  };
}

/** The exit code for an HTTP status the server answered with. */
export function exitCodeOf(status: number): ExitCode {
  if (status === 401 || status === 403) return EXIT.auth;
  if (status === 404) return EXIT.notFound;
  if (status === 409 || status === 412 || status === 428) return EXIT.conflict;
  if (status >= 400 && status < 500) return EXIT.invalidInput;
  return EXIT.server;
}

/** A CliError from a non-2xx answer and its body (the server's `{ error: { code, message } }`). */
export function serverError(status: number, body: unknown): CliError {
  const error = (body as ServerErrorBody | undefined)?.error;
  const code = error?.code ?? `HTTP_${status}`;
  const message = error?.message ?? `the server answered ${status}`;
  const hint =
    status === 401
      ? ' (check FLAGSTAFF_TOKEN or --token)'
      : status === 412
        ? ` (nothing was changed: someone else saved version ${error?.currentVersion ?? '?'} meanwhile)`
        : '';
  // Field-level problems, one per line: `  expiresAt: is required for release flags`.
  const issues = (error?.issues ?? []).map(
    (issue) => `\n  ${(issue.path ?? []).join('.') || '(body)'}: ${issue.message ?? ''}`,
  );
  return new CliError(
    exitCodeOf(status),
    `${message}${hint}${issues.join('')}`,
    code,
    error?.issues ?? error?.details,
  );
}
