#!/usr/bin/env bash
# docs/RECIPES.md: vocvision's default recipes against plain PyTorch scripts (compare.py) on the built-in
# data set, same images, same held-out ids, same budget, seeds 1 2 3. Prints a markdown table.
#
#   bench/recipes/compare.sh [classifier|segmenter|both] [OUT_DIR]
#
# Each side gets one intra-op thread: on a shared 2-core machine, 2 OpenMP threads per process made
# epochs 10x slower whenever another process held a core (the learning numbers do not depend on it).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
which="${1:-both}"
out="${2:-/tmp/vocvision-recipes}"
seeds="${SEEDS:-1 2 3}"
export OMP_NUM_THREADS=1
python=/usr/bin/python3 # has torch + torchvision + scikit-learn
mkdir -p "$out"
[[ -d "$out/data" ]] || "$here/vocvision" synth --out "$out/data" --train 240 --test 0 --seed 2009 >/dev/null

value() { # value FILE KEY: a number from a one-line JSON object or from metrics.json
  grep -o "\"$2\" *: *[0-9.]*" "$1" | tail -1 | sed 's/.*: *//'
}

case_row() { # case_row NAME TASK METRIC VOCVISION_ARGS... -- PYTORCH_ARGS...
  local name="$1" task="$2" metric="$3"
  shift 3
  local vv=() pt=()
  while [[ "$1" != "--" ]]; do vv+=("$1"); shift; done
  shift
  pt=("$@")
  local vs=() ps=()
  for seed in $seeds; do
    local run="$out/$name-vv-$seed"
    [[ -f "$run/metrics.json" ]] || "$here/vocvision" train "$task" --data "$out/data" --run "$run" --force \
        --seed "$seed" --threads 1 "${vv[@]}" >"$run.log" 2>&1
    local py="$out/$name-pt-$seed.json"
    [[ -s "$py" ]] || "$python" "$here/bench/recipes/compare.py" "$task" --data "$out/data" \
        --split-from "$run/config.json" --seed "$seed" --threads 1 "${pt[@]}" >"$out/$name-pt-$seed.log" 2>&1
    tail -1 "$out/$name-pt-$seed.log" >"$py"
    vs+=("$(value "$run/metrics.json" "val_$metric")")
    ps+=("$(value "$py" "val_$metric")")
  done
  "$python" - "$name" "$metric" "${vs[*]}" "${ps[*]}" <<'EOF'
import sys
name, metric, v, p = sys.argv[1], sys.argv[2], [float(x) for x in sys.argv[3].split()], [float(x) for x in sys.argv[4].split()]
mv, mp = sum(v) / len(v), sum(p) / len(p)
print(f"| {name} | val {metric} | {' / '.join(f'{x:.3f}' for x in v)} | {mv:.3f} | "
      f"{' / '.join(f'{x:.3f}' for x in p)} | {mp:.3f} | {mv / mp:.2f}x |")
EOF
}

echo "| case | metric | vocvision (seeds $seeds) | mean | PyTorch script | mean | vocvision / PyTorch |"
echo "|---|---|---|---|---|---|---|"
if [[ "$which" != segmenter ]]; then
  case_row alexnet-scratch classifier map --model alexnet --image-size 96 --epochs 15 \
      -- --model alexnet --size 96 --epochs 15 --lr 1e-4 --batch 16
fi
if [[ "$which" != classifier ]]; then
  case_row deeplabv3plus-scratch segmenter miou --crop 96 --epochs 15 \
      -- --size 96 --epochs 15 --lr 1e-3 --batch 8
fi
