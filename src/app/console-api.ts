import { toRows } from '../core/vectors';
import { embedderClient } from './embedder-instance';

/**
 * `careerpilotMatch.embed(["text", ...])` in the browser console returns the vectors the app computes,
 * for people who want to check them against their own pipeline (and for the parity tests).
 */
export interface ConsoleApi {
  embed(
    texts: string[],
  ): Promise<{ vectors: number[][]; device: string; dtype: string } | { error: string; code: string }>;
  countTokens(texts: string[]): Promise<number[] | { error: string; code: string }>;
}

declare global {
  interface Window {
    careerpilotMatch?: ConsoleApi;
  }
}

export function installConsoleApi(target: Window): void {
  target.careerpilotMatch = {
    async embed(texts) {
      const result = await embedderClient.embed(texts);
      if (!result.ok) return { error: result.error.message, code: result.error.code };
      return {
        vectors: toRows(result.value.vectors),
        device: result.value.info.device,
        dtype: result.value.info.dtype,
      };
    },
    async countTokens(texts) {
      const result = await embedderClient.countTokens(texts);
      return result.ok ? result.value : { error: result.error.message, code: result.error.code };
    },
  };
}
