/** A benchmark target, what was measured against it, and whether it was met (null: not measured). */
export interface Target {
  goal: string;
  measured: string;
  met: boolean | null;
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
