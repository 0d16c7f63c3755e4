#!/usr/bin/env python3
"""Experiment: SmoothQuant smoothing + onnxruntime's own dynamic quantisation (one activation scale per
tensor, fused kernels), run at batch 1 so that the per-tensor scale is one text's own.

    /tmp/w8a8/venv/bin/python bench/w8a8/smooth_qdyn.py --alpha 0.8 --out /tmp/w8a8/v_sqdyn_a08.onnx
"""
import argparse
import sys
from pathlib import Path

import numpy as np
import onnx
from onnx import helper, numpy_helper

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "scripts"))
import quantize_w8a8 as Q  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--alpha", type=float, default=0.8)
    ap.add_argument("--out", required=True)
    ap.add_argument("--fp32", default="", help="products left out of quantisation")
    ap.add_argument("--per-channel", type=int, default=1)
    ap.add_argument("--smooth-ffn-out", type=float, default=None)
    args = ap.parse_args()
    src = Q.SRC
    m = onnx.load(str(src))
    g = m.graph
    nodes = Q.product_nodes(m)
    amax = Q.calibrate(src, Q.calibration_texts(), Path("/tmp/w8a8/cache"))
    inits = {i.name: i for i in g.initializer}
    keep = Q.products_kept_fp32(args.fp32)

    def arr(n):
        return numpy_helper.to_array(inits[n])

    def setw(n, a):
        inits[n].CopyFrom(numpy_helper.from_array(a.astype(np.float32), n))

    new_nodes = []
    for L in range(Q.N_LAYERS):
        groups = [(("q", "k", "v"), args.alpha), (("ffn_in",), args.alpha)]
        if args.smooth_ffn_out is not None:
            groups.append((("ffn_out",), args.smooth_ffn_out))
        for group, alpha in groups:
            x = nodes[(L, group[0])].input[0]
            xs = np.maximum(amax[x].astype(np.float64), 1e-5)
            ws = np.max([np.abs(arr(nodes[(L, p)].input[1])).max(1) for p in group], axis=0).astype(np.float64)
            s = np.clip(xs ** alpha / np.maximum(ws, 1e-5) ** (1 - alpha), 1e-4, 1e4)
            name = f"smooth_{L}_{group[0]}"
            g.initializer.append(numpy_helper.from_array((1.0 / s).astype(np.float32), name + "_inv"))
            new_nodes.append((x, helper.make_node("Mul", [x, name + "_inv"], [name + "_out"], name=name)))
            for p in group:
                n = nodes[(L, p)]
                setw(n.input[1], arr(n.input[1]) * s[:, None])
                n.input[0] = name + "_out"
    by_out = {o: i for i, n in enumerate(g.node) for o in n.output}
    for x, mul in sorted(new_nodes, key=lambda t: -by_out[t[0]]):
        g.node.insert(by_out[x] + 1, mul)
    tmp = Path(args.out).with_suffix(".smoothed.onnx")
    onnx.save(m, str(tmp))
    from onnxruntime.quantization import QuantType, quantize_dynamic

    names = [n.name for k, n in nodes.items() if k not in keep]
    quantize_dynamic(str(tmp), args.out, weight_type=QuantType.QInt8, per_channel=bool(args.per_channel),
                     op_types_to_quantize=["MatMul", "Gather"], nodes_to_quantize=names + [
                         n.name for n in g.node if n.op_type == "Gather" and n.input[0] in inits])
    tmp.unlink()
    print("wrote", args.out)


if __name__ == "__main__":
    main()
