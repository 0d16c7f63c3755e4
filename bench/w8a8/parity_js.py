#!/usr/bin/env python3
"""Parity of model files in onnxruntime-node and onnxruntime-web (WASM, 2 threads) under Node: the same
measurements as parity.py (token ids made here with `tokenizers`, so only the runtime differs).

    /tmp/w8a8/venv/bin/python bench/w8a8/parity_js.py LABEL=PATH [...] [--backends node,wasm] [--json OUT]
"""
import argparse
import json
import subprocess
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common as C  # noqa: E402
import parity  # noqa: E402

HERE = Path(__file__).resolve().parent


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("models", nargs="+")
    ap.add_argument("--backends", default="node,wasm")
    ap.add_argument("--json", default=None)
    ap.add_argument("--skip-sts", action="store_true", help="reference texts and batch invariance only")
    args = ap.parse_args()
    tok, ref_texts, ref_vecs, s1, s2, gold, uniq, pos, inv_texts = C.parity_inputs()
    fp32_sts = np.load(C.WORK / "cache" / f"stsb_fp32_{parity.sha(C.FP32)[:12]}.npy")  # made by parity.py
    fp32_sp = C.spearman((fp32_sts[[pos[t] for t in s1]] * fp32_sts[[pos[t] for t in s2]]).sum(1), gold)

    def ids(texts):
        return [e.ids for e in tok.encode_batch(texts)]

    r_ids, u_ids, i_ids = ids(ref_texts), ids(uniq), ids(inv_texts)
    order = sorted(range(len(u_ids)), key=lambda i: len(u_ids[i]))
    sets = {
        "ref": [r_ids[s:s + 8] for s in range(0, len(r_ids), 8)],
        "sts": [] if args.skip_sts else [[u_ids[i] for i in order[s:s + 32]] for s in range(0, len(order), 32)],
        "inv1": [[x] for x in i_ids],
        "inv32": [i_ids[s:s + 32] for s in range(0, len(i_ids), 32)],
    }
    batches, spans, n = [], {}, 0
    for k, bs in sets.items():
        m = sum(len(b) for b in bs)
        spans[k] = (n, n + m)
        n += m
        batches += bs
    inp = C.WORK / "parity_inputs.json"
    inp.write_text(json.dumps({"batches": batches}))
    rows = {}
    for be in args.backends.split(","):
        out = C.WORK / f"parity_js_{be}.json"
        subprocess.run(["node", str(HERE / "ort_js.mjs"), "--backend", be, "--threads", "2", "--embed", str(inp),
                        "--out", str(out), *args.models], check=True)
        vecs = json.loads(out.read_text())
        for spec in args.models:
            label = spec.split("=", 1)[0]
            v = np.array(vecs[label], np.float32)
            get = lambda k: v[spans[k][0]:spans[k][1]]
            rc = (get("ref") * ref_vecs).sum(1)
            sts = fp32_sts.copy()
            if not args.skip_sts:
                sts[order] = get("sts")
            sc = (sts * fp32_sts).sum(1)
            sp = C.spearman((sts[[pos[t] for t in s1]] * sts[[pos[t] for t in s2]]).sum(1), gold)
            inv = (get("inv1") * get("inv32")).sum(1)
            r = {"label": label, "backend": be, "ref_min": float(rc.min()), "ref_mean": float(rc.mean()),
                 "sts_min": float(sc.min()), "sts_mean": float(sc.mean()), "sts_below_099": int((sc < 0.99).sum()),
                 "spearman": sp, "spearman_fp32_py": fp32_sp, "spearman_delta": sp - fp32_sp,
                 "batch_inv_min": float(inv.min())}
            r["gates"] = bool(r["ref_min"] >= 0.99 and r["sts_min"] >= 0.99 and abs(r["spearman_delta"]) <= 0.003
                              and r["batch_inv_min"] >= 0.9999)
            rows[f"{label}@{be}"] = r
            print(f"{label:20s} {be:5s} ref min {r['ref_min']:.6f} mean {r['ref_mean']:.6f} | sts(vs py fp32) min "
                  f"{r['sts_min']:.6f} mean {r['sts_mean']:.6f} | spearman {sp * 100:.3f} (py fp32 {fp32_sp * 100:.3f}) "
                  f"| inv {r['batch_inv_min']:.7f} | {'PASS' if r['gates'] else 'fail'}", flush=True)
    if args.json:
        old = json.loads(Path(args.json).read_text()) if Path(args.json).exists() else {}
        old.update(rows)
        Path(args.json).write_text(json.dumps(old, indent=1))


if __name__ == "__main__":
    main()
