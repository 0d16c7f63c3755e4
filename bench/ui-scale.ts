/**
 * The page at scale, in headless Chromium (`node --import tsx bench/run.ts --only ui-scale`, or the `ui_scale`
 * section of `npm run bench`): with 20,000 and 50,000 jobs whose vectors are seeded in IndexedDB (so no model
 * time counts), the longest main-thread task while the jobs load and while a profile is typed, the time from
 * the last keystroke to the first 25 ranked jobs on screen, and the renderer's RSS; then a fresh page that
 * embeds 2,000 unseen jobs with a profile present, and its longest main-thread task.
 *
 * The jobs are generated here (deterministic, 12 fields with their own titles, skills and duties) and uploaded
 * through the page's "Upload jobs" input. Their vectors are clustered per field, unit length, and written
 * straight into the app's vector store under the keys the app computes (vectorCacheKey of jobText), so the
 * upload reuses every one of them ("0 embedded" is checked).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Page } from '@playwright/test';
import type { Job, ModelKey } from '../src/core/jobs/job';
import { vectorCacheKey } from '../src/core/jobs/hash';
import { jobText } from '../src/core/jobs/text';
import { EMBEDDING_DIM } from '../src/core/vectors';
import { PROFILE_PAUSE_MS } from '../src/matching/session';
import { DB_NAME, STORES } from '../src/storage/indexeddb-store';
import { seededRandom } from './jobs';
import { processTree } from './processes';
import { targetsTable, type Target } from './targets';

/** The app's jobs-file limit (src/app/jobs-file/limits.ts; bench/ may not import src/app). */
const MAX_JOBS_FILE_BYTES = 100 * 1024 * 1024;
/** What the app's WASM engine runs (src/embedding/device-choice.ts); checked against the page before seeding. */
const MODEL_KEY: ModelKey = { modelId: 'Xenova/all-MiniLM-L6-v2', dtype: 'int8', maxTokens: 256 };
const SEED_CHUNK = 2000;
const VIEWPORT = { width: 1280, height: 800 };
const TYPING_DELAY_MS = 60;
const TOP_N = 25;
const LONG_TASK_MS = 50;
const PROFILE_TEXT =
  'Backend engineer with six years of Python and TypeScript, building data pipelines and REST APIs on AWS. ' +
  'I run PostgreSQL in production, write Terraform and Docker, and mentor two junior developers. ' +
  'Looking for a senior role in a small product team, remote or in Berlin.';

// ------------------------------------------------------------------------------------------ generated jobs

function field(name: string, titles: string, skills: string, duties: string): Field {
  const list = (text: string) => text.split(' | ');
  return { name, titles: list(titles), skills: list(skills), duties: list(duties) };
}

interface Field {
  name: string;
  titles: string[];
  skills: string[];
  duties: string[];
}

/** Per field: titles; skills; duties ({n}: a number, {skill}: one of the field's skills), each list split on " | ". */
const FIELDS: Field[] = [
  field(
    'software',
    'Software Engineer | Backend Developer | Frontend Engineer | Full-Stack Developer | Site Reliability Engineer | Platform Engineer',
    'TypeScript | Python | Go | Kubernetes | PostgreSQL | React | AWS | Terraform | GraphQL | Kafka | Docker | CI/CD | Rust | Redis | observability',
    'design and ship services that handle {n} requests per second | review pull requests and keep the {skill} codebase healthy | own the on-call rotation for the {skill} platform | migrate legacy services to {skill} | pair with product managers to scope features | write tests and documentation that outlive the sprint',
  ),
  field(
    'nursing',
    'Registered Nurse | ICU Nurse | Charge Nurse | Pediatric Nurse | Nurse Practitioner | Clinical Nurse Educator',
    'patient assessment | BLS certification | ACLS | medication administration | Epic charting | wound care | triage | IV therapy | telemetry | infection control | care planning | discharge teaching | ventilator management | pediatric care | HIPAA',
    'provide direct care to {n} patients per shift | coordinate with physicians on {skill} | document care in Epic before the end of each shift | educate families about {skill} | precept new graduate nurses | respond to rapid response calls across the unit',
  ),
  field(
    'finance',
    'Financial Analyst | Senior Accountant | Controller | FP&A Manager | Tax Specialist | Treasury Analyst',
    'Excel modelling | GAAP | IFRS | SAP | NetSuite | variance analysis | month-end close | forecasting | SQL | audit preparation | cash management | budgeting | Power BI | revenue recognition | CPA',
    'prepare the monthly close for {n} entities | build {skill} models for the leadership team | reconcile accounts and explain variances | partner with auditors on {skill} | automate reporting with {skill} | present the forecast to department heads every quarter',
  ),
  field(
    'marketing',
    'Marketing Manager | Content Strategist | SEO Specialist | Growth Marketer | Brand Manager | Social Media Lead',
    'SEO | Google Analytics | HubSpot | copywriting | paid social | email campaigns | A/B testing | brand strategy | content calendars | Figma | marketing automation | SQL | lifecycle marketing | PR | market research',
    'plan campaigns that reach {n} prospects a month | run {skill} experiments and report on what worked | write landing pages with the design team | own the {skill} budget | work with sales on lead quality | keep the brand voice consistent across channels',
  ),
  field(
    'logistics',
    'Logistics Coordinator | Warehouse Manager | Supply Chain Analyst | Fleet Manager | Procurement Specialist | Inventory Planner',
    'SAP MM | inventory control | forklift certification | WMS | route planning | Lean | Six Sigma | vendor management | demand planning | Excel | customs compliance | OSHA | ERP | freight negotiation | KPI reporting',
    'schedule {n} inbound and outbound shipments a week | keep inventory accuracy above target using {skill} | negotiate rates with carriers | lead a team of warehouse associates on {skill} | improve pick-and-pack times | report on-time delivery to the operations director',
  ),
  field(
    'education',
    'High School Teacher | Special Education Teacher | Curriculum Designer | Instructional Coach | ESL Teacher | School Counselor',
    'lesson planning | classroom management | IEP development | differentiated instruction | Google Classroom | assessment design | ESL | STEM | parent communication | literacy | restorative practices | teaching licence | Canvas | Common Core | student mentoring',
    'teach {n} students across four sections | design units around {skill} | meet families to discuss progress | coach colleagues on {skill} | track outcomes and adjust instruction | lead an after-school club',
  ),
  field(
    'legal',
    'Paralegal | Corporate Counsel | Legal Assistant | Compliance Officer | Contracts Manager | Associate Attorney',
    'contract drafting | legal research | Westlaw | GDPR | litigation support | due diligence | regulatory compliance | e-discovery | corporate governance | bar admission | negotiation | employment law | intellectual property | risk assessment | document review',
    'review {n} commercial contracts a month | advise business teams on {skill} | manage outside counsel and their budgets | keep the {skill} programme up to date | prepare board materials | train staff on policies',
  ),
  field(
    'data',
    'Data Scientist | Data Engineer | Machine Learning Engineer | Analytics Engineer | BI Developer | Data Analyst',
    'Python | SQL | dbt | Spark | Airflow | scikit-learn | PyTorch | Snowflake | Tableau | statistics | experimentation | feature engineering | BigQuery | MLOps | Looker',
    'build pipelines that process {n} million events a day | train and evaluate {skill} models | define metrics with product teams | maintain the {skill} warehouse | explain results to non-technical stakeholders | put models into production and monitor them',
  ),
  field(
    'hospitality',
    'Restaurant Manager | Sous Chef | Front Desk Supervisor | Event Coordinator | Hotel Operations Manager | Barista Trainer',
    'food safety | inventory ordering | POS systems | guest relations | menu costing | staff scheduling | ServSafe | event planning | Opera PMS | wine knowledge | upselling | conflict resolution | HACCP | banquet service | labour cost control',
    'lead a team of {n} across two shifts | keep {skill} standards during service | handle guest feedback on the spot | plan menus with the chef around {skill} | manage weekly ordering and waste | run pre-shift briefings',
  ),
  field(
    'construction',
    'Site Manager | Project Engineer | Estimator | Electrician | HVAC Technician | Construction Project Manager',
    'AutoCAD | Procore | OSHA 30 | blueprint reading | cost estimating | scheduling | Revit | quality control | subcontractor management | electrical code | HVAC systems | site safety | BIM | change orders | commissioning',
    'run a site with {n} workers on it | prepare bids using {skill} | hold daily safety talks | track the schedule in {skill} | inspect work against drawings | close out punch lists with the client',
  ),
  field(
    'sales',
    'Account Executive | Sales Development Representative | Customer Success Manager | Regional Sales Manager | Solutions Consultant | Key Account Manager',
    'Salesforce | pipeline management | cold outreach | negotiation | SaaS sales | MEDDIC | forecasting | product demos | account planning | HubSpot CRM | renewals | upselling | territory planning | presentation skills | contract negotiation',
    'close {n} new accounts a quarter | run discovery calls and {skill} | keep the pipeline in {skill} current | partner with solutions engineers on demos | grow existing accounts | forecast accurately every week',
  ),
  field(
    'people',
    'HR Business Partner | Recruiter | People Operations Manager | Talent Acquisition Lead | Payroll Specialist | Learning and Development Manager',
    'Workday | employee relations | full-cycle recruiting | onboarding | compensation | HRIS | labour law | performance management | ATS | payroll | DEI programmes | coaching | benefits administration | LinkedIn Recruiter | training design',
    'fill {n} open roles each quarter | advise managers on {skill} | run the onboarding programme | keep {skill} data clean and reported | handle employee relations cases | design training with team leads',
  ),
];

