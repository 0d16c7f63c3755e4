#!/usr/bin/env bash
# Every measurement of RESULTS.md "Per-operator profile" and "Other levers" (issue 12 items 1 and 5), one after
# the other. Each round waits (up to 60 s) until other processes keep under 0.5 of the 2 cores busy and records
# how busy they were. Raw rounds in bench/w8a8/results/levers_*.json, tables in levers_*.md.
#   bash bench/w8a8/run_levers.sh [step ...]     steps: profile workers opts_wasm opts_node levels_wasm
#                                                levels_node sustained_node sustained_wasm batch_fixed batch_spread
#                                                batch_real batch_rerun tokenize
#                                                (default: all but batch_rerun, which repeats spread and windows_v2
#                                                with 9 rounds)
set -euo pipefail
cd "$(dirname "$0")/../.."
R=bench/w8a8/results
W8=/tmp/w8a8/model_w8a8.onnx
FP32=public/models/Xenova/all-MiniLM-L6-v2/onnx/model.onnx
WO=/tmp/w8a8/int8wo.onnx   # the shipped weight-only int8: git show HEAD:public/models/Xenova/all-MiniLM-L6-v2/onnx/model_quantized.onnx
L="node bench/w8a8/levers.mjs"
OPTS=base,noqdq,qdqcleanup,noprepack,daz,block4,nospin
LEVELS=opt_all,opt_disabled,opt_basic,opt_extended,opt_layout
steps=("$@")
[ ${#steps[@]} -eq 0 ] && steps=(workers opts_wasm opts_node levels_wasm levels_node sustained_node sustained_wasm batch_fixed batch_spread batch_real tokenize profile)
[ -f /tmp/w8a8/batching_scenarios.json ] || {
  [ -f /tmp/w8a8/tokcost_inputs.json ] || node_modules/.bin/tsx bench/w8a8/tokenize_cost.ts --dump /tmp/w8a8/tokcost_inputs.json --dump-only
  python3 bench/w8a8/batching_scenarios.py > /tmp/w8a8/batching_scenarios.json
}
for s in "${steps[@]}"; do
  case $s in profile) out=profile_by_category ;; tokenize) out=tokenize_cost ;; *) out=levers_$s ;; esac
  echo "== $s  $(date -u +%H:%M:%S)  load: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a $R/levers.log
  case $s in
    profile)      /tmp/w8a8/venv/bin/python bench/w8a8/profile_by_category.py fp32=$FP32 w8a8=$W8 int8wo=$WO --rounds 5 --runs 3 \
                    --json $R/profile_by_category.json ;;
    workers)      $L workers --models w8a8=$W8,fp32=$FP32 --texts 16 --batch 8 --rounds 9 --json $R/levers_workers.json ;;
    opts_wasm)    $L options --backend wasm --models w8a8=$W8,int8wo=$WO --variants $OPTS --texts 16 --rounds 9 --json $R/levers_opts_wasm.json ;;
    opts_node)    $L options --backend node --models w8a8=$W8,int8wo=$WO --variants $OPTS --texts 16 --rounds 9 --json $R/levers_opts_node.json ;;
    levels_wasm)  $L options --backend wasm --models w8a8=$W8,fp32=$FP32 --variants $LEVELS --texts 8 --rounds 7 --json $R/levers_levels_wasm.json ;;
    levels_node)  $L options --backend node --models w8a8=$W8,fp32=$FP32 --variants $LEVELS --texts 16 --rounds 9 --json $R/levers_levels_node.json ;;
    sustained_node) $L sustained --backend node --models w8a8=$W8,fp32=$FP32 --variants base,nospin,t1 --secs 10 --idle 5 --rounds 5 --json $R/levers_sustained_node.json ;;
    sustained_wasm) $L sustained --backend wasm --models w8a8=$W8 --variants base,nospin --secs 10 --idle 5 --rounds 5 --json $R/levers_sustained_wasm.json ;;
    batch_fixed)  $L batching --models w8a8=$W8 --scenarios /tmp/w8a8/batching_scenarios.json --only fixed256,fixed20 --rounds 5 --json $R/levers_batch_fixed.json ;;
    batch_spread) $L batching --models w8a8=$W8 --scenarios /tmp/w8a8/batching_scenarios.json --only spread --rounds 5 --json $R/levers_batch_spread.json ;;
    batch_rerun)  $L batching --models w8a8=$W8 --scenarios /tmp/w8a8/batching_scenarios.json --only spread,windows_v2 --rounds 9 --json $R/levers_batch_rerun.json ;;
    batch_real)   $L batching --models w8a8=$W8 --scenarios /tmp/w8a8/batching_scenarios.json --only bench_v1,windows_v2,requirements --rounds 5 --json $R/levers_batch_real.json ;;
    tokenize)     node_modules/.bin/tsx bench/w8a8/tokenize_cost.ts --texts 1200 --rounds 5 --json $R/tokenize_cost.json ;;
    *) echo "unknown step $s"; exit 1 ;;
  esac > $R/$out.md 2> $R/$out.log
  echo "   done $(date -u +%H:%M:%S)  load: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a $R/levers.log
done
