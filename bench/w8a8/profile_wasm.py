#!/usr/bin/env python3
"""Per-op-type kernel time in onnxruntime-web WASM (2 threads, Node), batch 8 x 256; skips the warm-up run.

    python3 bench/w8a8/profile_wasm.py MODEL.onnx [...]
"""
import collections
import json
import re
import subprocess
import sys
from pathlib import Path

here = Path(__file__).resolve().parent
for model in sys.argv[1:]:
    out = subprocess.run(["node", str(here / "profile_wasm.mjs"), model], capture_output=True, text=True,
                         check=True).stdout
    ev = []
    for line in out.splitlines():
        line = line.strip().rstrip(",")
        if line.startswith("{"):
            try:
                ev.append(json.loads(line))
            except json.JSONDecodeError:
                pass
    nodes = [e for e in ev if e.get("cat") == "Node" and e["name"].endswith("_kernel_time")]
    per_run = len(nodes) // 4
    tot, cnt = collections.Counter(), collections.Counter()
    for e in nodes[per_run:]:
        tot[e["args"]["op_name"]] += e["dur"]
        cnt[e["args"]["op_name"]] += 1
    all_us = sum(tot.values())
    print(f"{model}: {all_us / 3 / 1000:.1f} ms kernel time per batch of 8 x 256 (WASM, 2 threads)")
    for op, us in tot.most_common(14):
        print(f"  {op:22s} {us / 3 / 1000:8.2f} ms {100 * us / all_us:5.1f}%  x{cnt[op] // 3}")
