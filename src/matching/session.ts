import { exportJobsVectorsParts, reusableVector } from '../core/jobs/export';
import type { Job, ModelKey, ParseOutcome } from '../core/jobs/job';
import { jobText } from '../core/jobs/text';
import { calibrationFor } from '../core/rank/calibration';
import { fuseRanks, ranksOf } from '../core/rank/fusion';
import { extractRequirements, type Requirement } from '../core/rank/requirement-extract';
import { mostOftenMissing, type OftenMissing } from '../core/rank/requirement-evidence';
import { profileTerms, type ProfileTerms } from '../core/rank/requirements';
import { dimOf } from '../core/models';
import { EMBEDDING_DIM, row } from '../core/vectors';
import { toUserError, type UserError } from '../core/user-error';
import type { WindowsOfText } from '../core/windows';
import type { EmbedProgress } from '../embedding/types';
import type { StoreEvents } from '../storage/indexeddb-store';
import type { LocalStore, StoreChange } from '../storage/local-store';
import { CALL_SIZE, embedWithCache, type CacheRun, type EmbedFunction } from './embed-with-cache';
import { jobDetails, requirementEvidence, type JobDetails } from './job-details';
import { JobVectors } from './job-vectors';
import { inThreadKeywordRanker, type KeywordRanker } from './keyword-ranker';
import { embedProfile, profileTooLong, type CountTokens, type ProfileVectors } from './profile-vectors';
import { browserScheduling, type Scheduling } from './scheduling';
import { RequirementScores } from './requirement-scores';
import { rankOrder, SemanticScores } from './semantic-scores';
import type {
  MatchingSnapshot,
  ProfileState,
  RankingMode,
  RankingView,
  SessionMessage,
  UploadReport,
} from './snapshot';

export interface SessionDependencies {
  /** Opens the local store; `events` reach the person as messages (another tab upgrading, a killed connection). */
  openStore: (events: StoreEvents) => Promise<LocalStore>;
  embed: EmbedFunction;
  countTokens: CountTokens;
  /** Reads and validates a jobs file (in the page: in a worker). */
  parseFile: (file: Blob, name: string) => Promise<ParseOutcome>;
  /** What the site stores on the device; null where the browser does not say. */
  storageUse?: () => Promise<{ usage: number; quota: number } | null>;
  /** A keyword index for a new job list (in the page: in a worker); by default one on this thread. */
  keywordRanker?: () => KeywordRanker;
  /** Vector-cache housekeeping after a run: drops vectors no loaded job uses, by the store's policy. */
  pruneCache?: (store: LocalStore, inUse: ReadonlySet<string>) => Promise<unknown>;
  scheduling?: Scheduling;
}

/** How long typing must pause before the profile is read: short enough to feel live, long enough to skip keystrokes. */
export const PROFILE_PAUSE_MS = 150;

/** A worker that crashed or stopped answering is restarted this often in one run before the run gives up. */
const RESTARTS_PER_RUN = 2;

/** Jobs whose text is built per task (~10 ms for 1,000 long postings). */
const TEXT_SLICE = 1000;

/** Jobs added to the keyword index per task. */
/**
 * Jobs indexed, or whose requirements are extracted, per task: 500 real-length postings (~4,000 characters) took
 * ~380 ms to index and ~290 ms to extract in one task on a busy 2-core machine; 50 stay near 40 ms.
 */
const KEYWORD_SLICE = 50;

/**
 * Weights of semantic similarity and keyword evidence in the reciprocal rank fusion (k = 60), chosen on the dev
 * set (`npm run eval`, README "How jobs are ranked").
 */
export const FUSION_WEIGHTS = { semantic: 1, keyword: 1, requirements: 1 } as const;

/** Requirement texts per worker call: they are short (~20 word pieces), so more fit in a call than postings. */
const REQUIREMENT_CALL_SIZE = 64;

/** How many of the best-ranked jobs "most often not found" looks at. */
export const OFTEN_MISSING_TOP = 25;

const RESTARTABLE = new Set(['worker-crashed', 'worker-unresponsive']);

type Listener = () => void;

interface ProfileReading {
  text: string;
  vectors: ProfileVectors;
}

/**
 * The matching workflow with no React: jobs in, vectors cached and checked, the profile read, jobs ranked.
 * It owns the local store, the embedding runs and their AbortControllers, one vector table aligned with the
 * jobs, the profile and the ranking, and publishes immutable snapshots (`subscribe`/`getSnapshot`, the
 * shape `useSyncExternalStore` wants). Every change of jobs, profile or model starts a new generation;
 * results of an older one are dropped, so nothing shown ever comes from text that is gone.
 */
