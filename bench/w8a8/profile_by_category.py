#!/usr/bin/env python3
"""Kernel time by category (ONNX Runtime's profiler), batch 8 x 256 word pieces, 2 threads, in onnxruntime
Python (native CPU EP), onnxruntime-node (native) and onnxruntime-web (WASM, plain SIMD threaded build, under
Node). Prints Markdown tables: ms per run and share of the summed kernel time.

    /tmp/w8a8/venv/bin/python bench/w8a8/profile_by_category.py fp32=PATH w8a8=PATH [...]
        [--runtimes py,node,wasm] [--rounds 3] [--runs 3] [--batch 8] [--threads 2] [--opt all]
        [--json bench/w8a8/results/profile_by_category.json]

Each round starts one fresh process (or Python session) per runtime x model, the order rotating between
rounds, each after waiting (up to --gate-wait s) until other processes keep fewer than --gate cores busy; each does 1 warm-up run (not counted) and `runs` profiled runs. Figures are the medians over the
rounds x runs samples, per category (so the categories need not add up to the median total exactly).

Categories (the node names are the exported ones, `/w8a8/` marks what scripts/quantize_w8a8.py adds):
  linear     MatMulInteger (and other integer/quantised products); MatMul/FusedMatMul/Gemm whose second
             input is 2-D (a weight)
  attention  MatMul/FusedMatMul with 4-D inputs (Q.K^T, P.V), Softmax, Transpose, everything else under
             /attention/self/ that is not a Q/K/V product, bias or quantiser (head Reshapes, the score scale
             Mul, the mask Add), and the attention-mask ops under /bert/ (Cast, Range, Unsqueeze, And, Where...)
  layernorm  LayerNormalization, SkipLayerNormalization
  gelu       Gelu, BiasGelu, FastGelu, or the unfused Div/Erf/Add/Mul under /intermediate_act_fn/
  quant      QuantizeLinear, DequantizeLinear (weights and the int8 embedding rows too),
             DynamicQuantizeLinear; and under /w8a8/: Abs, ReduceMax/ReduceMin, Max, Div, Cast, Mul (the
             SmoothQuant 1/s Mul and the column-scale Mul)
  rest       split in the detail table: bias Add, residual Add, embeddings (Gather, Add), shape plumbing
             (Shape, Reshape, Concat, Slice, ConstantOfShape, Identity, Unsqueeze...), other
"""
import argparse
import collections
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CATS = ["linear", "attention", "layernorm", "gelu", "quant", "rest"]
SHAPE_OPS = {"Shape", "Reshape", "Concat", "Slice", "ConstantOfShape", "Identity", "Unsqueeze", "Squeeze",
             "Gather", "Expand", "Flatten", "Range", "Cast", "Size"}
INT_PRODUCTS = {"MatMulInteger", "MatMulIntegerToFloat", "DynamicQuantizeMatMul", "QGemm", "QLinearMatMul",
                "MatMulNBits", "QAttention"}


def shapes(ev):
    out = []
    for d in ev.get("args", {}).get("input_type_shape", []):
        for _, dims in d.items():
            out.append(dims)
    return out


def classify(ev):
    """(category, sub-category) of one kernel event."""
    name = ev["name"][: -len("_kernel_time")]
    op = ev["args"]["op_name"]
    w8 = "/w8a8/" in name
    sh = shapes(ev)
    if op in INT_PRODUCTS:
        return "linear", op
    if op in ("MatMul", "FusedMatMul", "Gemm"):
        # Q.K^T and P.V have 4-D inputs; a product with a weight has a 2-D/3-D first input (and its prepacked
        # weight is often not listed at all)
        if sh and len(sh[0]) == 4:
            return "attention", "Q.K, P.V products"
        return "linear", "fp32 " + op
    if op == "Softmax":
        return "attention", "Softmax"
    if op == "Transpose":
        return "attention", "Transpose"
    if op in ("LayerNormalization", "SkipLayerNormalization", "SimplifiedLayerNormalization",
              "SkipSimplifiedLayerNormalization"):
        return "layernorm", op
    if op in ("Gelu", "BiasGelu", "FastGelu", "QuickGelu") or "/intermediate_act_fn/" in name:
        return "gelu", op
    if op == "DequantizeLinear" and name.startswith("/bert/embeddings/"):
        return "quant", "DequantizeLinear (embedding rows)"
    if op in ("QuantizeLinear", "DequantizeLinear", "DynamicQuantizeLinear"):
        return "quant", op
    if w8 and op in ("Abs", "ReduceMax", "ReduceMin", "Max", "Min", "Div", "Neg"):
        return "quant", "row abs-max scale (Abs, ReduceMax, Max, Div)"
    if w8 and op in ("Mul", "Cast"):
        return "quant", "scale Mul / Cast"
    if "/attention/self/" in name and not w8 and not any(
            f"/attention/self/{p}/" in name for p in ("query", "key", "value", "qkv")):
        if op in ("Add", "Mul", "Div") and sh and len(sh[0]) == 4:
            return "attention", "score scale and mask Add"
        return "attention", "mask build, head reshapes"
    if name.startswith("/bert/") and not name.startswith(("/bert/embeddings/", "/bert/encoder/")):
        return "attention", "mask build, head reshapes"  # the extended attention mask
    if op == "Add" and name.endswith("/Add") and ("/dense/" in name or any(
            f"/attention/self/{p}/" in name for p in ("query", "key", "value"))):
        return "rest", "bias Add"
    if op == "Add" and (name.endswith("/attention/output/Add") or name.endswith("/output/Add")):
        return "rest", "residual Add"
    if name.startswith("/bert/embeddings/"):
        return "rest", "embeddings (Gather, Add)"
    if op in SHAPE_OPS:
        return "rest", "shape plumbing"
    return "rest", "other: " + op


