#!/usr/bin/env python3
"""Throughput at 256 word pieces, 2 threads, in onnxruntime Python (CPU EP), onnxruntime-node and
onnxruntime-web (WASM) under Node.

Each runtime process opens every model, then runs `rounds` rounds; a round times each model once per
batch size (`texts` texts), the model order rotating, so that load from other processes falls on all
models alike. The three runtimes take turns (`passes` times). Reports per model and runtime the median
texts/s over all rounds, the best round, and texts per CPU-second (process CPU time, all threads).

    /tmp/w8a8/venv/bin/python bench/w8a8/speed_all.py LABEL=PATH [...] [--passes 2] [--rounds 5]
        [--batches 4,8] [--texts 16] [--runtimes py,node,wasm] [--wasm-skip L1,L2] [--json OUT]
"""
import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PY = sys.executable


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("models", nargs="+")
    ap.add_argument("--passes", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--batches", default="4,8")
    ap.add_argument("--texts", type=int, default=16)
    ap.add_argument("--runtimes", default="py,node,wasm")
    ap.add_argument("--wasm-skip", default="", help="labels not run in WASM")
    ap.add_argument("--no-spin", action="store_true")
    ap.add_argument("--json", default=None)
    ap.add_argument("--inputs", default="/tmp/w8a8/speed_inputs.json",
                    help='token ids {"ids": [[...], ...]}; rows of unequal length are padded per batch')
    args = ap.parse_args()
    batches = [int(b) for b in args.batches.split(",")]
    specs = dict(m.split("=", 1) for m in args.models)
    labels = list(specs)
    runtimes = args.runtimes.split(",")
    wall = {rt: {lab: {b: [] for b in batches} for lab in labels} for rt in runtimes}
    cpu = {rt: {lab: {b: [] for b in batches} for lab in labels} for rt in runtimes}
    spin = ["--no-spin"] if args.no_spin else []
    skip = set(filter(None, args.wasm_skip.split(",")))
    for ps in range(args.passes):
        for rt in runtimes:
            ms = [f"{l}={specs[l]}" for l in labels if not (rt == "wasm" and l in skip)]
            if rt == "py":
                tmp = Path("/tmp/w8a8/results/_py_pass.json")
                tmp.unlink(missing_ok=True)
                subprocess.run([PY, str(HERE / "speed_py.py"), *ms, "--rounds", str(args.rounds), "--texts",
                                str(args.texts), "--batches", args.batches, "--json", str(tmp), "--inputs", args.inputs, *spin],
                               check=True, capture_output=True)
                d = json.loads(tmp.read_text())
                for lab in d:
                    for b in batches:
                        wall[rt][lab][b] += d[lab][f"b{b}"]["rounds"]
                        cpu[rt][lab][b] += d[lab][f"b{b}"]["cpu_rounds"]
            else:
                out = subprocess.run(["node", str(HERE / "ort_js.mjs"), "--backend", "node" if rt == "node" else "wasm",
                                      "--threads", "2", "--inputs", args.inputs, "--batches", args.batches, "--texts", str(args.texts),
                                      "--rounds", str(args.rounds), "--rotate", str(ps), *spin, *ms],
                                     check=True, capture_output=True, text=True).stdout
                for line in out.splitlines():
                    if line.startswith("{"):
                        d = json.loads(line)
                        for b in batches:
                            wall[rt][d["label"]][b] += d["wall"][str(b)]
                            cpu[rt][d["label"]][b] += d["cpu"][str(b)]
            print(f"pass {ps + 1} {rt:4s}: " + "  ".join(
                f"{lab} " + "/".join(f"{statistics.median(wall[rt][lab][b]):.1f}" for b in batches)
                for lab in labels if wall[rt][lab][batches[0]]), flush=True)
    summary = {}
    for rt in runtimes:
        for lab in labels:
            if not wall[rt][lab][batches[0]]:
                continue
            summary.setdefault(lab, {})[rt] = {f"b{b}": {
                "median": statistics.median(wall[rt][lab][b]), "best": max(wall[rt][lab][b]),
                "n": len(wall[rt][lab][b]), "rounds": [round(x, 2) for x in wall[rt][lab][b]],
                "cpu_median": statistics.median(cpu[rt][lab][b])} for b in batches}
    print()
    for key, title in (("median", "texts/s, median of rounds (wall clock)"), ("best", "texts/s, best round"),
                       ("cpu_median", "texts per CPU-second, median")):
        print(title)
        print(f"{'model':20s}" + "".join(f" {rt + ' b' + str(b):>10s}" for rt in runtimes for b in batches))
        for lab in labels:
            print(f"{lab:20s}" + "".join(
                f" {summary[lab][rt]['b' + str(b)][key]:10.2f}" if rt in summary[lab] else f" {'-':>10s}"
                for rt in runtimes for b in batches))
        print()
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        old = json.loads(Path(args.json).read_text()) if Path(args.json).exists() else {}
        old.update({lab: {"path": specs[lab], **summary[lab]} for lab in labels})
        Path(args.json).write_text(json.dumps(old, indent=1))


if __name__ == "__main__":
    main()
