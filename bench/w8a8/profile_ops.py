#!/usr/bin/env python3
"""Per-op-type time share (onnxruntime profiler, CPU EP, 2 threads) at batch 8 x 256 word pieces.

    /tmp/w8a8/venv/bin/python bench/w8a8/profile_ops.py PATH [--runs 5]
"""
import argparse
import collections
import json
import os
import sys
from pathlib import Path

import numpy as np
import onnxruntime as ort

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common as C  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("path")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--batch", type=int, default=8)
    args = ap.parse_args()
    ids = np.array(json.loads((C.WORK / "speed_inputs.json").read_text())["ids"], np.int64)[:args.batch]
    so = ort.SessionOptions()
    so.intra_op_num_threads = 2
    so.enable_profiling = True
    so.profile_file_prefix = str(C.WORK / "prof")
    s = ort.InferenceSession(args.path, so, providers=["CPUExecutionProvider"])
    feeds = {"input_ids": ids, "attention_mask": np.ones_like(ids), "token_type_ids": np.zeros_like(ids)}
    s.run(None, feeds)
    for _ in range(args.runs):
        s.run(None, feeds)
    prof = s.end_profiling()
    ev = json.loads(Path(prof).read_text())
    os.remove(prof)
    tot = collections.Counter()
    cnt = collections.Counter()
    for e in ev:
        if e.get("cat") == "Node" and e["name"].endswith("_kernel_time"):
            op = e["args"]["op_name"]
            tot[op] += e["dur"]
            cnt[op] += 1
    all_us = sum(tot.values())
    runs = args.runs + 1
    print(f"{args.path}: {all_us / runs / 1000:.1f} ms per batch of {args.batch} (kernel time)")
    for op, us in tot.most_common():
        print(f"  {op:24s} {us / runs / 1000:8.2f} ms  {100 * us / all_us:5.1f}%  x{cnt[op] // runs}")


if __name__ == "__main__":
    main()
