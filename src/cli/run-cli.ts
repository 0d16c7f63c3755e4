import { readFileSync } from 'node:fs';
import { UserErrorThrown } from '../core/user-error';
import { runEmbedCommand, type CommandIo } from './embed-command';
import { CliFailure, describeError, EXIT } from './failure';
import { parseCommandLine, PROGRAM_NAME } from './options';

/** The version in package.json, for --version. */
export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version?: unknown;
  };
  return typeof manifest.version === 'string' ? manifest.version : '0.0.0';
}

/**
 * Runs `careerpilot-match` with `argv` (the arguments after the script) and returns the exit code:
 * 0 done, 2 bad flags or usage, 3 bad input file, 4 output not writable, 1 anything else.
 * Every message goes to `io.stderr`; only --help and --version write to `io.stdout`.
 */
export async function runCli(argv: readonly string[], io: CommandIo): Promise<number> {
  try {
    const parsed = parseCommandLine(argv, packageVersion(), io);
    if (parsed.kind === 'done') return parsed.exitCode;
    await runEmbedCommand(parsed.options, io);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CliFailure) {
      io.stderr.write(`${PROGRAM_NAME}: error: ${error.message}\n`);
      return error.exitCode;
    }
    // Model load, embedding and storage failures (all UserErrorThrown) carry a message meant for a person; anything else is a bug.
    const forPerson = error instanceof UserErrorThrown;
    const message = forPerson ? error.message : ((error as Error)?.stack ?? describeError(error));
    io.stderr.write(`${PROGRAM_NAME}: error: ${message}\n`);
    return EXIT.failure;
  }
}
