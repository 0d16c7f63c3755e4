/**
 * Where a warm model load spends its time in the browser: a Chromium trace (devtools.timeline, v8,
 * v8.wasm) of one page reload until "Model ready", summarised per thread. The worker that runs the model,
 * ONNX Runtime's pthreads and V8's background compiler threads show up as separate rows.
 */
import type { BrowserContext, Page } from '@playwright/test';

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: { name?: string };
}

export interface ThreadProfile {
  thread: string;
  /** Time covered by the thread's outermost trace events. */
  busy_ms: number;
  /** Inclusive time per event name (nested events overlap their parents), largest first. */
  top: { event: string; ms: number }[];
}

export interface LoadProfile {
  wall_ms: number;
  threads: ThreadProfile[];
}

const CATEGORIES = ['devtools.timeline', 'v8', 'v8.wasm', 'loading'];
// Generic wrappers that only say "some task ran"; the events under them say which.
const WRAPPERS = new Set(['RunTask', 'ThreadControllerImpl::RunTask', 'FunctionCall', 'v8.callFunction']);

export async function profileReload(
  context: BrowserContext,
  page: Page,
  reloadUntilReady: () => Promise<void>,
): Promise<LoadProfile> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: CATEGORIES }, transferMode: 'ReturnAsStream' });
  const started = performance.now();
  await reloadUntilReady();
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
  const byThread = new Map<string, TraceEvent[]>();
  for (const event of events) {
    if (event.ph !== 'X' || !event.dur) continue;
    const key = `${event.pid}:${event.tid}`;
    byThread.set(key, [...(byThread.get(key) ?? []), event]);
  }
  const threads: ThreadProfile[] = [];
  for (const [key, threadEvents] of byThread) {
    threadEvents.sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
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
    if (busy / 1000 < minBusyMs) continue;
    const top = [...inclusive]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6)
      .map(([event, us]) => ({ event, ms: Math.round(us / 1000) }));
    threads.push({ thread: `${names.get(key) ?? 'thread'} ${key}`, busy_ms: Math.round(busy / 1000), top });
  }
  return threads.sort((a, b) => b.busy_ms - a.busy_ms);
}
