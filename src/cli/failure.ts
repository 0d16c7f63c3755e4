import { userError, UserErrorThrown, type UserError } from '../core/user-error';

/** Exit codes of careerpilot-match: each names who has to act. */
export const EXIT = {
  ok: 0,
  /** Anything not covered below: a model that would not load, a failed embedding, a bug. */
  failure: 1,
  /** Bad flags or usage. */
  usage: 2,
  /** The input file is missing, unreadable or holds nothing usable. */
  input: 3,
  /** The output file cannot be written. */
  output: 4,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * A failure the user can fix: a UserError (code, message for a person, where) thrown through the command
 * to runCli, with the exit code that says which kind.
 */
export class CliFailure extends UserErrorThrown {
  constructor(
    readonly exitCode: ExitCode,
    error: UserError,
    options?: ErrorOptions,
  ) {
    super(error, options);
    this.name = 'CliFailure';
  }
}

/** A flag or setting the user must change (exit 2), naming it in `field`. */
export const usageFailure = (message: string, field: string): CliFailure =>
  new CliFailure(EXIT.usage, userError('usage', message, { field }));

/** The OS error of a failed file operation in words: "EACCES: permission denied, open '/x'" -> its message. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** "Cannot write the output file <path> (a link to <linkTarget>): <reason>", exit code 4. */
export function outputFailure(path: string, reason: string, cause?: unknown, linkTarget?: string): CliFailure {
  const named = linkTarget === undefined ? path : `${path} (a link to ${linkTarget})`;
  const error = userError('output-failed', `Cannot write the output file ${named}: ${reason}`, { file: path });
  return new CliFailure(EXIT.output, error, cause === undefined ? undefined : { cause });
}