const COMPANY_PARTS = [
  'North Blue Summit River Oak Bright Iron Harbor Cedar Nova Atlas Green'.split(' '),
  'field stone wave bridge point works line gate path forge light peak'.split(' '),
  'Health Labs Logistics Group Partners Systems Foods Academy Legal Analytics Builders Retail'.split(' '),
];
const LOCATIONS =
  'Berlin, Germany | Munich, Germany | Amsterdam, Netherlands | London, UK | Manchester, UK | Dublin, Ireland | Paris, France | Lyon, France | Madrid, Spain | Lisbon, Portugal | Milan, Italy | Vienna, Austria | Zurich, Switzerland | Stockholm, Sweden | Copenhagen, Denmark | Warsaw, Poland | Prague, Czechia | New York, NY | Austin, TX | Chicago, IL | Seattle, WA | Denver, CO | Atlanta, GA | Boston, MA | Toronto, Canada | Vancouver, Canada | Sydney, Australia | Singapore | Remote | Remote (EU time zones)'.split(
    ' | ',
  );
const SENIORITY = ['', '', '', 'Senior ', 'Junior ', 'Lead ', 'Principal ', 'Associate '];
const OPENERS = [
  '{company} is hiring: {title} in {city}.',
  'At {company} we are growing our {field} team and need a new {title}.',
  'Join {company} as {title} and help us serve customers across {city}.',
  '{company}, a {size}-person company, is looking for a new {title}.',
];
const GENERIC = [
  'You will report to the head of {field} and work closely with colleagues in other teams.',
  'We value clear writing, honest feedback and finishing what we start.',
  'The role is {mode}, with core hours that overlap the rest of the team.',
  'Our customers range from small local businesses to large public institutions.',
  'We publish salary bands for every role; this one is {band}.',
  'You will have a yearly learning budget and time to use it.',
  'We expect the first three months to focus on {skill} and getting to know the team.',
  'Experience with {skill} and {skill2} is a strong plus.',
  'You should be comfortable with {skill}; we will teach you {skill2}.',
  'The team is small, so you will see the effect of your work quickly.',
  'We offer {days} days of paid leave, parental leave and a pension plan.',
  'Travel is rare: a few days a quarter for team gatherings.',
  'Applications are read by the hiring manager, not filtered by keywords.',
  'Tell us about a time you improved {skill} somewhere you worked.',
];

/** A posting in the flat upload form: the fields of a Job the file carries. */
export type UiJob = Pick<Job, 'id' | 'title' | 'company' | 'location' | 'description' | 'requirements'>;

/**
 * `count` postings, deterministic for (count, seed, prefix): a field, a title and skills from that field, a
 * company and a location, and a description of `minChars`-`maxChars` characters (openers, duties with the
 * field's skills, generic sentences), 3-7 requirements. Also returns each job's field, for clustered vectors.
 */
export function generateUiJobs(
  count: number,
  options: { seed?: number; prefix?: string; minChars?: number; maxChars?: number } = {},
): { jobs: UiJob[]; fields: Uint8Array } {
  const { seed = 2026, prefix = 'ui', minChars = 1400, maxChars = 2050 } = options;
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const between = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  const jobs: UiJob[] = [];
  const fields = new Uint8Array(count);
  for (let index = 0; index < count; index++) {
    const fieldIndex = Math.floor(random() * FIELDS.length);
    const field = FIELDS[fieldIndex] as Field;
    fields[index] = fieldIndex;
    const title = `${pick(SENIORITY)}${pick(field.titles)}`;
    const company = `${pick(COMPANY_PARTS[0] as string[])}${pick(COMPANY_PARTS[1] as string[])} ${pick(COMPANY_PARTS[2] as string[])}`;
    const location = pick(LOCATIONS);
    const fill = (template: string) =>
      template
        .replace('{company}', company)
        .replace('{title}', title.trim())
        .replace('{city}', location.split(',')[0] as string)
        .replace('{field}', field.name)
        .replace('{size}', String(between(8, 900)))
        .replace('{mode}', pick(['hybrid', 'fully remote', 'on site', 'on site four days a week']))
        .replace('{band}', `${between(40, 90)},000-${between(91, 160)},000 EUR`)
        .replace('{days}', String(between(25, 32)))
        .replace('{n}', String(between(3, 400)))
        .replace('{skill}', pick(field.skills))
        .replace('{skill2}', pick(field.skills));
    const target = between(minChars, maxChars);
    const sentences = [fill(pick(OPENERS))];
    let length = (sentences[0] as string).length;
    while (length < target) {
      const sentence =
        random() < 0.55
          ? `${pick(['In this role you will', 'You will', 'Day to day you', 'Expect to'])} ${fill(pick(field.duties))}.`
          : fill(pick(GENERIC));
      sentences.push(sentence);
      length += sentence.length + 1;
    }
    const requirements = [
      ...new Set(Array.from({ length: between(3, 7) }, () => pick(field.skills))),
      `${between(1, 8)}+ years of experience`,
    ];
    jobs.push({
      id: `${prefix}-${index + 1}`,
      title,
      company,
      location,
      description: sentences.join(' '),
      requirements,
    });
  }
  return { jobs, fields };
}

