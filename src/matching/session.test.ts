import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { vectorCacheKey } from '../core/jobs/hash';
import type { Job, ModelKey } from '../core/jobs/job';
import { parseJobsFile } from '../core/jobs/parse';
import { jobText } from '../core/jobs/text';
import { failed, UserErrorThrown, type Result } from '../core/user-error';
import { EMBEDDING_DIM, l2Normalize } from '../core/vectors';
import { poolWindows, type TextWindows } from '../core/windows';
import type { EmbedOutcome } from '../embedding/client';
import { openLocalStore } from '../storage/indexeddb-store';
import type { LocalStore } from '../storage/local-store';
import type { EmbedFunction } from './embed-with-cache';
import { inThreadKeywordRanker, type KeywordRanker } from './keyword-ranker';
import { PROFILE_CHAR_LIMIT } from './profile-vectors';
import type { Scheduling } from './scheduling';
import { MatchingSession, type SessionDependencies } from './session';
import type { MatchingSnapshot } from './snapshot';

const key: ModelKey = { modelId: 'Xenova/all-MiniLM-L6-v2', dtype: 'int8', maxTokens: 256 };

/** A stand-in for the model: a hashed bag of words, so texts sharing words are similar. */
function fakeVector(text: string): Float32Array {
  const vector = new Float32Array(EMBEDDING_DIM);
  for (const word of text.toLowerCase().match(/[a-z]+/g) ?? []) {
    let hash = 7;
    for (const char of word) hash = (hash * 31 + char.charCodeAt(0)) % 100_003;
    vector[hash % EMBEDDING_DIM] = (vector[hash % EMBEDDING_DIM] as number) + 1;
  }
  if (vector.every((value) => value === 0)) vector[0] = 1;
  return l2Normalize(vector);
}

/** Windows as the engine makes them, with one window per line standing in for 256 word pieces. */
function fakeWindows(
  texts: string[],
  override: (text: string) => Float32Array | undefined,
): { pooled: Float32Array; windows: TextWindows } {
  // A text with a vector chosen by the test is one window, with that vector.
  const perText = texts.map((text) =>
    override(text) ? [[0, text.length]] : [...text.matchAll(/[^\n]+/g)].map((m) => [m.index, m.index + m[0].length]),
  );
  const vectors = perText.flatMap((spans, index) => {
    const text = texts[index] as string;
    return spans.map(([a, b]) => override(text) ?? fakeVector(text.slice(a, b)));
  });
  const pooled = new Float32Array(texts.length * EMBEDDING_DIM);
  let first = 0;
  perText.forEach((spans, index) => {
    const own = new Float32Array(spans.length * EMBEDDING_DIM);
    spans.forEach((_, w) => own.set(vectors[first + w] as Float32Array, w * EMBEDDING_DIM));
    pooled.set(poolWindows(own, spans.length, EMBEDDING_DIM), index * EMBEDDING_DIM);
    first += spans.length;
  });
  const flat = new Float32Array(vectors.length * EMBEDDING_DIM);
  vectors.forEach((vector, index) => flat.set(vector, index * EMBEDDING_DIM));
  return {
    pooled,
    windows: {
      counts: Uint32Array.from(perText, (spans) => spans.length),
      spans: Uint32Array.from(perText.flat(2)),
      vectors: flat,
    },
  };
}

interface FakeModel {
  embed: EmbedFunction;
  calls: string[][];
  /** When set, an embed call waits for what it returns for the call's number (from 1). */
  hold: ((call: number) => Promise<void> | undefined) | null;
  /** Answers instead of vectors, by call number from 1 (a crash, a silent worker). */
  failures: Map<number, Result<EmbedOutcome>>;
  /** Vectors chosen by a test for some texts. */
  override: (text: string) => Float32Array | undefined;
}

