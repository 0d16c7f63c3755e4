// Speed levers other than the model, measured interleaved (issue 12 item 5). Standalone: onnxruntime-node and
// onnxruntime-web (the app's plain SIMD threaded WASM build) from node_modules, no app code. Every figure is
// texts/s (wall clock); each round times every cell once, the cell order rotating; the summary gives the
// median over rounds, and per-round ratios to the first cell of the same model.
//
//   node bench/w8a8/levers.mjs workers  --models w8a8=PATH [--texts 32] [--batch 8] [--rounds 7]
//        WASM: one session with 2 threads vs two worker_threads with one single-threaded session each (half the
//        texts each, started together) vs one session with 1 thread
//   node bench/w8a8/levers.mjs options  --backend node|wasm --models ... --variants base,noqdq,... [--batch 8]
//        session options (config entries, graph optimisation level), one session per model x variant
//   node bench/w8a8/levers.mjs batching --models w8a8=PATH --scenarios FILE.json [--rounds 5]
//        WASM: the same texts run as length-sorted padded batches of 8, as batches of exactly equal length only
//        (at most 8), and one at a time; --only NAME,... picks scenarios of the file
//   node bench/w8a8/levers.mjs sustained --backend node|wasm --models ... --variants base,nospin [--secs 8] [--idle 4]
//        each cell embeds without a pause for `secs` seconds (after `idle` seconds of rest)
//   [--json OUT] writes every round; --inputs: {"ids": [[...]]} rows of 256 word pieces (speed_inputs.json)
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

const here = fileURLToPath(import.meta.url);
const repo = path.resolve(path.dirname(here), '..', '..');
const require = createRequire(path.join(repo, 'package.json'));

async function loadOrt(backend, threads) {
  if (backend === 'node') return require('onnxruntime-node');
  const dist = path.join(repo, 'node_modules/onnxruntime-web/dist/');
  const ort = await import(pathToFileURL(dist + 'ort.node.min.mjs').href);
  ort.env.wasm.numThreads = threads;
  ort.env.wasm.simd = true;
  ort.env.wasm.wasmPaths = {
    mjs: pathToFileURL(dist + 'ort-wasm-simd-threaded.mjs').href,
    wasm: pathToFileURL(dist + 'ort-wasm-simd-threaded.wasm').href,
  };
  return ort;
}

// Session option variants: graph optimisation level + session config entries.
export const VARIANTS = {
  base: {},
  noqdq: { extra: { 'session.disable_quant_qdq': '1' } },
  qdqcleanup: { extra: { 'session.enable_quant_qdq_cleanup': '1' } },
  noprepack: { extra: { 'session.disable_prepacking': '1' } },
  daz: { extra: { 'session.set_denormal_as_zero': '1' } },
  block4: { extra: { 'session.dynamic_block_base': '4' } },
  nospin: { extra: { 'session.intra_op.allow_spinning': '0' } },
  t1: { intraOpNumThreads: 1 }, // onnxruntime-node only (WASM: env.wasm.numThreads is per process)
  opt_disabled: { graphOptimizationLevel: 'disabled' },
  opt_basic: { graphOptimizationLevel: 'basic' },
  opt_extended: { graphOptimizationLevel: 'extended' },
  opt_layout: { graphOptimizationLevel: 'layout' },
  opt_all: { graphOptimizationLevel: 'all' },
};

async function openSession(ort, backend, threads, file, variant = {}) {
  const o = { graphOptimizationLevel: 'all' };
  if (backend === 'node')
    Object.assign(o, { executionProviders: ['cpu'], intraOpNumThreads: threads, interOpNumThreads: 1 });
  else o.executionProviders = ['wasm'];
  Object.assign(o, variant);
  return ort.InferenceSession.create(readFileSync(file), o);
}

function feeds(ort, rows) {
  const B = rows.length;
  const L = Math.max(...rows.map((r) => r.length));
  const ids = new BigInt64Array(B * L);
  const mask = new BigInt64Array(B * L);
  rows.forEach((r, b) => r.forEach((v, j) => ((ids[b * L + j] = BigInt(v)), (mask[b * L + j] = 1n))));
  return {
    input_ids: new ort.Tensor('int64', ids, [B, L]),
    attention_mask: new ort.Tensor('int64', mask, [B, L]),
    token_type_ids: new ort.Tensor('int64', new BigInt64Array(B * L), [B, L]),
  };
}

async function runBatches(ort, s, batches) {
  const t0 = performance.now();
  for (const rows of batches) await s.run(feeds(ort, rows));
  return performance.now() - t0;
}

