/**
 * Real weights in Node: CareerPilot Match's engine (fp32, CPU) on a folder exported by export_reference.py, against
 * sentence-transformers' vectors for the same texts. Prints word-piece agreement, cosines, STS-B Spearman and speed.
 *
 *   node --import tsx bench/real-model/node_parity.ts <exported folder> <Xenova/model id> [threads]
 */
import { row } from '../../src/core/vectors';
import { loadEmbedder } from '../../src/embedding/engine';
import { nodeEnvironment } from '../../src/embedding/node-environment';
import { spearman } from '../../src/test-support/stsb';
import { cosinesToReference, overLimit, readReference, wordPiecesRead } from './reference';

const [folder, modelId, threads = '2'] = process.argv.slice(2);
if (!folder || !modelId) throw new Error('usage: node_parity.ts <exported folder> <Xenova/model id> [threads]');
const reference = readReference(`${folder.replace(/\/$/, '')}.reference.json`);
const embedder = await loadEmbedder(
  { modelId, device: 'cpu', dtype: 'fp32', localFolder: folder, numThreads: Number(threads) },
  nodeEnvironment(),
);
const { dim } = embedder.info;
const all = reference.texts.map((_, index) => index);
const counts = embedder.countTokens(reference.texts);
const sameCounts = counts.filter((count, index) => count === reference.tokenCounts[index]).length;
const started = performance.now();
const vectors = await embedder.embed(reference.texts);
const seconds = (performance.now() - started) / 1000;
const rows = all.map((index) => row(vectors, index, dim));
const cosines = cosinesToReference(reference, all, rows);
const long = all.filter((index) => (reference.tokenCounts[index] as number) > reference.maxTokens);
const position = new Map(reference.texts.map((text, index) => [text, index]));
const similarity = (vectorsOf: (index: number) => ArrayLike<number>) =>
  reference.pairs.map(([a, b]) => {
    const [x, y] = [vectorsOf(position.get(a) as number), vectorsOf(position.get(b) as number)];
    let dot = 0;
    for (let k = 0; k < dim; k++) dot += (x[k] as number) * (y[k] as number);
    return dot;
  });
const human = reference.pairs.map(([, , score]) => Number(score));
console.log(
  [
    `${reference.model} in Node (${embedder.info.device} ${embedder.info.dtype}, ${threads} threads), ${all.length} texts, ${overLimit(reference, all)} over ${reference.maxTokens} word pieces`,
    `word-piece counts equal to the Python tokenizer's: ${sameCounts} of ${all.length}`,
    `cosine to sentence-transformers: min ${Math.min(...cosines).toFixed(7)}, over the limit min ${Math.min(...long.map((index) => cosines[index] as number)).toFixed(7)}`,
    reference.pairs.length > 0
      ? `STS-B dev Spearman x100: ours ${(
          100 *
          spearman(
            similarity((index) => rows[index] as Float32Array),
            human,
          )
        ).toFixed(3)}, sentence-transformers ${(
          100 *
          spearman(
            similarity((index) => reference.vectors[index] as number[]),
            human,
          )
        ).toFixed(3)} (${reference.pairs.length} pairs)`
      : 'STS-B dev not found: no Spearman',
    `speed: ${(all.length / seconds).toFixed(1)} texts/s, ${(wordPiecesRead(reference, all) / seconds).toFixed(0)} word pieces/s`,
  ].join('\n'),
);
await embedder.dispose();
