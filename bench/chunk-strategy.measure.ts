import { EMBEDDING_DIM } from '../src/core/vectors';
/**
 * Measures how a long profile (several chunks) should be scored: by its best-matching chunk or by the
 * mean of its chunks. Run with `npm run measure:chunks`; the figures are quoted in the README.
 */
import { readFileSync } from 'node:fs';
import { it } from 'vitest';
import { packChunks, splitPassages } from '../src/core/rank/profile-chunks';
import { rankJobs, type ChunkStrategy } from '../src/core/rank/rank';
import { loadEmbedder } from '../src/embedding/engine';
import { nodeEnvironment } from '../src/embedding/node-environment';
import { BUNDLED_MODEL_ID } from '../src/embedding/types';

interface DemoJob {
  title: string;
  company: string;
  location: string;
  raw: { description: string; requirements: string[] };
}

// Index ranges of the fields in public/sample_jobs.json.
const FIELDS: Record<string, [number, number]> = {
  software: [0, 14],
  health: [26, 32],
  trades: [46, 52],
  finance: [40, 45],
};

const filler =
  'Outside work I volunteer at the local food bank on weekends, coach a youth football team, enjoy hiking with my family, read history books and travel whenever I can. I speak English and Spanish and hold a full driving licence. References are available on request.';

const PROFILES: Record<string, string> = {
  software: `Full-stack web developer with seven years of experience building products in Python and React.

At a fintech start-up I designed Django REST APIs, wrote PostgreSQL migrations and background jobs with Celery and Redis, and moved our deployment to Docker and Kubernetes. I led the rewrite of our customer dashboard in React and TypeScript, with Playwright end-to-end tests and a component library.

Before that I worked at an agency shipping marketing sites and e-commerce stores with Node.js and Vue, integrating payment providers and tuning page performance.

Education: BSc in Computer Science. ${filler} ${filler} ${filler} ${filler} ${filler} ${filler}`,
  health: `Registered nurse with eight years of experience in intensive care and emergency departments.

I care for critically ill adults on ventilators, titrate vasoactive drips, monitor hemodynamics and respond to rapid-response calls. I hold BLS, ACLS and PALS certifications and a CCRN credential. I precept new graduate nurses and lead our unit's sepsis bundle compliance project.

Earlier I worked on a medical-surgical floor and in a pediatric clinic administering vaccinations and educating families.

Education: Bachelor of Science in Nursing. ${filler} ${filler} ${filler} ${filler} ${filler} ${filler}`,
  trades: `Licensed journeyman electrician with ten years in residential and commercial construction.

I install and repair wiring, panels, conduit and lighting, read blueprints, troubleshoot circuits and work to the National Electrical Code. I have OSHA 30 certification, run small crews, and handle service calls for HVAC controls and motor wiring.

Before my apprenticeship I worked as a welder's helper and in a machine shop, and I still do finish carpentry on weekends.

Education: vocational electrical program. ${filler} ${filler} ${filler} ${filler} ${filler} ${filler}`,
  finance: `Certified public accountant with six years in public accounting and corporate finance.

I prepare monthly close, journal entries and account reconciliations, build budgets and forecasts in Excel, and support external audits under US GAAP. I have run payroll in ADP, prepared corporate tax returns and improved internal controls for accounts payable.

I started as a bookkeeper for small businesses using QuickBooks.

Education: Master of Accountancy. ${filler} ${filler} ${filler} ${filler} ${filler} ${filler}`,
};

it('compares best-chunk and mean scoring on the demo jobs', async () => {
  const jobs = JSON.parse(readFileSync('public/sample_jobs.json', 'utf8')) as DemoJob[];
  const embedder = await loadEmbedder({ modelId: BUNDLED_MODEL_ID, device: 'cpu', dtype: 'int8' }, nodeEnvironment());
  const jobTexts = jobs.map((job) =>
    [
      job.title,
      job.company,
      job.location,
      job.raw.description,
      `Requirements: ${job.raw.requirements.join(', ')}`,
    ].join('\n'),
  );
  const jobVectors = await embedder.embed(jobTexts);
  const lines: string[] = [];
  for (const [field, profile] of Object.entries(PROFILES)) {
    const passages = splitPassages(profile);
    const counts = embedder.countTokens(passages).map((count) => count - 2);
    const chunks = packChunks(passages, counts, 254);
    const chunkVectors = await embedder.embed(chunks);
    const [from, to] = FIELDS[field] as [number, number];
    const relevant = to - from + 1;
    for (const strategy of ['best-chunk', 'mean'] as ChunkStrategy[]) {
      const ranked = rankJobs(jobVectors, chunkVectors, strategy, EMBEDDING_DIM);
      const inField = (index: number) => index >= from && index <= to;
      const precisionAt5 = ranked.slice(0, 5).filter((job) => inField(job.index)).length / 5;
      const recallAtField = ranked.slice(0, relevant).filter((job) => inField(job.index)).length / relevant;
      const firstOutside = ranked.findIndex((job) => !inField(job.index)) + 1;
      lines.push(
        `${field.padEnd(9)} chunks=${chunks.length} ${strategy.padEnd(10)} P@5=${precisionAt5.toFixed(2)} R@${relevant}=${recallAtField.toFixed(2)} first-other-field-at=${firstOutside} top=${ranked[0]?.score.toFixed(3)}`,
      );
    }
  }
  console.log(lines.join('\n'));
  await embedder.dispose();
});