export class MatchingSession {
  private store: LocalStore | null = null;
  private modelKey: ModelKey | null = null;
  private jobs: readonly Job[] = [];
  private jobsSource: string | null = null;
  private upload: UploadReport | null = null;
  private vectors = new JobVectors(0, EMBEDDING_DIM);
  /** Each job's windows (which part of the posting each covers, and its vector), where known. */
  private windows: (WindowsOfText | undefined)[] = [];
  /** BM25 over the current jobs, once built (it is built a slice at a time, apart from the model). */
  private keywordIndex: KeywordRanker | null = null;
  /** The index being built or in use, to dispose of when the jobs change. */
  private keywordRanker: KeywordRanker | null = null;
  /** Keyword scores, for the profile text they were computed from. */
  private keyword: { text: string; scores: Float32Array } | null = null;
  /** Each job's requirements (its list, or found in its description), filled while the keyword index is built. */
  private jobRequirements: (Requirement[] | undefined)[] = [];
  /** Resolves when the current jobs are indexed and their requirements extracted. */
  private indexed: Promise<void> = Promise.resolve();
  /** Requirement text -> its vector, under the current model (postings share many requirements). */
  private requirementVectors = new Map<string, Float32Array>();
  /** True while the current jobs' requirements are being embedded. */
  private readingRequirements = false;
  /** The requirement signal for the current profile, once its passages are read. */
  private requirementScores: RequirementScores | null = null;
  /** The profile's terms for lexical requirement evidence, built once per profile text. */
  private terms: { text: string; terms: ProfileTerms } | null = null;
  private progress: MatchingSnapshot['progress'] = null;
  private counts = { embedded: 0, reused: 0, stored: 0, discarded: 0 };
  private storageUse: MatchingSnapshot['storageUse'] = null;
  private profile = '';
  private profileState: ProfileState = 'empty';
  private profileProgress: EmbedProgress | null = null;
  private reading: ProfileReading | null = null;
  private scores: SemanticScores | null = null;
  /** True once every present vector is scored against the current profile. */
  private scoresComplete = false;
  /** The published ranking, rebuilt only when scores changed: a progress update re-renders nothing else. */
  private view: RankingView | null = null;
  private details = new Map<number, JobDetails>();
  private message: SessionMessage | null = null;

  private jobsGeneration = 0;
  private profileGeneration = 0;
  private jobRun: AbortController | null = null;
  private profileRun: AbortController | null = null;
  private cancelProfilePause: (() => void) | null = null;
  private running = new Set<Promise<unknown>>();
  private unsubscribeStore: (() => void) | null = null;

  private readonly listeners = new Set<Listener>();
  private snapshot: MatchingSnapshot;
  private publishPending = false;
  private readonly scheduling: Scheduling;
  private disposed = false;

  constructor(private readonly deps: SessionDependencies) {
    this.scheduling = deps.scheduling ?? browserScheduling;
    this.snapshot = this.buildSnapshot();
  }