def split_runs(events):
    """Per profiled run (warm-up dropped): (wall_us, [node events])."""
    runs = sorted((e for e in events if e.get("cat") == "Session" and e.get("name") == "model_run"),
                  key=lambda e: e["ts"])
    nodes = [e for e in events if e.get("cat") == "Node" and e.get("name", "").endswith("_kernel_time")]
    out = []
    for r in runs[1:]:
        lo, hi = r["ts"], r["ts"] + r["dur"]
        out.append((r["dur"], [e for e in nodes if lo <= e["ts"] <= hi]))
    return out


def parse_lines(text):
    ev = []
    for line in text.splitlines():
        line = line.strip().rstrip(",")
        if line.startswith("{"):
            try:
                ev.append(json.loads(line))
            except json.JSONDecodeError:
                pass
    return ev


def profile_py(path, args):
    import numpy as np
    import onnxruntime as ort
    ids = np.array(json.loads(Path(args.inputs).read_text())["ids"][: args.batch], np.int64)
    so = ort.SessionOptions()
    so.intra_op_num_threads = args.threads
    so.inter_op_num_threads = 1
    so.graph_optimization_level = {"disabled": ort.GraphOptimizationLevel.ORT_DISABLE_ALL,
                                   "basic": ort.GraphOptimizationLevel.ORT_ENABLE_BASIC,
                                   "extended": ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
                                   "all": ort.GraphOptimizationLevel.ORT_ENABLE_ALL}[args.opt]
    so.enable_profiling = True
    tmp = tempfile.mkdtemp(prefix="ortprof-py-")
    so.profile_file_prefix = os.path.join(tmp, "p")
    s = ort.InferenceSession(path, so, providers=["CPUExecutionProvider"])
    feeds = {"input_ids": ids, "attention_mask": np.ones_like(ids), "token_type_ids": np.zeros_like(ids)}
    for _ in range(args.runs + 1):
        s.run(None, feeds)
    f = s.end_profiling()
    ev = json.loads(Path(f).read_text())
    os.remove(f)
    os.rmdir(tmp)
    return ev


def profile_js(backend, path, args):
    out = subprocess.run(["node", str(HERE / "ort_profile.mjs"), "--backend", backend, "--threads", str(args.threads),
                          "--batch", str(args.batch), "--runs", str(args.runs), "--opt", args.opt, "--inputs",
                          args.inputs, path], capture_output=True, text=True, check=True).stdout
    return parse_lines(out)


def host_busy():
    f = [int(x) for x in open("/proc/stat").readline().split()[1:9]]
    user, nice, system, idle, iowait, irq, softirq, steal = f
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def others_cores(sec=1.0):
    """Cores other processes keep busy while this one sleeps."""
    h0, o0 = host_busy(), time.process_time()
    time.sleep(sec)
    return (host_busy() - h0 - (time.process_time() - o0)) / sec


