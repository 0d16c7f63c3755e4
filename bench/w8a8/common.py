"""Shared helpers for the W8A8 measurements (Python + onnxruntime, CPU EP).

Embedding exactly as the app does it: tokenizer.json of the model folder (truncation 256, [SEP] kept),
padded batches, last_hidden_state mean-pooled over the attention mask, L2-normalised.
"""
import csv
import json
from pathlib import Path

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

REPO = Path(__file__).resolve().parents[2]
MODEL_DIR = REPO / "public" / "models" / "Xenova" / "all-MiniLM-L6-v2"
FP32 = MODEL_DIR / "onnx" / "model.onnx"
INT8_WO = MODEL_DIR / "onnx" / "model_quantized.onnx"
REFERENCE = REPO / "bench" / "reference" / "reference_vectors.json"
STSB_DEV = REPO.parent / "shared" / "data" / "stsb" / "stsb-en-dev.csv"  # read in place, never copied
WORK = Path("/tmp/w8a8")
MAX_LEN = 256


def tokenizer():
    tok = Tokenizer.from_file(str(MODEL_DIR / "tokenizer.json"))
    tok.enable_truncation(MAX_LEN)
    tok.no_padding()
    return tok


def session(path, threads=2, opt_level=None, spin=True):
    so = ort.SessionOptions()
    if not spin:  # idle pool threads sleep instead of spinning: CPU time then measures work, not waiting
        so.add_session_config_entry("session.intra_op.allow_spinning", "0")
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = 1
    if opt_level is not None:
        so.graph_optimization_level = opt_level
    return ort.InferenceSession(str(path), so, providers=["CPUExecutionProvider"])


def pad(encs):
    L = max(len(e.ids) for e in encs)
    ids = np.zeros((len(encs), L), np.int64)
    mask = np.zeros_like(ids)
    for r, e in enumerate(encs):
        ids[r, :len(e.ids)] = e.ids
        mask[r, :len(e.ids)] = 1
    return {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}


def pool(h, mask):
    m = mask[..., None].astype(np.float32)
    v = (h * m).sum(1) / np.maximum(m.sum(1), 1e-9)
    return v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-12)


def embed(sess, tok, texts, batch=8, sort=False):
    """Vectors in input order. sort=True batches by token length (fewer pads, faster)."""
    encs = tok.encode_batch(list(texts))
    order = sorted(range(len(encs)), key=lambda i: len(encs[i].ids)) if sort else list(range(len(encs)))
    out = np.zeros((len(encs), 384), np.float32)
    for s in range(0, len(order), batch):
        idx = order[s:s + batch]
        feeds = pad([encs[i] for i in idx])
        h = sess.run(["last_hidden_state"], feeds)[0]
        out[idx] = pool(h, feeds["attention_mask"])
    return out


def reference():
    d = json.loads(REFERENCE.read_text(encoding="utf-8"))
    return [it["text"] for it in d["items"]], np.array([it["embedding"] for it in d["items"]], np.float32)


def stsb():
    with open(STSB_DEV, newline="", encoding="utf-8") as f:
        rows = [r for r in csv.reader(f) if r]
    return [r[0] for r in rows], [r[1] for r in rows], np.array([float(r[2]) for r in rows])


def rankdata(x):
    x = np.asarray(x, np.float64)
    order = np.argsort(x, kind="mergesort")
    ranks = np.empty(len(x), np.float64)
    xs = x[order]
    i = 0
    while i < len(x):
        j = i
        while j + 1 < len(x) and xs[j + 1] == xs[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2.0 + 1
        i = j + 1
    return ranks


def spearman(a, b):
    ra, rb = rankdata(a), rankdata(b)
    ra -= ra.mean()
    rb -= rb.mean()
    return float((ra * rb).sum() / np.sqrt((ra * ra).sum() * (rb * rb).sum()))


def parity_inputs():
    """The tokenizer and what parity is measured on: the reference texts and vectors, STS-B dev pairs, its
    distinct sentences with their positions, and the texts of the batch-invariance check."""
    tok = tokenizer()
    ref_texts, ref_vecs = reference()
    s1, s2, gold = stsb()
    uniq = sorted(set(s1) | set(s2))
    pos = {t: i for i, t in enumerate(uniq)}
    return tok, ref_texts, ref_vecs, s1, s2, gold, uniq, pos, ref_texts + s1[:45]