  // ---- the external-store contract -------------------------------------------------------------------

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): MatchingSnapshot => this.snapshot;

  /** Resolves once no run is in flight and the latest state is published (tests, the benchmark). */
  async idle(): Promise<void> {
    while (this.running.size > 0 || this.publishPending || this.cancelProfilePause) {
      if (this.cancelProfilePause)
        await new Promise<void>((resolve) => this.scheduling.after(PROFILE_PAUSE_MS, resolve));
      await Promise.all([...this.running]);
      if (this.publishPending) await new Promise<void>((resolve) => this.scheduling.frame(resolve));
    }
  }

  // ---- life cycle -----------------------------------------------------------------------------------

  /** Opens the store and restores what the last visit left: jobs, their source and the profile. */
  start(): Promise<void> {
    return this.track(async () => {
      const store = await this.deps.openStore({
        onBlocked: (text) => this.say('error', text),
        onClosed: (text) => this.say('error', text),
      });
      if (this.disposed) return store.close();
      this.store = store;
      this.unsubscribeStore = store.onChange((change) => void this.onStoreChange(change));
      const [jobs, source, profile] = await Promise.all([
        store.loadJobs(),
        store.loadValue('jobsSource'),
        store.loadValue('profile'),
      ]);
      this.jobsSource = source ?? null;
      this.adoptJobs(jobs);
      // Whatever the person typed while the store was opening wins over the saved text.
      if (profile && !this.profile) this.adoptProfile(profile);
      void this.refreshStorageFigures();
      this.publish();
    });
  }

  dispose(): void {
    this.disposed = true;
    this.jobRun?.abort();
    this.profileRun?.abort();
    this.cancelProfilePause?.();
    this.unsubscribeStore?.();
    this.store?.close();
    this.keywordRanker?.dispose();
    this.listeners.clear();
  }

  /** The model is ready (or gone): vectors are made and compared under this key only. */
  setModel(key: ModelKey | null): void {
    if (sameModel(key, this.modelKey)) return;
    this.modelKey = key;
    // Vectors of another model are never compared with this one's.
    this.requirementVectors = new Map();
    this.adoptJobs(this.jobs);
    this.adoptProfile(this.profile);
  }

  // ---- what a person does ------------------------------------------------------------------------

  async loadFile(file: Blob, name: string): Promise<void> {
    this.message = null;
    this.publish();
    const outcome = await this.deps.parseFile(file, name);
    if (!outcome.ok) {
      this.upload = { source: name, accepted: 0, problems: [], fatal: outcome.error.message };
      this.publish();
      return;
    }
    this.upload = { source: name, accepted: outcome.jobs.length, problems: outcome.problems };
    this.jobsSource = name;
    this.adoptJobs(outcome.jobs);
    // Jobs are saved apart from vectors: a full vector store never loses them, and they are shown even if
    // saving fails (the message says they will not survive a reload).
    try {
      await this.store?.saveJobs(outcome.jobs);
      await this.store?.saveValue('jobsSource', name);
    } catch (caught) {
      this.say(
        'error',
        `${toUserError(caught, 'storage-failed').message} The jobs from ${name} are used now but were not saved: they will be gone after a reload.`,
      );
    }
  }

  setProfile(text: string): void {
    if (text === this.profile) return;
    this.adoptProfile(text, { save: true });
    // The text box shows this snapshot: it must hold the new text before the next key, not a frame later.
    this.publishNow();
  }

  cancelEmbedding(): void {
    this.jobRun?.abort();
  }

  cancelProfile(): void {
    this.cancelProfilePause?.();
    this.profileRun?.abort();
  }

  /** A problem found outside the session (the demo file would not load), shown like its own. */
  reportError(text: string): void {
    this.say('error', text);
  }

  dismissMessage(): void {
    this.message = null;
    this.publish();
  }

  /** jobs_vectors.json in pieces (for a Blob); null before the model is ready. */
  async exportVectors(): Promise<string[] | null> {
    if (!this.modelKey) return null;
    const positions = new Map(this.jobs.map((job, index) => [job, index]));
    const vectors = this.vectors;
    return exportJobsVectorsParts([...this.jobs], (job) => vectors.get(positions.get(job) ?? -1), this.modelKey);
  }

  async clearLocalData(): Promise<void> {
    this.jobRun?.abort();
    this.profileRun?.abort();
    try {
      await this.store?.clear();
    } catch (caught) {
      this.say('error', toUserError(caught, 'storage-failed').message);
      return;
    }
    this.forgetEverything();
    this.say('info', 'Local data cleared: jobs, vectors and your profile are gone from this browser.');
    void this.refreshStorageFigures();
  }

  // ---- for the Supabase panel --------------------------------------------------------------------

  getStore(): LocalStore | null {
    return this.store;
  }

  getModelKey(): ModelKey | null {
    return this.modelKey;
  }

  /** The current jobs that have a vector, with it (checked when it came in). */
  jobsWithVectors(): { job: Job; vector: Float32Array }[] {
    const found: { job: Job; vector: Float32Array }[] = [];
    this.jobs.forEach((job, index) => {
      const vector = this.vectors.get(index);
      if (vector) found.push({ job, vector });
    });
    return found;
  }

  /** The chunk vectors of the current profile text, or null while it is being read. */
  profileChunkVectors(): Float32Array | null {
    return this.reading?.text === this.profile ? this.reading.vectors.chunkVectors : null;
  }

  /** Jobs from Supabase go through the same parser and checks as a file. */
  loadRecords(records: readonly Record<string, unknown>[], name: string): Promise<void> {
    return this.loadFile(new Blob([JSON.stringify(records)], { type: 'application/json' }), name);
  }

  // ---- jobs and their vectors ---------------------------------------------------------------------

  private adoptJobs(jobs: readonly Job[]): void {
    this.jobRun?.abort();
    this.jobsGeneration++;
    this.jobs = jobs;
    this.vectors = new JobVectors(jobs.length, this.modelKey ? dimOf(this.modelKey.modelId) : EMBEDDING_DIM);
    this.windows = new Array<WindowsOfText | undefined>(jobs.length);
    this.keywordRanker?.dispose();
    this.keywordRanker = null;
    this.keywordIndex = null;
    this.keyword = null;
    this.jobRequirements = new Array<Requirement[] | undefined>(jobs.length);
    this.readingRequirements = false;
    this.progress = null;
    this.resetScores();
    this.indexed = jobs.length > 0 ? this.track(() => this.buildKeywordIndex(this.jobsGeneration)) : Promise.resolve();
    if (this.modelKey && this.store && jobs.length > 0) void this.track(() => this.embedJobs());
    this.publish();
  }

  /**
   * The keyword index needs no model: it is built as soon as jobs load, a slice at a time, so the keyword ranking
   * is on screen while the vectors are still being made.
   */
  private async buildKeywordIndex(generation: number): Promise<void> {
    const jobs = this.jobs;
    const index = (this.deps.keywordRanker ?? inThreadKeywordRanker)();
    this.keywordRanker = index;
    const current = () => generation === this.jobsGeneration && !this.disposed;
    try {
      for (let start = 0; start < jobs.length; start += KEYWORD_SLICE) {
        if (start > 0) await this.scheduling.pause();
        if (!current()) return;
        await index.add(
          jobs.slice(start, start + KEYWORD_SLICE).map((job) => ({ title: job.title, body: jobText(job) })),
        );
      }
    } catch {
      // Without the index (its worker failed) the jobs are ranked by meaning alone.
      return;
    }
    if (!current()) return;
    this.keywordIndex = index;
    void this.track(() => this.scoreKeywords());
    // Requirements are needed once vectors and the profile's passages are there: after the keyword ranking.
    for (let start = 0; start < jobs.length; start += KEYWORD_SLICE) {
      await this.scheduling.pause();
      if (!current()) return;
      jobs
        .slice(start, start + KEYWORD_SLICE)
        .forEach((job, offset) => (this.jobRequirements[start + offset] = extractRequirements(job)));
    }
    // Requirements whose vectors this session already holds score now; the rest when their vectors arrive.
    this.scoreNewRequirements();
    this.view = null;
    this.details = new Map();
    this.publish();
  }

  /** Keyword scores for the profile text now in the box (nothing for an empty or over-long one). */
  private async scoreKeywords(): Promise<void> {
    const text = this.profile;
    const index = this.keywordIndex;
    if (!index || this.profileState === 'empty' || this.profileState === 'too-long') return;
    if (this.keyword?.text === text) return;
    const scores = await index.search(text).catch(() => null);
    // The profile or the jobs changed while the index searched: those scores belong to nothing on screen.
    if (!scores || text !== this.profile || index !== this.keywordIndex) return;
    this.keyword = { text, scores };
    this.view = null;
    this.details = new Map();
    this.publish();
  }

  private async embedJobs(): Promise<void> {
    const key = this.modelKey as ModelKey;
    const store = this.store as LocalStore;
    const generation = this.jobsGeneration;
    const jobs = this.jobs;
    const vectors = this.vectors;
    const controller = new AbortController();
    this.jobRun = controller;
    const current = () => generation === this.jobsGeneration && !this.disposed;
    const texts = await this.textsOf(jobs);
    if (!current()) return;
    let restarts = 0;
    let run: CacheRun;
    let unsaved = 0;
    let saveError: UserError | undefined;
    for (;;) {
      run = await embedWithCache(texts, key, store, this.deps.embed, {
        signal: controller.signal,
        batchSize: CALL_SIZE,
        skip: (index) => vectors.has(index),
        pause: () => this.scheduling.pause(),
        carried: async (index) => {
          const job = jobs[index] as Job;
          return job.carried ? reusableVector(job, key) : null;
        },
        onProgress: (progress) => {
          if (!current()) return;
          this.progress = { ...progress, phase: 'jobs' };
          this.publish();
        },
        windows: true,
        onBatch: (partial, filled) => {
          if (!current()) return;
          for (const index of filled) {
            vectors.set(index, row(partial.vectors, index, vectors.dim));
            this.windows[index] = partial.windows[index];
          }
          this.scoreNew(filled);
          this.publish();
        },
        onSaved: () => void this.refreshStoredCount(),
      });
      if (!current()) return;
      this.counts.embedded += run.embedded;
      this.counts.reused += run.reused;
      this.counts.discarded += run.discarded;
      unsaved += run.unsaved;
      saveError ??= run.saveError;
      if (run.error && RESTARTABLE.has(run.error.code) && restarts < RESTARTS_PER_RUN) {
        restarts++;
        const what =
          run.error.code === 'worker-unresponsive' ? 'The embedding worker stopped answering.' : run.error.message;
        this.say(
          'info',
          `${what} It was restarted and embedding goes on from ${vectors.count} of ${jobs.length} jobs (the finished batches were saved).`,
        );
        continue;
      }
      break;
    }
    this.progress = null;
    const requirementRun =
      run.error || !current() ? null : await this.embedRequirements(key, store, controller, current);
    if (!current()) return;
    if (run.error?.code === 'cancelled' || requirementRun?.error?.code === 'cancelled') {
      this.say('info', `Embedding cancelled: ${vectors.count} of ${jobs.length} jobs have vectors and were kept.`);
    } else if (run.error) {
      this.say('error', run.error.message);
    } else if (requirementRun?.error) {
      this.say('error', `Reading the postings' requirements stopped: ${requirementRun.error.message}`);
    } else if (saveError) {
      this.say(
        'error',
        `${saveError.message} Vectors of ${unsaved} job${unsaved === 1 ? '' : 's'} were not saved: they are used now and will be computed again on your next visit. Your jobs and profile are kept.`,
      );
    } else if (this.counts.discarded > 0 && restarts === 0) {
      this.say(
        'info',
        `${this.counts.discarded} stored or imported vector${this.counts.discarded === 1 ? ' was' : 's were'} not a valid sentence vector (wrong size, not unit length or all zeros): discarded and embedded again.`,
      );
    }
    if (!run.error && !saveError && !requirementRun?.error && !requirementRun?.saveError)
      await this.pruneCache([...run.keys, ...(requirementRun?.keys ?? [])]);
    await this.refreshStorageFigures();
    this.publish();
  }

  /**
   * The current jobs' requirements, each distinct text embedded once (cached like any vector), after the postings:
   * they add the requirement signal to the ranking, and the closest passage to each requirement shown.
   */
  private async embedRequirements(
    key: ModelKey,
    store: LocalStore,
    controller: AbortController,
    current: () => boolean,
  ): Promise<CacheRun | null> {
    await this.indexed;
    if (!current()) return null;
    // Every distinct requirement goes through the cache run, so its key is kept in use; those this session already
    // holds are skipped there.
    const texts = [
      ...new Set(this.jobRequirements.flatMap((list) => (list ?? []).map((requirement) => requirement.text))),
    ];
    const missing = texts.filter((text) => !this.requirementVectors.has(text)).length;
    if (texts.length === 0) return null;
    this.readingRequirements = missing > 0;
    if (missing > 0)
      this.progress = { done: 0, total: missing, rate: 0, eta: Number.POSITIVE_INFINITY, phase: 'requirements' };
    // The order on screen is still being refined: the page must say so.
    this.view = null;
    this.publish();
    const run = await embedWithCache(texts, key, store, this.deps.embed, {
      signal: controller.signal,
      batchSize: REQUIREMENT_CALL_SIZE,
      skip: (index) => this.requirementVectors.has(texts[index] as string),
      pause: () => this.scheduling.pause(),
      onProgress: (progress) => {
        if (!current()) return;
        this.progress = { ...progress, phase: 'requirements' };
        this.publish();
      },
      onBatch: (partial, filled) => {
        if (!current()) return;
        for (const index of filled)
          this.requirementVectors.set(texts[index] as string, row(partial.vectors, index, dimOf(key.modelId)).slice());
        this.scoreNewRequirements();
        this.publish();
      },
    });
    if (current()) {
      this.readingRequirements = false;
      this.progress = null;
      this.view = null;
    }
    return run;
  }

  /** Each job's embedded text, a slice at a time: 50,000 long postings took 580 ms in one piece. */
  private async textsOf(jobs: readonly Job[]): Promise<string[]> {
    const texts: string[] = [];
    for (let start = 0; start < jobs.length; start += TEXT_SLICE) {
      if (start > 0) await this.scheduling.pause();
      for (const job of jobs.slice(start, start + TEXT_SLICE)) texts.push(jobText(job));
    }
    return texts;
  }

  private async pruneCache(jobKeys: readonly string[]): Promise<void> {
    if (!this.deps.pruneCache || !this.store) return;
    const inUse = new Set([...jobKeys, ...(this.reading?.vectors.cacheKeys ?? [])]);
    await this.deps.pruneCache(this.store, inUse).catch(() => undefined);
  }

  // ---- the profile --------------------------------------------------------------------------------

  private adoptProfile(text: string, options: { save?: boolean } = {}): void {
    this.cancelProfilePause?.();
    this.cancelProfilePause = null;
    this.profileGeneration++;
    this.profile = text;
    // The old profile's vectors and keyword scores go at once: nothing ranked or quoted from text that is gone.
    this.reading = null;
    this.keyword = null;
    this.profileProgress = null;
    this.resetScores();
    this.profileState = !text.trim() ? 'empty' : profileTooLong(text) ? 'too-long' : 'reading';
    this.publish();
    const generation = this.profileGeneration;
    this.cancelProfilePause = this.scheduling.after(options.save ? PROFILE_PAUSE_MS : 0, () => {
      this.cancelProfilePause = null;
      if (generation !== this.profileGeneration) return;
      if (options.save) void this.saveProfile(text);
      // Keywords rank at once; the model's reading refines the order when it is done.
      void this.track(() => this.scoreKeywords());
      this.publish();
      if (this.profileState === 'reading') void this.track(() => this.readProfile(generation));
    });
  }

  private async saveProfile(text: string): Promise<void> {
    try {
      await this.store?.saveValue('profile', text);
    } catch (caught) {
      this.say('error', `${toUserError(caught, 'storage-failed').message} Your profile is used now but was not saved.`);
    }
  }

  private async readProfile(generation: number): Promise<void> {
    const key = this.modelKey;
    const store = this.store;
    if (!key || !store) return;
    const text = this.profile;
    const controller = new AbortController();
    this.profileRun = controller;
    const current = () => generation === this.profileGeneration && !this.disposed;
    const result = await embedProfile(text, key, store, this.deps.embed, this.deps.countTokens, {
      signal: controller.signal,
      // An edit does not abort the call in flight (that would cost a model reload): it stops at the next call.
      shouldStop: () => !current(),
      onProgress: (progress) => {
        if (!current()) return;
        // Short profiles are read in a blink: progress only for ones that take several calls.
        if (progress.total > CALL_SIZE) this.profileProgress = progress;
        this.publish();
      },
      onChunks: (chunks, chunkVectors) => {
        if (!current()) return;
        // The chunks rank the jobs; the passages (for "closest part of your profile") follow.
        const pending = { chunks, chunkVectors, passages: [], passageVectors: new Float32Array(0), cacheKeys: [] };
        this.reading = { text, vectors: pending };
        this.profileState = 'ready';
        this.resetScores();
        this.publish();
      },
    });
    if (!current()) return;
    this.profileProgress = null;
    if (!result.ok) {
      this.reading = null;
      this.resetScores();
      this.profileState = 'stopped';
      this.say(
        result.error.code === 'cancelled' ? 'info' : 'error',
        result.error.code === 'cancelled'
          ? 'Reading your profile was cancelled: edit it to read it again.'
          : result.error.message,
      );
      return;
    }
    this.reading = { text, vectors: result.value };
    // Same chunks, same scores: the reasons change now that the passages are read, and requirements can be judged.
    this.details = new Map();
    this.view = null;
    this.resetRequirementScores();
    this.publish();
  }

  // ---- ranking ------------------------------------------------------------------------------------

  /** Requirements are judged against the profile's passages, which are read after its chunks. */
  private resetRequirementScores(): void {
    const vectors = this.reading?.vectors;
    this.requirementScores =
      vectors && vectors.passages.length > 0
        ? new RequirementScores(
            this.jobs.length,
            vectors.passages,
            vectors.passageVectors,
            this.termsOf(this.profile),
            (this.modelKey && calibrationFor(this.modelKey.modelId)?.requirements) ?? null,
          )
        : null;
    const scores = this.requirementScores;
    if (!scores) return;
    const generation = this.profileGeneration;
    const jobsGeneration = this.jobsGeneration;
    void this.track(async () => {
      const wanted = () =>
        generation === this.profileGeneration &&
        jobsGeneration === this.jobsGeneration &&
        this.requirementScores === scores;
      const finished = await scores.scoreAll(
        this.jobRequirements,
        this.requirementVectors,
        () => this.scheduling.pause(),
        wanted,
      );
      if (!finished || !wanted()) return;
      this.view = null;
      this.details = new Map();
      this.publish();
    });
  }

  /** Requirement vectors arrived: jobs whose requirements are now all known get their score and their reasons. */
  private scoreNewRequirements(): void {
    const scores = this.requirementScores;
    if (!scores) return;
    const scored = scores.scoreRows(this.jobRequirements, this.requirementVectors, range(0, this.jobs.length));
    for (const job of scored) this.details.delete(job);
    if (scored.length > 0) this.view = null;
  }

  private resetScores(): void {
    this.requirementScores = null;
    this.scores = this.reading ? new SemanticScores(this.jobs.length, this.reading.vectors.chunkVectors) : null;
    this.scoresComplete = false;
    this.view = null;
    this.details = new Map();
    if (this.scores && this.vectors.count > 0) void this.track(() => this.scoreEverything(this.profileGeneration));
    else if (this.scores) this.scoresComplete = true;
  }

  /** New vectors score only themselves. */
  private scoreNew(rows: readonly number[]): void {
    if (!this.scores) return;
    this.scores.scoreRows(this.vectors, rows);
    // A job that was waiting had no closest passage; it has one now.
    for (const row of rows) this.details.delete(row);
    this.view = null;
  }

  private async scoreEverything(generation: number): Promise<void> {
    const scores = this.scores;
    const jobsGeneration = this.jobsGeneration;
    if (!scores || this.scoresComplete) return;
    const wanted = () =>
      generation === this.profileGeneration && jobsGeneration === this.jobsGeneration && this.scores === scores;
    const finished = await scores.scoreAll(this.vectors, () => this.scheduling.pause(), wanted);
    if (!finished || !wanted()) return;
    this.scoresComplete = true;
    this.view = null;
    this.publish();
  }

  private rankingView(): RankingView | null {
    const reading = this.reading?.text === this.profile ? this.reading : null;
    // With no job vector yet, "by meaning" would be file order: the keyword ranking (or "updating") shows instead.
    const semantic = reading && this.scores && this.scoresComplete && this.vectors.count > 0 ? this.scores : null;
    const keyword = this.keyword?.text === this.profile ? this.keyword.scores : null;
    if ((!semantic && !keyword) || this.jobs.length === 0) return null;
    if (this.view) return this.view;
    const details = this.details;
    const jobs = this.jobs;
    const vectors = this.vectors;
    const windows = this.windows;
    const requirements = this.jobRequirements;
    const requirementScores = reading ? this.requirementScores : null;
    const requirementVectors = this.requirementVectors;
    const profile = { text: this.profile, vectors: reading?.vectors ?? null, terms: this.termsOf(this.profile) };
    const scores = semantic ? semantic.scores.slice() : new Float32Array(jobs.length).fill(Number.NaN);
    let mode: RankingMode;
    let order: Int32Array;
    let ranks: SignalRanks | null = null;
    if (semantic && keyword && vectors.count > 0) {
      const pending = vectors.count < jobs.length || this.readingRequirements || !requirementScores;
      mode = pending ? 'refining' : 'fused';
      ranks = {
        semantic: ranksOf(scores),
        keyword: ranksOf(keyword),
        requirements: requirementScores ? ranksOf(requirementScores.scores) : null,
      };
      order = rankOrder(
        fuseRanks([
          { ranks: ranks.semantic, weight: FUSION_WEIGHTS.semantic },
          { ranks: ranks.keyword, weight: FUSION_WEIGHTS.keyword },
          ...(ranks.requirements ? [{ ranks: ranks.requirements, weight: FUSION_WEIGHTS.requirements }] : []),
        ]),
      );
    } else if (keyword) {
      mode = 'keywords';
      order = rankOrder(keyword);
    } else {
      mode = 'semantic';
      order = rankOrder(scores);
    }
    const evidenceOf = (jobIndex: number) =>
      details.get(jobIndex)?.requirements ??
      requirementEvidence(
        requirements[jobIndex] ?? [],
        profile.terms,
        (requirement) => requirementScores?.evidenceFor(requirement, requirementVectors) ?? null,
      );
    const detailsOf = (jobIndex: number): JobDetails => {
      let found = details.get(jobIndex);
      if (!found) {
        found = jobDetails(jobs[jobIndex] as Job, {
          vector: vectors.get(jobIndex),
          windows: windows[jobIndex],
          requirements: evidenceOf(jobIndex),
          profile,
        });
        details.set(jobIndex, found);
      }
      return found;
    };
    let oftenMissing: OftenMissing[] | null = null;
    this.view = {
      mode,
      order,
      scores,
      keywordScores: keyword,
      scored: semantic ? vectors.count : 0,
      details: detailsOf,
      placedBy: (jobIndex) =>
        ranks
          ? {
              semantic: ranks.semantic[jobIndex] as number,
              keyword: ranks.keyword[jobIndex] as number,
              requirements: ranks.requirements ? (ranks.requirements[jobIndex] as number) : Number.NaN,
            }
          : null,
      oftenMissing: () =>
        // Only the requirements of the top jobs: their other reasons are made when their rows are shown.
        (oftenMissing ??= mostOftenMissing([...order.subarray(0, OFTEN_MISSING_TOP)].map(evidenceOf))),
    };
    return this.view;
  }

  private termsOf(text: string): ProfileTerms {
    if (this.terms?.text !== text) this.terms = { text, terms: profileTerms(text) };
    return this.terms.terms;
  }

  // ---- other tabs ---------------------------------------------------------------------------------

  private async onStoreChange(change: StoreChange): Promise<void> {
    const store = this.store;
    if (!store || this.disposed) return;
    if (change.kind === 'cleared') {
      this.forgetEverything();
      this.say('info', 'Local data was cleared in another tab: jobs, vectors and your profile are gone here too.');
    } else if (change.kind === 'jobs') {
      const [jobs, source] = await Promise.all([store.loadJobs(), store.loadValue('jobsSource')]);
      this.jobsSource = source ?? null;
      this.upload = null;
      this.adoptJobs(jobs);
      this.say(
        'info',
        `Jobs were replaced in another tab: ${jobs.length} jobs from ${source ?? 'there'} are loaded here too.`,
      );
    } else if (change.kind === 'jobsSource') {
      // Saved right after the jobs, in its own transaction: the 'jobs' change may have read the old name.
      this.jobsSource = (await store.loadValue('jobsSource')) ?? null;
    } else if (change.kind === 'profile') {
      const profile = (await store.loadValue('profile')) ?? '';
      // Someone typing here wins over another tab: their next pause saves this tab's text.
      if (this.cancelProfilePause === null) this.adoptProfile(profile);
    }
    await this.refreshStorageFigures();
    this.publish();
  }

  private forgetEverything(): void {
    this.jobsSource = null;
    this.upload = null;
    this.counts = { embedded: 0, reused: 0, stored: 0, discarded: 0 };
    this.adoptJobs([]);
    this.adoptProfile('');
  }

  // ---- plumbing -----------------------------------------------------------------------------------

  /** The status line's stored count, kept current while a run saves batch after batch. */
  private async refreshStoredCount(): Promise<void> {
    const stored = await this.store?.countVectors().catch(() => null);
    if (stored === null || stored === undefined) return;
    this.counts.stored = stored;
    this.publish();
  }

  private async refreshStorageFigures(): Promise<void> {
    const store = this.store;
    if (!store) return;
    const [stored, use] = await Promise.all([
      store.countVectors().catch(() => this.counts.stored),
      this.deps.storageUse?.().catch(() => null) ?? Promise.resolve(null),
    ]);
    this.counts.stored = stored;
    this.storageUse = use;
    this.publish();
  }

  private say(kind: SessionMessage['kind'], text: string): void {
    this.message = { kind, text };
    this.publish();
  }

  private track<T>(work: () => Promise<T>): Promise<T> {
    const running = work();
    const settled = running.then(
      () => undefined,
      () => undefined,
    );
    this.running.add(settled);
    void settled.then(() => this.running.delete(settled));
    return running;
  }

  private publishNow(): void {
    if (this.disposed) return;
    this.snapshot = this.buildSnapshot();
    for (const listener of this.listeners) listener();
  }

  /** Re-publishes at most once per frame, however many batches, keystrokes or scores arrive meanwhile. */
  private publish(): void {
    if (this.publishPending || this.disposed) return;
    this.publishPending = true;
    this.scheduling.frame(() => {
      this.publishPending = false;
      this.publishNow();
    });
  }

  private buildSnapshot(): MatchingSnapshot {
    return {
      storage: this.store
        ? { kind: this.store.kind, ...(this.store.notice ? { notice: this.store.notice } : {}) }
        : null,
      jobs: this.jobs,
      jobsSource: this.jobsSource,
      upload: this.upload,
      progress: this.progress,
      vectorCounts: { ...this.counts },
      storageUse: this.storageUse,
      profile: this.profile,
      profileState: this.profileState,
      profileProgress: this.profileProgress,
      ranking: this.rankingView(),
      withVectors: this.vectors.count,
      message: this.message,
    };
  }
}

interface SignalRanks {
  semantic: Float32Array;
  keyword: Float32Array;
  requirements: Float32Array | null;
}

function* range(start: number, end: number): Iterable<number> {
  for (let index = start; index < end; index++) yield index;
}

const sameModel = (a: ModelKey | null, b: ModelKey | null) =>
  a === b ||
  (a !== null && b !== null && a.modelId === b.modelId && a.dtype === b.dtype && a.maxTokens === b.maxTokens);
