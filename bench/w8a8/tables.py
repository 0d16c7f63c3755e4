#!/usr/bin/env python3
"""Markdown tables for RESULTS.md from the JSON that parity.py, parity_js.py and speed_all.py write.

    python3 bench/w8a8/tables.py [--parity /tmp/w8a8/results/parity.json] [--speed /tmp/w8a8/results/speed_main.json]
        [--js /tmp/w8a8/results/parity_js.json]
"""
import argparse
import json
from pathlib import Path


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--parity", default="/tmp/w8a8/results/parity.json")
    ap.add_argument("--speed", default="/tmp/w8a8/results/speed_main.json")
    ap.add_argument("--js", default="/tmp/w8a8/results/parity_js.json")
    ap.add_argument("--labels", default=None, help="comma-separated subset/order for the parity table")
    args = ap.parse_args()
    if Path(args.parity).exists():
        d = json.loads(Path(args.parity).read_text())
        labels = args.labels.split(",") if args.labels else list(d)
        print("| variant | ref min | ref mean | STS-B min | STS-B mean | STS-B < 0.99 | Spearman x100 | d vs fp32 | batch inv. min | gates | bytes |")
        print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
        for k in labels:
            r = d[k]
            print(f"| {k} | {r['ref_min']:.6f} | {r['ref_mean']:.6f} | {r['sts_min']:.6f} | {r['sts_mean']:.6f} | "
                  f"{r['sts_below_099']} | {r['spearman'] * 100:.3f} | {r['spearman_delta'] * 100:+.3f} | "
                  f"{r['batch_inv_min']:.7f} | {'pass' if r['gates'] else 'FAIL'} | {r['bytes']} |")
        print()
    if Path(args.js).exists():
        d = json.loads(Path(args.js).read_text())
        print("| variant @ runtime | ref min | ref mean | STS-B min (vs Python fp32) | STS-B mean | Spearman x100 | batch inv. min | gates |")
        print("| --- | --- | --- | --- | --- | --- | --- | --- |")
        for k, r in d.items():
            print(f"| {k} | {r['ref_min']:.6f} | {r['ref_mean']:.6f} | {r['sts_min']:.6f} | {r['sts_mean']:.6f} | "
                  f"{r['spearman'] * 100:.3f} | {r['batch_inv_min']:.7f} | {'pass' if r['gates'] else 'FAIL'} |")
        print()
    if Path(args.speed).exists():
        d = json.loads(Path(args.speed).read_text())
        rts = ["py", "node", "wasm"]
        fp = d.get("fp32", {})
        print("| variant | " + " | ".join(f"{rt} b{b}" for rt in rts for b in (4, 8)) + " | " +
              " | ".join(f"{rt} b8 / fp32 {rt}" for rt in rts) + " | wasm b8 / py fp32 b8 |")
        print("| --- " * (1 + 6 + 3 + 1) + "|")
        for k, r in d.items():
            cells = []
            for rt in rts:
                for b in (4, 8):
                    x = r.get(rt, {}).get(f"b{b}")
                    cells.append(f"{x['median']:.1f}" if x else "-")
            for rt in rts:
                x, f = r.get(rt, {}).get("b8"), fp.get(rt, {}).get("b8")
                cells.append(f"{x['median'] / f['median']:.2f}x" if x and f else "-")
            x, f = r.get("wasm", {}).get("b8"), fp.get("py", {}).get("b8")
            cells.append(f"{x['median'] / f['median']:.2f}x" if x and f else "-")
            print(f"| {k} | " + " | ".join(cells) + " |")
        print()
        print("texts per CPU-second (median; process CPU time, all threads):")
        print("| variant | " + " | ".join(f"{rt} b{b}" for rt in rts for b in (4, 8)) + " |")
        print("| --- " * 7 + "|")
        for k, r in d.items():
            cells = [f"{r[rt][f'b{b}']['cpu_median']:.1f}" if rt in r else "-" for rt in rts for b in (4, 8)]
            print(f"| {k} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
