import { rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { readExistingOutput } from './existing-output';
import { readJobsInput } from './jobs-input';
import { sampleJobs, tempDir, writeJson } from './test-helpers';

const targetOf = (file: string) => ({ path: file, file, existing: statSync(file, { throwIfNoEntry: false }) ?? null });

describe('readExistingOutput: what the output file holds now', () => {
  it('tells nothing, an empty file, [], the input itself, and a jobs_vectors.json apart', async () => {
    const dir = tempDir();
    expect(await readExistingOutput(targetOf(join(dir, 'none.json')), null)).toEqual({ kind: 'none' });
    for (const text of ['', '  \n', '[]', '[\n]\n']) {
      writeFileSync(join(dir, 'empty.json'), text);
      expect(await readExistingOutput(targetOf(join(dir, 'empty.json')), null)).toEqual({ kind: 'empty' });
    }
    const inputFile = writeJson(join(dir, 'in.json'), sampleJobs(2));
    const input = await readJobsInput(inputFile);
    expect(await readExistingOutput(targetOf(inputFile), input)).toEqual({ kind: 'input' });

    const [first, second] = sampleJobs(2);
    const withVector = { ...first, raw: { ...first?.raw, embedding: [1], embedding_model: 'm' } };
    writeJson(join(dir, 'vectors.jsonl'), [withVector, second]);
    // Read as JSON whatever the name says: that is what this tool writes to it.
    expect(await readExistingOutput(targetOf(join(dir, 'vectors.jsonl')), input)).toMatchObject({
      kind: 'vectors',
      refused: [{ problem: { record: 1, field: 'raw.embedding' } }],
    });
  });

  it('calls anything else foreign, saying what it is', async () => {
    const dir = tempDir();
    const cases: [string, string | Buffer, string][] = [
      ['notes.md', '# My notes', 'The file is not valid JSON: unexpected'],
      ['jobs.json', JSON.stringify(sampleJobs(1)), 'It holds 1 job posting but no vectors'],
      ['object.json', '{"name": "settings"}', 'The file must hold a list of job postings'],
      ['latin1.json', Buffer.from('caf\xe9', 'latin1'), 'It is not UTF-8 or UTF-16 text.'],
    ];
    for (const [name, text, reason] of cases) {
      writeFileSync(join(dir, name), text);
      const existing = await readExistingOutput(targetOf(join(dir, name)), null);
      expect(existing.kind, name).toBe('foreign');
      expect(existing.kind === 'foreign' && existing.reason, name).toContain(reason);
    }
  });

  it('recognises a file over 100 MB by its start, without reading it whole', async () => {
    const dir = tempDir();
    // 200 MB of temp files: removed at once, not left for the system to clean.
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const filler = Buffer.alloc(101 * 1024 * 1024, 0x20);
    const head = '[\n  {\n    "id": "a",\n    "raw": {\n      "embedding": [0.1],\n      "embedding_model": "m"';
    writeFileSync(join(dir, 'big.json'), Buffer.concat([Buffer.from(head), filler]));
    expect(await readExistingOutput(targetOf(join(dir, 'big.json')), null)).toEqual({
      kind: 'vectors',
      byId: new Map(),
      refused: [],
      tooLarge: 'it is 101 MB, more than the 100 MB read at once, so its vectors are not reused',
    });
    writeFileSync(join(dir, 'big.log'), Buffer.concat([Buffer.from('log line\n'), filler]));
    expect(await readExistingOutput(targetOf(join(dir, 'big.log')), null)).toEqual({
      kind: 'foreign',
      reason: 'It is 101 MB and does not start like a jobs_vectors.json.',
    });
  });
});
