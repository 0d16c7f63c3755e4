import { parseCommandLine } from '../src/cli/options';
import type { ModelDtype } from '../src/embedding/types';

/**
 * The dtype Node users get: the CLI's --dtype default, or `asked` checked against the CLI's choices. Read from
 * the CLI's own parser so the benchmark follows the product's default instead of naming one.
 */
export function cliDtype(asked?: string): ModelDtype {
  const errors: string[] = [];
  const parsed = parseCommandLine(['embed', ...(asked ? ['--dtype', asked] : [])], '0.0.0', {
    stdout: { write: () => true },
    stderr: { write: (text: string) => errors.push(text) },
  });
  if (parsed.kind !== 'embed') throw new Error(`bad --dtype ${asked ?? ''}: ${errors.join('').trim()}`);
  return parsed.options.dtype;
}