const chunk = (rows, b) => Array.from({ length: Math.ceil(rows.length / b) }, (_, i) => rows.slice(i * b, i * b + b));

function opt(argv, name, dflt) {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const r2 = (x) => Math.round(x * 100) / 100;

// CPU time used on the host by everything (from /proc/stat, seconds) and by this process.
function hostBusy() {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = f; // idle and iowait left out
  return (user + nice + system + irq + softirq + steal) / 100; // USER_HZ
}
const ownCpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
// Cores that other processes keep busy over `ms` while this process sleeps.
async function othersCores(ms = 1000) {
  const h0 = hostBusy();
  const o0 = ownCpu();
  await new Promise((ok) => setTimeout(ok, ms));
  return (hostBusy() - h0 - (ownCpu() - o0)) / (ms / 1000);
}

// Each round times every cell once (order rotating): texts/s of wall clock and texts per CPU-second (process CPU
// time, all threads, workers included; idle pool threads that spin count too). Before a round it waits (up to
// GATE_WAIT s) until other processes use less than GATE cores, and it records how many they used during each cell.
const GATE = Number(process.env.LEVERS_GATE ?? '0.5');
const GATE_WAIT = Number(process.env.LEVERS_GATE_WAIT ?? '60');
const CLEAN = Number(process.env.LEVERS_CLEAN ?? '0.3');
async function timeRounds(cells, rounds, record) {
  for (let r = 0; r < rounds; r++) {
    let waited = 0;
    let idle = await othersCores();
    while (idle > GATE && waited < GATE_WAIT) {
      waited += 1 + 2;
      await new Promise((ok) => setTimeout(ok, 2000));
      idle = await othersCores();
    }
    const wall = {};
    const cpu = {};
    const others = {};
    const k = r % cells.length;
    for (const c of [...cells.slice(k), ...cells.slice(0, k)]) {
      const c0 = ownCpu();
      const h0 = hostBusy();
      const ms = await c.run();
      const used = ownCpu() - c0;
      wall[c.key] = c.n / (ms / 1000);
      cpu[c.key] = c.n / used;
      others[c.key] = Math.max(0, (hostBusy() - h0 - used) / (ms / 1000));
      await new Promise((ok) => setTimeout(ok, 50)); // idle pool threads stop spinning
    }
    record.rounds.push({ wall, cpu, others, othersBefore: idle, waited, load1: os.loadavg()[0] });
    console.error(
      `round ${r + 1} (others ${idle.toFixed(2)} cores before, waited ${waited} s): ` +
        cells.map((c) => `${c.key} ${wall[c.key].toFixed(2)} [${others[c.key].toFixed(1)}]`).join('  '),
    );
  }
}

function summarise(cells, rounds, baseOf) {
  // cells: [{key, label, ...}]; rounds: [{wall: {key: texts/s}, cpu: {...}}]
  const out = {};
  for (const c of cells) {
    const base = baseOf(c);
    const one = (m) => {
      const xs = rounds.map((r) => r[m][c.key]);
      const ratios = base ? rounds.map((r) => r[m][c.key] / r[m][base.key]) : null;
      return {
        median: r2(median(xs)),
        best: r2(Math.max(...xs)),
        rounds: xs.map(r2),
        ratio_median: ratios ? r2(median(ratios)) : null,
        ratios: ratios ? ratios.map(r2) : null,
        wins: ratios ? ratios.filter((x) => x > 1).length : null,
      };
    };
    // rounds in which other processes kept under CLEAN cores busy during this cell and its base cell
    const clean = rounds.filter((r) => r.others[c.key] < CLEAN && (!base || r.others[base.key] < CLEAN));
    const cw = clean.map((r) => r.wall[c.key]);
    const cr = base ? clean.map((r) => r.wall[c.key] / r.wall[base.key]) : [];
    out[c.key] = {
      ...c,
      wall: one('wall'),
      cpu: one('cpu'),
      clean: {
        n: clean.length,
        median: cw.length ? r2(median(cw)) : null,
        ratio_median: cr.length ? r2(median(cr)) : null,
        ratios: cr.map(r2),
      },
    };
  }
  return out;
}

function printTable(title, summary, rounds) {
  const others = rounds.flatMap((r) => Object.values(r.others));
  console.log(
    `\n${title}; other processes' CPU during the cells: median ${median(others).toFixed(2)} cores, ` +
      `max ${Math.max(...others).toFixed(2)} (of 2)\n`,
  );
  console.log(
    `| cell | texts/s (median) | ratio (median) | rounds faster | per-round ratios | best round | texts per CPU-s | CPU ratio | clean rounds (others < ${CLEAN} cores): n, texts/s, ratio |`,
  );
  console.log('| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | --- |');
  for (const c of Object.values(summary)) {
    const w = c.wall;
    const n = w.rounds.length;
    console.log(
      `| ${c.key} | ${w.median.toFixed(2)} | ${w.ratio_median == null ? '-' : w.ratio_median.toFixed(2) + 'x'} | ${
        w.wins == null ? '-' : `${w.wins}/${n}`
      } | ${w.ratios ? w.ratios.map((x) => x.toFixed(2)).join(', ') : '-'} | ${w.best.toFixed(2)} | ${c.cpu.median.toFixed(
        2,
      )} | ${c.cpu.ratio_median == null ? '-' : c.cpu.ratio_median.toFixed(2) + 'x'} | ${c.clean.n}, ${
        c.clean.median == null ? '-' : c.clean.median.toFixed(2)
      }, ${c.clean.ratio_median == null ? '-' : c.clean.ratio_median.toFixed(2) + 'x'} |`,
    );
  }
}

async function main() {
  const argv = process.argv.slice(2);
  const mode = argv[0];
  const rounds = Number(opt(argv, 'rounds', '5'));
  const models = (opt(argv, 'models', '') || '')
    .split(',')
    .filter(Boolean)
    .map((m) => m.split('='));
  const inputs = JSON.parse(readFileSync(opt(argv, 'inputs', '/tmp/w8a8/speed_inputs.json'), 'utf8')).ids;
  const jsonOut = opt(argv, 'json', null);
  const record = { mode, argv, rounds: [] };

  if (mode === 'workers') {
    const texts = Number(opt(argv, 'texts', '32'));
    const batch = Number(opt(argv, 'batch', '8'));
    const rows = inputs.slice(0, texts);
    const spawn = (threads, file) =>
      new Promise((resolve, reject) => {
        const w = new Worker(here, { workerData: { threads, file } });
        w.once('message', () => resolve(w));
        w.once('error', reject);
      });
    const call = (w, batches) =>
      new Promise((resolve) => {
        w.once('message', (m) => resolve(m.ms));
        w.postMessage({ cmd: 'run', batches });
      });
    const cells = [];
    const pools = {};
    for (const [label, file] of models) {
      pools[label] = { t2: await spawn(2, file), a: await spawn(1, file), b: await spawn(1, file) };
      const p = pools[label];
      // warm-up: every worker runs one batch
      for (const w of [p.t2, p.a, p.b]) await call(w, [rows.slice(0, batch)]);
      const half = Math.ceil(texts / 2);
      cells.push(
        { key: `${label} 1 session x 2 threads`, label, n: texts, run: () => call(p.t2, chunk(rows, batch)) },
        {
          key: `${label} 2 workers x 1 thread`,
          label,
          n: texts,
          run: async () => {
            const t0 = performance.now();
            await Promise.all([
              call(p.a, chunk(rows.slice(0, half), batch)),
              call(p.b, chunk(rows.slice(half), batch)),
            ]);
            return performance.now() - t0;
          },
        },
        { key: `${label} 1 session x 1 thread`, label, n: texts, run: () => call(p.a, chunk(rows, batch)) },
      );
    }
    await timeRounds(cells, rounds, record);
    const summary = summarise(
      cells.map(({ key, label }) => ({ key, label })),
      record.rounds,
      (c) => (c.key.endsWith('2 threads') ? null : { key: `${c.label} 1 session x 2 threads` }),
    );
    record.summary = summary;
    printTable(
      `WASM, ${texts} texts x 256 word pieces, batch ${batch}, median of ${rounds} rounds (ratio: to 1 session x 2 threads)`,
      summary,
      record.rounds,
    );
    for (const p of Object.values(pools)) for (const w of Object.values(p)) w.postMessage({ cmd: 'quit' });
  } else if (mode === 'options') {
    const backend = opt(argv, 'backend', 'wasm');
    const threads = Number(opt(argv, 'threads', '2'));
    const batch = Number(opt(argv, 'batch', backend === 'wasm' ? '8' : '4'));
    const texts = Number(opt(argv, 'texts', '16'));
    const variants = opt(argv, 'variants', 'base,noqdq').split(',');
    const ort = await loadOrt(backend, threads);
    const rows = inputs.slice(0, texts);
    const cells = [];
    for (const [label, file] of models)
      for (const v of variants) {
        const t0 = performance.now();
        const s = await openSession(ort, backend, threads, file, VARIANTS[v]);
        const loadMs = performance.now() - t0;
        await s.run(feeds(ort, rows.slice(0, batch))); // warm-up
        cells.push({
          key: `${label} ${v}`,
          label,
          variant: v,
          s,
          n: texts,
          loadMs: Math.round(loadMs),
          run: () => runBatches(ort, s, chunk(rows, batch)),
        });
      }
    await timeRounds(cells, rounds, record);
    const summary = summarise(
      cells.map(({ key, label, variant, loadMs }) => ({ key, label, variant, loadMs })),
      record.rounds,
      (c) => (c.variant === variants[0] ? null : { key: `${c.label} ${variants[0]}` }),
    );
    record.summary = summary;
    printTable(
      `${backend}, ${threads} threads, ${texts} texts x 256 word pieces, batch ${batch}, median of ${rounds} rounds (ratio: to ${variants[0]} of the same model)`,
      summary,
      record.rounds,
    );
    console.log('\nsession load ms: ' + cells.map((c) => `${c.key} ${c.loadMs}`).join(', '));
  } else if (mode === 'sustained') {
    // Long runs: each cell embeds without a pause for --secs seconds after --idle seconds of rest (the host
    // gives a short burst of full speed after idling, then less: see RESULTS.md); texts/s over the whole cell
    // and over its second half.
    const backend = opt(argv, 'backend', 'node');
    const threads = Number(opt(argv, 'threads', '2'));
    const batch = Number(opt(argv, 'batch', backend === 'wasm' ? '8' : '4'));
    const secs = Number(opt(argv, 'secs', '8'));
    const idle = Number(opt(argv, 'idle', '4'));
    const variants = opt(argv, 'variants', 'base,nospin').split(',');
    const ort = await loadOrt(backend, threads);
    const rows = inputs.slice(0, batch);
    const cells = [];
    for (const [label, file] of models)
      for (const v of variants) {
        const s = await openSession(ort, backend, threads, file, VARIANTS[v]);
        await s.run(feeds(ort, rows));
        cells.push({ key: `${label} ${v}`, label, variant: v, s });
      }
    for (let r = 0; r < rounds; r++) {
      const k = r % cells.length;
      const res = { whole: {}, second: {}, cpu: {}, others: {} };
      for (const c of [...cells.slice(k), ...cells.slice(0, k)]) {
        await new Promise((ok) => setTimeout(ok, idle * 1000));
        const f = feeds(ort, rows);
        const times = [];
        const c0 = ownCpu();
        const h0 = hostBusy();
        const t0 = performance.now();
        while (performance.now() - t0 < secs * 1000) {
          await c.s.run(f);
          times.push(performance.now() - t0);
        }
        const ms = performance.now() - t0;
        const used = ownCpu() - c0;
        const half = times.filter((t) => t > ms / 2);
        const firstAfterHalf = times[times.length - half.length - 1] ?? 0;
        res.whole[c.key] = (times.length * batch) / (ms / 1000);
        res.second[c.key] = (half.length * batch) / ((times.at(-1) - firstAfterHalf) / 1000);
        res.cpu[c.key] = (times.length * batch) / used;
        res.others[c.key] = Math.max(0, (hostBusy() - h0 - used) / (ms / 1000));
      }
      record.rounds.push(res);
      console.error(
        `round ${r + 1}: ` +
          cells
            .map(
              (c) =>
                `${c.key} ${res.whole[c.key].toFixed(1)}/${res.second[c.key].toFixed(1)} [${res.others[c.key].toFixed(1)}]`,
            )
            .join('  '),
      );
    }
    const base = (c) => `${c.label} ${variants[0]}`;
    console.log(
      `\n${backend}, ${threads} threads, batch ${batch} x 256, each cell ${secs} s of embedding after ${idle} s idle, ${rounds} rounds; ` +
        `ratio: to ${variants[0]} of the same model, median of per-round ratios\n`,
    );
    console.log(
      '| cell | texts/s whole cell (median) | ratio | texts/s 2nd half (median) | ratio | per-round ratios (2nd half) | texts per CPU-s | others (cores, max) |',
    );
    console.log('| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: |');
    record.summary = {};
    for (const c of cells) {
      const m = (what) => median(record.rounds.map((r) => r[what][c.key]));
      const rat = (what) => record.rounds.map((r) => r[what][c.key] / r[what][base(c)]);
      const sm = {
        whole: r2(m('whole')),
        second: r2(m('second')),
        cpu: r2(m('cpu')),
        ratio_whole: r2(median(rat('whole'))),
        ratio_second: r2(median(rat('second'))),
        ratios_second: rat('second').map(r2),
        others_max: r2(Math.max(...record.rounds.map((r) => r.others[c.key]))),
      };
      record.summary[c.key] = sm;
      console.log(
        `| ${c.key} | ${sm.whole.toFixed(1)} | ${sm.ratio_whole.toFixed(2)}x | ${sm.second.toFixed(1)} | ${sm.ratio_second.toFixed(2)}x | ${sm.ratios_second
          .map((x) => x.toFixed(2))
          .join(', ')} | ${sm.cpu.toFixed(1)} | ${sm.others_max.toFixed(2)} |`,
      );
    }
  } else if (mode === 'batching') {
    const threads = Number(opt(argv, 'threads', '2'));
    const batch = Number(opt(argv, 'batch', '8'));
    const scenarios = JSON.parse(readFileSync(opt(argv, 'scenarios'), 'utf8'));
    const strategies = opt(argv, 'strategies', 'padded,same,one').split(',');
    const ort = await loadOrt('wasm', threads);
    const plans = {};
    const plan = (rowsIn, strategy) => {
      const rs = [...rowsIn].sort((a, b) => a.length - b.length);
      if (strategy === 'padded') return chunk(rs, batch);
      if (strategy === 'one') return chunk(rs, 1);
      const groups = new Map();
      for (const r of rs) groups.set(r.length, [...(groups.get(r.length) ?? []), r]);
      return [...groups.values()].flatMap((g) => chunk(g, batch));
    };
    const cells = [];
    const only = (opt(argv, 'only', '') || '').split(',').filter(Boolean);
    for (const [label, file] of models) {
      const s = await openSession(ort, 'wasm', threads, file);
      await s.run(feeds(ort, inputs.slice(0, batch)));
      for (const [name, sc] of Object.entries(scenarios)) {
        if (only.length && !only.includes(name)) continue;
        for (const st of strategies) {
          const batches = plan(sc.ids, st);
          // "same" gives the very batches of "padded" when all texts have one length: not timed twice
          if (
            st === 'same' &&
            JSON.stringify(batches.map((b) => b.length)) ===
              JSON.stringify(plan(sc.ids, 'padded').map((b) => b.length)) &&
            new Set(sc.ids.map((r) => r.length)).size === 1
          )
            continue;
          const padded = batches.reduce((n, b) => n + b.length * Math.max(...b.map((r) => r.length)), 0);
          const real = sc.ids.reduce((n, r) => n + r.length, 0);
          plans[`${label} ${name} ${st}`] = {
            calls: batches.length,
            texts: sc.ids.length,
            tokens: real,
            padded_tokens: padded,
          };
          cells.push({
            key: `${label} ${name} ${st}`,
            label,
            scenario: name,
            strategy: st,
            n: sc.ids.length,
            run: () => runBatches(ort, s, batches),
          });
        }
      }
    }
    await timeRounds(cells, rounds, record);
    const summary = summarise(
      cells.map(({ key, label, scenario, strategy }) => ({ key, label, scenario, strategy, ...plans[key] })),
      record.rounds,
      (c) => (c.strategy === strategies[0] ? null : { key: `${c.label} ${c.scenario} ${strategies[0]}` }),
    );
    record.summary = summary;
    printTable(
      `WASM, ${threads} threads, max batch ${batch}, median of ${rounds} rounds (ratio: to ${strategies[0]})`,
      summary,
      record.rounds,
    );
    console.log('\n| cell | texts | model calls | word pieces | with padding |');
    console.log('| --- | ---: | ---: | ---: | ---: |');
    for (const [k, p] of Object.entries(plans))
      console.log(`| ${k} | ${p.texts} | ${p.calls} | ${p.tokens} | ${p.padded_tokens} |`);
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
  if (jsonOut)
    writeFileSync(
      jsonOut,
      JSON.stringify(record, (k, v) => (k === 's' || k === 'run' ? undefined : v), 1),
    );
  process.stdout.write('', () => process.exit(0));
}

// ---------------------------------------------------------------- worker side (workers mode)
if (!isMainThread) {
  const { threads, file } = workerData;
  const ort = await loadOrt('wasm', threads);
  const s = await openSession(ort, 'wasm', threads, file);
  parentPort.on('message', async (msg) => {
    if (msg.cmd === 'run') parentPort.postMessage({ ms: await runBatches(ort, s, msg.batches) });
    else if (msg.cmd === 'quit') {
      await s.release();
      process.exit(0);
    }
  });
  parentPort.postMessage({ ready: true });
} else {
  await main();
}
