#!/usr/bin/env python3
"""Parity of each model file vs sentence-transformers (51 reference vectors) and vs the shipped fp32
ONNX model (every STS-B dev sentence), STS-B dev Spearman, and batch invariance.

    /tmp/w8a8/venv/bin/python bench/w8a8/parity.py LABEL=PATH [LABEL=PATH ...] [--json OUT]

Reference texts: padded batches of 8 in file order (as scripts/convert_model.py measures).
STS-B dev: 1,500 pairs read from ../shared/data/stsb (never copied), unique sentences embedded in
length-sorted batches of 32; Spearman of cos(s1, s2) vs the gold score.
Batch invariance: 51 reference texts + the first 45 STS-B sentences, each alone (batch 1) vs in
file-order padded batches of 32; min cosine.
"""
import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common as C  # noqa: E402


def sha(p):
    return hashlib.sha256(Path(p).read_bytes()).hexdigest()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("models", nargs="+", help="LABEL=PATH")
    ap.add_argument("--json", default=None)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batch1", action="store_true",
                    help="every text alone (for per-tensor activation scales, which need it)")
    args = ap.parse_args()
    tok, ref_texts, ref_vecs, s1, s2, gold, uniq, pos, inv_texts = C.parity_inputs()

    cache = C.WORK / "cache" / f"stsb_fp32_{sha(C.FP32)[:12]}.npy"
    if cache.exists():
        fp32_sts = np.load(cache)
    else:
        fp32_sts = C.embed(C.session(C.FP32, args.threads), tok, uniq, batch=32, sort=True)
        cache.parent.mkdir(parents=True, exist_ok=True)
        np.save(cache, fp32_sts)
    fp32_sp = C.spearman((fp32_sts[[pos[t] for t in s1]] * fp32_sts[[pos[t] for t in s2]]).sum(1), gold)

    rows = []
    for spec in args.models:
        label, path = spec.split("=", 1)
        t0 = time.time()
        sess = C.session(path, args.threads)
        v = C.embed(sess, tok, ref_texts, batch=1 if args.batch1 else 8)
        rc = (v * ref_vecs).sum(1)
        sts = C.embed(sess, tok, uniq, batch=1 if args.batch1 else 32, sort=True)
        sc = (sts * fp32_sts).sum(1)
        sp = C.spearman((sts[[pos[t] for t in s1]] * sts[[pos[t] for t in s2]]).sum(1), gold)
        b1 = C.embed(sess, tok, inv_texts, batch=1)
        b32 = C.embed(sess, tok, inv_texts, batch=32)
        inv = (b1 * b32).sum(1)
        r = {
            "label": label, "path": str(path), "bytes": Path(path).stat().st_size,
            "ref_min": float(rc.min()), "ref_mean": float(rc.mean()), "ref_worst": int(rc.argmin()),
            "ref_below_099": int((rc < 0.99).sum()),
            "sts_min": float(sc.min()), "sts_mean": float(sc.mean()), "sts_below_099": int((sc < 0.99).sum()),
            "sts_n": len(uniq),
            "spearman": sp, "spearman_fp32": fp32_sp, "spearman_delta": sp - fp32_sp,
            "batch_inv_min": float(inv.min()), "seconds": round(time.time() - t0, 1),
        }
        r["gates"] = bool(r["ref_min"] >= 0.99 and r["sts_min"] >= 0.99 and abs(r["spearman_delta"]) <= 0.003
                          and r["batch_inv_min"] >= 0.9999)
        rows.append(r)
        print(f"{label:28s} ref min {r['ref_min']:.6f} mean {r['ref_mean']:.6f} | sts min {r['sts_min']:.6f} "
              f"mean {r['sts_mean']:.6f} <0.99: {r['sts_below_099']} | spearman {sp * 100:.3f} "
              f"(fp32 {fp32_sp * 100:.3f}, d {(sp - fp32_sp) * 100:+.3f}) | inv {r['batch_inv_min']:.7f} "
              f"| {'PASS' if r['gates'] else 'fail'} | {r['bytes']} B | {r['seconds']} s", flush=True)
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        old = json.loads(Path(args.json).read_text()) if Path(args.json).exists() else {}
        old.update({r["label"]: r for r in rows})
        Path(args.json).write_text(json.dumps(old, indent=1))


if __name__ == "__main__":
    main()
