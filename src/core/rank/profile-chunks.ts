/**
 * Splits a profile into passages (paragraphs, then sentences) that can be grouped into chunks the model
 * reads whole. Word order and text are kept: chunks are slices of what the person wrote.
 */
export function splitPassages(profile: string): string[] {
  return profile
    .split(/\n\s*\n|\n(?=\s*[-*•])/)
    .flatMap((paragraph) => paragraph.split(/(?<=[.!?;])\s+(?=\S)/))
    .map((passage) => passage.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

/**
 * Groups passages into chunks of at most `limit` word pieces, in order. `tokenCounts[i]` is the word
 * pieces of passage i without [CLS]/[SEP]. A passage longer than the limit is cut into word runs, so
 * nothing the person wrote is silently dropped.
 */
export function packChunks(passages: readonly string[], tokenCounts: readonly number[], limit: number): string[] {
  const chunks: string[] = [];
  let current: string[] = [];
  let used = 0;
  const flush = () => {
    if (current.length) chunks.push(current.join(' '));
    current = [];
    used = 0;
  };
  passages.forEach((passage, index) => {
    const count = tokenCounts[index] ?? 0;
    if (count > limit) {
      flush();
      chunks.push(...splitByWords(passage, count, limit));
      return;
    }
    if (used + count > limit) flush();
    current.push(passage);
    used += count;
  });
  flush();
  return chunks;
}

// Word pieces per word vary; cut by the passage's own average so each run stays under the limit.
function splitByWords(passage: string, count: number, limit: number): string[] {
  const words = passage.split(' ');
  const perRun = Math.max(1, Math.floor((words.length * limit * 0.9) / count));
  const runs: string[] = [];
  for (let start = 0; start < words.length; start += perRun) runs.push(words.slice(start, start + perRun).join(' '));
  return runs;
}