function fakeModel(): FakeModel {
  const model: FakeModel = {
    calls: [],
    hold: null,
    failures: new Map(),
    override: () => undefined,
    embed: async (texts, options) => {
      model.calls.push(texts);
      await model.hold?.(model.calls.length);
      if (options?.signal?.aborted) return failed('cancelled', 'Embedding was cancelled.');
      const failure = model.failures.get(model.calls.length);
      if (failure) return failure;
      const vectors = new Float32Array(texts.length * EMBEDDING_DIM);
      texts.forEach((text, index) => vectors.set(model.override(text) ?? fakeVector(text), index * EMBEDDING_DIM));
      options?.onProgress?.({ done: texts.length, total: texts.length, rate: 1, eta: 0 });
      const windows = options?.windows ? fakeWindows(texts, model.override) : null;
      return {
        ok: true,
        value: {
          vectors: windows?.pooled ?? vectors,
          ...(windows ? { windows: windows.windows } : {}),
          info: {
            ...key,
            dtype: 'int8',
            device: 'cpu',
            numThreads: 1,
            dim: EMBEDDING_DIM,
            loadMs: 0,
            loadBreakdown: { filesMs: 0, runtimeMs: 0 },
          },
        },
      };
    },
  };
  return model;
}

const immediate: Scheduling = {
  frame: (callback) => void setTimeout(callback, 0),
  after: (_ms, callback) => {
    const timer = setTimeout(callback, 0);
    return () => clearTimeout(timer);
  },
  pause: () => new Promise((resolve) => setTimeout(resolve, 0)),
};

const posting = (id: string, title: string, description: string, requirements: string[] = []) => ({
  id,
  title,
  company: 'Acme',
  location: 'Remote',
  raw: { description, requirements },
});

const JOBS = [
  posting('dev', 'Python developer', 'Build web services in Python and Django with PostgreSQL.', ['Python', 'Docker']),
  posting('nurse', 'Registered nurse ICU', 'Care for patients in the intensive care unit, BLS and ACLS.', ['BLS']),
  posting('welder', 'Welder', 'MIG and TIG welding of steel frames in a fabrication shop.', ['MIG welding']),
  posting('sales', 'Account executive', 'Sell software subscriptions to mid-market companies.', []),
];
const jobsFile = (jobs: unknown[] = JOBS) => new Blob([JSON.stringify(jobs)], { type: 'application/json' });

let sessions: MatchingSession[] = [];

interface SessionSetup {
  store?: () => Promise<LocalStore>;
  /** False: the model is not ready yet (setModel is left to the test). */
  modelReady?: boolean;
  pruneCache?: SessionDependencies['pruneCache'];
  keywordRanker?: SessionDependencies['keywordRanker'];
}

async function makeSession(
  model: FakeModel,
  { store, modelReady = true, pruneCache, keywordRanker }: SessionSetup = {},
) {
  const session = new MatchingSession({
    openStore: store ?? (() => openLocalStore()),
    embed: model.embed,
    countTokens: async (texts) => ({ ok: true, value: texts.map((text) => text.split(/\s+/).length + 2) }),
    parseFile: async (file, name) => parseJobsFile(name, await file.text()),
    ...(pruneCache ? { pruneCache } : {}),
    ...(keywordRanker ? { keywordRanker } : {}),
    scheduling: immediate,
  });
  sessions.push(session);
  await session.start();
  if (modelReady) session.setModel(key);
  await session.idle();
  return session;
}

const titlesInOrder = (snapshot: MatchingSnapshot) =>
  Array.from(snapshot.ranking?.order ?? [], (index) => snapshot.jobs[index]?.title);

beforeEach(() => {
  // A fresh, empty IndexedDB per test: the sessions of one test share it, as two tabs do.
  globalThis.indexedDB = new IDBFactory();
  sessions = [];
});
afterEach(() => sessions.forEach((session) => session.dispose()));