/** JSON Lines, as a person's export might be; throws if it is over the app's file limit. */
export function writeJobsFile(jobs: readonly UiJob[], file: string): number {
  const text = jobs.map((job) => JSON.stringify(job)).join('\n') + '\n';
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_JOBS_FILE_BYTES)
    throw new Error(`${file}: ${bytes} bytes, over the app's ${MAX_JOBS_FILE_BYTES}-byte limit: shorten descriptions`);
  writeFileSync(file, text);
  return bytes;
}

/** The text the app embeds for a generated job (the parser's defaults for the fields it does not have). */
export function uiJobText(job: UiJob): string {
  return jobText({ ...job } as Pick<Job, 'title' | 'company' | 'location' | 'description' | 'requirements'>);
}

/**
 * One unit vector per job, clustered by field: a field centroid plus per-job noise, normalised, so scores
 * spread like real ones (jobs of a field are closer to each other than to other fields).
 */
export function clusteredVectors(fields: Uint8Array, seed = 7): Float32Array {
  const random = seededRandom(seed);
  const gaussian = () => {
    const u = Math.max(random(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
  const centroids = Array.from({ length: FIELDS.length }, () => {
    const centroid = Float64Array.from({ length: EMBEDDING_DIM }, gaussian);
    const norm = Math.hypot(...centroid);
    return centroid.map((value) => value / norm);
  });
  const vectors = new Float32Array(fields.length * EMBEDDING_DIM);
  const scratch = new Float64Array(EMBEDDING_DIM);
  for (let job = 0; job < fields.length; job++) {
    const centroid = centroids[fields[job] as number] as Float64Array;
    let sum = 0;
    for (let d = 0; d < EMBEDDING_DIM; d++) {
      const value = (centroid[d] as number) + gaussian() * 0.06;
      scratch[d] = value;
      sum += value * value;
    }
    const scale = 1 / Math.sqrt(sum);
    for (let d = 0; d < EMBEDDING_DIM; d++) vectors[job * EMBEDDING_DIM + d] = (scratch[d] as number) * scale;
  }
  return vectors;
}

// ------------------------------------------------------------------------------------ in-page instruments

interface LongTask {
  start: number;
  duration: number;
}

interface LoafScript {
  invoker: string;
  fn: string;
  url: string;
  pos: number;
  duration: number;
}

interface Loaf extends LongTask {
  blocking: number;
  scripts: LoafScript[];
}

interface PageState {
  longTasks: LongTask[];
  loafs: Loaf[];
  keys: number;
  firstKey: number | null;
  lastKey: number | null;
  expect: number;
  seenEmpty: boolean;
  domAt: number | null;
  paintedAt: number | null;
  rows: number;
}

declare global {
  interface Window {
    __uiScale?: PageState;
  }
}

/**
 * Runs in the page before its scripts (addInitScript): long tasks and long animation frames (buffered), the
 * profile's keystrokes, and when the top-N list for the latest keystroke is in the DOM and then painted. Plain
 * JavaScript in a string: a function would be sent as tsx compiled it, with helpers the page does not have.
 */
const INSTRUMENT_PAGE = `(() => {
  const state = { longTasks: [], loafs: [], keys: 0, firstKey: null, lastKey: null, expect: 0,
    seenEmpty: false, domAt: null, paintedAt: null, rows: 0 };
  window.__uiScale = state;
  // Burns 3 ms under its own name: its first CPU-profile sample ties the profile's clock to performance.now().
  window.__uiScaleMark = function __uiScaleMark() {
    const started = performance.now();
    while (performance.now() - started < 3);
    return started;
  };
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) state.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (entry.duration <= 50) continue;
        state.loafs.push({
          start: entry.startTime,
          duration: entry.duration,
          blocking: entry.blockingDuration,
          scripts: entry.scripts.map((script) => ({
            invoker: script.invoker,
            fn: script.sourceFunctionName,
            url: script.sourceURL,
            pos: script.sourceCharPosition,
            duration: script.duration,
          })),
        });
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch {}
  document.addEventListener('keydown', (event) => {
    if (!event.target || event.target.id !== 'profile') return;
    state.keys++;
    if (state.firstKey === null) state.firstKey = event.timeStamp;
    state.lastKey = event.timeStamp;
    state.seenEmpty = false;
    state.domAt = null;
    state.paintedAt = null;
  }, true);
  // The top-N list counts once it has gone (the keystroke took the old ranking away) and come back complete.
  function check() {
    if (state.lastKey === null || state.domAt !== null) return;
    const rows = document.querySelectorAll('ol[aria-label="Ranked jobs"] > li');
    const summary = document.querySelector('[data-testid="ranking-summary"]')?.textContent ?? '';
    const complete = rows.length > 0 && rows[0].getAttribute('aria-setsize') === String(state.expect) &&
      summary.startsWith('Showing ' + state.expect.toLocaleString('en-US') + ' of') && !summary.includes('waiting');
    if (!complete) {
      state.seenEmpty = true;
      return;
    }
    if (!state.seenEmpty) return;
    state.domAt = performance.now();
    state.rows = rows.length;
    // The list is committed in the frame's animation callbacks; a message runs after that frame's paint.
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      state.paintedAt = performance.now();
      channel.port1.close();
    };
    channel.port2.postMessage(null);
  }
  function observe() {
    new MutationObserver(check).observe(document.body, { subtree: true, childList: true, characterData: true });
  }
  if (document.body) observe();
  else document.addEventListener('DOMContentLoaded', observe);
})();`;

const pageNow = (page: Page) => page.evaluate(() => performance.now());

interface PhaseTasks {
  longest_task_ms: number;
  long_tasks: number;
  /** Main-thread time in long tasks over the phase. */
  long_task_total_ms: number;
  /** The longest tasks, from the phase's start, with the scripts of the long animation frame they fall in. */
  worst: { at_ms: number; ms: number; scripts: string[] }[];
}

async function phaseTasks(page: Page, from: number, to: number, baseURL: string): Promise<PhaseTasks> {
  const { longTasks, loafs } = await page.evaluate(() => ({
    longTasks: window.__uiScale?.longTasks ?? [],
    loafs: window.__uiScale?.loafs ?? [],
  }));
  const inside = longTasks.filter((task) => task.start + task.duration >= from && task.start <= to);
  const worst = [...inside].sort((a, b) => b.duration - a.duration).slice(0, 3);
  return {
    longest_task_ms: Math.round(Math.max(0, ...inside.map((task) => task.duration))),
    long_tasks: inside.length,
    long_task_total_ms: Math.round(inside.reduce((sum, task) => sum + task.duration, 0)),
    worst: await Promise.all(
      worst.map(async (task) => {
        const frame = loafs.find(
          (loaf) => loaf.start <= task.start + 1 && loaf.start + loaf.duration >= task.start + task.duration - 1,
        );
        const scripts = await Promise.all(
          (frame?.scripts ?? [])
            .filter((script) => script.duration >= 5)
            .sort((a, b) => b.duration - a.duration)
            .slice(0, 4)
            .map(async (script) => describeScript(script, baseURL)),
        );
        return { at_ms: Math.round(task.start - from), ms: Math.round(task.duration), scripts };
      }),
    ),
  };
}

const bundleCache = new Map<string, string>();

/** The text of one of the page's scripts (for the code at a position). */
async function bundle(url: string): Promise<string> {
  let code = bundleCache.get(url);
  if (code === undefined) {
    code = await fetch(url)
      .then((response) => response.text())
      .catch(() => '');
    bundleCache.set(url, code);
  }
  return code;
}

/** "invoker fn (file:pos) 123 ms: <the minified source at pos>", to find the code behind a long task. */
async function describeScript(script: LoafScript, baseURL: string): Promise<string> {
  let near = '';
  if (script.url.startsWith(baseURL) && script.pos >= 0) {
    near = (await bundle(script.url)).slice(script.pos, script.pos + 90).replace(/\s+/g, ' ');
  }
  const file = script.url.replace(baseURL, '') || '(inline)';
  return `${script.invoker} ${script.fn || '(anonymous)'} (${file}:${script.pos}) ${Math.round(script.duration)} ms${near ? `: ${near}` : ''}`;
}

// ------------------------------------------------------------------------------------------------ memory

/**
 * The RSS of the page's renderer (the app and its workers) sampled every 200 ms: the renderer under `rootPid`
 * (our Chromium) with the highest RSS that is not the browser's own UI (--top-chrome-webui). Sampled because
 * Chromium resets its processes' VmHWM (peak RSS) now and then.
 */
function pageRendererSampler(rootPid: number) {
  let peakKb = 0;
  let stopped = false;
  async function sample(): Promise<number> {
    const processes = await processTree(rootPid);
    return Math.max(
      0,
      ...processes
        .filter((entry) => entry.args.includes('--type=renderer') && !entry.args.includes('--top-chrome-webui'))
        .map((entry) => entry.rss),
    );
  }
  const tick = async () => {
    if (stopped) return;
    peakKb = Math.max(peakKb, await sample().catch(() => 0));
    if (!stopped) setTimeout(() => void tick(), 200);
  };
  void tick();
  return {
    /** The peak since the last reset, in MB. */
    peak: async () => Math.round(Math.max(peakKb, await sample().catch(() => 0)) / 1024),
    reset: async () => {
      peakKb = await sample().catch(() => 0);
    },
    stop: () => {
      stopped = true;
    },
  };
}

// ---------------------------------------------------------------------------------------------- CPU profile

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface TaskProfile {
  /** The task profiled, from the phase's start. */
  at_ms: number;
  ms: number;
  /** Sampled time in the task by function (self time; "(program)" is the browser's own work). */
  self: string[];
  /** Sampled time by stack (outermost 8 frames, innermost last). */
  stacks: string[];
}

/** Where the samples taken during [from, to] (page ms) went; `offsetUs` maps page time to the profile's clock. */
async function taskProfile(
  profile: CpuProfile,
  offsetUs: number,
  from: number,
  to: number,
): Promise<Omit<TaskProfile, 'at_ms'>> {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const label = (node: ProfileNode | undefined) => {
    if (!node) return '?';
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    const file = url.split('/').pop() ?? '';
    return `${functionName || '(anonymous)'}${file ? ` ${file}:${lineNumber + 1}:${columnNumber + 1}` : ''}`;
  };
  const self = new Map<string, number>();
  const frames = new Map<string, ProfileNode['callFrame']>();
  const stacks = new Map<string, number>();
  let time = profile.startTime;
  profile.samples.forEach((id, index) => {
    time += profile.timeDeltas[index] ?? 0;
    const ms = (profile.timeDeltas[index + 1] ?? 0) / 1000;
    const at = (time - offsetUs) / 1000;
    if (at < from || at > to) return;
    const node = nodes.get(id);
    if (node?.callFrame.functionName === '(idle)') return;
    self.set(label(node), (self.get(label(node)) ?? 0) + ms);
    if (node) frames.set(label(node), node.callFrame);
    const names: string[] = [];
    for (let frame: number | undefined = id; frame !== undefined && names.length < 60; frame = parent.get(frame)) {
      const name = nodes.get(frame)?.callFrame.functionName;
      if (name !== undefined && name !== '(root)') names.push(name || '(anon)');
    }
    names.reverse();
    const stack = names.length > 9 ? [...names.slice(0, 3), '…', ...names.slice(-5)] : names;
    stacks.set(stack.join(' > '), (stacks.get(stack.join(' > ')) ?? 0) + ms);
  });
  // Minified names say little: show the code where each of the top functions starts.
  const source = async (name: string) => {
    const frame = frames.get(name);
    if (!frame?.url) return name;
    const code = await bundle(frame.url);
    const line = code.split('\n')[frame.lineNumber] ?? '';
    return `${name} [${line.slice(frame.columnNumber, frame.columnNumber + 60)}]`;
  };
  const top = (map: Map<string, number>, count: number) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .filter(([, value]) => value >= 1);
  return {
    ms: Math.round(to - from),
    self: await Promise.all(top(self, 8).map(async ([name, value]) => `${Math.round(value)} ms ${await source(name)}`)),
    stacks: top(stacks, 6).map(([name, value]) => `${Math.round(value)} ms ${name}`),
  };
}

interface Profiler {
  cdp: CDPSession;
  /** Page time (ms) when the marker function started. */
  markAt: number;
}

/**
 * Starts V8's sampling profiler on the page's main thread, then runs the page's marker function for a few ms so
 * its first sample ties the profile's clock to performance.now().
 */
async function startProfiler(page: Page, context: BrowserContext): Promise<Profiler> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
  await cdp.send('Profiler.start');
  const markAt = await page.evaluate(() => (window as unknown as { __uiScaleMark: () => number }).__uiScaleMark());
  return { cdp, markAt };
}

/** Stops the profiler; the profiles of the phase's longest long tasks (PhaseTasks.worst). */
async function stopProfiler(profiler: Profiler, from: number, tasks: PhaseTasks): Promise<TaskProfile[]> {
  const { profile } = (await profiler.cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
  await profiler.cdp.detach();
  const marker = new Set(
    profile.nodes.filter((node) => node.callFrame.functionName === '__uiScaleMark').map((node) => node.id),
  );
  let time = profile.startTime;
  let markUs: number | null = null;
  profile.samples.forEach((id, index) => {
    time += profile.timeDeltas[index] ?? 0;
    if (markUs === null && marker.has(id)) markUs = time;
  });
  if (markUs === null) return [];
  const offsetUs = (markUs as number) - profiler.markAt * 1000;
  return Promise.all(
    tasks.worst.map(async (task) => {
      const start = from + task.at_ms;
      return { at_ms: task.at_ms, ...(await taskProfile(profile, offsetUs, start, start + task.ms)) };
    }),
  );
}

// ------------------------------------------------------------------------------------------------ runs

export interface UiScaleHelpers {
  chromiumPath: string;
  chromiumArgs: string[];
  /** run.ts's sampler: renderer + GPU process RSS under a pid, every 200 ms. */
  rssSampler: (rootPid: number) => {
    reset: () => Promise<void>;
    peak: () => Promise<number>;
    stop: () => void;
  };
  waitForModel: (page: Page) => Promise<{ backend: string }>;
  log: (message: string) => void;
}

export interface UiScaleOptions {
  baseURL: string;
  sizes: number[];
  /** Jobs embedded (not seeded) in the embedding run; 0: none. */
  embedJobs: number;
  /** The embedding run is cancelled after this long. */
  embedMaxS: number;
  /** Run each phase under V8's CPU profiler and report its longest busy stretch (timings then include its cost). */
  profile: boolean;
}

export interface UiPhase extends PhaseTasks {
  /** The page's renderer (the app and its workers): peak RSS over the phase, sampled every 200 ms. */
  renderer_peak_mb: number;
  /** Every renderer and the GPU process summed, sampled every 200 ms over the phase (run.ts's sampler). */
  all_processes_rss_mb: number;
  load_avg_1m: number;
  /** With --ui-profile: where the time of the longest tasks (PhaseTasks.worst) went. */
  cpu_profiles?: TaskProfile[];
}

export interface UiSizeResult {
  jobs: number;
  file_mb: number;
  mean_description_chars: number;
  seed_s: number;
  load: UiPhase & { upload_to_reused_ms: number; reused: number; embedded: number };
  typing: UiPhase & {
    keystrokes: number;
    /** Last keystroke (keydown timestamp) to the frame that painted the top 25 (a message after it). */
    first25_ms: number | null;
    /** Last keystroke to the DOM holding the top-25 list. */
    first25_dom_ms: number | null;
    rows_rendered: number;
    profile_intact: boolean;
    /** When the textbox does not hold what was typed: where they differ. */
    profile_mismatch?: string;
    /**
     * The model's share of reading the profile, timed alone afterwards (median of 3): countTokens of its
     * sentences, then embed the profile and its sentences, as the session does. Part of first25_ms, with the
     * pause after the last key (PROFILE_PAUSE_MS).
     */
    profile_model_ms: number | null;
  };
  /** The page's main thread after typing (the rest of the renderer's RSS is the workers, Blink and code). */
  main_thread_heap: MainThreadHeap;
}

export interface MainThreadHeap {
  js_heap_used_mb: number;
  /** After a forced garbage collection: what the page holds on to. */
  js_heap_used_after_gc_mb: number;
  /** ArrayBuffers outside the JS heap (vectors, scores), after the collection. */
  array_buffers_after_gc_mb: number;
}

export interface UiEmbedResult extends UiPhase {
  /** Upload (profile already typed) to the first ranked row on screen, and what that ranking was. */
  first_results_ms: number;
  first_results_mode: string;
  jobs: number;
  embedded: number;
  seconds: number;
  jobs_per_s: number;
  cancelled: boolean;
}

export interface UiScaleReport {
  chromium: string;
  viewport: { width: number; height: number };
  model_key: ModelKey;
  profile_chars: number;
  typing_delay_ms: number;
  profiled: boolean;
  sizes: UiSizeResult[];
  embedding: UiEmbedResult | null;
  targets: Target[];
}

let chromiumVersion = 'unknown';

async function openPage(helpers: UiScaleHelpers, baseURL: string) {
  const profileDir = mkdtempSync(join(tmpdir(), 'careerpilot-ui-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: helpers.chromiumPath,
    args: helpers.chromiumArgs,
    baseURL,
    // The offline service worker would precache ~19 MB during a timed first visit: measure the page alone.
    serviceWorkers: 'block',
    viewport: VIEWPORT,
  });
  await context.addInitScript({ content: INSTRUMENT_PAGE });
  chromiumVersion = context.browser()?.version() ?? chromiumVersion;
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('crash', () => helpers.log('ui-scale: THE PAGE CRASHED (renderer gone: out of memory?)'));
  await page.goto('/?device=wasm');
  const { backend } = await helpers.waitForModel(page);
  const probe = await page.evaluate(async () => {
    const result = await window.careerpilotMatch?.embed(['probe']);
    return result && 'device' in result ? { device: result.device, dtype: result.dtype } : null;
  });
  if (probe?.device !== 'wasm' || probe.dtype !== MODEL_KEY.dtype)
    throw new Error(`expected WASM ${MODEL_KEY.dtype}, the page runs ${JSON.stringify(probe)} (${backend})`);
  const close = async () => {
    await context.close();
    rmSync(profileDir, { recursive: true, force: true });
  };
  return { context, page, close };
}

/** Writes the vectors into the app's store, as the app would (one transaction per chunk). */
async function seedVectors(page: Page, keys: string[], vectors: Float32Array): Promise<void> {
  for (let start = 0; start < keys.length; start += SEED_CHUNK) {
    const end = Math.min(keys.length, start + SEED_CHUNK);
    const bytes = Buffer.from(vectors.buffer, start * EMBEDDING_DIM * 4, (end - start) * EMBEDDING_DIM * 4);
    await page.evaluate(
      async ({ chunkKeys, base64, dbName, storeName, dim }) => {
        const binary = atob(base64);
        const all = new Uint8Array(binary.length);
        for (let index = 0; index < binary.length; index++) all[index] = binary.charCodeAt(index);
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const request = indexedDB.open(dbName);
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        try {
          await new Promise<void>((resolve, reject) => {
            const tx = db.transaction(storeName, 'readwrite');
            const store = tx.objectStore(storeName);
            const now = Date.now();
            chunkKeys.forEach((key, row) => {
              // Its own buffer: a view on the chunk's buffer would store the whole chunk with every vector.
              const vector = new Float32Array(all.buffer.slice(row * dim * 4, (row + 1) * dim * 4));
              store.put({ vector, storedAt: now, usedAt: now }, key);
            });
            tx.oncomplete = () => resolve();
            tx.onerror = () => reject(tx.error);
            tx.onabort = () => reject(tx.error);
          });
        } finally {
          db.close();
        }
      },
      {
        chunkKeys: keys.slice(start, end),
        base64: bytes.toString('base64'),
        dbName: DB_NAME,
        storeName: STORES.vectors,
        dim: EMBEDDING_DIM,
      },
    );
  }
}

const vectorCounts = async (page: Page) => {
  const text = (await page.getByTestId('vector-counts').textContent()) ?? '';
  // "Vectors: 20,000 of 20,000 jobs · 0 embedded · 20000 reused this session · 20354 in the cache …"
  const match = text.replace(/,/g, '').match(/(\d+) embedded · (\d+) reused this session · (\d+) in the cache/);
  return match ? { stored: Number(match[3]), embedded: Number(match[1]), reused: Number(match[2]) } : null;
};

/** "typed 269 characters, the box holds 268; from 120: expected "…", got "…"". */
function mismatch(typed: string, held: string): string {
  let at = 0;
  while (at < typed.length && typed[at] === held[at]) at++;
  return (
    `typed ${typed.length} characters, the box holds ${held.length}; from ${at}: ` +
    `expected ${JSON.stringify(typed.slice(at, at + 24))}, got ${JSON.stringify(held.slice(at, at + 24))}`
  );
}

/** See UiSizeResult.main_thread_heap. */
async function mainThreadHeap(page: Page, context: BrowserContext): Promise<MainThreadHeap> {
  const cdp = await context.newCDPSession(page);
  try {
    type Usage = { usedSize: number; totalSize: number; backingStorageSize?: number };
    const mb = (bytes: number | undefined) => Math.round((bytes ?? 0) / 1e6);
    const before = (await cdp.send('Runtime.getHeapUsage')) as Usage;
    await cdp.send('HeapProfiler.collectGarbage');
    const after = (await cdp.send('Runtime.getHeapUsage')) as Usage;
    return {
      js_heap_used_mb: mb(before.usedSize),
      js_heap_used_after_gc_mb: mb(after.usedSize),
      array_buffers_after_gc_mb: mb(after.backingStorageSize),
    };
  } finally {
    await cdp.detach();
  }
}

/** See UiSizeResult.typing.profile_model_ms. */
async function profileModelMs(page: Page): Promise<number | null> {
  return page.evaluate(async (text) => {
    const api = window.careerpilotMatch;
    if (!api) return null;
    const sentences = text.split(/(?<=[.!?])\s+/);
    const times: number[] = [];
    for (let run = 0; run < 3; run++) {
      const started = performance.now();
      await api.countTokens(sentences);
      await api.embed([text, ...sentences]);
      times.push(performance.now() - started);
    }
    return Math.round(times.sort((a, b) => a - b)[1] as number);
  }, PROFILE_TEXT);
}

async function runSize(
  size: number,
  options: UiScaleOptions,
  helpers: UiScaleHelpers,
  dir: string,
): Promise<UiSizeResult> {
  const { log } = helpers;
  const { jobs, fields } = generateUiJobs(size);
  const file = join(dir, `jobs-${size}.jsonl`);
  const bytes = writeJobsFile(jobs, file);
  const keys = await Promise.all(jobs.map((job) => vectorCacheKey(MODEL_KEY, uiJobText(job))));
  const vectors = clusteredVectors(fields);
  const meanChars = Math.round(jobs.reduce((sum, job) => sum + job.description.length, 0) / jobs.length);
  log(`ui-scale ${size}: ${(bytes / 1e6).toFixed(1)} MB file, descriptions ${meanChars} characters on average`);

  const { context, page, close } = await openPage(helpers, options.baseURL);
  const sampler = helpers.rssSampler(process.pid);
  const renderer = pageRendererSampler(process.pid);
  try {
    const seedStarted = performance.now();
    await seedVectors(page, keys, vectors);
    const seedS = round((performance.now() - seedStarted) / 1000);
    log(`ui-scale ${size}: seeded ${size} vectors in ${seedS} s`);
    await page.waitForTimeout(2000);

    // Loading the jobs: every vector comes from the cache.
    await Promise.all([sampler.reset(), renderer.reset()]);
    let profiler = options.profile ? await startProfiler(page, context) : null;
    const loadFrom = await pageNow(page);
    const uploadStarted = performance.now();
    await page.getByLabel('Upload jobs').setInputFiles(file);
    await page
      .getByTestId('jobs-summary')
      .filter({ hasText: `${size} jobs loaded from jobs-${size}.jsonl.` })
      .waitFor({ timeout: 300_000 });
    await page.waitForFunction(
      (expected) =>
        /(\d+) reused/.exec(document.querySelector('[data-testid="vector-counts"]')?.textContent ?? '')?.[1] ===
        String(expected),
      size,
      { timeout: 300_000, polling: 100 },
    );
    const uploadToReused = Math.round(performance.now() - uploadStarted);
    await page.waitForTimeout(2000);
    const loadTo = await pageNow(page);
    const loadTasks = await phaseTasks(page, loadFrom, loadTo, options.baseURL);
    const loadProfile = profiler ? await stopProfiler(profiler, loadFrom, loadTasks) : undefined;
    const counts = await vectorCounts(page);
    const load = {
      ...loadTasks,
      renderer_peak_mb: await renderer.peak(),
      all_processes_rss_mb: await sampler.peak(),
      load_avg_1m: round(loadavg()[0] ?? 0, 2),
      upload_to_reused_ms: uploadToReused,
      reused: counts?.reused ?? 0,
      embedded: counts?.embedded ?? -1,
      ...(loadProfile !== undefined ? { cpu_profiles: loadProfile } : {}),
    };
    if (load.embedded !== 0) log(`ui-scale ${size}: WARNING: ${load.embedded} jobs were embedded, not reused`);
    log(
      `ui-scale ${size}: loaded in ${uploadToReused} ms, longest task ${load.longest_task_ms} ms (${load.long_tasks} long tasks)`,
    );

    // Typing a profile, then the top 25 on screen.
    await Promise.all([sampler.reset(), renderer.reset()]);
    const expect = Math.min(TOP_N, size);
    await page.evaluate((count) => {
      const state = window.__uiScale as PageState;
      state.expect = count;
      state.keys = 0;
      state.firstKey = null;
      state.lastKey = null;
    }, expect);
    const box = page.getByRole('textbox', { name: 'Your profile', exact: true });
    await box.click();
    profiler = options.profile ? await startProfiler(page, context) : null;
    const typeFrom = await pageNow(page);
    await page.keyboard.type(PROFILE_TEXT, { delay: TYPING_DELAY_MS });
    await page
      .waitForFunction(() => window.__uiScale?.paintedAt != null, undefined, { timeout: 120_000, polling: 50 })
      .catch(async (error: unknown) => {
        const seen = await page.evaluate(() => {
          const { longTasks, loafs, ...state } = window.__uiScale as PageState;
          const summary = document.querySelector('[data-testid="ranking-summary"], .empty')?.textContent;
          return { ...state, long_tasks: longTasks.length, loafs: loafs.length, summary };
        });
        throw new Error(`the top ${expect} never showed: ${JSON.stringify(seen)}: ${String(error)}`);
      });
    await page.waitForTimeout(1000 + PROFILE_PAUSE_MS);
    const typeTo = await pageNow(page);
    const typeTasks = await phaseTasks(page, typeFrom, typeTo, options.baseURL);
    const typeProfile = profiler ? await stopProfiler(profiler, typeFrom, typeTasks) : undefined;
    const state = await page.evaluate(() => window.__uiScale as PageState);
    const value = await box.inputValue();
    const typing = {
      ...typeTasks,
      renderer_peak_mb: await renderer.peak(),
      all_processes_rss_mb: await sampler.peak(),
      load_avg_1m: round(loadavg()[0] ?? 0, 2),
      keystrokes: state.keys,
      first25_ms:
        state.paintedAt !== null && state.lastKey !== null ? Math.round(state.paintedAt - state.lastKey) : null,
      first25_dom_ms: state.domAt !== null && state.lastKey !== null ? Math.round(state.domAt - state.lastKey) : null,
      rows_rendered: state.rows,
      profile_intact: value === PROFILE_TEXT,
      ...(value === PROFILE_TEXT ? {} : { profile_mismatch: mismatch(PROFILE_TEXT, value) }),
      profile_model_ms: null as number | null,
      ...(typeProfile !== undefined ? { cpu_profiles: typeProfile } : {}),
    };
    if (!typing.profile_intact)
      log(`ui-scale ${size}: WARNING: the textbox does not hold what was typed: ${mismatch(PROFILE_TEXT, value)}`);
    log(
      `ui-scale ${size}: typing: longest task ${typing.longest_task_ms} ms; top ${expect} painted ${typing.first25_ms} ms after the last key`,
    );
    typing.profile_model_ms = await profileModelMs(page);
    const heap = await mainThreadHeap(page, context);
    log(
      `ui-scale ${size}: main thread: JS heap ${heap.js_heap_used_mb} MB, ${heap.js_heap_used_after_gc_mb} MB after GC, + ${heap.array_buffers_after_gc_mb} MB ArrayBuffers`,
    );
    return {
      jobs: size,
      file_mb: round(bytes / 1e6),
      mean_description_chars: meanChars,
      seed_s: seedS,
      load,
      typing,
      main_thread_heap: heap,
    };
  } finally {
    sampler.stop();
    renderer.stop();
    await close();
  }
}

async function runEmbedding(options: UiScaleOptions, helpers: UiScaleHelpers, dir: string): Promise<UiEmbedResult> {
  const { log } = helpers;
  const count = options.embedJobs;
  const { jobs } = generateUiJobs(count, { seed: 4242, prefix: 'embed' });
  const name = `embed-${count}.jsonl`;
  const file = join(dir, name);
  writeJobsFile(jobs, file);
  const { context, page, close } = await openPage(helpers, options.baseURL);
  const sampler = helpers.rssSampler(process.pid);
  const renderer = pageRendererSampler(process.pid);
  try {
    await page.getByRole('textbox', { name: 'Your profile', exact: true }).fill(PROFILE_TEXT);
    await page.waitForTimeout(PROFILE_PAUSE_MS + 3000);
    await Promise.all([sampler.reset(), renderer.reset()]);
    const profiler = options.profile ? await startProfiler(page, context) : null;
    const from = await pageNow(page);
    const started = performance.now();
    await page.getByLabel('Upload jobs').setInputFiles(file);
    // Useful results: the first ranked row on screen, with the profile already typed (the keyword ranking).
    const firstShown = await page.waitForFunction(
      () => {
        const row = document.querySelector('ol[aria-label="Ranked jobs"] li');
        return row ? (document.querySelector('[data-testid="ranking-mode"]')?.textContent ?? '') : null;
      },
      undefined,
      { polling: 'raf', timeout: 60_000 },
    );
    const firstResultsMs = Math.round(performance.now() - started);
    const firstMode = String(await firstShown.jsonValue());
    log(`ui-scale embed: first ranked row ${firstResultsMs} ms after the upload (${firstMode.split(':')[0]})`);
    const finished = await page
      .waitForFunction(
        (expected) =>
          /(\d+) embedded/.exec(document.querySelector('[data-testid="vector-counts"]')?.textContent ?? '')?.[1] ===
          String(expected),
        count,
        { timeout: options.embedMaxS * 1000, polling: 250 },
      )
      .then(
        () => true,
        () => false,
      );
    let embedded = count;
    if (!finished) {
      const progress =
        (await page
          .getByText(/^Embedding jobs: \d+/)
          .textContent()
          .catch(() => '')) ?? '';
      embedded = Number(progress.match(/Embedding jobs: (\d+)/)?.[1] ?? 0);
      await page.getByRole('button', { name: 'Cancel', exact: true }).click();
      log(`ui-scale embed: cancelled after ${options.embedMaxS} s at ${embedded} of ${count}`);
    }
    const seconds = round((performance.now() - started) / 1000);
    await page.waitForTimeout(1000);
    const to = await pageNow(page);
    const tasks = await phaseTasks(page, from, to, options.baseURL);
    const cpuProfile = profiler ? await stopProfiler(profiler, from, tasks) : undefined;
    const result: UiEmbedResult = {
      ...tasks,
      renderer_peak_mb: await renderer.peak(),
      all_processes_rss_mb: await sampler.peak(),
      load_avg_1m: round(loadavg()[0] ?? 0, 2),
      jobs: count,
      embedded,
      seconds,
      jobs_per_s: round(embedded / seconds, 2),
      cancelled: !finished,
      first_results_ms: firstResultsMs,
      first_results_mode: firstMode,
      ...(cpuProfile !== undefined ? { cpu_profiles: cpuProfile } : {}),
    };
    log(
      `ui-scale embed: ${embedded} of ${count} in ${seconds} s, longest task ${result.longest_task_ms} ms (${result.long_tasks} long tasks)`,
    );
    return result;
  } finally {
    sampler.stop();
    renderer.stop();
    await close();
  }
}

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

function targets(sizes: UiSizeResult[], embedding: UiEmbedResult | null): UiScaleReport['targets'] {
  const phases = [
    ...sizes.flatMap((size) => [
      { label: `load ${size.jobs}`, ms: size.load.longest_task_ms },
      { label: `typing ${size.jobs}`, ms: size.typing.longest_task_ms },
    ]),
    ...(embedding ? [{ label: `embedding ${embedding.embedded}`, ms: embedding.longest_task_ms }] : []),
  ];
  const at50k = sizes.find((size) => size.jobs === 50_000) ?? null;
  const memory = [
    ...sizes.flatMap((size) => [
      { label: `load ${size.jobs}`, mb: size.load.renderer_peak_mb },
      { label: `typing ${size.jobs}`, mb: size.typing.renderer_peak_mb },
    ]),
    ...(embedding ? [{ label: 'embedding', mb: embedding.renderer_peak_mb }] : []),
  ];
  return [
    {
      goal: `no main-thread task over ${LONG_TASK_MS} ms (loading, typing, embedding)`,
      measured: phases.length ? phases.map((phase) => `${phase.label}: ${phase.ms} ms`).join(', ') : 'not measured',
      met: phases.length ? phases.every((phase) => phase.ms <= LONG_TASK_MS) : null,
    },
    {
      goal: 'first 25 results within 300 ms of the last keystroke at 50,000 jobs',
      measured: sizes.length
        ? sizes.map((size) => `${size.jobs}: ${size.typing.first25_ms ?? '–'} ms`).join(', ')
        : 'not measured',
      met: at50k?.typing.first25_ms != null ? at50k.typing.first25_ms <= 300 : null,
    },
    {
      goal: "the page's renderer RSS under 1 GB (peak, sampled every 200 ms)",
      measured: memory.length ? memory.map((entry) => `${entry.label}: ${entry.mb} MB`).join(', ') : 'not measured',
      met: memory.length ? memory.every((entry) => entry.mb < 1024) : null,
    },
  ];
}

export async function runUiScale(options: UiScaleOptions, helpers: UiScaleHelpers): Promise<UiScaleReport> {
  const dir = mkdtempSync(join(tmpdir(), 'careerpilot-ui-jobs-'));
  try {
    const sizes: UiSizeResult[] = [];
    for (const size of options.sizes) sizes.push(await runSize(size, options, helpers, dir));
    const embedding = options.embedJobs > 0 ? await runEmbedding(options, helpers, dir) : null;
    return {
      chromium: chromiumVersion,
      viewport: VIEWPORT,
      model_key: MODEL_KEY,
      profile_chars: PROFILE_TEXT.length,
      typing_delay_ms: TYPING_DELAY_MS,
      profiled: options.profile,
      sizes,
      embedding,
      targets: targets(sizes, embedding),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function uiScaleMarkdown(report: UiScaleReport): string {
  const cell = (value: number | null | undefined) => (value === null || value === undefined ? '–' : String(value));
  const lines = [
    `UI at scale (Chromium ${report.chromium}, ${report.viewport.width}x${report.viewport.height}, WASM ${report.model_key.dtype}; ` +
      `profile of ${report.profile_chars} characters typed at ${report.typing_delay_ms} ms a key${report.profiled ? '; UNDER THE CPU PROFILER' : ''}):`,
    '',
    '| jobs | file MB | load: longest task ms | load: long tasks | upload to all reused ms | typing: longest task ms | typing: long tasks | last key to top 25 painted ms | of which pause + model ms | rows rendered | page renderer peak RSS MB: load / typing | all renderers + GPU, sampled peak MB |',
    '| ---: | ------: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...report.sizes.map(
      (size) =>
        `| ${size.jobs} | ${size.file_mb} | ${size.load.longest_task_ms} | ${size.load.long_tasks} | ${size.load.upload_to_reused_ms} | ` +
        `${size.typing.longest_task_ms} | ${size.typing.long_tasks} | ${cell(size.typing.first25_ms)} | ${size.typing.profile_model_ms === null ? '–' : `${PROFILE_PAUSE_MS} + ${size.typing.profile_model_ms}`} | ${size.typing.rows_rendered} | ` +
        `${size.load.renderer_peak_mb} / ${size.typing.renderer_peak_mb} | ${Math.max(size.load.all_processes_rss_mb, size.typing.all_processes_rss_mb)} |`,
    ),
    '',
  ];
  for (const size of report.sizes) {
    const heap = size.main_thread_heap;
    lines.push(
      `- ${size.jobs} jobs, the page's main thread after typing: JS heap ${heap.js_heap_used_mb} MB (${heap.js_heap_used_after_gc_mb} MB after GC) + ${heap.array_buffers_after_gc_mb} MB ArrayBuffers`,
    );
    if (size.typing.profile_mismatch)
      lines.push(`- ${size.jobs} jobs, KEYSTROKES LOST: ${size.typing.profile_mismatch}`);
  }
  lines.push('');
  const embedding = report.embedding;
  if (embedding)
    lines.push(
      `Embedding ${embedding.jobs} unseen jobs with a profile: ${embedding.embedded} embedded in ${embedding.seconds} s ` +
        `(${embedding.jobs_per_s} jobs/s${embedding.cancelled ? ', cancelled at the time limit' : ''}); longest main-thread task ` +
        `${embedding.longest_task_ms} ms (${embedding.long_tasks} long tasks); page renderer peak RSS ${embedding.renderer_peak_mb} MB. ` +
        `First ranked row ${embedding.first_results_ms} ms after the upload ("${embedding.first_results_mode.split(':')[0]}").`,
      '',
    );
  const worst = [
    ...report.sizes.flatMap((size) => [
      { label: `load ${size.jobs}`, phase: size.load as UiPhase },
      { label: `typing ${size.jobs}`, phase: size.typing as UiPhase },
    ]),
    ...(embedding ? [{ label: 'embedding', phase: embedding as UiPhase }] : []),
  ].filter((entry) => entry.phase.longest_task_ms > LONG_TASK_MS);
  if (worst.length) {
    lines.push('Long tasks (the longest per phase, with the scripts of their animation frames):', '');
    for (const { label, phase } of worst) {
      for (const [rank, task] of phase.worst.entries()) {
        if (rank > 0 && !phase.cpu_profiles) break;
        lines.push(
          `- ${label}: ${task.ms} ms at +${task.at_ms} ms: ${task.scripts.join('; ') || 'no script attribution'}`,
        );
        const profile = phase.cpu_profiles?.[rank];
        if (profile)
          lines.push(
            `  - CPU profile of that task: self ${profile.self.join(', ')}`,
            `  - stacks: ${profile.stacks.join(' | ')}`,
          );
      }
    }
    lines.push('');
  }
  lines.push(...targetsTable('UI target', report.targets));
  return lines.join('\n');
}
