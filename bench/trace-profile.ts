/**
 * Chromium traces for the benchmark, summarised per thread: where a warm model load and an embedding run
 * spend their time. The worker that runs the model, ONNX Runtime's pthreads and V8's background compiler
 * threads show up as separate rows.
 */
import type { BrowserContext, Page } from '@playwright/test';

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  id?: string;
  dur?: number;
  args?: {
    name?: string;
    data?: {
      cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] };
      timeDeltas?: number[];
    };
  };
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url?: string };
}

export interface ThreadProfile {
  thread: string;
  /** Time covered by the thread's outermost trace events. */
  busy_ms: number;
  /** Inclusive time per event name (nested events overlap their parents), largest first. */
  top: { event: string; ms: number }[];
  /** From V8's sampling profiler, where it ran: ONNX Runtime's wasm, JavaScript, GC, or idle. */
  samples_ms?: { wasm: number; js: number; gc: number; idle: number };
}

export interface TraceProfile {
  wall_ms: number;
  threads: ThreadProfile[];
}

const TIMELINE = ['devtools.timeline', 'v8', 'v8.wasm', 'loading'];
const SAMPLING = [...TIMELINE, 'disabled-by-default-v8.cpu_profiler'];
// Generic wrappers that only say "some task ran"; the events under them say which.
const WRAPPERS = new Set(['RunTask', 'ThreadControllerImpl::RunTask', 'FunctionCall', 'v8.callFunction']);

/** Traces `action` (timeline events; with `sampling`, V8's CPU samples too) and summarises it per thread. */
export async function traceDuring(
  context: BrowserContext,
  page: Page,
  action: () => Promise<void>,
  sampling = false,
): Promise<TraceProfile> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Tracing.start', {
    traceConfig: { includedCategories: sampling ? SAMPLING : TIMELINE },
    transferMode: 'ReturnAsStream',
  });
  const started = performance.now();
  await action();
  const wallMs = Math.round(performance.now() - started);
  const complete = new Promise<string>((resolve) =>
    cdp.on('Tracing.tracingComplete', (event) => resolve(event.stream ?? '')),
  );
  await cdp.send('Tracing.end');
  const stream = await complete;
  let text = '';
  for (;;) {
    const chunk = await cdp.send('IO.read', { handle: stream });
    text += chunk.base64Encoded ? Buffer.from(chunk.data, 'base64').toString('utf8') : chunk.data;
    if (chunk.eof) break;
  }
  await cdp.send('IO.close', { handle: stream });
  await cdp.detach();
  const parsed = JSON.parse(text) as TraceEvent[] | { traceEvents: TraceEvent[] };
  return { wall_ms: wallMs, threads: summarise(Array.isArray(parsed) ? parsed : parsed.traceEvents) };
}

export function summarise(events: TraceEvent[], minBusyMs = 20): ThreadProfile[] {
  const names = new Map<string, string>();
  for (const event of events)
    if (event.ph === 'M' && event.name === 'thread_name')
      names.set(`${event.pid}:${event.tid}`, event.args?.name ?? '');
  const samples = sampledTime(events);
  const byThread = new Map<string, TraceEvent[]>();
  for (const event of events) {
    if (event.ph !== 'X' || !event.dur) continue;
    const key = `${event.pid}:${event.tid}`;
    const threadEvents = byThread.get(key);
    if (threadEvents) threadEvents.push(event);
    else byThread.set(key, [event]);
  }
  const threads: ThreadProfile[] = [];
  for (const key of new Set([...byThread.keys(), ...samples.keys()])) {
    const threadEvents = (byThread.get(key) ?? []).sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
    let busy = 0;
    let coveredUntil = -Infinity;
    const inclusive = new Map<string, number>();
    for (const event of threadEvents) {
      const end = event.ts + (event.dur ?? 0);
      if (event.ts >= coveredUntil) busy += event.dur ?? 0;
      else if (end > coveredUntil) busy += end - coveredUntil;
      coveredUntil = Math.max(coveredUntil, end);
      if (!WRAPPERS.has(event.name)) inclusive.set(event.name, (inclusive.get(event.name) ?? 0) + (event.dur ?? 0));
    }
    const sampled = samples.get(key);
    const busyMs = Math.round(busy / 1000);
    if (busyMs < minBusyMs && (!sampled || sampled.wasm + sampled.js + sampled.gc < minBusyMs)) continue;
    const top = [...inclusive]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6)
      .map(([event, us]) => ({ event, ms: Math.round(us / 1000) }));
    threads.push({
      thread: `${names.get(key) ?? 'thread'} ${key}`,
      busy_ms: busyMs,
      top,
      ...(sampled ? { samples_ms: sampled } : {}),
    });
  }
  const work = (thread: ThreadProfile) =>
    thread.samples_ms ? thread.samples_ms.wasm + thread.samples_ms.js + thread.samples_ms.gc : thread.busy_ms;
  return threads.sort((a, b) => work(b) - work(a));
}

/** V8's CPU samples ('Profile'/'ProfileChunk' events) per thread, split by where the sampled code runs. */
function sampledTime(events: TraceEvent[]): Map<string, { wasm: number; js: number; gc: number; idle: number }> {
  const profiles = new Map<
    string,
    { thread: string; nodes: Map<number, ProfileNode>; samples: number[]; deltas: number[] }
  >();
  for (const event of events) {
    const profileKey = `${event.pid}:${event.id ?? ''}`;
    if (event.name === 'Profile')
      profiles.set(profileKey, { thread: `${event.pid}:${event.tid}`, nodes: new Map(), samples: [], deltas: [] });
    if (event.name !== 'ProfileChunk') continue;
    const profile = profiles.get(profileKey);
    const data = event.args?.data;
    if (!profile || !data) continue;
    for (const node of data.cpuProfile?.nodes ?? []) profile.nodes.set(node.id, node);
    profile.samples.push(...(data.cpuProfile?.samples ?? []));
    profile.deltas.push(...(data.timeDeltas ?? []));
  }
  const byThread = new Map<string, { wasm: number; js: number; gc: number; idle: number }>();
  for (const profile of profiles.values()) {
    const split = { wasm: 0, js: 0, gc: 0, idle: 0 };
    profile.samples.forEach((id, index) => {
      const frame = profile.nodes.get(id)?.callFrame;
      const ms = (profile.deltas[index + 1] ?? 0) / 1000;
      if (!frame || frame.functionName === '(idle)' || frame.functionName === '(program)') split.idle += ms;
      else if (frame.functionName === '(garbage collector)') split.gc += ms;
      else if (frame.url?.endsWith('.wasm') || frame.functionName.startsWith('wasm-function')) split.wasm += ms;
      else split.js += ms;
    });
    byThread.set(profile.thread, {
      wasm: Math.round(split.wasm),
      js: Math.round(split.js),
      gc: Math.round(split.gc),
      idle: Math.round(split.idle),
    });
  }
  return byThread;
}
