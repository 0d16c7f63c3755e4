#!/usr/bin/env bash
# Builds every variant measured in RESULTS.md into /tmp/w8a8/ (names as in the tables), then the chosen
# model /tmp/w8a8/model_w8a8.onnx. Needs the venv of scripts/requirements-w8a8.txt at /tmp/w8a8/venv.
# Tables: parity.py, parity_js.py, speed_all.py (see RESULTS.md for the exact invocations).
set -euo pipefail
cd "$(dirname "$0")/../.."
Q="/tmp/w8a8/venv/bin/python scripts/quantize_w8a8.py"
v() { local n=$1; shift; $Q --out "/tmp/w8a8/v_$n.onnx" "$@"; }
# per-token + SmoothQuant, alpha sweep (div form; parity is identical in the axis form)
for a in 0.3 0.4 0.5 0.6 0.7 0.8; do v "a0${a#0.}" --qform div --alpha "$a"; done
v a05_ffnout32 --qform div --alpha 0.5 --fp32 ffn_out
v nosmooth --qform div --smooth-mode none
v nosmooth_ffnout32 --qform div --smooth-mode none --fp32 ffn_out
v a05_so05 --qform div --alpha 0.5 --smooth-o 0.5
v a05_sf05 --qform div --alpha 0.5 --smooth-ffn-out 0.5
v a05_sf03 --qform div --alpha 0.5 --smooth-ffn-out 0.3
v a05_so05_sf05 --qform div --alpha 0.5 --smooth-o 0.5 --smooth-ffn-out 0.5
v a05_ln --qform div --alpha 0.5 --smooth-mode ln
v a05_embfp32 --qform div --alpha 0.5 --embeddings fp32
v a05_wu8 --qform div --alpha 0.5 --weights u8
v a05_as8 --qform div --alpha 0.5 --act s8
v a05_qkv --qform div --alpha 0.5 --fuse-qkv
# which products to leave in fp32 arithmetic (axis form, alpha 0.5)
v s_qkv32 --alpha 0.5 --fp32 q,k,v
v s_o32 --alpha 0.5 --fp32 o
v s_ffnin32 --alpha 0.5 --fp32 ffn_in
v s_l0ffnout32 --alpha 0.5 --fp32 0.ffn_out
v s_l5ffnout32 --alpha 0.5 --fp32 5.ffn_out
# axis form (speed variants)
v ax2_a05 --alpha 0.5
v ax2_a05_ffnout32 --alpha 0.5 --fp32 ffn_out
v ax2_a05_wu8 --alpha 0.5 --weights u8
v ax2_a05_as8 --alpha 0.5 --act s8
v ax2_a05_qkv --alpha 0.5 --fuse-qkv
v ax2_a08 --alpha 0.8
v ax2_a08_ffnout32 --alpha 0.8 --fp32 ffn_out
v a08_ffnout32 --alpha 0.8 --fp32 ffn_out
v a08_so08 --alpha 0.8 --smooth-o 0.8
v ax3k_a05 --alpha 0.5 --fold-k
v ax3_a05 --alpha 0.5 --fold-k --fold-v
v ax3k_a08 --alpha 0.8 --fold-k
v ax3kmm_a08 --alpha 0.8 --fold-k --absmax minmax
# MatMulNBits 8 bit (accuracy_level 4 = int8 compute; 0 = fp32 compute)
$Q --method nbits --block 32 --out /tmp/w8a8/v_nbits32.onnx
$Q --method nbits --block 128 --out /tmp/w8a8/v_nbits128.onnx
$Q --method nbits --block 32 --accuracy-level 0 --out /tmp/w8a8/v_nbits32_acc0.onnx
# reference: onnxruntime quantize_dynamic, QInt8 per channel (per-tensor activations)
/tmp/w8a8/venv/bin/python -c "
from onnxruntime.quantization import quantize_dynamic, QuantType
quantize_dynamic('public/models/Xenova/all-MiniLM-L6-v2/onnx/model.onnx', '/tmp/w8a8/ref_qdyn_qint8_pc.onnx',
                 weight_type=QuantType.QInt8, per_channel=True)"
# the chosen model (defaults: --qform axis --alpha 0.8, everything else default)
$Q