describe('MatchingSession', () => {
  it('embeds uploaded jobs, reads the profile and ranks the jobs of its field first, with reasons', async () => {
    const model = fakeModel();
    const session = await makeSession(model);
    await session.loadFile(jobsFile(), 'jobs.json');
    session.setProfile('Registered nurse with ICU experience, BLS and ACLS certified, caring for patients.');
    await session.idle();
    const snapshot = session.getSnapshot();
    expect(snapshot.vectorCounts).toMatchObject({ embedded: 4, reused: 0 });
    expect(snapshot.profileState).toBe('ready');
    expect(titlesInOrder(snapshot)[0]).toBe('Registered nurse ICU');
    const nurse = snapshot.ranking?.order[0] as number;
    expect(snapshot.ranking?.details(nurse).requirements).toMatchObject([{ text: 'BLS', status: 'met' }]);
    expect(snapshot.ranking?.details(nurse).bestPassage).toContain('nurse');
  });

  it('re-uploading the same jobs reuses every vector; an edited job alone is embedded', async () => {
    const model = fakeModel();
    const session = await makeSession(model);
    await session.loadFile(jobsFile(), 'jobs.json');
    await session.idle();
    model.calls = [];
    const edited = structuredClone(JOBS);
    (edited[2] as (typeof JOBS)[number]).raw.description += ' Night shifts.';
    await session.loadFile(jobsFile(edited), 'edited.json');
    await session.idle();
    expect(model.calls.flat()).toHaveLength(1);
    expect(session.getSnapshot().vectorCounts).toMatchObject({ embedded: 5, reused: 3 });
    expect(session.getSnapshot().withVectors).toBe(4);
  });

  it('5,000 jobs (several look-up slices) are all ranked, and a reload reuses every vector', async () => {
    const many = Array.from({ length: 5000 }, (_, index) =>
      posting(`j${index}`, index % 2 ? `Welder ${index}` : `Nurse ${index}`, `Shift ${index}.`),
    );
    const model = fakeModel();
    const first = await makeSession(model);
    await first.loadFile(jobsFile(many), 'many.json');
    first.setProfile('Nurse');
    await first.idle();
    expect(first.getSnapshot().ranking?.scored).toBe(5000);
    expect(first.getSnapshot().jobs[first.getSnapshot().ranking?.order[0] as number]?.title).toMatch(/^Nurse/);
    first.dispose();

    const reloaded = await makeSession(model);
    await reloaded.idle();
    expect(reloaded.getSnapshot().vectorCounts).toMatchObject({ embedded: 0, reused: 5000 });
  });

  it('publishes a profile edit at once: the text box never shows an older text', async () => {
    const session = await makeSession(fakeModel());
    let seen = '';
    session.subscribe(() => (seen = session.getSnapshot().profile));
    session.setProfile('K');
    expect(seen).toBe('K');
    session.setProfile('Ku');
    expect(session.getSnapshot().profile).toBe('Ku');
  });

  it('ranks by keywords the moment jobs load, before the model is ready, and fuses in meaning when vectors arrive', async () => {
    const model = fakeModel();
    const session = await makeSession(model, { modelReady: false });
    await session.loadFile(jobsFile(), 'jobs.json');
    session.setProfile('Registered nurse, ICU, BLS and ACLS.');
    await session.idle();
    const early = session.getSnapshot();
    expect(model.calls).toHaveLength(0);
    expect(early.ranking?.mode).toBe('keywords');
    expect(titlesInOrder(early)[0]).toBe('Registered nurse ICU');
    const shared = early.ranking?.details(early.ranking.order[0] as number).sharedTerms ?? [];
    expect(shared.map((term) => term.toLowerCase())).toEqual(expect.arrayContaining(['icu', 'bls']));

    session.setModel(key);
    await session.idle();
    const late = session.getSnapshot();
    expect(late.ranking?.mode).toBe('fused');
    expect(titlesInOrder(late)[0]).toBe('Registered nurse ICU');
    expect(late.ranking?.scores[late.ranking.order[0] as number]).toBeGreaterThan(0);
    // Each job says where each signal placed it; the keyword ranking alone has nothing to break down.
    expect(late.ranking?.placedBy(late.ranking.order[0] as number)).toMatchObject({ semantic: 1, keyword: 1 });
    expect(early.ranking?.placedBy(0)).toBeNull();
  });

  it('judges each requirement by the model too, ranks with them, and says what the top jobs most often miss', async () => {
    const model = fakeModel();
    const session = await makeSession(model);
    const devops = (id: string) =>
      posting(id, `Platform engineer ${id}`, 'Run the platform.', ['Docker and Kubernetes', 'Python scripting']);
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    model.hold = (call) => (model.calls[call - 1]?.includes('Python scripting') ? held : undefined);
    await session.loadFile(jobsFile([...JOBS, devops('p1'), devops('p2')]), 'jobs.json');
    session.setProfile('Python developer. I build Django services on PostgreSQL.');
    // While the requirements are read, the page says the order is still being refined.
    await expect.poll(() => session.getSnapshot().progress?.phase, { timeout: 2000 }).toBe('requirements');
    await expect.poll(() => session.getSnapshot().ranking?.mode, { timeout: 2000 }).toBe('refining');
    release();
    await session.idle();
    // Requirements are embedded once each, after the postings.
    const embedded = model.calls.flat();
    expect(embedded.filter((text) => text === 'Docker and Kubernetes')).toHaveLength(1);
    const snapshot = session.getSnapshot();
    expect(snapshot.ranking?.mode).toBe('fused');
    expect(snapshot.progress).toBeNull();
    const platform = snapshot.jobs.findIndex((job) => job.id === 'p1');
    const evidence = snapshot.ranking?.details(platform).requirements ?? [];
    expect(evidence.map((item) => [item.text, item.status])).toEqual([
      ['Docker and Kubernetes', 'not-found'],
      ['Python scripting', 'partly'],
    ]);
    expect(evidence[0]?.similarity).not.toBeNaN();
    expect(snapshot.profile).toContain(evidence[0]?.passage ?? '-');
    expect(snapshot.ranking?.oftenMissing()).toEqual([
      { what: 'Docker', jobs: 3 },
      { what: 'Kubernetes', jobs: 2 },
    ]);
  });

  it('keeps the requirements of the loaded jobs in use when the cache is pruned, also when they were known already', async () => {
    const model = fakeModel();
    const inUseSets: ReadonlySet<string>[] = [];
    const session = await makeSession(model, { pruneCache: async (_store, inUse) => void inUseSets.push(inUse) });
    await session.loadFile(jobsFile(), 'jobs.json');
    await session.idle();
    await session.loadFile(jobsFile(JOBS.slice(0, 2)), 'two.json');
    await session.idle();
    const mig = await vectorCacheKey(key, 'MIG welding');
    const bls = await vectorCacheKey(key, 'BLS');
    expect(inUseSets).toHaveLength(2);
    expect(inUseSets[0]?.has(mig)).toBe(true);
    // The second upload's requirements were all known from the first: still in use, not pruned.
    expect(inUseSets[1]?.has(bls)).toBe(true);
    expect(inUseSets[1]?.has(mig)).toBe(false);
  });

  it('drops keyword scores that arrive after the profile changed, and ranks by meaning when the keyword index fails', async () => {
    // A ranker whose searches answer only when the test says (as a worker does, later).
    const answers: { profile: string; answer: () => void }[] = [];
    const slowRanker = (): KeywordRanker => {
      const inner = inThreadKeywordRanker();
      return {
        add: (documents) => inner.add(documents),
        search: (profile) =>
          new Promise((resolve) => answers.push({ profile, answer: () => void inner.search(profile).then(resolve) })),
        dispose: () => undefined,
      };
    };
    const model = fakeModel();
    const session = await makeSession(model, { modelReady: false, keywordRanker: slowRanker });
    await session.loadFile(jobsFile(), 'jobs.json');
    session.setProfile('Welder, MIG and TIG.');
    await expect.poll(() => answers.length, { timeout: 2000 }).toBe(1);
    session.setProfile('Registered nurse, ICU.');
    await expect.poll(() => answers.length, { timeout: 2000 }).toBe(2);
    answers[0]?.answer();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(session.getSnapshot().ranking).toBeNull();
    answers[1]?.answer();
    await expect.poll(() => titlesInOrder(session.getSnapshot())[0], { timeout: 2000 }).toBe('Registered nurse ICU');

    const broken = await makeSession(fakeModel(), {
      keywordRanker: () => ({
        add: () => Promise.reject(new Error('the keyword worker stopped')),
        search: () => Promise.reject(new Error('the keyword worker stopped')),
        dispose: () => undefined,
      }),
    });
    await broken.loadFile(jobsFile(), 'jobs.json');
    broken.setProfile('Registered nurse, ICU.');
    await broken.idle();
    expect(broken.getSnapshot().ranking?.mode).toBe('semantic');
    expect(titlesInOrder(broken.getSnapshot())[0]).toBe('Registered nurse ICU');
  });

  it('says which part of a long posting matched, and keeps it in the cache for the next visit', async () => {
    const model = fakeModel();
    const long = posting(
      'long',
      'Clinic role',
      'About us: a friendly company that sells furniture online.\nQualifications:\nRegistered nurse with BLS.',
    );
    const session = await makeSession(model);
    await session.loadFile(jobsFile([...JOBS, long]), 'jobs.json');
    session.setProfile('Registered nurse with BLS and ACLS.');
    await session.idle();
    const snapshot = session.getSnapshot();
    const index = snapshot.jobs.findIndex((job) => job.id === 'long');
    const window = snapshot.ranking?.details(index).bestWindow;
    expect(window?.text).toBe('Registered nurse with BLS.');
    expect(window?.count).toBeGreaterThanOrEqual(3);

    const again = await makeSession(model);
    const callsBefore = model.calls.length;
    await again.idle();
    again.setProfile('Registered nurse with BLS and ACLS.');
    await again.idle();
    expect(model.calls.slice(callsBefore).flat()).not.toContain(jobText(again.getSnapshot().jobs[index] as Job));
    expect(again.getSnapshot().ranking?.details(index).bestWindow?.text).toBe('Registered nurse with BLS.');
  });

  it('a profile edit drops the old ranking at once, shows the new text’s keyword ranking, and never quotes text that is gone', async () => {
    const model = fakeModel();
    const session = await makeSession(model);
    await session.loadFile(jobsFile(), 'jobs.json');
    session.setProfile('Staff nurse in the ICU. Caring for patients.');
    await session.idle();
    expect(session.getSnapshot().ranking).not.toBeNull();

    model.hold = () => new Promise(() => undefined); // the model is busy: the new profile is not read yet
    session.setProfile('Python developer building Django web services.');
    expect(session.getSnapshot().ranking).toBeNull();
    // The keyword ranking of the NEW text shows while the model reads it: no similarity, no old passage.
    await expect.poll(() => session.getSnapshot().ranking?.mode, { timeout: 2000 }).toBe('keywords');
    const updating = session.getSnapshot();
    expect(updating.profileState).toBe('reading');
    expect(updating.ranking?.mode).toBe('keywords');
    expect(titlesInOrder(updating)[0]).toBe('Python developer');
    for (const index of updating.ranking?.order ?? []) {
      expect(updating.ranking?.scores[index]).toBeNaN();
      const details = updating.ranking?.details(index);
      expect(details?.bestPassage).toBeNull();
      for (const term of details?.sharedTerms ?? [])
        expect(updating.profile.toLowerCase()).toContain(term.toLowerCase());
    }
  });

  it('after the new profile is read, reasons quote only the new text', async () => {
    const model = fakeModel();
    const session = await makeSession(model);
    await session.loadFile(jobsFile(), 'jobs.json');
    session.setProfile('Staff nurse in the ICU. Caring for patients.');
    await session.idle();
    session.setProfile('Python developer building Django web services. I like PostgreSQL.');
    await session.idle();
    const snapshot = session.getSnapshot();
    expect(titlesInOrder(snapshot)[0]).toBe('Python developer');
    for (const index of snapshot.ranking?.order ?? []) {
      const passage = snapshot.ranking?.details(index).bestPassage ?? '';
      expect(snapshot.profile).toContain(passage);
      expect(passage).not.toContain('nurse');
    }
  });

  it('an edit while the profile is read does not interrupt the model call (no worker restart); the newest text wins', async () => {
    const model = fakeModel();
    const session = await makeSession(model);
    await session.loadFile(jobsFile(), 'jobs.json');
    await session.idle();
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const signals: (AbortSignal | undefined)[] = [];
    const inner = model.embed;
    model.embed = (texts, options) => {
      signals.push(options?.signal);
      return inner(texts, options);
    };
    const firstProfileCall = model.calls.length + 1;
    model.hold = (call) => (call === firstProfileCall ? held : undefined);
    session.setProfile('Staff nurse in the ICU.');
    while (model.calls.length < firstProfileCall) await new Promise((resolve) => setTimeout(resolve, 1));
    session.setProfile('Welder: MIG and TIG welding.');
    await new Promise((resolve) => setTimeout(resolve, 5));
    release();
    await session.idle();
    expect(signals.some((signal) => signal?.aborted)).toBe(false);
    expect(titlesInOrder(session.getSnapshot())[0]).toBe('Welder');
  });

  it('cancel keeps the finished vectors and says how many', async () => {
    const model = fakeModel();
    const session = await makeSession(model);
    const many = Array.from({ length: 80 }, (_, index) => posting(`j${index}`, `Job ${index}`, `Work item ${index}.`));
    let release: () => void = () => undefined;
    const second = new Promise<void>((resolve) => (release = resolve));
    model.hold = (call) => (call === 2 ? second : undefined);
    await session.loadFile(jobsFile(many), 'many.json');
    // The first batch of 32 is saved; the second is in the worker when the person cancels.
    while (model.calls.length < 2) await new Promise((resolve) => setTimeout(resolve, 1));
    // The status line's stored count follows the saved batch while the run goes on.
    await expect.poll(() => session.getSnapshot().vectorCounts.stored, { timeout: 2000 }).toBe(32);
    session.cancelEmbedding();
    release();
    await session.idle();
    expect(session.getSnapshot().message?.text).toBe('Embedding cancelled: 32 of 80 jobs have vectors and were kept.');
    expect(session.getSnapshot().withVectors).toBe(32);
  });

  it('clear forgets jobs, vectors and profile, in the session and in the store', async () => {
    const model = fakeModel();
    const session = await makeSession(model);
    await session.loadFile(jobsFile(), 'jobs.json');
    session.setProfile('Welder, MIG and TIG.');
    await session.idle();
    await session.clearLocalData();
    await session.idle();
    const snapshot = session.getSnapshot();
    expect(snapshot).toMatchObject({ jobs: [], profile: '', ranking: null, profileState: 'empty' });
    expect(snapshot.vectorCounts.stored).toBe(0);
    const reopened = await openLocalStore();
    expect(await reopened.loadJobs()).toEqual([]);
    expect(await reopened.loadValue('profile')).toBeUndefined();
    reopened.close();
  });

  it('a stored vector 50x too long, or all zeros, is discarded and embedded again: no score leaves [-1, 1]', async () => {
    const store = await openLocalStore();
    const nurseText = jobText({
      title: 'Registered nurse ICU',
      company: 'Acme',
      location: 'Remote',
      description: JOBS[1]?.raw.description ?? '',
      requirements: ['BLS'],
    });
    const welderText = jobText({
      title: 'Welder',
      company: 'Acme',
      location: 'Remote',
      description: JOBS[2]?.raw.description ?? '',
      requirements: ['MIG welding'],
    });
    await store.putVectors([
      { key: await vectorCacheKey(key, nurseText), vector: fakeVector(nurseText).map((value) => value * 50) },
      { key: await vectorCacheKey(key, welderText), vector: new Float32Array(EMBEDDING_DIM) },
    ]);
    store.close();
    const model = fakeModel();
    const session = await makeSession(model);
    await session.loadFile(jobsFile(), 'jobs.json');
    session.setProfile('Python developer, Django.');
    await session.idle();
    const snapshot = session.getSnapshot();
    expect(snapshot.vectorCounts).toMatchObject({ embedded: 4, reused: 0, discarded: 2 });
    expect(snapshot.message?.text).toMatch(/2 stored or imported vectors were not a valid sentence vector/);
    for (const score of snapshot.ranking?.scores ?? []) expect(Math.abs(score)).toBeLessThanOrEqual(1);
    expect(titlesInOrder(snapshot)[0]).toBe('Python developer');
  });

  it('a full vector store loses neither jobs nor profile, and says what was not saved', async () => {
    const model = fakeModel();
    const session = await makeSession(model, {
      store: async () => {
        const store = await openLocalStore();
        return {
          ...store,
          kind: store.kind,
          putVectors: async () => {
            throw new UserErrorThrown({
              code: 'storage-full',
              message: "Your browser's storage is full, so the vectors were not saved.",
            });
          },
        };
      },
    });
    await session.loadFile(jobsFile(), 'jobs.json');
    session.setProfile('Welder, MIG and TIG.');
    await session.idle();
    const snapshot = session.getSnapshot();
    expect(snapshot.message?.text).toMatch(/storage is full.*Vectors of 4 jobs were not saved/);
    expect(snapshot.ranking?.scored).toBe(4);
    const reopened = await openLocalStore();
    expect((await reopened.loadJobs()).map((job) => job.id)).toEqual(['dev', 'nurse', 'welder', 'sales']);
    expect(await reopened.loadValue('profile')).toBe('Welder, MIG and TIG.');
    reopened.close();
  });

  it('a worker that crashes or stops answering is restarted and the run resumes where it was', async () => {
    const model = fakeModel();
    const session = await makeSession(model);
    const many = Array.from({ length: 70 }, (_, index) => posting(`j${index}`, `Job ${index}`, `Task ${index}.`));
    // The first call (32 jobs) finishes; the second finds the worker silent.
    model.failures.set(
      2,
      failed('worker-unresponsive', 'The embedding worker stopped answering (no progress for 60 s).'),
    );
    await session.loadFile(jobsFile(many), 'many.json');
    await session.idle();
    const snapshot = session.getSnapshot();
    expect(snapshot.withVectors).toBe(70);
    expect(snapshot.vectorCounts.embedded).toBe(70);
    expect(snapshot.message?.text).toBe(
      'The embedding worker stopped answering. It was restarted and embedding goes on from 32 of 70 jobs (the finished batches were saved).',
    );
  });

  it('a worker that keeps dying ends the run with a message, keeping what finished', async () => {
    const model = fakeModel();
    const session = await makeSession(model);
    const many = Array.from({ length: 70 }, (_, index) => posting(`j${index}`, `Job ${index}`, `Task ${index}.`));
    for (const call of [2, 3, 4])
      model.failures.set(call, failed('worker-crashed', 'The embedding worker stopped: out of memory'));
    await session.loadFile(jobsFile(many), 'many.json');
    await session.idle();
    expect(session.getSnapshot().withVectors).toBe(32);
    expect(session.getSnapshot().message).toEqual({
      kind: 'error',
      text: 'The embedding worker stopped: out of memory',
    });
    expect(session.getSnapshot().progress).toBeNull();
  });

  it('refuses a profile over the size cap without reading it, and keeps the text', async () => {
    const model = fakeModel();
    const session = await makeSession(model);
    await session.loadFile(jobsFile(), 'jobs.json');
    await session.idle();
    model.calls = [];
    const huge = 'Experienced welder. '.repeat(Math.ceil(PROFILE_CHAR_LIMIT / 20) + 10);
    session.setProfile(huge);
    await session.idle();
    expect(session.getSnapshot()).toMatchObject({ profileState: 'too-long', ranking: null, profile: huge });
    expect(model.calls).toEqual([]);
  });

  it('jobs less similar than orthogonal are still ranked (negative scores), after the others', async () => {
    const model = fakeModel();
    const axis = (...dims: number[]) =>
      l2Normalize(Array.from({ length: EMBEDDING_DIM }, (_, d) => (dims.includes(d) ? 1 : dims.includes(-d) ? -1 : 0)));
    model.override = (text) =>
      text.startsWith('Opposite') ? axis(-1, 2) : text.startsWith('Plain') ? axis(1, 3) : axis(1);
    const session = await makeSession(model);
    await session.loadFile(
      jobsFile([
        { id: 'o', title: 'Opposite', description: 'x' },
        { id: 'p', title: 'Plain', description: 'y' },
      ]),
      'two.json',
    );
    session.setProfile('anything at all');
    await session.idle();
    const snapshot = session.getSnapshot();
    expect(titlesInOrder(snapshot)).toEqual(['Plain', 'Opposite']);
    expect(snapshot.ranking?.scores[0]).toBeCloseTo(-Math.SQRT1_2, 5);
  });

  it("another tab's clear and upload reach this one", async () => {
    const model = fakeModel();
    const first = await makeSession(model);
    const second = await makeSession(model);
    await first.loadFile(jobsFile(), 'jobs.json');
    await first.idle();
    await expect.poll(() => second.getSnapshot().jobs.length, { timeout: 2000 }).toBe(4);
    await second.idle();
    expect(second.getSnapshot().jobsSource).toBe('jobs.json');

    await first.clearLocalData();
    await expect.poll(() => second.getSnapshot().jobs.length, { timeout: 2000 }).toBe(0);
    await second.idle();
    expect(second.getSnapshot().vectorCounts.stored).toBe(0);
    expect(second.getSnapshot().message?.text).toMatch(/cleared in another tab/);
  });
});
