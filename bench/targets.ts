/** A benchmark target, what was measured against it, and whether it was met (null: not measured). */
export interface Target {
  goal: string;
  measured: string;
  met: boolean | null;
}

/**
 * Issue 12's throughput targets: texts/s on the same texts cut at 256 word pieces (what sentence-transformers
 * reads of each), as a multiple of the peer's. Each round runs every runtime on the same texts, so the ratio is
 * taken per round and the target is judged on the median of those ratios.
 */
export const THROUGHPUT_TARGETS = [
  { runtime: 'browser-wasm', label: 'Browser WASM', ratio: 1 },
  { runtime: 'node', label: 'Node', ratio: 3 },
] as const;

/** One size's ratios to the peer: one per round (null where either side failed), and their median. */
export interface RatioToPeer {
  jobs: number;
  median: number | null;
  rounds: (number | null)[];
}

const times = (value: number) => `${value.toFixed(2)}x`;

/** The throughput targets with the measured medians: met when the median meets the goal at every size. */
export function throughputTargets(
  ratios: Record<(typeof THROUGHPUT_TARGETS)[number]['runtime'], readonly RatioToPeer[]>,
): Target[] {
  return THROUGHPUT_TARGETS.map(({ runtime, label, ratio }) => {
    const measured = ratios[runtime].filter((entry) => entry.median !== null);
    return {
      goal: `${label} >= ${ratio.toFixed(1)}x the peer's texts/s (same texts, cut at 256 word pieces; median of per-round ratios)`,
      measured: measured.length
        ? measured
            .map(
              (entry) =>
                `${entry.jobs} jobs: **${times(entry.median as number)}** (rounds ${entry.rounds
                  .map((value) => (value === null ? '–' : times(value)))
                  .join(', ')})`,
            )
            .join('; ')
        : 'not measured',
      met: measured.length ? measured.every((entry) => (entry.median as number) >= ratio) : null,
    };
  });
}

/** The targets as a Markdown table, headed by `heading` ("target", "UI target"). */
export function targetsTable(heading: string, targets: readonly Target[]): string[] {
  return [
    `| ${heading} | measured | met |`,
    `| ${'-'.repeat(heading.length)} | -------- | --- |`,
    ...targets.map(
      (target) =>
        `| ${target.goal} | ${target.measured} | ${target.met === null ? 'n/a' : target.met ? 'yes' : 'NO'} |`,
    ),
  ];
}