def wait_quiet(gate, max_wait):
    waited, busy = 0, others_cores()
    while busy > gate and waited < max_wait:
        time.sleep(2)
        waited += 3
        busy = others_cores()
    return busy, waited


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("models", nargs="+")
    ap.add_argument("--runtimes", default="py,node,wasm")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--opt", default="all", choices=["disabled", "basic", "extended", "all"])
    ap.add_argument("--inputs", default="/tmp/w8a8/speed_inputs.json")
    ap.add_argument("--json", default=None)
    ap.add_argument("--gate", type=float, default=0.5, help="wait until other processes use fewer cores than this")
    ap.add_argument("--gate-wait", type=float, default=60, help="... but at most this many seconds per cell")
    args = ap.parse_args()
    specs = [m.split("=", 1) for m in args.models]
    cells = [(rt, lab, p) for rt in args.runtimes.split(",") for lab, p in specs]
    # samples[(rt, lab)] = list of per-run dicts
    samples = collections.defaultdict(list)
    for rnd in range(args.rounds):
        k = rnd % len(cells)
        for rt, lab, p in cells[k:] + cells[:k]:
            before, waited = wait_quiet(args.gate, args.gate_wait)
            ev = profile_py(p, args) if rt == "py" else profile_js(rt, p, args)
            for wall, nodes in split_runs(ev):
                cat, sub, ops = collections.Counter(), collections.Counter(), collections.Counter()
                for e in nodes:
                    c, sc = classify(e)
                    cat[c] += e["dur"]
                    sub[f"{c}: {sc}"] += e["dur"]
                    ops[e["args"]["op_name"]] += e["dur"]
                samples[(rt, lab)].append({"wall_us": wall, "kernel_us": sum(cat.values()), "cat": dict(cat),
                                           "sub": dict(sub), "ops": dict(ops), "events": len(nodes)})
            print(f"round {rnd + 1} {rt:4s} {lab}: kernel {samples[(rt, lab)][-1]['kernel_us'] / 1000:.0f} ms "
                  f"(others {before:.2f} cores before, waited {waited} s)",
                  file=sys.stderr, flush=True)

    # a run whose trace lost events (WASM prints them on stdout) is dropped: every run of a model has the same nodes
    dropped = {}
    for key, rows in list(samples.items()):
        full = max(r["events"] for r in rows)
        samples[key] = [r for r in rows if r["events"] == full]
        dropped[key] = len(rows) - len(samples[key])

    def med(rows, f):
        return statistics.median(f(r) for r in rows) / 1000

    summary = {}
    for (rt, lab), rows in samples.items():
        summary.setdefault(rt, {})[lab] = {
            "n": len(rows),
            "wall_ms": med(rows, lambda r: r["wall_us"]),
            "kernel_ms": med(rows, lambda r: r["kernel_us"]),
            "cat_ms": {c: med(rows, lambda r: r["cat"].get(c, 0)) for c in CATS},
            "sub_ms": {c: med(rows, lambda r: r["sub"].get(c, 0)) for c in sorted({c for r in rows for c in r["sub"]})},
            "ops_ms": dict(sorted(((o, med(rows, lambda r: r["ops"].get(o, 0)))
                                   for o in {o for r in rows for o in r["ops"]}), key=lambda x: -x[1])),
            "kernel_ms_samples": [round(r["kernel_us"] / 1000, 1) for r in rows],
            "dropped_runs": dropped[(rt, lab)],
            "best_run": {k.replace("_us", "_ms"): (v if k == "events" else {c: round(x / 1000, 2) for c, x in v.items()}
                                                   if isinstance(v, dict) else round(v / 1000, 2))
                         for k, v in min(rows, key=lambda r: r["kernel_us"]).items()},
        }
    labels = [lab for lab, _ in specs]
    print(f"load average at the end: {open('/proc/loadavg').read().split()[:3]}")
    names = {"py": "native (onnxruntime Python)", "node": "native (onnxruntime-node)",
             "wasm": "WASM (onnxruntime-web, Node)"}
    for rt in args.runtimes.split(","):
        S = summary[rt]
        print(f"\n{names[rt]}, batch {args.batch} x 256, {args.threads} threads, opt {args.opt}: ms per run "
              f"(share of kernel time), median over runs; fastest run's shares in the order {' / '.join(CATS)}\n")
        print("| category | " + " | ".join(labels) + " |")
        print("| --- | " + " | ".join("---:" for _ in labels) + " |")
        for c in CATS:
            print(f"| {c} | " + " | ".join(
                f"{S[l]['cat_ms'][c]:.0f} ({100 * S[l]['cat_ms'][c] / sum(S[l]['cat_ms'].values()):.0f}%)"
                for l in labels) + " |")
        print("| **kernel total** | " + " | ".join(f"**{S[l]['kernel_ms']:.0f}**" for l in labels) + " |")
        print("| model_run wall | " + " | ".join(f"{S[l]['wall_ms']:.0f}" for l in labels) + " |")
        print("| fastest run: kernel total | " + " | ".join(f"{S[l]['best_run']['kernel_ms']:.0f}" for l in labels) + " |")
        print("| fastest run: shares | " + " | ".join(" / ".join(
            f"{100 * S[l]['best_run']['cat'].get(c, 0) / S[l]['best_run']['kernel_ms']:.0f}" for c in CATS)
            for l in labels) + " |")
        print("| runs kept (dropped) | " + " | ".join(f"{S[l]['n']} ({S[l]['dropped_runs']})" for l in labels) + " |")
        print(f"\nDetail (ms per run, median)\n")
        print("| category: part | " + " | ".join(labels) + " |")
        print("| --- | " + " | ".join("---:" for _ in labels) + " |")
        subs = sorted({c for l in labels for c in S[l]["sub_ms"]}, key=lambda c: (CATS.index(c.split(":")[0]), c))
        for c in subs:
            print(f"| {c} | " + " | ".join(f"{S[l]['sub_ms'].get(c, 0):.1f}" for l in labels) + " |")
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps({"args": vars(args), "summary": summary}, indent=1))


if __name__ == "__main__":
    main()
