import cliProgress from 'cli-progress';
import type { EmbedProgress } from '../embedding/types';

/** A stream the CLI writes messages to; `isTTY` says whether a person is watching it. */
export interface MessageStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** Shows how far embedding has got; `stop` leaves the screen ready for the next line. */
export interface ProgressView {
  start(total: number): void;
  update(progress: EmbedProgress): void;
  stop(): void;
}

const silent: ProgressView = { start: () => undefined, update: () => undefined, stop: () => undefined };

/**
 * A cli-progress bar on `stream` when it is a terminal (done/total, jobs per second, time left); nothing
 * at all when it is a file or a pipe, where a redrawn bar would only leave control characters behind.
 */
export function createProgressView(stream: MessageStream): ProgressView {
  if (stream.isTTY !== true) return silent;
  const bar = new cliProgress.SingleBar(
    {
      stream: stream as NodeJS.WritableStream,
      format: 'Embedding |{bar}| {value}/{total} jobs | {rate} jobs/s | {eta_formatted} left',
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  return {
    start: (total) => bar.start(total, 0, { rate: '-' }),
    update: (progress) => bar.update(progress.done, { rate: progress.rate.toFixed(1) }),
    stop: () => bar.stop(),
  };
}
