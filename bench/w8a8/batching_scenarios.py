#!/usr/bin/env python3
"""Token-id sets for the batching simulation (levers.mjs batching): what it costs in WASM to run only texts of
exactly the same token length together.

    python3 bench/w8a8/batching_scenarios.py > /tmp/w8a8/batching_scenarios.json

Needs /tmp/w8a8/speed_inputs.json (speed_py.py --dump-inputs), /tmp/w8a8/jobs_inputs.json (the bench's
benchTexts(300), tokenised, see RESULTS.md) and /tmp/w8a8/tokcost_inputs.json (tokenize_cost.ts --dump).

  fixed256     16 texts of exactly 256 word pieces
  fixed20      32 texts of exactly 20 word pieces (the first 19 ids of the long texts + [SEP])
  spread       64 texts, lengths spread evenly over 180..256 (cut from the long texts, [SEP] put back)
  bench_v1     the bench's first 64 job texts read up to 256 (recipe v1; 19 of them at 256)
  windows_v2   the windows (recipe v2, <= 256 word pieces, cut at sentences) of 16 postings of realistic
               length (tokenize_cost.ts texts, median 752 word pieces)
  requirements every distinct requirement of public/sample_jobs.json (355, median 5 word pieces), as the app
               embeds them after the postings
"""
import json
import sys
from pathlib import Path

SEP = 102
REPO = Path(__file__).resolve().parents[2]
W = Path("/tmp/w8a8")


def cut(row, n):
    return row[: n - 1] + [SEP]


def main():
    long = json.loads((W / "speed_inputs.json").read_text())["ids"]
    out = {}
    out["fixed256"] = {"ids": long[:16]}
    out["fixed20"] = {"ids": [cut(long[i % len(long)], 20) for i in range(32)]}
    out["spread"] = {"ids": [cut(long[i % len(long)], 180 + round(i * 76 / 63)) for i in range(64)]}
    bench = json.loads((W / "jobs_inputs.json").read_text())["ids"][:64]
    out["bench_v1"] = {"ids": bench}
    tc = json.loads((W / "tokcost_inputs.json").read_text())
    out["windows_v2"] = {"ids": [r for job in tc["v2windowsPerJob"][:16] for r in job]}
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from tokenizers import Tokenizer
    tok = Tokenizer.from_file(str(REPO / "public/models/Xenova/all-MiniLM-L6-v2/tokenizer.json"))
    jobs = json.loads((REPO / "public/sample_jobs.json").read_text())
    reqs = sorted({r for j in jobs for r in j["raw"]["requirements"]})
    out["requirements"] = {"ids": [e.ids for e in tok.encode_batch(reqs)]}
    for k, v in out.items():
        lens = sorted(len(r) for r in v["ids"])
        print(f"{k}: {len(lens)} texts, lengths {lens[0]}..{lens[-1]}, median {lens[len(lens) // 2]}, "
              f"{len(set(lens))} distinct", file=sys.stderr)
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
