import { outputFailure } from './failure';
import type { ExistingOutput } from './existing-output';
import type { JobsInput } from './jobs-input';
import { unreadableRecords } from './output-records';
import type { OutputTarget } from './output-target';

const LEFT_UNCHANGED = 'so it was left unchanged';
const FORCE_OR_ELSEWHERE = 'Pass --force to replace it anyway, or choose another --output-file.';

/**
 * Decides, before the model is loaded, whether writing the output may replace what `target` holds, so the
 * CLI never loses a user's file or record:
 * - a file that is not a jobs_vectors.json is replaced only with --force (a note says so);
 * - the input file itself may be the output when it is a JSON list, or a `{ "jobs": [...] }` with no other
 *   keys: every record comes back, the unusable ones unchanged. As CSV or JSON Lines it would become a JSON
 *   file this tool no longer reads as such, and other top-level keys would be lost: those need --force;
 * - the input file is never replaced by fewer records, with or without --force: a record with no JSON form
 *   (a JSON Lines line that is not JSON, a CSV row that does not fit the header) refuses the run.
 * A refusal is a CliFailure with exit code 4; `say` gets the notes.
 */
export function checkReplaceable(
  target: OutputTarget,
  existing: ExistingOutput,
  input: JobsInput,
  force: boolean,
  say: (line: string) => void,
): void {
  const path = target.path;
  if (existing.kind === 'foreign') {
    if (!force) {
      throw outputFailure(
        path,
        `it already exists and is not a jobs_vectors.json, ${LEFT_UNCHANGED}. ${existing.reason} ` +
          'Pass --force to replace it, or choose another --output-file.',
      );
    }
    say(`Note: replacing ${path}, which is not a jobs_vectors.json, because of --force. ${existing.reason}`);
  }
  if (existing.kind === 'vectors' && existing.tooLarge) say(`Note: ${path}: ${existing.tooLarge}.`);

  const lost = unreadableRecords(input.records);
  const total = input.records.length;
  if (existing.kind === 'input') {
    const otherFormat = input.fileFormat === 'csv' ? 'CSV' : input.fileFormat === 'jsonl' ? 'JSON Lines' : null;
    if (otherFormat && !force) {
      throw outputFailure(
        path,
        `it is the input file, a ${otherFormat} file, and the output is a jobs_vectors.json (a JSON list): ` +
          `the file would become JSON that this tool no longer reads as ${otherFormat}, ${LEFT_UNCHANGED}. ${FORCE_OR_ELSEWHERE}`,
      );
    }
    if (input.otherTopLevelKeys.length > 0 && !force) {
      const keys = input.otherTopLevelKeys.map((key) => `"${key}"`).join(', ');
      throw outputFailure(
        path,
        `it is the input file, and the output is a jobs_vectors.json (a JSON list), which cannot keep its ` +
          `top-level keys besides "jobs" (${keys}), ${LEFT_UNCHANGED}. ${FORCE_OR_ELSEWHERE}`,
      );
    }
    if (lost.length > 0) {
      throw outputFailure(
        path,
        `it is the input file, and ${lost.length} of its ${total} records cannot be written back as JSON ` +
          `(${reasons(lost)}): writing it would leave ${total - lost.length} and lose the rest, ${LEFT_UNCHANGED}. ` +
          `Fix ${lost.length === 1 ? 'that record' : 'those records'}, or choose another --output-file.`,
      );
    }
    return;
  }
  if (lost.length > 0) {
    say(
      `Note: ${lost.length} of the ${total} records cannot be written to ${path} as JSON (${reasons(lost)}); ` +
        'they are left out of it and stay only in the input file.',
    );
  }
}

function reasons(lost: readonly { unreadable: string }[]): string {
  const shown = lost.slice(0, 3).map((item) => item.unreadable);
  return lost.length > shown.length ? `${shown.join('; ')}; ...` : shown.join('; ');
}
